"""Reading an evidence log from a CSV file or an Excel workbook, as rows of cells.

An import opens the log (:func:`open_log`: its header found) and then streams its
rows, never holding them all; :func:`read_log` reads them into memory, for
small logs. CSV is read a row at a time (see :mod:`storage.evidence_logs.csv_rows`). Workbooks
are read with openpyxl in read-only mode, so a large log is streamed, once
their unpacked size has been checked (:mod:`storage.workbooks.workbook_limits`); date
cells arrive as dates. The header is the first row naming at least two fields
(a title may sit above it). Row numbers are those the person sees in Excel.
A log of more rows than the limit, or with a cell longer than a spreadsheet
cell can be, is refused where that is met.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence, cast

from models.evidence_logs.fields import (
    HEADER_SEARCH_ROWS,
    clean_headers,
    column_label,
    find_header_row,
)
from models.evidence_logs.input_limits import (
    CELL_CHARACTERS,
    LOG_ROWS,
    LOG_WORKBOOK_BYTES,
    too_long,
)
from models.evidence_logs.values import cell_text
from storage.evidence_logs.csv_rows import csv_rows, decodes, encodings, size_estimate
from storage.evidence_logs.errors import EvidenceLogError
from storage.job_progress import SILENT, JobProgress
from storage.workbooks.outside_files import ZIP_MAGIC, first_bytes
from storage.workbooks.workbook_limits import WorkbookTooLargeError, check_workbook

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
_EXAMPLE_ROWS = 5
_UNSIZED_ROWS = 20_000


@dataclass(frozen=True)
class LogSheet:
    """One sheet's header: its row number, the header cells and an example value per column."""

    name: str | None
    header_row: int
    headers: tuple[str, ...]
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class LogPreview:
    """What a log file holds, read from its first rows: enough to choose the columns."""

    path: Path
    encoding: str | None
    sheets: tuple[LogSheet, ...]


class _LogSource:
    """What every log read for import has: its file, sheet and encoding."""

    path: Path
    sheet: LogSheet
    encoding: str | None

    @property
    def described(self) -> str:
        """How the file was read, for messages: "log.xlsx, sheet Log" or "log.csv (UTF-8)"."""
        if self.sheet.name is not None:
            return f"{self.path.name}, sheet {self.sheet.name}"
        return f"{self.path.name} ({self.encoding})"


@dataclass
class LogTable(_LogSource):
    """The rows below the header of one sheet (or the CSV file), with their row numbers,
    held in memory (for small logs and tests; an import streams :class:`LogStream`)."""

    path: Path
    sheet: LogSheet
    encoding: str | None
    rows: list[tuple[int, tuple]] = field(default_factory=list)

    def numbered_rows(self, progress: JobProgress = SILENT) -> Iterator[tuple[int, tuple]]:
        """The rows below the header with their row numbers."""
        yield from self.rows
        progress.report(len(self.rows), len(self.rows))


@dataclass(frozen=True)
class LogStream(_LogSource):
    """A log whose header has been found; its rows are read from the file, a row at a
    time, each time :meth:`numbered_rows` is iterated (never held whole)."""

    path: Path
    sheet: LogSheet
    encoding: str | None
    codec: str | None = None

    def numbered_rows(self, progress: JobProgress = SILENT) -> Iterator[tuple[int, tuple]]:
        """Every row below the header, refused where a limit is passed; raises
        :class:`EvidenceLogError` when the header is no longer what it was (the file
        changed since it was opened) and :class:`Cancelled` on Cancel."""
        if self.codec is not None:
            numbered = enumerate(csv_rows(self.path, self.codec), 1)
            yield from self._checked(numbered, size_estimate(self.path), progress)
            return
        with _Workbook(self.path) as workbook:
            ws = _pick(workbook.sheets, cast(str, self.sheet.name), self.path)
            estimate = ws.max_row or 0
            yield from self._checked(_sheet_rows(ws), estimate, progress)

    def _checked(
        self, numbered: Iterator[tuple[int, Sequence]], estimate: int, progress: JobProgress
    ) -> Iterator[tuple[int, tuple]]:
        sheet, rows = _below_header(self.path, self.sheet.name, numbered, estimate, progress)
        if (sheet.header_row, sheet.headers) != (self.sheet.header_row, self.sheet.headers):
            raise EvidenceLogError(
                f"{self.path.name} changed while it was being imported; import it again."
            )
        yield from rows


