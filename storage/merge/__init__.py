"""Merging copies of an inspection, fieldwork copies, and the checks a copy from elsewhere
passes first."""
