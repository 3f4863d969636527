"""Files attached to evidence items: the record, and plain rules about names, types and sizes.

A file's content is identified by its SHA-256 fingerprint, so the same file
attached twice is stored once; the record ties a named file to one item.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

#: The size limit for one attached file unless the inspector sets another.
DEFAULT_LIMIT_MB = 100
DEFAULT_MEDIA_TYPE = "application/octet-stream"
_UNITS = ("KB", "MB", "GB", "TB")


@dataclass(frozen=True)
class Attachment:
    """One file attached to one evidence item."""

    id: str
    evidence_id: str
    sha256: str
    name: str
    media_type: str = DEFAULT_MEDIA_TYPE
    size: int = 0
    created_at: str = ""
    deleted_at: str | None = None

    @property
    def is_image(self) -> bool:
        return is_image(self.media_type)

    @property
    def size_text(self) -> str:
        return human_size(self.size)

    @property
    def type_text(self) -> str:
        return type_label(self.name, self.media_type)


@dataclass(frozen=True)
class AttachmentProblem:
    """An attachment whose stored content is missing or no longer what was attached."""

    sha256: str
    reason: str
    #: Who holds the content, as (evidence ref, file name); empty for content nobody uses.
    holders: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        if not self.holders:
            return f"Stored file content {self.sha256[:12]}… (attached to nothing) {self.reason}"
        return "; ".join(
            f'Attachment "{name}" of {ref} {self.reason}' for ref, name in self.holders
        )


def base_name(name: str) -> str:
    """An attached file's name alone, safe to offer as a file name anywhere: whatever
    folders a name from another system carries are left out, and so are control
    characters and characters no file name may hold."""
    last = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join("_" if c in ':*?"<>|' or not c.isprintable() else c for c in last)
    cleaned = cleaned.strip().strip(".")
    return cleaned or "attachment"


def limit_bytes(limit_mb: float) -> int:
    return int(limit_mb * 1024 * 1024)


def human_size(size: int) -> str:
    """``2.4 MB``-style text: bytes below 1 KB, one decimal below 10 of a unit."""
    if size < 1024:
        return f"{size} byte" + ("" if size == 1 else "s")
    value = float(size)
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")


def guess_media_type(name: str) -> str:
    """The media type a file name suggests (``application/octet-stream`` when unknown)."""
    guessed, _encoding = mimetypes.guess_type(name, strict=False)
    return guessed or DEFAULT_MEDIA_TYPE


def is_image(media_type: str) -> bool:
    return media_type.startswith("image/")


def type_label(name: str, media_type: str) -> str:
    """What a person calls the file's type: its extension in capitals, else the media type."""
    stem, dot, extension = name.rpartition(".")
    if dot and stem and extension and len(extension) <= 5:
        return extension.upper()
    return media_type
