"""Checking an inspection file for damage, and repairing a damaged one into a new file."""
