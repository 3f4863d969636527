"""The draft judgment summary workbook (.xlsx) that the lead hands to report writers.

The workbook is written with XlsxWriter in constant-memory mode: each sheet's
rows go to a private temporary folder as they are written, so a large
evidence register never sits in memory, and the finished workbook is
assembled in a temporary file beside the output; only a complete workbook is
moved into place. A failed or cancelled export leaves no file behind, removes
the temporary folder (its rows are evidence text) and never touches a
workbook already at the output path.

The sheets, in order (see :func:`write_sheets`): Summary, Overall (the headline
question's findings), one sheet per core question, areas for improvement and
causes of concern, strengths and notable practice, finding evidence, the
judgment checks, the evidence register, the evidence notes (items the register
cuts short, in full), coverage, and the grading definitions.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from storage.file.durable_files import check_destination
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.file.write_failures import file_write_failure
from storage.job_progress import SILENT, JobProgress
from storage.workbooks.collector_pause import collector_paused
from storage.workbooks.excel_text import cell_text
from storage.workbooks.summary.case_review_sheets import write_case_reviews
from storage.workbooks.summary.checks_sheet import write_checks
from storage.workbooks.summary.export_context import ExportContext
from storage.workbooks.summary.finding_sheets import (
    open_finding_evidence,
    write_finding_evidence,
    write_improvements,
    write_strengths,
)
from storage.workbooks.summary.indicators_sheet import write_force_in_numbers
from storage.workbooks.summary.judgment_sheets import write_grading_definitions, write_summary
from storage.workbooks.summary.question_sheets import plan_question_sheets, write_question_sheet
from storage.workbooks.summary.read_ahead import read_ahead
from storage.workbooks.summary.register_sheets import (
    WITHHELD,
    write_coverage,
    write_evidence_register,
)
from storage.workbooks.summary.workbook_format import (
    DEFAULT_FONT,
    NOT_YET_GRADED,
    PROTECTIVE_MARKING,
)

__all__ = ["ExportResult", "NOT_YET_GRADED", "WITHHELD", "export_summary"]


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote, for the message the person sees."""

    path: Path
    judgments: int
    graded: int
    evidence_items: int
    sensitive_withheld: int


def write_sheets(export: ExportContext) -> None:
    """Every sheet, in order. Where each finding lands on its question sheet is planned
    first, so the sheets before and after can link to it; the Finding evidence sheet is
    filled after the register, whose rows it links to. What the Checks, register and
    Coverage sheets read is read ahead on a thread of its own while earlier sheets are
    written (:mod:`storage.workbooks.summary.read_ahead`). Everything else is read in one
    snapshot of the file, so a change made in the window meanwhile cannot leave a link
    pointing at a row that moved: the register lists an item's findings only where the
    Finding evidence sheet lists the item."""
    export.reading = read_ahead(export.inspection)  # the checks, coverage and items
    try:
        with export.inspection.db.snapshot():
            _write_every_sheet(export)
    finally:
        export.reading.close()


def _write_every_sheet(export: ExportContext) -> None:
    taken = ["Summary"]
    plans = plan_question_sheets(export, taken)
    write_summary(export)
    for plan in plans:
        write_question_sheet(export, plan)
    write_improvements(export)
    write_strengths(export)
    write_force_in_numbers(export)
    write_case_reviews(export)
    finding_evidence = open_finding_evidence(export)
    write_checks(export)
    write_evidence_register(export)  # with Evidence notes; learns where each item is…
    write_finding_evidence(export, finding_evidence)  # …for these rows to link to
    write_coverage(export)
    write_grading_definitions(export)


