"""Automatic backups of inspection files and restoring them."""
