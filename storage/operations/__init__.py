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
# isort: split
from storage.file.errors import StorageError as StorageError
from storage.merge.errors import ConflictError as ConflictError
from storage.merge.errors import FieldworkCopyError as FieldworkCopyError
from storage.merge.errors import MergeRefusedError as MergeRefusedError
from storage.merge.errors import PlanOutdatedError as PlanOutdatedError
from storage.operations.conflicts import list_merge_conflicts as list_merge_conflicts
from storage.operations.conflicts import resolve_merge_conflict as resolve_merge_conflict
from storage.operations.fieldwork import FieldworkCopyMade as FieldworkCopyMade
from storage.operations.fieldwork import make_fieldwork_copy as make_fieldwork_copy
from storage.operations.merging import MergeOutcome as MergeOutcome
from storage.operations.merging import MergePreview as MergePreview
from storage.operations.merging import merge_planned as merge_planned
from storage.operations.merging import preview_merge as preview_merge
from storage.operations.team import TeamListing as TeamListing
from storage.operations.team import read_team as read_team
