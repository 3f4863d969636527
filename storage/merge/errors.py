"""Why a merge (or a fieldwork copy) was refused, each with a message a user can act on.

Every refusal happens before anything is written, so both files stay as they were.
"""

from __future__ import annotations

from storage.file.errors import StorageError


class MergeRefusedError(StorageError):
    """The source cannot be merged into the target."""


class DifferentInspectionError(MergeRefusedError):
    """The source is a copy of another inspection."""


class DifferentFrameworkError(MergeRefusedError):
    """The source uses another framework, or another version of it."""


class SameCopyError(MergeRefusedError):
    """The source is the target itself, or a plain file copy of it."""


class SchemaMismatchError(MergeRefusedError):
    """The two files were written by versions of the app with different schemas."""


class PlanOutdatedError(StorageError):
    """A file changed between the preview of a merge and the merge itself."""


class ConflictError(StorageError):
    """A conflict cannot be found or resolved as asked."""


class FieldworkCopyError(StorageError):
    """A fieldwork copy cannot be made as asked."""
