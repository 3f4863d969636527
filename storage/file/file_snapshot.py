"""A private copy of an inspection file and its write-ahead log, made without touching either.

``check`` and ``merge`` work on such a copy: the file itself is only read, byte
by byte, never opened by SQLite, so not even a checkpoint or a new ``-shm``
can change what lies beside it; and a copy from elsewhere is then read in one
place that nobody else can change between the checks and the merge.

The app beside us may be saving while the copy is made. It only appends to
the log, which is safe to copy mid-way (SQLite ignores an unfinished last
frame); but a checkpoint that rewrites the file and starts the log afresh
could leave a copy of one moment's file with another moment's log. So the
log's header (which changes when the log starts afresh) and the file's size
and time are compared before and after, and the copy is made again when they
moved.
"""

from __future__ import annotations

import os
from pathlib import Path

from storage.file import file_access
from storage.file.errors import InspectionNotFoundError, NotAnInspectionError, StorageError

_CHUNK = 4 * 1024 * 1024
_ATTEMPTS = 5
#: The write-ahead log's header: its salts change whenever the log starts afresh.
_WAL_HEADER = 32


def _signature(path: Path) -> tuple:
    wal = Path(f"{path}-wal")
    try:
        with file_access.raw_file(wal) as fd:
            header = file_access.read_at(fd, _WAL_HEADER, 0)
    except FileNotFoundError:
        header = None
    info = os.stat(path)
    return header, info.st_size, info.st_mtime_ns


def _copy(source: Path, dest: Path) -> None:
    with file_access.raw_file(source) as fd:
        out = os.open(
            dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600
        )
        try:
            offset = 0
            while chunk := file_access.read_at(fd, _CHUNK, offset):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(out, view) :]
                offset += len(chunk)
        finally:
            os.close(out)


def snapshot(path: Path, folder: Path, name: str = "snapshot.inspection") -> Path:
    """Copy the file at ``path`` and its log (if any) into ``folder``; the copy's path.

    Raises :class:`InspectionNotFoundError`, :class:`NotAnInspectionError`
    (a folder, a pipe) or :class:`StorageError` (unreadable, no room, or saved
    to so busily that no steady copy could be made).
    """
    path, dest = Path(path), Path(folder) / name
    try:
        for _ in range(_ATTEMPTS):
            for leftover in (dest, Path(f"{dest}-wal")):
                leftover.unlink(missing_ok=True)
            before = _signature(path)
            _copy(path, dest)
            if before[0] is not None:
                try:
                    _copy(Path(f"{path}-wal"), Path(f"{dest}-wal"))
                except FileNotFoundError:
                    pass  # closed meanwhile: the signature below tells
            if _signature(path) == before:
                return dest
    except FileNotFoundError:
        raise InspectionNotFoundError(f"{path} does not exist.") from None
    except file_access.NotARegularFileError as e:
        raise NotAnInspectionError(f"{e}, not an inspection file.") from None
    except OSError as e:
        raise StorageError(
            f"{path} could not be copied to check it ({e.strerror or e}); "
            "make room in the temporary folder and try again."
        ) from None
    raise StorageError(f"{path} is being saved too busily to be copied; try again in a moment.")
