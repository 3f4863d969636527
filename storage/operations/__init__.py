"""The use cases: one function per job a person starts, called alike by the window and by
the command line, which only present what it returns.

This package is storage's public face: the window imports storage through the names
below (and the few types they take and return), never through storage's inner folders.
Each name is re-exported with ``import X as X`` so the list needs no ``__all__``.
"""

from storage.operations.progress import SILENT as SILENT
from storage.operations.progress import Cancelled as Cancelled
from storage.operations.progress import JobProgress as JobProgress

# -- opening, creating, restoring and checking files -----------------------------

# -- importing and exporting -------------------------------------------------------

# -- fieldwork copies, merging and conflicts -------------------------------------
