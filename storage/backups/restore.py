"""Restoring a backup into a new inspection file, and finding the latest good backup.

A restore never writes over anything: the backup is copied (with SQLite's
backup API, verified) to a new file the person names. Backing up the file they
have open first is the restore use case's step
(:mod:`storage.operations.restoring`). The restored file keeps the ids it had:
it is the same copy of the inspection at an earlier time.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Callable

from storage.backups.automatic import Backup, copy_checked, list_backups, read_backup
from storage.backups.errors import BackupError
from storage.file import file_access
from storage.file.database import InspectionDatabase
from storage.file.durable_files import move_into_place
from storage.file.errors import DamagedFileError, StorageError
from storage.file.open_checks import verify_file

log = logging.getLogger(__name__)


def verify_backup(path: Path) -> bool:
    """True when the backup at ``path`` passes SQLite's quick check."""
    try:
        conn = file_access.connect(Path(path), "ro")
        try:
            return [row for (row,) in conn.execute("PRAGMA quick_check")] == ["ok"]
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def latest_good_backup(path: Path) -> Backup | None:
    """The newest backup of the file at ``path`` that verifies (the file itself may be damaged)."""
    return next((b for b in list_backups(Path(path)) if verify_backup(b.path)), None)


def check_restore(backup: Path | Backup, new_path: Path) -> Path:
    """Refuse a restore that could not be made, before anything is done; the backup's path.

    ``new_path`` must be a new file in an existing folder, and the backup must be
    a backup of an inspection that passes SQLite's quick check.
    """
    source = Path(backup.path if isinstance(backup, Backup) else backup)
    new_path = Path(new_path)
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{new_path}{suffix}").exists():
            raise StorageError(f"{new_path} already exists; restore into a new file.")
    if not new_path.parent.is_dir():
        raise StorageError(
            f"Cannot restore into {new_path}: the folder {new_path.parent} does not exist."
        )
    if read_backup(source) is None or not verify_backup(source):
        raise BackupError(
            f"The backup {source.name} is damaged or not a backup of an "
            "inspection; choose another one."
        )
    return source


def restore_into(
    source: Path,
    new_path: Path,
    *,
    report: Callable[[int, int], None] | None = None,
    check: Callable[[], None] | None = None,
) -> Path:
    """Copy the backup at ``source`` (passed by :func:`check_restore`) into the new file
    ``new_path``, verified, and open it once (which brings an older backup's schema up
    to date).

    ``report(done, total)`` hears how many pages are copied; ``check()`` is called
    between steps and may raise to stop, in which case the half-made copy is removed
    and the exception passes through. Nothing is ever written over.
    """
    new_path = Path(new_path)
    temp = new_path.with_name(f".{new_path.name}.restoring")
    try:
        os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        _copy(source, temp, report, check)
        move_into_place(temp, new_path)
    except BaseException as e:
        for leftover in (temp, Path(f"{temp}-journal")):
            leftover.unlink(missing_ok=True)
        if not isinstance(e, (sqlite3.Error, OSError)):
            raise  # a refusal of our own, or the caller's stop
        raise StorageError(
            f"The backup could not be restored into {new_path} ({e}); nothing was changed."
        ) from None
    InspectionDatabase.open(new_path).close()
    log.info("restored %s into %s", source.name, new_path)
    return new_path


def is_sound(path: Path) -> bool:
    """False for a damaged file: it cannot be backed up, and a restore leaves it as it is."""
    try:
        verify_file(Path(path))
    except DamagedFileError:
        return False
    return True


def _copy(
    source: Path,
    temp: Path,
    report: Callable[[int, int], None] | None,
    check: Callable[[], None] | None,
) -> None:
    src = file_access.connect(source, "ro")
    try:
        ok = copy_checked(src, temp, report=report, check=check)
    finally:
        src.close()
    if not ok:
        raise BackupError(f"The copy of {source.name} did not verify; nothing was restored.")
