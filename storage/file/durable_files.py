"""Writing files so they survive a crash: flushed to disk, and named only when complete.

A file is written under a temporary name, flushed, and then given its real
name without ever replacing a file already there, so a crash or a full disk
leaves either the whole file or none of it under the real name.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from storage.file.errors import StorageError


def move_into_place(temp: Path, final: Path) -> None:
    """Give ``temp`` the name ``final`` without ever replacing an existing file."""
    try:
        os.link(temp, final)  # fails if final exists, unlike a rename on POSIX
    except FileExistsError:
        raise
    except OSError:  # file systems without hard links
        if final.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(final)) from None
        os.rename(temp, final)
    else:
        temp.unlink()
    _sync_folder(final.parent)


def sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder to flush it; renames there are journaled
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_destination(out: Path) -> None:
    """Raise :class:`StorageError` when ``out`` clearly cannot be written.

    Callers can ask before opening anything, so a mistyped path is refused
    before any other work; the export itself checks again.
    """
    out = Path(out)
    if out.parent.exists() and not out.parent.is_dir():
        raise StorageError(f"Cannot write {out}: {out.parent} is a file, not a folder.")
    if not out.parent.is_dir():
        raise StorageError(f"Cannot write {out}: the folder {out.parent} does not exist.")
    if out.is_dir():
        raise StorageError(f"Cannot write {out}: it is a folder.")
    if not os.access(out.parent, os.W_OK):
        raise StorageError(
            f"Cannot write {out}: you do not have permission to write to the folder {out.parent}."
        )
