"""The lock that says "this inspection file is open in Evidence Review".

SQLite's own locks only bite when two programs write at the same moment, which
turns a second copy of the app into a "database is locked" error half-way
through someone's typing. So the app takes this lock when it opens a file and
a second copy is told at once who has the file open, where and since when.

The lock is a sidecar file ``<file>.lock`` held with an OS lock (``flock`` on
POSIX, ``msvcrt.locking`` on Windows) rather than the sidecar's mere existence:
the OS drops the lock when the process dies, so a crash never leaves a file
locked for good. The sidecar holds who/host/pid/since as text for the message.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from storage.errors import FileOpenElsewhereError

if os.name == "nt":
    import msvcrt
else:
    import fcntl

#: Windows locks a byte range that readers of the text cannot then read, so the
#: locked byte lies far beyond the text.
_WINDOWS_LOCK_OFFSET = 1 << 30
_held_here: dict[str, "InspectionLock"] = {}


@dataclass(frozen=True)
class LockHolder:
    """Who has a file open, as they wrote it into the sidecar."""

    user: str
    host: str
    pid: int
    since: datetime | None

    def describe(self) -> str:
        since = (f" since {self.since.astimezone().strftime('%d %b %Y %H:%M')}"
                 if self.since else "")
        who = self.user or "someone"
        return f"{who} on {self.host or 'another computer'}{since}"


def lock_path(path: Path) -> Path:
    return Path(f"{Path(path)}.lock")


def held_in_this_process(path: Path) -> bool:
    return str(Path(path).resolve()) in _held_here


class InspectionLock:
    """``acquire()`` before opening a file for editing, ``release()`` after closing it."""

    def __init__(self, path: Path):
        self.path = Path(path).resolve()
        self.sidecar = lock_path(self.path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> "InspectionLock":
        """Take the lock, or raise :class:`FileOpenElsewhereError` naming who holds it.

        Raises ``OSError`` when the sidecar cannot be made (a read-only folder).
        """
        if str(self.path) in _held_here:
            raise FileOpenElsewhereError(f"{self.path.name} is already open in this window "
                                         "of Evidence Review.", current_holder())
        while True:
            fd = os.open(self.sidecar, os.O_RDWR | os.O_CREAT, 0o600)
            if not _try_lock(fd):
                os.close(fd)
                holder = read_holder(self.path)
                who = holder.describe() if holder else "another copy of the app"
                raise FileOpenElsewhereError(
                    f"{self.path.name} is open in Evidence Review by {who}. Open it "
                    "read-only, or close it there first.", holder)
            # A holder that was just releasing may have removed the sidecar we locked;
            # then our lock guards nothing and another process could lock a new one.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.sidecar))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        self._fd = fd
        _write_holder(fd)
        _held_here[str(self.path)] = self
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        _held_here.pop(str(self.path), None)
        fd, self._fd = self._fd, None
        try:
            # Removed while still locked, so no one else can be holding it.
            self.sidecar.unlink()
        except OSError:
            pass  # Windows cannot remove an open file; the next holder reuses it
        _unlock(fd)
        os.close(fd)

    def __enter__(self) -> "InspectionLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def is_locked_elsewhere(path: Path) -> bool:
    """True when another process holds the lock of ``path`` (this process's own do not count)."""
    path = Path(path).resolve()
    if str(path) in _held_here or not lock_path(path).exists():
        return False
    try:
        fd = os.open(lock_path(path), os.O_RDWR)
    except OSError:
        return False
    try:
        if _try_lock(fd):
            _unlock(fd)
            return False
        return True
    finally:
        os.close(fd)


def read_holder(path: Path) -> LockHolder | None:
    try:
        text = lock_path(Path(path)).read_text(encoding="utf-8").strip("\x00 \n")
        data = json.loads(text)
        since = datetime.fromisoformat(data["since"]) if data.get("since") else None
        return LockHolder(str(data.get("user", "")), str(data.get("host", "")),
                          int(data.get("pid", 0)), since)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def current_holder() -> LockHolder:
    try:
        user = getpass.getuser()
    except Exception:  # no login name in some service sessions
        user = ""
    return LockHolder(user, socket.gethostname(), os.getpid(), datetime.now(timezone.utc))


def _write_holder(fd: int) -> None:
    me = current_holder()
    text = json.dumps({"user": me.user, "host": me.host, "pid": me.pid,
                       "since": me.since.isoformat()}) + "\n"
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, text.encode("utf-8"))


def _try_lock(fd: int) -> bool:
    try:
        if os.name == "nt":
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(fd: int) -> None:
    try:
        if os.name == "nt":
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass
