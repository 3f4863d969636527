"""Writing an inspection out: the draft judgment summary workbook (File ▸ Export draft
judgment summary, ``export``) and the change history as CSV (Inspection ▸ History ▸
Export CSV, ``history --csv``), and reading the history to show it.

Each opens the inspection read-only (exporting never changes it), refuses an
output that cannot be written before any work, and writes a complete file or
none: a failed or cancelled export leaves what was at the output as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from models.history import HistoryEntry, HistoryFilter, withhold_sensitive
from storage.case_reviews.sensitive import sensitive_ids
from storage.file.durable_files import check_destination
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.job_progress import SILENT, Cancelled, JobProgress
from storage.workbooks.history_export import write_history_csv
from storage.workbooks.summary_export import ExportResult, export_summary

log = logging.getLogger(__name__)


def export_judgment_summary(
    source: Path,
    out: Path,
    *,
    include_sensitive: bool = False,
    generated_by: str = "",
    progress: JobProgress = SILENT,
) -> ExportResult:
    """Write the draft judgment summary of the inspection at ``source`` to ``out``.

    The notes of sensitive evidence are withheld unless ``include_sensitive``.
    Raises :class:`StorageError` for an output that cannot be written or a file
    that cannot be read, and :class:`Cancelled` on Cancel.
    """
    source, out = Path(source), Path(out)
    log.info("exporting the draft judgment summary of %s to %s", source.name, out.name)
    try:
        check_destination(out)  # a bad output is refused before the inspection is opened
        with InspectionFile.open(source, readonly=True) as inspection:
            result = export_summary(
                inspection,
                out,
                include_sensitive=include_sensitive,
                generated_by=generated_by,
                progress=progress,
            )
    except Cancelled:
        log.info("export of %s cancelled; nothing written", source.name)
        raise
    except StorageError:
        log.info("export of %s to %s failed", source.name, out.name)
        raise
    log.info(
        "exported %s to %s: %d evidence items, %d of %d judgments graded, %d notes withheld",
        source.name,
        out.name,
        result.evidence_items,
        result.graded,
        result.judgments,
        result.sensitive_withheld,
    )
    return result


@dataclass(frozen=True)
class HistoryExported:
    """The CSV file written and how many changes it holds."""

    path: Path
    changes: int


def export_history(
    source: Path,
    out: Path,
    wanted: HistoryFilter = HistoryFilter(),
    *,
    include_sensitive: bool = False,
    progress: JobProgress = SILENT,
) -> HistoryExported:
    """Write the changes of the inspection at ``source`` that ``wanted`` lets through to
    the CSV file ``out`` (replacing it); changes to sensitive notes are withheld unless
    ``include_sensitive``. Raises :class:`StorageError` or :class:`Cancelled`."""
    source, out = Path(source), Path(out)
    log.info("exporting the history of %s to %s", source.name, out.name)
    try:
        check_destination(out)
        with InspectionFile.open(source, readonly=True) as inspection:
            written = write_history_csv(
                inspection, out, wanted, progress=progress, include_sensitive=include_sensitive
            )
    except Cancelled:
        log.info("history export of %s cancelled; nothing written", source.name)
        raise
    except StorageError:
        log.info("history export of %s to %s failed", source.name, out.name)
        raise
    log.info("exported %d change(s) of %s to %s", written, source.name, out.name)
    return HistoryExported(out, written)


def history_entries(
    source: Path, wanted: HistoryFilter = HistoryFilter(), *, include_sensitive: bool = False
) -> Iterator[HistoryEntry]:
    """The changes of the inspection at ``source`` that ``wanted`` lets through, newest
    first, read as they are consumed from the file opened read-only (closed when the
    iteration ends); changes to sensitive notes withheld unless ``include_sensitive``."""
    with InspectionFile.open(Path(source), readonly=True) as inspection:
        hidden = set() if include_sensitive else sensitive_ids(inspection)
        for entry in inspection.history.iter_rows(wanted):
            yield withhold_sensitive(entry, hidden)
