"""The use cases: one function per job a person starts, called alike by the window and by
the command line, which only present what it returns.

This package is storage's public face: the window imports storage through the names
below (and the few types they take and return), never through storage's inner folders.
"""

from storage.operations.progress import SILENT, Cancelled, JobProgress

__all__ = ["SILENT", "Cancelled", "JobProgress"]

# -- opening, creating, restoring and checking files -----------------------------

# -- importing and exporting -------------------------------------------------------

# -- fieldwork copies, merging and conflicts -------------------------------------
