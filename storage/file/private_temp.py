"""Private folders under the system's temporary folder, and removing the ones a crash left.

Opened attachments, the copies ``check`` and ``merge`` work on and the like
hold sensitive evidence, so each lives in a folder only this user can enter
(``tempfile.mkdtemp`` makes it 0700). A folder is marked in use by an OS lock
on a small file inside it, held for as long as the process that made it lives:
the OS drops the lock when that process ends, however it ends. At the next
start, every folder of ours whose lock nobody holds is removed; folders of a
process still running are left alone.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from storage.file.file_lock import try_lock, unlock

PREFIX = "evidence-review-"
_IN_USE = ".in-use"
#: Folders from versions that did not mark them in use are removed once this old.
_UNMARKED_AGE_S = 24 * 3600
log = logging.getLogger(__name__)


class PrivateFolder:
    """A private temporary folder, marked in use until :meth:`remove`."""

    def __init__(self, purpose: str, parent: Path | None = None):
        self.path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{purpose}-", dir=parent))
        self._fd: int | None = os.open(
            self.path / _IN_USE, os.O_CREAT | os.O_RDWR | getattr(os, "O_NOFOLLOW", 0), 0o600
        )
        try_lock(self._fd)

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            fd, self._fd = self._fd, None
            unlock(fd)
            os.close(fd)


@contextmanager
def private_folder(purpose: str) -> Iterator[Path]:
    """A private temporary folder for the duration of the ``with`` block."""
    folder = PrivateFolder(purpose)
    try:
        yield folder.path
    finally:
        folder.remove()


def remove_leftovers(parent: Path | None = None) -> list[Path]:
    """Remove this user's private folders whose process has ended; the ones removed."""
    parent = Path(parent or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(parent.glob(f"{PREFIX}*"))
    except OSError:
        return removed
    for entry in entries:
        try:
            if _left_behind(entry):
                shutil.rmtree(entry)
                removed.append(entry)
        except OSError as e:
            log.info("could not remove %s: %s", entry, e)
    return removed


def _left_behind(entry: Path) -> bool:
    info = entry.lstat()
    if not stat.S_ISDIR(info.st_mode):
        return False  # never follow a link out of the temporary folder
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    try:
        fd = os.open(
            entry / _IN_USE, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except FileNotFoundError:
        return time.time() - info.st_mtime > _UNMARKED_AGE_S
    try:
        if not try_lock(fd):
            return False  # its process is still running
        unlock(fd)
        return True
    finally:
        os.close(fd)
