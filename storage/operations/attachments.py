"""Moving attached files in and out: attaching files to an evidence item, and writing an
attachment out as a file (to save it, or as a private copy to open).

Each opens its own connection to the inspection (the window runs them on a worker
thread), reports progress in bytes and stops on Cancel: a cancelled or refused
attach stores nothing, and a cancelled or failed write leaves no partial file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from models.evidence.attachment import Attachment
from storage.file.inspection_file import InspectionFile
from storage.job_progress import SILENT, Cancelled, JobProgress
from storage.repositories.attachment_repository import DEFAULT_LIMIT_BYTES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FilesAttached:
    """The attachments made, in the order of the files given."""

    attachments: tuple[Attachment, ...]


def attach_files(
    source: Path,
    evidence_id: str,
    paths: Sequence[Path],
    *,
    actor: str = "",
    limit_bytes: int = DEFAULT_LIMIT_BYTES,
    progress: JobProgress = SILENT,
) -> FilesAttached:
    """Attach the files at ``paths`` to an item of the inspection at ``source``, all or
    none, recorded under ``actor``. A file over ``limit_bytes``, missing or unreadable
    raises :class:`StorageError` before anything is stored."""
    source, paths = Path(source), [Path(p) for p in paths]
    try:
        with InspectionFile.open(source) as inspection:
            inspection.actor = actor
            attachments = inspection.attachments.add_files(
                evidence_id, paths, progress.report, progress.is_cancelled, limit_bytes
            )
    except Cancelled:
        log.info("attaching %d file(s) in %s cancelled; nothing attached", len(paths), source.name)
        raise
    log.info(
        "attached %d file(s), %d bytes, in %s",
        len(attachments),
        sum(a.size for a in attachments),
        source.name,
    )
    return FilesAttached(tuple(attachments))


def save_attachment(
    source: Path,
    attachment_id: str,
    dest: Path,
    *,
    private: bool = False,
    progress: JobProgress = SILENT,
) -> Path:
    """Write the attachment ``attachment_id`` of the inspection at ``source`` out as the
    file ``dest`` (readable by this user only when ``private``); returns ``dest``."""
    with InspectionFile.open(Path(source), readonly=True) as inspection:
        return inspection.attachments.read_to(
            attachment_id,
            Path(dest),
            progress.report,
            progress.is_cancelled,
            mode=0o600 if private else 0o666,
        )
