"""Repositories: the records of an open inspection, read and written as models/ objects."""
