"""How this process opens an inspection file: every SQLite connection and every raw read.

POSIX record locks belong to a process and a file, not to a descriptor:
closing *any* descriptor of a file drops every lock the process holds on it,
SQLite's included. SQLite guards its own connections against this, but a
plain ``open()``/``close()`` of the database in Python does not know about
them; a header read that way while the app has the file open silently drops
the app's locks, and another program can then fold the app's write-ahead log
into the file and delete it under the app's feet.

So nothing else in the app opens an inspection file. Connections come from
:func:`connect`, which counts them per file (by device and inode, so every
name of a file counts as one); raw reads go through :func:`raw_file`, whose
descriptor is closed only once this process has no connection to that file
left (until then it is kept aside, as SQLite does with its own). Both steps
happen under one lock, so a connection never opens between the check and the
close.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

#: How long a connection waits for another program's write to finish.
BUSY_TIMEOUT_MS = 5000

_guard = threading.RLock()
_connections: Counter[tuple[int, int]] = Counter()
_kept_aside: dict[tuple[int, int], list[int]] = {}


class NotARegularFileError(OSError):
    """The path names a folder, a pipe, a device or a socket, not a file."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class TrackedConnection(sqlite3.Connection):
    """A connection that tells this module when it closes."""

    _identity: tuple[int, int] | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            identity, self._identity = self._identity, None
            if identity is not None:
                _forget(identity)

    def __del__(self) -> None:
        # A connection dropped without close() still stops counting.
        if self._identity is not None:
            self.close()


def _remember(identity: tuple[int, int] | None) -> None:
    if identity is not None:
        with _guard:
            _connections[identity] += 1


def _forget(identity: tuple[int, int]) -> None:
    with _guard:
        _connections[identity] -= 1
        if _connections[identity] > 0:
            return
        del _connections[identity]
        for fd in _kept_aside.pop(identity, []):
            os.close(fd)


def file_uri(path: Path, **params: str) -> str:
    """The ``file:`` URI SQLite opens ``path`` by, with query parameters."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return Path(path).resolve().as_uri() + (f"?{query}" if query else "")


def connect(
    path: Path, mode: str = "rw", *, trusted_schema: bool = True, timeout_ms: int = BUSY_TIMEOUT_MS
) -> TrackedConnection:
    """A connection to the file at ``path``: ``mode`` is ``ro``, ``rw`` or ``rwc`` (create).

    ``trusted_schema=False`` is for files from elsewhere: SQLite then runs no
    function or virtual table named in the file's own schema that could have
    side effects, and checks every cell's size as it reads a page.
    """
    path = Path(path)
    # Counted before SQLite takes any lock, so a raw read finishing meanwhile keeps its
    # descriptor; a file that does not exist yet is counted once it does.
    identity = _identity(path)
    _remember(identity)
    try:
        conn = sqlite3.connect(
            file_uri(path, mode=mode),
            uri=True,
            isolation_level=None,
            check_same_thread=False,
            factory=TrackedConnection,
        )
    except BaseException:
        if identity is not None:
            _forget(identity)
        raise
    if identity is None:
        identity = _identity(path)
        _remember(identity)
    conn._identity = identity
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
        if not trusted_schema:
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("PRAGMA cell_size_check = ON")
            conn.execute("PRAGMA mmap_size = 0")
    except BaseException:
        conn.close()
        raise
    return conn


def memory_database() -> sqlite3.Connection:
    """A private database in memory (building the schema a version of the app expects)."""
    return sqlite3.connect(":memory:", isolation_level=None)


def connections_to(path: Path) -> int:
    """How many connections this process has open to the file at ``path``."""
    identity = _identity(Path(path))
    with _guard:
        return _connections.get(identity, 0) if identity is not None else 0


@contextmanager
def raw_file(path: Path) -> Iterator[int]:
    """A read-only descriptor of the regular file at ``path``, for ``os.pread``.

    Raises ``FileNotFoundError``, :class:`NotARegularFileError` (a folder, a
    pipe, a device) or another ``OSError``. Never blocks on a pipe.
    """
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_CLOEXEC", 0)
        | getattr(os, "O_BINARY", 0)
    )
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
    except BaseException:
        os.close(fd)
        raise
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise NotARegularFileError(f"{path} is {kind}")
    try:
        yield fd
    finally:
        _release(fd, (info.st_dev, info.st_ino))


def _release(fd: int, identity: tuple[int, int]) -> None:
    with _guard:
        if _connections.get(identity, 0) > 0:
            _kept_aside.setdefault(identity, []).append(fd)
            return
    os.close(fd)


def read_at(fd: int, size: int, offset: int) -> bytes:
    """Up to ``size`` bytes from ``offset`` (fewer only at the end of the file)."""
    chunks, done = [], 0
    while done < size:
        chunk = _pread(fd, size - done, offset + done)
        if not chunk:
            break
        chunks.append(chunk)
        done += len(chunk)
    return b"".join(chunks)


def _pread(fd: int, size: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # Windows: the descriptor is this module's own
    return os.read(fd, size)
