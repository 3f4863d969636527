"""Frameworks: the built-in and installed ones, and framework workbooks read and written."""
