"""Importing a log of reviewed case files (an Excel workbook or a CSV file) under one
checklist: read whole and every row checked before anything is written; all or
nothing; files already reviewed under the checklist (same case reference) are skipped,
so a log can be imported again as it grows; the inspection is backed up first, and
only when the log brings something new.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from models.case_reviews.case_file import reference_warning
from models.case_reviews.checklist import Checklist
from models.case_reviews.review_log import (
    LOG_ROWS,
    LogProblem,
    LogProblems,
    read_header,
    read_rows,
)
from models.evidence_logs.input_limits import CELL_CHARACTERS, LOG_WORKBOOK_BYTES
from models.evidence_logs.values import cell_text
from storage.case_reviews.case_files import CaseFileStore
from storage.evidence_logs.csv_rows import csv_rows, encodings
from storage.evidence_logs.errors import EvidenceLogError
from storage.file.errors import StorageError
from storage.job_progress import SILENT, JobProgress
from storage.workbooks.outside_files import ZIP_MAGIC, RowProblems, first_bytes
from storage.workbooks.workbook_limits import WorkbookTooLargeError, check_workbook

#: The sheet a workbook's reviews are read from when it has one (else its first sheet).
LOG_SHEET = "case reviews"
Rows = list[tuple[int, tuple[object, ...]]]


class CaseReviewLogError(StorageError):
    """The file cannot be read as a log of case reviews; nothing was imported."""


class CaseReviewLogProblems(RowProblems):
    """Rows of the log are not valid; ``problems`` are the first ones found, ``total``
    how many there are. Nothing was imported."""

    called = "log"
    problems: list[LogProblem]


@dataclass(frozen=True)
class CaseReviewsImported:
    """What an import did: files added, files skipped as already reviewed, the
    references that look like names (added all the same), and the backup made first
    (``None`` when nothing was written)."""

    added: tuple[str, ...]
    skipped: tuple[str, ...]
    name_like: tuple[str, ...]
    backup: Path | None
    #: The ids of the files added, in the order of ``added`` (for an undo step).
    added_ids: tuple[str, ...] = ()


def import_log(
    store: CaseFileStore,
    checklist: Checklist,
    path: Path,
    default_reviewer: str,
    before_write: Callable[[], Path],
    progress: JobProgress = SILENT,
) -> CaseReviewsImported:
    """Import the log at ``path`` into ``checklist``'s files (see the module)."""
    rows = read_log_rows(path, progress)
    problems = LogProblems()
    header_at = next(
        (i for i, (_, cells) in enumerate(rows[:20]) if any(cell_text(c) for c in cells)), None
    )
    if header_at is None:
        raise CaseReviewLogError(
            f"{path.name} is empty: a log needs a header row (case reference, reviewer, then"
            " one column per item) and a row per reviewed file."
        )
    number, header = rows[header_at]
    fields, items = read_header(header, number, checklist, problems)
    read = read_rows(rows[header_at + 1 :], checklist, fields, items, default_reviewer, problems)
    progress.check()
    if problems.total:
        raise CaseReviewLogProblems(path, problems.found, problems.total)
    if not read:
        raise CaseReviewLogError(f"{path.name} holds no reviewed files below its header row.")
    new, skipped = [], []
    for _number, case in read:
        if store.find_reference(checklist.id, case.case_reference) is None:
            new.append(store.normalised(case, checklist))
        else:
            skipped.append(case.case_reference)
    backup = None
    if new:
        backup = before_write()
        progress.check()
        with store.db.transaction(reason=f"Imported case reviews from {path.name}") as conn:
            for case in new:
                store.save_in(conn, case)
    name_like = tuple(c.case_reference for c in new if reference_warning(c.case_reference))
    return CaseReviewsImported(
        tuple(c.case_reference for c in new),
        tuple(skipped),
        name_like,
        backup,
        tuple(c.id for c in new),
    )


def read_log_rows(path: Path, progress: JobProgress = SILENT) -> Rows:
    """The rows of the log's sheet (``case reviews``, or the first) or CSV file, numbered
    as the person sees them; ``CaseReviewLogError`` for a file that cannot be read."""
    path = Path(path)
    if _kind(path) == "csv":
        for codec, _name in encodings_or_error(path):
            try:
                return _bounded(path, enumerate(csv_rows(path, codec), 1), None)
            except UnicodeDecodeError:
                continue
            except EvidenceLogError as e:
                raise CaseReviewLogError(str(e)) from None
        raise CaseReviewLogError(
            f"{path.name} is neither UTF-8 nor Windows-1252 text; save it from Excel as "
            '"CSV UTF-8" and import that.'
        )
    return _workbook(path, progress)


def encodings_or_error(path: Path) -> list[tuple[str, str]]:
    try:
        return encodings(path)
    except EvidenceLogError as e:
        raise CaseReviewLogError(str(e).replace("an evidence log", "a log")) from None


def _bounded(path: Path, rows, sheet: str | None) -> Rows:
    kept: Rows = []
    for number, cells in rows:
        if number > LOG_ROWS + 21:
            where = f"sheet {sheet} of " if sheet else ""
            raise CaseReviewLogError(
                f"{where}{path.name} has more than {LOG_ROWS:,} rows, more reviewed files"
                " than one log may hold; split it into smaller logs."
            )
        row: tuple[object, ...] = tuple(cells)
        for index, cell in enumerate(row):
            if isinstance(cell, str) and (len(cell) > CELL_CHARACTERS or "\x00" in cell):
                raise CaseReviewLogError(
                    f"{path.name}: row {number}, column {index + 1} is longer than a"
                    " spreadsheet cell holds or is not text."
                )
        kept.append((number, row))
    return kept


def _workbook(path: Path, progress: JobProgress) -> Rows:
    from openpyxl import load_workbook

    try:
        check_workbook(
            path,
            LOG_WORKBOOK_BYTES,
            "log of case reviews",
            max_rows=LOG_ROWS + 21,
            rows_named="reviewed files",
        )
    except WorkbookTooLargeError as e:
        raise CaseReviewLogError(str(e)) from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds of error on a malformed part
        raise CaseReviewLogError(
            f"{path.name} cannot be read as an Excel workbook; it may be damaged "
            f"({type(e).__name__})."
        ) from None
    try:
        sheets = [ws for ws in book.worksheets if hasattr(ws, "iter_rows")]
        if not sheets:
            raise CaseReviewLogError(f"{path.name} has no worksheets.")
        named = {ws.title.strip().casefold(): ws for ws in sheets}
        ws = named.get(LOG_SHEET, sheets[0])
        ws.reset_dimensions()  # some writers declare every possible column
        try:
            rows = _bounded(path, enumerate(ws.iter_rows(values_only=True), 1), ws.title)
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, SyntaxError) as e:
            raise CaseReviewLogError(
                f"Sheet {ws.title} of {path.name} cannot be read; it may be damaged "
                f"({type(e).__name__})."
            ) from None
        progress.check()
        return rows
    finally:
        book.close()


def _kind(path: Path) -> str:
    magic = first_bytes(path, CaseReviewLogError, "a log of case reviews")
    if path.suffix.lower() in (".xlsx", ".xlsm") or magic == ZIP_MAGIC:
        if magic != ZIP_MAGIC:
            raise CaseReviewLogError(f"{path.name} is not an Excel workbook (.xlsx).")
        return "xlsx"
    return "csv"
