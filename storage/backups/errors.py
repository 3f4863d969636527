"""Why a backup could not be made, or a backup cannot be restored."""

from __future__ import annotations

from storage.file.errors import StorageError


class BackupError(StorageError):
    """A backup could not be made or did not verify, or is not one that can be restored."""