def preview_log(path: Path) -> LogPreview:
    """The header (and example values) of every sheet of a log; raises :class:`EvidenceLogError`."""
    path = Path(path)
    if _kind(path) == "csv":
        for codec, encoding in encodings(path):
            try:
                first = _first_rows(csv_rows(path, codec), HEADER_SEARCH_ROWS + _EXAMPLE_ROWS)
            except UnicodeDecodeError:
                continue
            sheet = _sheet_from_rows(None, first)
            if not sheet.headers:
                raise EvidenceLogError(_empty_message(path, None))
            return LogPreview(path, encoding, (sheet,))
        raise _not_text(path)
    with _Workbook(path) as workbook:
        sheets = tuple(
            _sheet_from_rows(
                ws.title,
                _first_rows((r for _, r in _sheet_rows(ws)), HEADER_SEARCH_ROWS + _EXAMPLE_ROWS),
            )
            for ws in workbook.sheets
        )
    if not any(s.headers for s in sheets):
        raise EvidenceLogError(_empty_message(path, None))
    return LogPreview(path, None, sheets)


def open_log(path: Path, sheet: str | None = None) -> LogStream:
    """The log (``sheet``, or the first sheet) with its header found, ready to be read
    a row at a time. A CSV file is first decoded whole, in pieces, to choose its
    encoding, so a byte that does not fit is never met half-way through an import."""
    path = Path(path)
    if _kind(path) == "csv":
        if sheet is not None:
            raise EvidenceLogError(
                f"{path.name} is a CSV file, which has no sheets; leave out the sheet name."
            )
        for codec, encoding in encodings(path):
            if not decodes(path, codec):
                continue
            found, _ = _below_header(path, None, enumerate(csv_rows(path, codec), 1), 0, SILENT)
            return LogStream(path, found, encoding, codec)
        raise _not_text(path)
    with _Workbook(path) as workbook:
        ws = _pick(workbook.sheets, sheet, path) if sheet is not None else workbook.sheets[0]
        found, _ = _below_header(path, ws.title, _sheet_rows(ws), 0, SILENT)
    return LogStream(path, found, None)


def read_log(
    path: Path,
    sheet: str | None = None,
    *,
    progress: JobProgress = SILENT,
) -> LogTable:
    """Every row of the log below its header (of ``sheet``, or the first sheet), in
    memory; raises :class:`Cancelled` when the person stops it."""
    stream = open_log(path, sheet)
    rows = list(stream.numbered_rows(progress))
    progress.report(len(rows), len(rows))
    return LogTable(stream.path, stream.sheet, stream.encoding, rows)


def _below_header(
    path: Path,
    name: str | None,
    numbered: Iterator[tuple[int, Sequence]],
    estimate: int,
    progress: JobProgress,
) -> tuple[LogSheet, Iterator[tuple[int, tuple]]]:
    """The header of ``numbered`` rows, and the rows below it as they are read."""
    top: list[tuple[int, tuple]] = []
    for number, cells in numbered:
        top.append((number, _bounded(path, number, cells)))
        if len(top) == HEADER_SEARCH_ROWS:
            break
    at = find_header_row([cells for _, cells in top])
    if at is None:
        raise EvidenceLogError(_empty_message(path, name))
    header_row, header_cells = top[at]
    sheet = LogSheet(name, header_row, clean_headers(header_cells))

    def rows() -> Iterator[tuple[int, tuple]]:
        yield from top[at + 1 :]
        count = len(top)
        for count, (number, cells) in enumerate(numbered, len(top) + 1):
            if count - at - 1 > LOG_ROWS:
                raise EvidenceLogError(
                    f"{path.name} has more than {LOG_ROWS:,} rows below its "
                    f"header, more than one log may bring in; split it into "
                    "logs of fewer rows and import each."
                )
            yield number, _bounded(path, number, cells)
            if count % 500 == 0:
                progress.check()
                # Some workbooks do not declare their size: then creep towards the end.
                progress.report(count, estimate if estimate > count else count + _UNSIZED_ROWS)
        progress.report(count, count)

    return sheet, rows()