class _WorkbookFile(io.RawIOBase):
    """The temporary workbook file, which falls silent after its first failed write.

    The spreadsheet library leaves its zip archive open when a write fails (a full
    disk); closed later by the garbage collector, the archive would fail once more
    and print a traceback after our own message. The failure is kept in
    ``failure`` and raised once, by the export.
    """

    def __init__(self, path: Path):
        super().__init__()
        self._file = io.open(path, "wb")  # io.open: what the archive itself would call
        self.failure: OSError | None = None
        self._position = 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def _attempt(self, action, quiet_result):
        if self.failure is not None:
            return quiet_result
        try:
            return action()
        except OSError as e:
            self.failure = e
            raise

    def write(self, data) -> int:
        written = self._attempt(lambda: self._file.write(data), len(data))
        self._position += written or 0
        return written

    def seek(self, offset: int, whence: int = 0) -> int:
        if self.failure is not None and whence == 0:
            self._position = offset
        self._position = self._attempt(lambda: self._file.seek(offset, whence), self._position)
        return self._position

    def tell(self) -> int:
        # After a failure, where the archive believes it is, so it can finish quietly.
        return self._attempt(self._file.tell, self._position)

    def flush(self) -> None:
        if not self._file.closed:
            self._attempt(self._file.flush, None)

    def close(self) -> None:
        if not self.closed:
            try:
                self._attempt(self._file.close, None)
            finally:
                with contextlib.suppress(OSError):
                    self._file.close()
                super().close()


def _new_workbook(target, rows_folder: Path):
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "tmpdir": str(rows_folder),
            # Everything is written as what it is: text stays text, never a formula,
            # a number or a link, whatever it looks like.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_format_properties": dict(DEFAULT_FONT),
        },
    )
    # Nothing to calculate: without this Excel recalculates on opening and then asks
    # whether to save an untouched file.
    workbook.calc_on_load = False
    return workbook


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
    Sensitive evidence notes are withheld unless ``include_sensitive``.
    ``generated_by`` is who is exporting: a team member's initials name the
    member (by name) as the workbook's author. An output that cannot be written
    raises :class:`StorageError`; in every failure ``out`` is left as it was.
    """
    out = Path(out)
    temp = _reserve_temp_file(inspection, out)
    rows_folder: Path | None = None
    target: _WorkbookFile | None = None
    try:
        # mkdtemp makes the folder private to its owner: the rows are evidence text.
        rows_folder = Path(tempfile.mkdtemp(prefix="evidence-review-export-"))
        target = _WorkbookFile(temp)
        workbook = _new_workbook(target, rows_folder)
        export = ExportContext(
            inspection,
            workbook,
            include_sensitive,
            generated_by.strip(),
            datetime.now().replace(microsecond=0),
            progress,
        )
        details = inspection.inspection
        workbook.set_properties(
            {
                "title": cell_text(f"Draft judgment summary: {details.title}"),
                "subject": cell_text(f"{details.force}, {inspection.framework.title}"),
                "author": cell_text(export.inspector or "Evidence Review"),
                "keywords": PROTECTIVE_MARKING,
                "category": PROTECTIVE_MARKING,
                "created": export.generated_at,
            }
        )
        with collector_paused():
            write_sheets(export)
            export.check_cancelled()
            _close(workbook)
        target.close()
        os.replace(temp, out)
    except OSError as e:
        temp.unlink(missing_ok=True)
        raise file_write_failure(e, f"the summary was not written to {out}") or StorageError(
            f"Cannot write {out} ({e.strerror or e}); if it is open in Excel, "
            "close it and try again."
        ) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    finally:
        if target is not None:
            with contextlib.suppress(OSError):
                target.close()
        if rows_folder is not None:
            shutil.rmtree(rows_folder, ignore_errors=True)
    return ExportResult(
        out, export.judgments, export.graded, export.evidence_items, export.sensitive_withheld
    )


def _close(workbook) -> None:
    """Assemble the workbook; a failure to write it is raised as the OSError it is."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        workbook.close()
    except FileCreateError as e:
        cause = e.args[0] if e.args else None
        if isinstance(cause, OSError):
            raise cause from None
        raise


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
