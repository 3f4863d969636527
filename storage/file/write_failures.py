"""Turning a failed write (a full disk, a disk error) into a message an inspector can act on.

SQLite reports a full disk (or a file at its size limit) as ``SQLITE_FULL`` and
a failing disk, a pulled USB stick or a dropped network share as
``SQLITE_IOERR``, from whichever statement of a transaction needed the disk,
its ``COMMIT`` included. The transaction is then rolled back whole, which is
why the messages can promise that nothing of the change was saved and that
what was saved before is untouched. Files written outside SQLite (an export)
get the same plain words from the operating system's error numbers.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from storage.file.errors import DiskFullError, StorageError, WriteFailedError

# Primary result codes; extended codes (SQLITE_IOERR_WRITE, …) keep them in the low byte.
_SQLITE_IOERR = 10
_SQLITE_FULL = 13


def write_failure(error: BaseException, path: Path) -> StorageError | None:
    """The storage error to raise instead of ``error``; ``None`` when it is not a write failure."""
    if not isinstance(error, sqlite3.Error):
        return None
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(error)
    if code == _SQLITE_FULL or "database or disk is full" in text:
        return DiskFullError(
            f"The disk holding {path} is full; nothing of this change was "
            "saved. Free some space on that disk and try again."
        )
    if code == _SQLITE_IOERR or "disk I/O error" in text:
        return WriteFailedError(
            f"{path} could not be written because the disk reported an "
            "error; nothing of this change was saved. Check that the disk "
            "or drive is still connected and try again."
        )
    return None


def file_write_failure(error: OSError, result: str) -> StorageError | None:
    """The storage error for a file (an export, a copy) the disk could not take.

    ``result`` says what did not happen, e.g. "the summary was not written to
    X"; ``None`` when ``error`` is not a full disk or a disk error.
    """
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFullError(f"The disk is full; {result}. Free some space and try again.")
    if error.errno == errno.EIO:
        return WriteFailedError(
            f"The disk reported an error; {result}. Check that the disk "
            "or drive is still connected and try again."
        )
    return None


def roll_back(conn: sqlite3.Connection) -> None:
    """Undo what is left of a failed transaction.

    After a full disk or an I/O error SQLite may already have rolled the
    transaction back itself; a second ROLLBACK would then raise and hide the
    error that matters. A ROLLBACK that fails is not reported either: SQLite
    rolls the transaction back from its log the next time the file is used.
    """
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
