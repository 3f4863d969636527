"""Reading a data return (an Excel workbook or a CSV file) into indicators, checked whole.

A workbook's size is checked before it is unpacked and it is read streamed; its
``data return`` sheet (or its first sheet) holds one indicator a row, and an
optional ``earlier periods`` sheet the time series. A CSV file holds the first
sheet's columns only. The header is the first row with anything in it; row
numbers are the ones the person sees in Excel. Every problem is collected and
reported at once (:class:`IndicatorReturnProblems`); nothing here writes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterator, Sequence

from models.evidence_logs.input_limits import CELL_CHARACTERS, LOG_WORKBOOK_BYTES
from models.evidence_logs.values import cell_text
from models.framework import Framework
from models.indicators.data_return import (
    COLUMNS,
    INDICATORS_SHEET,
    REQUIRED,
    RETURN_ROWS,
    SERIES_COLUMNS,
    SERIES_SHEET,
    ReturnedIndicator,
    ReturnProblems,
    attach_series,
    parse_rows,
    read_header,
)
from storage.evidence_logs.csv_rows import csv_rows, encodings
from storage.evidence_logs.errors import EvidenceLogError
from storage.indicators.errors import IndicatorReturnError, IndicatorReturnProblems
from storage.job_progress import SILENT, JobProgress
from storage.workbooks.outside_files import ZIP_MAGIC, first_bytes
from storage.workbooks.workbook_limits import WorkbookTooLargeError, check_workbook

#: Rows read above the header at most (a title, a note) before giving up on finding it.
_HEADER_SEARCH = 20
Rows = list[tuple[int, tuple[object, ...]]]


def read_return(
    path: Path, framework: Framework, progress: JobProgress = SILENT
) -> list[ReturnedIndicator]:
    """The indicators of the return at ``path``, every row checked against ``framework``."""
    path = Path(path)
    problems = ReturnProblems()
    if _kind(path) == "csv":
        sheets: dict[str | None, Rows] = {None: _csv(path)}
        main: str | None = None
    else:
        sheets = _workbook(path, progress)
        main = INDICATORS_SHEET
    progress.check()
    header_at, header, rows = _split(path, sheets[main] if main in sheets else sheets[None])
    columns = read_header(header, (main, header_at), COLUMNS, REQUIRED, problems)
    returned = [] if columns is None else parse_rows(rows, columns, framework, problems, main)
    if SERIES_SHEET in sheets:
        at, header, rows = _split(path, sheets[SERIES_SHEET])
        series_columns = read_header(
            header, (SERIES_SHEET, at), SERIES_COLUMNS, SERIES_COLUMNS[:4], problems
        )
        if series_columns is not None:
            returned = attach_series(returned, rows, series_columns, problems)
    if problems.total:
        raise IndicatorReturnProblems(path, problems.found, problems.total)
    if not returned:
        raise IndicatorReturnError(f"{path.name} holds no indicators below its header row.")
    return returned


def _split(path: Path, rows: Rows) -> tuple[int, tuple[object, ...], Rows]:
    for i, (number, cells) in enumerate(rows[:_HEADER_SEARCH]):
        if any(cell_text(c) for c in cells):
            return number, cells, rows[i + 1 :]
    raise IndicatorReturnError(
        f"{path.name} is empty: a data return needs a header row ({', '.join(REQUIRED)}, …) "
        "and a row per indicator. Write a template with indicator-template to start from."
    )


def _bounded(path: Path, rows: Iterator[tuple[int, Sequence[object]]], sheet: str | None) -> Rows:
    kept: Rows = []
    for number, cells in rows:
        if number > RETURN_ROWS + _HEADER_SEARCH + 1:
            where = f"sheet {sheet} of " if sheet else ""
            raise IndicatorReturnError(
                f"{where}{path.name} has more than {RETURN_ROWS:,} rows, more than a data "
                "return holds; is this the right file?"
            )
        row = tuple(cells)
        for index, cell in enumerate(row):
            if isinstance(cell, str) and len(cell) > CELL_CHARACTERS:
                raise IndicatorReturnError(
                    f"{path.name}: row {number}, column {index + 1} is longer than "
                    f"{CELL_CHARACTERS:,} characters, more than a spreadsheet cell holds."
                )
        kept.append((number, row))
    return kept


def _csv(path: Path) -> Rows:
    for codec, _name in encodings(path):
        try:
            return _bounded(path, enumerate(csv_rows(path, codec), 1), None)
        except UnicodeDecodeError:
            continue
        except EvidenceLogError as e:
            raise IndicatorReturnError(str(e)) from None
    raise IndicatorReturnError(
        f"{path.name} is neither UTF-8 nor Windows-1252 text; save it from Excel as "
        '"CSV UTF-8" and import that.'
    )


def _workbook(path: Path, progress: JobProgress) -> dict[str | None, Rows]:
    """The data return sheet (under ``data return``, or the first sheet) and the series sheet."""
    from openpyxl import load_workbook

    try:
        check_workbook(path, LOG_WORKBOOK_BYTES, "data return")
    except WorkbookTooLargeError as e:
        raise IndicatorReturnError(str(e)) from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds of error on a malformed part
        raise IndicatorReturnError(
            f"{path.name} cannot be read as an Excel workbook; it may be damaged "
            f"({type(e).__name__})."
        ) from None
    try:
        sheets = [ws for ws in book.worksheets if hasattr(ws, "iter_rows")]
        if not sheets:
            raise IndicatorReturnError(f"{path.name} has no worksheets.")
        named = {ws.title.strip().casefold(): ws for ws in sheets}
        found: dict[str | None, Rows] = {}
        main = named.get(INDICATORS_SHEET, sheets[0])
        for key, ws in ((INDICATORS_SHEET, main), (SERIES_SHEET, named.get(SERIES_SHEET))):
            if ws is None:
                continue
            ws.reset_dimensions()  # some writers declare every possible column
            try:
                found[key] = _bounded(path, enumerate(ws.iter_rows(values_only=True), 1), ws.title)
            except (zipfile.BadZipFile, KeyError, ValueError, TypeError, SyntaxError) as e:
                raise IndicatorReturnError(
                    f"Sheet {ws.title} of {path.name} cannot be read; it may be damaged "
                    f"({type(e).__name__})."
                ) from None
            progress.check()
        return found
    finally:
        book.close()


def _kind(path: Path) -> str:
    magic = first_bytes(path, IndicatorReturnError, "a data return")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        if magic != ZIP_MAGIC:
            raise IndicatorReturnError(
                f"{path.name} is not an Excel workbook (.xlsx); it may be damaged, or be "
                "another kind of file renamed."
            )
        return "xlsx"
    if suffix in (".csv", ".txt", ".tsv"):
        return "xlsx" if magic == ZIP_MAGIC else "csv"
    raise IndicatorReturnError(
        f"{path.name} is not a data return: import an Excel workbook (.xlsx) or a CSV file (.csv)."
    )
