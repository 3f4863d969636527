"""Merging copies of an inspection: the rules, the outcome and its wording."""
