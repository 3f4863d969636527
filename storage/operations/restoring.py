"""Restoring a backup into a new file, and the backups a person can choose from.

The window's File ▸ Restore from backup… (and the restore it offers for a
damaged file) and the ``backups --restore`` command call
:func:`restore_from_backup`: the restore is refused before anything is done
when it cannot be made, the open file is backed up first (unless it is damaged:
then it is left exactly as it is), and the backup is copied into the new file
with progress and Cancel (a cancelled restore leaves no new file).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from storage.backups.automatic import BEFORE_RESTORE, Backup, create_backup
from storage.backups.restore import check_restore, is_sound, restore_into
from storage.file.inspection_file import InspectionFile
from storage.operations.progress import SILENT, JobProgress

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreOutcome:
    """The restored file, and the backup of the open file made first (if one was made)."""

    restored: Path
    backup_made: Path | None


def restore_from_backup(
    backup: Path | Backup,
    new_path: Path,
    *,
    current: Path | InspectionFile | None = None,
    progress: JobProgress = SILENT,
) -> RestoreOutcome:
    """Restore ``backup`` into the new file ``new_path``; ``current`` (the file open now,
    if any) is backed up first when it is sound.

    Raises storage's errors (the new file exists, the backup is damaged…) before
    anything is changed, and :class:`~storage.operations.progress.Cancelled` when
    stopped, with no new file left behind.
    """
    new_path = Path(new_path)
    source = check_restore(backup, new_path)
    log.info("restoring %s into %s", source.name, new_path.name)
    backup_made = None
    if current is not None:
        where = current.path if isinstance(current, InspectionFile) else Path(current)
        if is_sound(where):
            backup_made = create_backup(current, BEFORE_RESTORE)
        else:
            log.info("%s is damaged, so it is not backed up before the restore", where.name)
    progress.check()
    restored = restore_into(source, new_path, report=progress.report, check=progress.check)
    return RestoreOutcome(restored, backup_made)
