"""Importing an evidence log into an inspection (File ▸ Import evidence, ``import-evidence``).

An import is all or nothing: every row of the log is read and checked before
anything is written (streamed, never held whole), and the inspection is backed up
first only when the log is valid and brings something in, so a refused log leaves
no backup behind either.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from models.evidence_logs.fields import LogField
from storage.backups.automatic import BEFORE_IMPORT, create_backup
from storage.evidence_logs.importer import ImportResult, import_log_table, read_for_import
from storage.evidence_logs.reader import LogStream
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.job_progress import SILENT, Cancelled, JobProgress

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EvidenceImported:
    """What an import did: its counts and the backup made before it (``None`` when the
    log brought nothing new, so nothing was written)."""

    result: ImportResult
    backup: Path | None


def import_evidence(
    target: InspectionFile | Path,
    log_path: Path,
    *,
    sheet: str | None = None,
    choices: dict[str, LogField | None] | None = None,
    mapping: dict[int, LogField | None] | None = None,
    expected_headers: Sequence[str] | None = None,
    default_author: str = "",
    actor: str = "",
    command_line: bool = False,
    progress: JobProgress = SILENT,
) -> EvidenceImported:
    """Import the evidence log at ``log_path`` into ``target``, all or nothing.

    ``target`` is an inspection already open for editing, or the path of one
    to open here (its changes recorded under ``actor``). Every row of the log is
    checked before the inspection is changed; its columns are ``mapping`` (chosen from
    a preview whose header row was ``expected_headers``) or else recognised
    from its headers and ``choices``. Raises :class:`EvidenceLogError` or
    :class:`EvidenceLogProblems` for a log that cannot be imported and
    :class:`Cancelled` on Cancel, the inspection unchanged in every case.
    """
    log_path = Path(log_path)
    where = target.path if isinstance(target, InspectionFile) else Path(target)
    log.info("importing %s into %s", log_path.name, where.name)
    try:
        table, columns, author = read_for_import(
            log_path,
            sheet=sheet,
            choices=choices,
            mapping=mapping,
            expected_headers=expected_headers,
            default_author=default_author,
            command_line=command_line,
            progress=progress,
        )
        if isinstance(target, InspectionFile):
            done = _import_table(target, table, columns, author, progress)
        else:
            with InspectionFile.open(where) as inspection:
                inspection.actor = actor
                done = _import_table(inspection, table, columns, author, progress)
    except Cancelled:
        log.info("import of %s into %s cancelled; nothing imported", log_path.name, where.name)
        raise
    except StorageError as e:
        total = getattr(e, "total", None)
        log.info(
            "import of %s into %s refused%s",
            log_path.name,
            where.name,
            f": {total} problem(s)" if total is not None else "",
        )
        raise
    return done


def _import_table(
    inspection: InspectionFile,
    table: LogStream,
    columns: dict[int, LogField | None],
    default_author: str,
    progress: JobProgress,
) -> EvidenceImported:
    backups: list[Path] = []

    def back_up() -> None:
        backups.append(create_backup(inspection, BEFORE_IMPORT))

    # Only a valid log with rows to bring in is backed up for (import_log_table knows).
    result = import_log_table(
        inspection,
        table,
        columns,
        default_author=default_author,
        progress=progress,
        before_write=back_up,
    )
    return EvidenceImported(result, backups[0] if backups else None)