def _bounded(path: Path, number: int, cells) -> tuple:
    """The row's cells, refused at once when one is longer than a spreadsheet cell can be."""
    cells = tuple(cells)
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > CELL_CHARACTERS:
            raise EvidenceLogError(f"{path.name}: {too_long(number, column_label(index, ''))}")
    return cells


def _not_text(path: Path) -> EvidenceLogError:
    return EvidenceLogError(
        f"{path.name} is neither UTF-8 nor Windows-1252 text; save it from "
        'Excel as "CSV UTF-8" and import that.'
    )


# -- file kinds -------------------------------------------------------------------
def _kind(path: Path) -> str:
    magic = first_bytes(path, EvidenceLogError, "an evidence log")
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES or (magic == ZIP_MAGIC and suffix in TEXT_SUFFIXES):
        if magic != ZIP_MAGIC:
            raise EvidenceLogError(
                f"{path.name} is not an Excel workbook (.xlsx); it may be "
                "damaged, or be another kind of file renamed."
            )
        return "xlsx"
    if suffix in TEXT_SUFFIXES:
        return "csv"
    raise EvidenceLogError(
        f"{path.name} is not an evidence log: import an Excel workbook "
        "(.xlsx) or a CSV file (.csv)."
    )


def _empty_message(path: Path, sheet: str | None) -> str:
    where = f"sheet {sheet} of {path.name}" if sheet is not None else path.name
    return (
        f"{where} is empty: the log needs a header row naming its columns (Summary, "
        "Source type, Questions, …) and a row per evidence item."
    )


# -- workbooks --------------------------------------------------------------------
class _Workbook:
    """A workbook open read-only; closed on leaving the ``with`` block."""

    def __init__(self, path: Path):
        from openpyxl import load_workbook

        self.path = path
        try:
            check_workbook(path, LOG_WORKBOOK_BYTES, "evidence log")
        except WorkbookTooLargeError as e:
            raise EvidenceLogError(str(e)) from None
        try:
            self.book = load_workbook(path, read_only=True, data_only=True)
            self.sheets = [ws for ws in self.book.worksheets if hasattr(ws, "iter_rows")]
        except Exception as e:  # openpyxl raises many kinds of error on a malformed part
            raise EvidenceLogError(
                f"{path.name} cannot be read as an Excel workbook; it may be "
                f"damaged ({type(e).__name__})."
            ) from None
        if not self.sheets:
            self.book.close()
            raise EvidenceLogError(f"{path.name} has no worksheets.")

    def __enter__(self) -> "_Workbook":
        return self

    def __exit__(self, *exc) -> None:
        self.book.close()


def _sheet_rows(ws) -> Iterator[tuple[int, tuple]]:
    # Forget the declared size: some writers declare every possible column,
    # which would pad each row to 16,384 cells.
    ws.reset_dimensions()
    try:
        yield from enumerate(ws.iter_rows(values_only=True), 1)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, SyntaxError) as e:
        raise EvidenceLogError(
            f"Sheet {ws.title} of the workbook cannot be read; it may be "
            f"damaged ({type(e).__name__})."
        ) from None


def _pick(sheets: Sequence, name: str, path: Path):
    for ws in sheets:
        if ws.title == name:
            return ws
    folded = [ws for ws in sheets if ws.title.strip().casefold() == name.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    raise EvidenceLogError(
        f"{path.name} has no sheet named {name!r} (its sheets: "
        f"{', '.join(ws.title for ws in sheets)})."
    )


# -- previews ---------------------------------------------------------------------
def _first_rows(rows, count: int) -> list[tuple]:
    first = []
    for cells in rows:
        first.append(tuple(cells))
        if len(first) == count:
            break
    return first


def _sheet_from_rows(name: str | None, rows: list[tuple]) -> LogSheet:
    at = find_header_row(rows)
    if at is None:
        return LogSheet(name, 0, ())
    headers = clean_headers(rows[at])
    examples = []
    for column in range(len(headers)):
        values = (cell_text(r[column]) for r in rows[at + 1 :] if column < len(r))
        examples.append(next((v for v in values if v), ""))
    return LogSheet(name, at + 1, headers, tuple(examples))
