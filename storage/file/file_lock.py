"""The lock that says "this inspection file is open in Evidence Review".

SQLite's own locks only bite when two programs write at the same moment, which
turns a second copy of the app into a "database is locked" error half-way
through someone's typing. So the app takes this lock when it opens a file and
a second copy is told at once who has the file open, where and since when.

The lock is a sidecar file ``<file>.lock`` held with an OS lock (``flock`` on
POSIX, ``msvcrt.locking`` on Windows) rather than the sidecar's mere existence:
the OS drops the lock when the process dies, so a crash never leaves a file
locked for good. The sidecar holds who/host/pid/since, and whether the app or a
command holds it, as text for the message.

The sidecar is written to, so it must be ours: it is never followed as a
symbolic link, a new one is created exclusively, and one that is not a plain
file with one name (a link, a pipe, a device) is refused rather than used, so
a planted ``.lock`` cannot make the app overwrite another file.
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import socket
import stat
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import cast

from storage.file.errors import FileOpenElsewhereError, StorageError

if os.name == "nt":
    import msvcrt
else:
    import fcntl

#: Windows locks a byte range that readers of the text cannot then read, so the
#: locked byte lies far beyond the text.
_WINDOWS_LOCK_OFFSET = 1 << 30
_held_here: dict[str, "InspectionLock"] = {}
#: Who holds a lock: the app, or a command of the command line (named after it).
APP = "app"
_OPEN_FLAGS = (
    os.O_RDWR
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class UnsafeLockFileError(StorageError):
    """``<file>.lock`` is not a plain file of its own, so it is not written to."""


@dataclass(frozen=True)
class LockHolder:
    """Who has a file open, as they wrote it into the sidecar."""

    user: str
    host: str
    pid: int
    since: datetime | None
    #: ``app``, or the name of the command that holds the file (``merge``…).
    program: str = APP

    @property
    def is_app(self) -> bool:
        return self.program == APP

    def describe(self) -> str:
        since = f" since {self.since.astimezone().strftime('%d %b %Y %H:%M')}" if self.since else ""
        who = self.user or "someone"
        return f"{who} on {self.host or 'another computer'}{since}"

    def in_use(self, name: str) -> str:
        """``<name> is open in Evidence Review by …``, or which command is changing it."""
        _safe = _printable
        if self.is_app:
            return f"{name} is open in Evidence Review by {_safe(self.describe())}"
        return (
            f"{name} is being changed by the command '{_safe(self.program)}' run by "
            f"{_safe(self.describe())}"
        )


def _printable(text: str) -> str:
    """Sidecar text as it may be shown: it is written by whoever made the sidecar."""
    return "".join(c if c.isprintable() else "?" for c in str(text))[:200]


def lock_path(path: Path) -> Path:
    return Path(f"{Path(path)}.lock")


class InspectionLock:
    """``acquire()`` before opening a file for editing, ``release()`` after closing it.

    ``program`` says who holds it: :data:`APP`, or the command's name.
    """

    def __init__(self, path: Path, program: str = APP):
        self.path = Path(path).resolve()
        self.sidecar = lock_path(self.path)
        self.program = program
        self._fd: int | None = None

    def acquire(self) -> "InspectionLock":
        """Take the lock, or raise :class:`FileOpenElsewhereError` naming who holds it.

        Raises ``OSError`` when the sidecar cannot be made (a read-only folder).
        """
        if str(self.path) in _held_here:
            raise FileOpenElsewhereError(
                f"{self.path.name} is already open in this window of Evidence Review.",
                current_holder(self.program),
            )
        while True:
            fd = _open_sidecar(self.sidecar)
            if fd is None:
                continue  # removed by its holder just now: try again
            if not try_lock(fd):
                os.close(fd)
                holder = read_holder(self.path)
                if holder is None:
                    text = (
                        f"{self.path.name} is open in another copy of Evidence Review. "
                        "Open it read-only, or close it there first."
                    )
                elif holder.is_app:
                    text = (
                        f"{holder.in_use(self.path.name)}. Open it read-only, or close it "
                        "there first."
                    )
                else:
                    text = (
                        f"{holder.in_use(self.path.name)}. Open it read-only, or wait for "
                        "the command to finish."
                    )
                raise FileOpenElsewhereError(text, holder)
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
        _write_holder(fd, self.program)
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
        unlock(fd)
        os.close(fd)

    def __enter__(self) -> "InspectionLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _open_sidecar(sidecar: Path) -> int | None:
    """A descriptor of the sidecar, made if need be; ``None`` when it vanished meanwhile.

    Raises :class:`UnsafeLockFileError` for a sidecar that is a symbolic link,
    not a plain file, or a plain file with other names (a hard link).
    """
    if os.name == "nt" and sidecar.is_symlink():  # no O_NOFOLLOW there
        raise _unsafe(sidecar, "is a link to another file")
    try:
        fd = os.open(sidecar, _OPEN_FLAGS | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        try:
            fd = os.open(sidecar, _OPEN_FLAGS)
        except FileNotFoundError:
            return None
        except OSError as e:
            raise _refused(sidecar, e) from None
    except OSError as e:
        raise _refused(sidecar, e) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
        os.close(fd)
        raise _unsafe(
            sidecar,
            "is not a plain file"
            if not stat.S_ISREG(info.st_mode)
            else "has another name elsewhere (a hard link)",
        )
    return fd


def _refused(sidecar: Path, error: OSError) -> Exception:
    """A link (even to nowhere) or a folder in the sidecar's place is unsafe; anything
    else (a read-only folder) stays an ``OSError``: then the file has no lock file."""
    if error.errno == errno.ELOOP:
        return _unsafe(sidecar, "is a link to another file")
    if error.errno == errno.EISDIR:
        return _unsafe(sidecar, "is a folder")
    return error


def _unsafe(sidecar: Path, why: str) -> UnsafeLockFileError:
    return UnsafeLockFileError(
        f"{sidecar.name} beside the inspection {why}, so it was not used as the file's lock "
        "and nothing was written to it. Remove it (it is not part of the inspection), then "
        "open the file again."
    )


def is_locked_elsewhere(path: Path) -> bool:
    """True when another process holds the lock of ``path`` (this process's own do not count)."""
    path = Path(path).resolve()
    if str(path) in _held_here or not lock_path(path).exists():
        return False
    try:
        fd = os.open(lock_path(path), _OPEN_FLAGS)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        if try_lock(fd):
            unlock(fd)
            return False
        return True
    finally:
        os.close(fd)


def read_holder(path: Path) -> LockHolder | None:
    try:
        fd = os.open(
            lock_path(Path(path)),
            os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0),
        )
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        raw = os.read(fd, 4096)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        data = json.loads(raw.decode("utf-8").strip("\x00 \n"))
        since = datetime.fromisoformat(data["since"]) if data.get("since") else None
        return LockHolder(
            str(data.get("user", "")),
            str(data.get("host", "")),
            int(data.get("pid", 0)),
            since,
            str(data.get("program") or APP),
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def current_holder(program: str = APP) -> LockHolder:
    try:
        user = getpass.getuser()
    except Exception:  # no login name in some service sessions
        user = ""
    return LockHolder(user, socket.gethostname(), os.getpid(), datetime.now(timezone.utc), program)


def _write_holder(fd: int, program: str) -> None:
    me = current_holder(program)
    text = (
        json.dumps(
            {
                "user": me.user,
                "host": me.host,
                "pid": me.pid,
                "since": cast(datetime, me.since).isoformat(),
                "program": me.program,
            }
        )
        + "\n"
    )
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, text.encode("utf-8"))


def try_lock(fd: int) -> bool:
    """Take an exclusive OS lock on ``fd`` without waiting; False when someone holds it."""
    try:
        if os.name == "nt":
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            # The type stubs give msvcrt its functions only when checking for Windows.
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def unlock(fd: int) -> None:
    try:
        if os.name == "nt":
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            # As in try_lock: msvcrt's functions are typed only for Windows.
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass
