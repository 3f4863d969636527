"""Is an inspection file where it can be damaged? Cloud-synchronised folders, network drives.

Sync clients (OneDrive, Dropbox, Google Drive, iCloud) copy a database file
and its write-ahead log separately and at different moments, and network file
systems often get SQLite's locking wrong; either can leave a damaged file. The
app warns, and keeps working: the person may have no other place to keep it.
"""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path
from typing import Iterable

#: Folder names (matched case-insensitively, ``*`` as a wildcard) that sync clients use.
CLOUD_FOLDERS = {
    "onedrive": "OneDrive",
    "onedrive - *": "OneDrive",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "my drive": "Google Drive",
    "googledrive*": "Google Drive",
    "icloud drive": "iCloud",
    "icloud drive (archive)*": "iCloud",
    "mobile documents": "iCloud",
}
#: Linux file-system types that live on another computer.
NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "sshfs",
    "fuse.sshfs",
    "9p",
    "afs",
    "fuse.rclone",
    "davfs",
    "fuse.davfs2",
}
_UNC = re.compile(r"^(\\\\|//)[^\\/?.][^\\/]*[\\/][^\\/]+")

_CLOUD_WARNING = (
    "{file} is inside a {service} folder. Sync can copy the file while it is "
    "being written and damage it; keep inspections in a folder that is not "
    "synchronised, and copy them there only when the app is closed."
)
_NETWORK_WARNING = (
    "{file} is on a network drive. A dropped connection or a second "
    "computer writing to it can damage it; keep inspections on this "
    "computer's own disk while you work."
)


def _parts(path) -> list[str]:
    # Split on both separators, so Windows paths are understood wherever this runs.
    return [p for p in re.split(r"[\\/]+", str(path)) if p]


def cloud_service(path) -> str | None:
    """The sync service whose folder holds ``path``, by the names of its folders."""
    parts = [p.lower() for p in _parts(path)]
    for part in parts:
        for pattern, service in CLOUD_FOLDERS.items():
            if fnmatch.fnmatchcase(part, pattern):
                return service
    # macOS keeps every provider's folder under ~/Library/CloudStorage.
    if any(a == "library" and b == "cloudstorage" for a, b in zip(parts, parts[1:])):
        return "cloud storage"
    return None


def read_mounts(text: str) -> list[tuple[str, str]]:
    """``(mount point, file-system type)`` pairs from the text of ``/proc/mounts``."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            # /proc/mounts writes spaces and other awkward characters as octal escapes.
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1])
            mounts.append((point, fields[2]))
    return mounts


def _system_mounts() -> list[tuple[str, str]]:
    try:
        return read_mounts(Path("/proc/mounts").read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []  # not Linux, or no /proc: only the path itself can tell


def filesystem_type(path, mounts: Iterable[tuple[str, str]]) -> str | None:
    """The type of the file system ``path`` lives on: the longest matching mount point."""
    text = str(path)
    best, kind = -1, None
    for point, fs in mounts:
        inside = text == point or text.startswith(point.rstrip("/") + "/")
        if inside and len(point) > best:
            best, kind = len(point), fs
    return kind


def is_network_path(path, mounts: Iterable[tuple[str, str]] | None = None) -> bool:
    if _UNC.match(str(path)):
        return True  # \\server\share on Windows
    if mounts is None:
        mounts = _system_mounts()
    return (filesystem_type(path, mounts) or "").lower() in NETWORK_FS


def sync_risk(path: Path, mounts: Iterable[tuple[str, str]] | None = None) -> str | None:
    """A plain warning when ``path`` is in a cloud-synchronised folder or on a network drive.

    ``mounts`` is a list of ``(mount point, type)`` pairs; by default the
    system's own (``/proc/mounts`` on Linux).
    """
    raw = str(path)
    if not _UNC.match(raw) and not re.match(r"^[A-Za-z]:[\\/]", raw):
        raw = os.path.abspath(raw)  # a relative path: what it is relative to matters
    name = (_parts(raw) or [raw])[-1]
    service = cloud_service(raw)
    if service is not None:
        return _CLOUD_WARNING.format(file=name, service=service)
    if is_network_path(raw, mounts):
        return _NETWORK_WARNING.format(file=name)
    return None
