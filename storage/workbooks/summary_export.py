"""The draft judgment summary workbook (.xlsx) that the lead hands to report writers.

The workbook is streamed with openpyxl's write-only mode, so a large evidence
register never sits in memory, into a temporary file beside the output; only a
complete workbook is moved into place. A failed or cancelled export leaves no
file behind and never touches a workbook already at the output path.

The sheets, in order (see :func:`sheet_writers`): Summary, Overall (the
headline question's findings), one sheet per core question, areas for improvement and
causes of concern, the judgment checks, the evidence register, coverage, and the grading
definitions. Each is written by one function.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from storage.file.durable_files import check_destination
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.file.write_failures import file_write_failure
from storage.job_progress import SILENT, JobProgress
from storage.workbooks.checks_sheet import write_checks
from storage.workbooks.excel_text import cell_text
from storage.workbooks.export_context import ExportContext
from storage.workbooks.judgment_sheets import (
    write_core_question,
    write_grading_definitions,
    write_improvements,
    write_overall,
    write_summary,
)
from storage.workbooks.register_sheets import WITHHELD, write_coverage, write_evidence_register
from storage.workbooks.workbook_format import NOT_YET_GRADED, PROTECTIVE_MARKING

__all__ = ["ExportResult", "NOT_YET_GRADED", "WITHHELD", "export_summary"]


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote, for the message the person sees."""

    path: Path
    judgments: int
    graded: int
    evidence_items: int
    sensitive_withheld: int


def _core_question_writers(export: ExportContext) -> list[Callable]:
    return [
        lambda workbook, export, q=q: write_core_question(workbook, export, q)
        for q in export.framework.core_questions()
    ]


def sheet_writers(export: ExportContext) -> list[Callable]:
    """The sheets of the workbook, in order; each writer streams one sheet."""
    return (
        [write_summary, write_overall]
        + _core_question_writers(export)
        + [
            write_improvements,
            write_checks,
            write_evidence_register,
            write_coverage,
            write_grading_definitions,
        ]
    )


# -- writing the file ----------------------------------------------------------
def export_summary(
    inspection: InspectionFile,
    out: Path,
    *,
    include_sensitive: bool = False,
    progress: JobProgress = SILENT,
    generated_by: str = "",
) -> ExportResult:
    """Write the draft judgment summary of ``inspection`` to the workbook ``out``.

    ``progress.report(done, total)`` is called as evidence rows are written;
    Cancel is looked for every few hundred rows and raises :class:`Cancelled`.
    Sensitive evidence notes are withheld unless ``include_sensitive``. An
    output that cannot be written raises :class:`StorageError`; in every
    failure ``out`` is left as it was.
    """
    from openpyxl import Workbook

    out = Path(out)
    temp = _reserve_temp_file(inspection, out)
    export = ExportContext(
        inspection,
        include_sensitive,
        generated_by.strip(),
        datetime.now().replace(microsecond=0),
        progress,
    )
    workbook = Workbook(write_only=True)
    try:
        details = inspection.inspection
        workbook.properties.title = cell_text(f"Draft judgment summary: {details.title}")
        workbook.properties.keywords = PROTECTIVE_MARKING
        workbook.properties.category = PROTECTIVE_MARKING
        workbook.properties.subject = cell_text(f"{details.force}, {inspection.framework.title}")
        workbook.properties.creator = cell_text(export.generated_by or "Evidence Review")
        for write_sheet in sheet_writers(export):
            write_sheet(workbook, export)
        export.check_cancelled()
        _save(workbook, temp)
        os.replace(temp, out)
    except OSError as e:
        _discard(workbook, temp)
        raise file_write_failure(e, f"the summary was not written to {out}") or StorageError(
            f"Cannot write {out} ({e.strerror or e}); if it is open in Excel, "
            "close it and try again."
        ) from None
    except BaseException:
        _discard(workbook, temp)
        raise
    return ExportResult(
        out, export.judgments, export.graded, export.evidence_items, export.sensitive_withheld
    )


def _save(workbook, temp: Path) -> None:
    """``workbook.save(temp)``, but with the archive closed here even when a write fails.

    openpyxl leaves its archive open when a write fails (a full disk); closed
    later by the garbage collector, it would fail once more and print a
    traceback after our own message.
    """
    from openpyxl.writer.excel import ExcelWriter

    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()


def _reserve_temp_file(inspection: InspectionFile, out: Path) -> Path:
    """Create the temporary file beside ``out``, refusing outputs that cannot work.

    Creating it first means an unwritable folder is reported before any work.
    """
    check_destination(out)
    if out.exists() and out.resolve() == Path(inspection.path).resolve():
        raise StorageError(
            f"Cannot write the summary over the inspection file {out}; choose an .xlsx file name."
        )
    try:
        # mkstemp makes the file private to its owner; the workbook holds
        # sensitive evidence, so the finished file keeps that.
        fd, name = tempfile.mkstemp(
            prefix=f".{out.stem[:60]}.", suffix=".xlsx.part", dir=out.parent
        )
    except OSError as e:
        raise StorageError(f"Cannot write to the folder {out.parent} ({e.strerror}).") from None
    os.close(fd)
    return Path(name)


def _discard(workbook, temp: Path) -> None:
    """Remove a failed export's files: ours beside the output and openpyxl's own.

    A write-only sheet streams its rows to a file in the system temp folder
    that openpyxl only removes when the program ends; those rows are evidence
    text, so they are removed now. This reaches into openpyxl's sheet writer.
    """
    for worksheet in workbook.worksheets:
        writer = getattr(worksheet, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):  # a sheet that failed mid-row may not close
            if not worksheet.closed:
                worksheet.close()
        with contextlib.suppress(OSError, ValueError):
            if os.path.exists(getattr(writer, "out", "") or ""):
                writer.cleanup()
    temp.unlink(missing_ok=True)
