"""Automatic backups of inspection files: made, verified, listed and rotated.

A backup is a complete copy made with SQLite's online backup API (so it is a
consistent snapshot even while the app is writing), written under a temporary
name, checked with ``PRAGMA quick_check`` and only then given its real name, so
a half-written backup never looks like a good one. Backups live in the
``backups`` folder of the user data directory, named ``<inspection> <copy>
<UTC time>.inspection``; a small ``.json`` beside each says why it was made and
of which file. Copies of one inspection (fieldwork copies) share its id but not
its replica id, so backups are told apart by the replica id read from inside
each backup. Restoring is in :mod:`storage.backups.restore`.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterator

from storage.backups.errors import BackupError
from storage.file import app_paths, file_access
from storage.file.database import FILE_SUFFIX, InspectionDatabase
from storage.file.durable_files import move_into_place, sync_file

log = logging.getLogger(__name__)

KEEP_RECENT, KEEP_DAYS = 10, 14
OPENED, WHILE_WORKING = "opened", "while working"
BEFORE_MERGE, BEFORE_IMPORT, BEFORE_RESTORE = "before merge", "before import", "before restore"
_STAMP = "%Y%m%dT%H%M%SZ"
_STAMP_IN_NAME = re.compile(r" (\d{8}T\d{6}Z)(?: \(\d+\))?$")
# Cheap to compute and changes with every recorded change: the history is append-only and
# records every change to evidence, findings, judgments and links; the rest covers the
# inspection's own details and the team.
_CHANGE_STAMP = (
    "SELECT (SELECT count(*) FROM history), (SELECT max(changed_at) FROM history),"
    " (SELECT max(updated_at) FROM inspection),"
    " (SELECT max(updated_at) FROM team_member)"
)


@dataclass(frozen=True)
class Backup:
    """One backup file and what it holds."""

    path: Path
    made_at: datetime  # UTC
    replica_id: str
    title: str
    evidence: int
    findings: int
    size: int
    reason: str
    source: str  # the file it was made of, as it was called then
    change_stamp: tuple | None


def backup_folder() -> Path:
    return app_paths.data_dir() / "backups"


# -- making a backup ------------------------------------------------------------------------
@contextmanager
def source_connection(source) -> Iterator[tuple[sqlite3.Connection, Path]]:
    """A connection to ``source``: an open inspection or database, or a path (read-only)."""
    db = getattr(source, "db", source)
    if isinstance(db, InspectionDatabase):
        yield db.conn, db.path
        return
    opened = InspectionDatabase.open(Path(source), readonly=True)
    try:
        yield opened.conn, opened.path
    finally:
        opened.close()


def create_backup(source, reason: str, *, now: datetime | None = None) -> Path:
    """Back ``source`` up into the backups folder; the verified backup's path.

    Raises :class:`BackupError` (nothing left behind, the source untouched) when
    the folder cannot be made or written, the disk is full or the copy does not
    verify.
    """
    now = now or datetime.now(timezone.utc)
    with source_connection(source) as (conn, path):
        title, replica = conn.execute("SELECT title, replica_id FROM inspection").fetchone()
        folder = backup_folder()
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            final, temp = _claim_name(
                folder, f"{_file_stem(title)} {(replica or '')[:8]} {now.strftime(_STAMP)}"
            )
        except OSError as e:
            raise backup_failure(path, e, f"the backup folder {folder} cannot be written") from None
        try:
            _copy_verified(conn, temp, path)
            sync_file(temp)
            move_into_place(temp, final)
            final.with_suffix(".json").write_text(
                json.dumps(
                    {
                        "reason": reason,
                        "source": str(Path(path).resolve()),
                        "made_at": now.isoformat(),
                    }
                ),
                encoding="utf-8",
            )
        except (sqlite3.Error, OSError, BackupError) as e:
            for leftover in (temp, Path(f"{temp}-journal"), final, final.with_suffix(".json")):
                leftover.unlink(missing_ok=True)
            raise backup_failure(path, e) from None
    log.info("backed up %s (%s) to %s", path, reason, final)
    return final


#: Pages copied at a time when someone is shown progress (4 MB at SQLite's default page size).
STEP_PAGES = 1024


def copy_checked(
    conn: sqlite3.Connection,
    temp: Path,
    *,
    report: Callable[[int, int], None] | None = None,
    check: Callable[[], None] | None = None,
) -> bool:
    """Copy the database of ``conn`` into ``temp`` with SQLite's backup API, as one
    self-contained file (no write-ahead log beside it); True when it passes quick_check.

    With ``report`` or ``check`` the copy goes in steps: ``report(done, total)`` hears
    the pages copied, and ``check()`` may raise between steps to stop the copy (the
    exception passes through; ``temp`` is then the caller's to remove).
    """
    dest = file_access.connect(temp, "rw")
    try:
        if report is None and check is None:
            conn.backup(dest)
        else:

            def step(_status: int, remaining: int, total: int) -> None:
                if report is not None:
                    report(total - remaining, total)
                if check is not None:
                    check()

            if check is not None:
                check()
            conn.backup(dest, pages=STEP_PAGES, progress=step)
        dest.execute("PRAGMA journal_mode = DELETE")
        verdict = [row for (row,) in dest.execute("PRAGMA quick_check")]
    finally:
        dest.close()
    return verdict == ["ok"]


def _copy_verified(conn: sqlite3.Connection, temp: Path, path: Path) -> None:
    if not copy_checked(conn, temp):
        raise BackupError(
            f"The backup of {path.name} did not verify, so it was not kept; "
            f"{path.name} itself is unchanged. Check the file with the check "
            "command."
        )


def backup_failure(path: Path, error: Exception, why: str | None = None) -> BackupError:
    """The error to give when backing ``path`` up failed with ``error``."""
    if isinstance(error, BackupError):
        return error
    text = str(error).lower()
    number = getattr(error, "errno", None)
    if why is None and (number in (errno.ENOSPC, errno.EFBIG) or "full" in text):
        why = "the disk is full; free some space and try again"
    elif why is None:
        why = (
            f"writing to the disk failed ({getattr(error, 'strerror', None) or error}); "
            "check the disk and try again"
        )
    return BackupError(
        f"The backup of {path.name} could not be made because {why}. "
        f"{path.name} itself is unchanged."
    )


def _file_stem(text: str) -> str:
    stem = re.sub(r"[^\w\- ]+", "", text or "").strip().replace(" ", "-")
    return stem[:60] or "inspection"


def _claim_name(folder: Path, base: str) -> tuple[Path, Path]:
    """A backup name no other backup has or is being written under, and its partial file,
    created here so that it is ours: two backups begun in the same second (the one made
    when a file opens and the one before an import) each get their own name."""
    n = 1
    while True:
        final = folder / (f"{base}{FILE_SUFFIX}" if n == 1 else f"{base} ({n}){FILE_SUFFIX}")
        temp = folder / f".{final.name}.partial"
        if not final.exists():
            try:
                os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
                return final, temp
            except FileExistsError:
                pass  # another backup is being written under this name
        n += 1


# -- listing -------------------------------------------------------------------------------
def change_stamp(conn: sqlite3.Connection) -> tuple | None:
    """A value that differs whenever anything in the inspection has changed."""
    try:
        return tuple(conn.execute(_CHANGE_STAMP).fetchone())
    except sqlite3.Error:
        return None  # a backup from before the change history was kept


def read_backup(path: Path) -> Backup | None:
    """What the backup at ``path`` holds; ``None`` when it is not a readable backup."""
    side = _sidecar(path)
    try:
        conn = file_access.connect(path, "ro")
    except sqlite3.Error:
        return None
    try:
        title, replica = conn.execute("SELECT title, replica_id FROM inspection").fetchone()
        (evidence,) = conn.execute(
            "SELECT count(*) FROM evidence WHERE deleted_at IS NULL"
        ).fetchone()
        (findings,) = conn.execute(
            "SELECT count(*) FROM finding WHERE deleted_at IS NULL"
        ).fetchone()
        stamp = change_stamp(conn)
    except (sqlite3.Error, TypeError):
        return None
    finally:
        conn.close()
    return Backup(
        path,
        _made_at(path, side),
        replica or "",
        title,
        evidence,
        findings,
        path.stat().st_size,
        side.get("reason", ""),
        side.get("source", ""),
        stamp,
    )


def list_backups(source=None) -> list[Backup]:
    """Backups of ``source`` (an open inspection or a path), newest first; every backup if None."""
    folder = backup_folder()
    if not folder.is_dir():
        return []
    found = [
        b
        for p in folder.glob(f"*{FILE_SUFFIX}")
        if not p.name.startswith(".")
        if (b := read_backup(p)) is not None
    ]
    if source is not None:
        replica, where = _identity(source)
        found = [b for b in found if (b.replica_id == replica if replica else b.source == where)]
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def _identity(source) -> tuple[str | None, str]:
    """The replica id of ``source`` (None when it cannot be read) and its full path."""
    if hasattr(source, "inspection"):
        return source.inspection.replica_id, str(Path(source.path).resolve())
    path = Path(source).resolve()
    try:
        conn = file_access.connect(path, "ro")
        try:
            return conn.execute("SELECT replica_id FROM inspection").fetchone()[0], str(path)
        finally:
            conn.close()
    except (sqlite3.Error, TypeError):
        return None, str(path)  # a damaged file: fall back on where backups were made from


def changed_since_last_backup(source) -> bool:
    """True when ``source`` has changes its newest backup does not hold (or it has none)."""
    backups = list_backups(source)
    if not backups:
        return True
    with source_connection(source) as (conn, _path):
        return change_stamp(conn) != backups[0].change_stamp


def rotate(
    keep_recent: int = KEEP_RECENT, keep_days: int = KEEP_DAYS, *, now: datetime | None = None
) -> list[Path]:
    """Remove old backups, keeping per copy the newest ``keep_recent`` plus the newest of
    each of the last ``keep_days`` days (UTC); the paths removed."""
    today = (now or datetime.now(timezone.utc)).date()
    by_replica: dict[str, list[Backup]] = {}
    for backup in list_backups():
        by_replica.setdefault(backup.replica_id, []).append(backup)
    removed = []
    for backups in by_replica.values():
        keep = {b.path for b in backups[: max(keep_recent, 0)]}
        newest_of_day: dict = {}
        for b in backups:  # newest first, so the first seen of a day is its newest
            day = b.made_at.date()
            if today - day < timedelta(days=keep_days):
                newest_of_day.setdefault(day, b.path)
        keep.update(newest_of_day.values())
        for b in backups:
            if b.path not in keep:
                b.path.unlink(missing_ok=True)
                b.path.with_suffix(".json").unlink(missing_ok=True)
                removed.append(b.path)
    if removed:
        log.info("removed %d old backup(s)", len(removed))
    return removed


def _sidecar(path: Path) -> dict:
    try:
        data = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _made_at(path: Path, side: dict) -> datetime:
    try:
        return datetime.fromisoformat(side["made_at"]).astimezone(timezone.utc)
    except (KeyError, TypeError, ValueError):
        pass
    match = _STAMP_IN_NAME.search(path.stem)
    if match:
        return datetime.strptime(match.group(1), _STAMP).replace(tzinfo=timezone.utc)
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
