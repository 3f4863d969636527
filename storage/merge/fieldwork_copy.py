"""Fieldwork copies: the master inspection copied for one inspector to take offline.

A copy is the same inspection (same id) with a replica id of its own, the
initials of the inspector it is for (the default author of new evidence in
it) and the time it was made. The master is only read, through a read-only
connection, so a copy can be made while the app has the master open: SQLite's
backup API copies one consistent moment of it. The copy is private to its
owner (it holds sensitive notes), completed in a temporary file and moved
into place only when whole. The master learns of the copy when it is merged.

Every row in the copy is stamped as written in the master, so a merge can tell
the inspector's own changes from what the copy started with without trusting
either laptop's clock.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from models.records import new_id, normalise_initials, utc_now
from storage.file import file_access
from storage.file.database import FILE_MODE
from storage.file.durable_files import move_into_place
from storage.file.inspection_file import InspectionFile
from storage.job_progress import SILENT, JobProgress
from storage.merge.errors import FieldworkCopyError
from storage.merge.tables import MERGE_TABLES

#: The stages of making a copy, for ``progress``: copying the master, then making the
#: copy one of its own (its origins stamped, the whole file checked).
STAGES = 2


def create_fieldwork_copy(
    master: InspectionFile | Path,
    initials: str,
    out_path: Path,
    progress: JobProgress = SILENT,
) -> Path:
    """Write a fieldwork copy of ``master`` for the team member ``initials`` to ``out_path``.

    Refuses an existing ``out_path``, initials that are not a current team
    member, and a master that is itself a fieldwork copy. Returns ``out_path``.
    The master is only read. ``progress`` hears of each of the :data:`STAGES` done and
    is asked after each whether to stop (:class:`Cancelled`, nothing written).
    """
    if isinstance(master, InspectionFile):
        return _create(master, initials, Path(out_path), progress)
    with InspectionFile.open(Path(master), readonly=True) as opened:
        return _create(opened, initials, Path(out_path), progress)


def _checked(master: InspectionFile, initials: str, out: Path):
    """The team member the copy is for, or a refusal saying what is wrong."""
    if out.exists():
        raise FieldworkCopyError(f"{out} already exists; choose another name for the copy.")
    if not out.parent.is_dir():
        raise FieldworkCopyError(f"Cannot write {out}: the folder {out.parent} does not exist.")
    try:
        initials = normalise_initials(initials)
    except ValueError as e:
        raise FieldworkCopyError(str(e)) from None
    info = master.inspection
    if info.copy_for:
        raise FieldworkCopyError(
            f"{master.path.name} is itself a fieldwork copy (for "
            f"{info.copy_for}); make fieldwork copies from the master."
        )
    return master.team.require(initials)


def _create(master: InspectionFile, initials: str, out: Path, progress: JobProgress) -> Path:
    member = _checked(master, initials, out)
    info = master.inspection
    temp = out.with_name(f".{out.name}.{new_id()[:8]}.partial")
    replica = new_id()
    try:
        os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
        copied_at = utc_now()
        progress.report(0, STAGES)
        _backup(master.path, temp)
        progress.report(1, STAGES)
        progress.check()
        _make_copy(temp, info.replica_id, replica, member.initials, copied_at)
        progress.report(2, STAGES)
        progress.check()
        move_into_place(temp, out)
    except FileExistsError:
        _remove(temp)
        raise FieldworkCopyError(
            f"{out} appeared while the copy was being made; choose another name."
        ) from None
    except BaseException:
        _remove(temp)
        raise
    return out


def _remove(temp: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{temp}{suffix}").unlink(missing_ok=True)


def _backup(master_path: Path, temp: Path) -> None:
    """Copy one committed moment of the master through a read-only connection."""
    reader = file_access.connect(master_path, "ro")
    dest = file_access.connect(temp, "rw")
    try:
        reader.backup(dest)
    finally:
        dest.close()
        reader.close()


def _make_copy(
    temp: Path, master_replica: str, replica: str, initials: str, copied_at: str
) -> None:
    conn = file_access.connect(temp, "rw")
    try:
        # A rollback journal while the copy is finished, so it is one file when moved.
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "UPDATE inspection SET replica_id = ?, copy_for = ?, copied_at = ?",
            [replica, initials, copied_at],
        )
        _stamp_origins(conn, master_replica)
        conn.execute("DELETE FROM replica_sync WHERE replica_id = ?", [replica])
        conn.execute(
            "INSERT OR REPLACE INTO replica_sync (replica_id, source_mark, target_mark)"
            " VALUES (?, ?, ?)",
            [master_replica, copied_at, copied_at],
        )
        conn.execute("COMMIT")
        if [r for (r,) in conn.execute("PRAGMA quick_check")] != ["ok"]:
            raise FieldworkCopyError("The fieldwork copy did not verify; nothing was written.")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def _stamp_origins(conn: sqlite3.Connection, master_replica: str) -> None:
    """Mark every version the copy starts with as written in the master.

    Only the origin columns change, so the search-index triggers (which would
    re-index every item) are set aside for the update and restored as they were.
    """
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        " AND name IN ('evidence_au', 'finding_au')"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    # Every merged table, attachments included (m003's MERGED_TABLES_AT_M003 is
    # frozen at the tables that existed when origins were added).
    for table in (spec.table for spec in MERGE_TABLES):
        conn.execute(
            f"UPDATE {table} SET origin_replica = ?, origin_updated_at = updated_at"
            " WHERE origin_replica IS NULL OR origin_updated_at IS NOT updated_at",
            [master_replica],
        )
    for _, sql in triggers:
        conn.execute(sql)
