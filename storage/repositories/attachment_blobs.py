"""Moving attached file content in and out of the inspection file a chunk at a time.

Content lives in ``attachment_content``, a WITHOUT ROWID table keyed by the
SHA-256 fingerprint, and SQLite's incremental blob I/O does not work on such
tables. So content passes through a temporary rowid table on the same
connection (``temp.attachment_staging``): a file is streamed into a
zero-filled blob there chunk by chunk (hashed on the way, since its key is
not known until the end), and stored content is copied there in one
statement and streamed out. Python never holds more than one chunk, and the
staging table lives in SQLite's temporary storage, never in the inspection
file. Writing to the temporary database takes no lock on the inspection file,
so a large file is staged without holding up anyone else's saves.
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import BinaryIO, Callable

from models.evidence.attachment import AttachmentProblem
from storage.job_progress import Cancelled

CHUNK = 1024 * 1024
_STAGING = "attachment_staging"

Progress = Callable[[int], None]  # bytes moved so far
Write = Callable[[bytes], object]


class FileChangedError(Exception):
    """The file was not the size it said while it was being read."""


def _staging(conn: sqlite3.Connection) -> None:
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_STAGING} (data BLOB NOT NULL)")


def stage_file(
    conn: sqlite3.Connection,
    source: BinaryIO,
    size: int,
    moved: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> tuple[int, str]:
    """Stream ``size`` bytes of ``source`` into the staging table; ``(row, sha256)``.

    Raises :class:`FileChangedError` when the file holds more or fewer bytes
    than ``size``, and :class:`Cancelled` when ``is_cancelled`` turns
    true; either way nothing is left staged.
    """
    _staging(conn)
    row = _inserted_row(
        conn.execute(f"INSERT INTO temp.{_STAGING} (data) VALUES (zeroblob(?))", [size])
    )
    digest, done = hashlib.sha256(), 0
    try:
        with conn.blobopen(_STAGING, "data", row, readonly=False, name="temp") as blob:
            while done < size:
                if is_cancelled is not None and is_cancelled():
                    raise Cancelled("Cancelled; nothing was moved.")
                chunk = source.read(min(CHUNK, size - done))
                if not chunk:
                    raise FileChangedError(f"it became shorter ({done} of {size} bytes)")
                blob.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if moved is not None:
                    moved(done)
        if source.read(1):
            raise FileChangedError("it grew while it was being read")
    except BaseException:
        unstage(conn, row)
        raise
    return row, digest.hexdigest()


def _inserted_row(cur: sqlite3.Cursor) -> int:
    """The rowid of the one row ``cur``'s INSERT wrote (SQLite always sets it then)."""
    if cur.lastrowid is None:
        raise sqlite3.OperationalError("the staged row was not written")
    return cur.lastrowid


def unstage(conn: sqlite3.Connection, row: int) -> None:
    conn.execute(f"DELETE FROM temp.{_STAGING} WHERE rowid = ?", [row])


def store_staged(conn: sqlite3.Connection, row: int, sha256: str, size: int) -> bool:
    """Store staged content under its fingerprint unless it is already stored; True if new."""
    cur = conn.execute(
        f"INSERT INTO main.attachment_content (sha256, size, data) SELECT ?, ?, data"
        f" FROM temp.{_STAGING} WHERE rowid = ? AND NOT EXISTS"
        " (SELECT 1 FROM main.attachment_content WHERE sha256 = ?)",
        [sha256, size, row, sha256],
    )
    return cur.rowcount == 1


def stream_content(
    conn: sqlite3.Connection,
    sha256: str,
    write: Write,
    moved: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    schema: str = "main",
) -> int:
    """Hand stored content to ``write`` a chunk at a time; returns its length.

    ``schema`` names the attached database to read from (``main``: this file).
    Raises ``KeyError`` when no content is stored under ``sha256``.
    """
    _staging(conn)
    cur = conn.execute(
        f"INSERT INTO temp.{_STAGING} (data) SELECT data FROM"
        f" {schema}.attachment_content WHERE sha256 = ?",
        [sha256],
    )
    if cur.rowcount != 1:
        raise KeyError(f"no stored content {sha256}")
    row = _inserted_row(cur)
    done = 0
    try:
        with conn.blobopen(_STAGING, "data", row, name="temp") as blob:
            while chunk := blob.read(CHUNK):
                if is_cancelled is not None and is_cancelled():
                    raise Cancelled("Cancelled; nothing was moved.")
                write(chunk)
                done += len(chunk)
                if moved is not None:
                    moved(done)
    finally:
        unstage(conn, row)
    return done


def fingerprint(conn: sqlite3.Connection, sha256: str, schema: str = "main") -> tuple[str, int]:
    """The SHA-256 and length of the content stored under ``sha256``, read a chunk at a time."""
    digest = hashlib.sha256()
    length = stream_content(conn, sha256, digest.update, schema=schema)
    return digest.hexdigest(), length


def content_problems(conn: sqlite3.Connection) -> list[AttachmentProblem]:
    """Stored content that no longer matches its fingerprint or size, and attachments
    whose content is missing; each named by the items and file names that use it."""
    problems = []
    for sha256, size in conn.execute(
        "SELECT sha256, size FROM main.attachment_content ORDER BY sha256"
    ).fetchall():
        digest = hashlib.sha256()
        length = stream_content(conn, sha256, digest.update)
        if digest.hexdigest() != sha256:
            reason = (
                "does not match its fingerprint (SHA-256): its content has been "
                "changed or damaged since it was attached"
            )
        elif length != size:
            reason = f"is {length} bytes long but was recorded as {size}"
        else:
            continue
        problems.append(
            AttachmentProblem(sha256, reason, _holders(conn, "WHERE a.sha256 = ?", [sha256]))
        )
    for (sha256,) in conn.execute(
        "SELECT DISTINCT sha256 FROM main.attachment a WHERE NOT EXISTS"
        " (SELECT 1 FROM main.attachment_content c WHERE c.sha256 = a.sha256)"
        " ORDER BY sha256"
    ).fetchall():
        problems.append(
            AttachmentProblem(
                sha256, "has lost its content", _holders(conn, "WHERE a.sha256 = ?", [sha256])
            )
        )
    return problems


def _holders(conn: sqlite3.Connection, where: str, params) -> tuple[tuple[str, str], ...]:
    rows = conn.execute(
        "SELECT ifnull(e.ref, 'an unknown item'), a.name FROM main.attachment a"
        f" LEFT JOIN main.evidence e ON e.id = a.evidence_id {where}"
        " ORDER BY e.ref, a.name",
        params,
    ).fetchall()
    return tuple((ref, name) for ref, name in rows)
