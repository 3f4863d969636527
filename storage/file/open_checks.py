"""Checks made before an inspection file is opened, so a damaged file is never written to.

A write-ahead log left beside a file that nothing has open means the app (or
the computer) stopped without closing the file. SQLite replays the log safely,
but a power cut or a sync client can have left the file and its log out of
step, so the whole file is checked (``PRAGMA integrity_check``, read-only)
before it is opened for writing. A log that belongs to a connection that is
still open — in this process, or in another copy of the app holding the file's
lock — is not a leftover and is not checked.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable

from storage.file import file_access
from storage.file.errors import DamagedFileError
from storage.file.file_lock import is_locked_elsewhere
from storage.job_progress import Cancelled

#: SQLite's words for a file that is damaged rather than merely not ours.
_DAMAGE_WORDS = ("malformed", "corrupt", "not a database")


def has_leftover_log(path: Path) -> bool:
    """True when ``path`` has a non-empty write-ahead log that no open connection explains."""
    path = Path(path)
    wal = Path(f"{path}-wal")
    try:
        if wal.stat().st_size == 0:
            return False
    except OSError:
        return False
    return file_access.connections_to(path) == 0 and not is_locked_elsewhere(path)


def check_after_unclean_shutdown(path: Path) -> bool:
    """Check the whole file when a leftover log shows it was not closed; True when checked.

    Raises :class:`DamagedFileError` (nothing changed) when the check fails.
    """
    if not has_leftover_log(path):
        return False
    problems = _run_check(path, "integrity_check")
    if problems:
        raise damaged(
            path,
            f"after the app or the computer stopped without closing it, "
            f"the file check found: {problems[0]}",
        )
    return True


def verify_file(path: Path, stop: Callable[[], bool] | None = None) -> None:
    """A quick check of the whole file (read-only); :class:`DamagedFileError` when it fails.

    ``stop`` is asked as the check goes on; when it answers True the check is given up
    and :class:`~storage.job_progress.Cancelled` raised (the file is closed meanwhile).
    """
    problems = _run_check(path, "quick_check", stop)
    if problems:
        raise damaged(path, problems[0])


#: SQLite virtual-machine steps between two questions to ``stop`` (well under a millisecond).
_STOP_EVERY = 20_000


def _run_check(path: Path, pragma: str, stop: Callable[[], bool] | None = None) -> list[str]:
    try:
        conn = file_access.connect(Path(path), "ro")
        try:
            if stop is not None:
                conn.set_progress_handler(lambda: 1 if stop() else 0, _STOP_EVERY)
            verdict = [str(row) for (row,) in conn.execute(f"PRAGMA {pragma}")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        if stop is not None and stop() and "interrupt" in str(e):
            raise Cancelled() from None
        return [str(e)]
    return [] if verdict == ["ok"] else verdict


def is_damage(error: sqlite3.DatabaseError) -> bool:
    return any(word in str(error).lower() for word in _DAMAGE_WORDS)


def damaged(path: Path, detail: object) -> DamagedFileError:
    return DamagedFileError(
        f"{path} cannot be read: it is damaged ({detail}). It was left exactly as it is; "
        "restore the latest good backup into a new file.",
        Path(path),
        str(detail),
    )
