"""The automatic backups of the open inspection: made when it is opened and while it changes.

The window's backup timer calls :func:`back_up_if_changed` on a worker; the
backup is verified, and old backups are rotated away with the keep-counts the
person chose (see :func:`storage.backups.automatic.rotate`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from storage.backups.automatic import changed_since_last_backup, create_backup, rotate

log = logging.getLogger(__name__)


def back_up_if_changed(path: Path, reason: str, *, keep_recent: int, keep_days: int) -> Path | None:
    """Back the inspection at ``path`` up when it changed since its newest backup, then
    rotate the backups; the new backup's path, or ``None`` when nothing had changed.

    Raises :class:`~storage.backups.errors.BackupError` (the file itself unchanged)
    when the backup cannot be made.
    """
    path = Path(path)
    if not changed_since_last_backup(path):
        return None
    made = create_backup(path, reason)  # logs the backup made
    rotate(keep_recent, keep_days)
    return made
