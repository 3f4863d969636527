"""One sheet of the draft judgment summary, written a row at a time.

A :class:`Sheet` sets up a worksheet the same way for every table — column
widths wide enough for each header and its filter button, the header row
frozen (and any columns asked for), the page set up to print at a readable
size — and then streams rows: each cell is a value with its format, and
optionally a place in the workbook it links to. Rows are given the height
their wrapped text needs before they are written, as a streamed sheet cannot
go back to a row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Sequence

from storage.workbooks.excel_text import cell_text
from storage.workbooks.summary.page_setup import PrintLayout, prepare_page, set_print_area
from storage.workbooks.summary.row_heights import (
    MAX_ROW_HEIGHT,
    CellFont,
    characters_per_line,
    line_height,
    row_height,
    wrapped_lines,
)
from storage.workbooks.summary.workbook_format import PROTECTIVE_MARKING, WorkbookStyles

#: Excel keeps at most this many links on one sheet; past it a reference is plain text.
LINKS_PER_SHEET = 65_000
#: Characters of column width a filter button covers at the right of a header cell.
FILTER_BUTTON = 3


def header_width(header: str) -> float:
    """The narrowest column whose header wraps only between words and leaves room for
    its filter button (bold text is about a tenth wider)."""
    longest = max((len(word) for word in header.split()), default=0)
    return round(longest * 1.1 + FILTER_BUTTON, 1)


def location(sheet_name: str, row: int, column: str = "A") -> str:
    """An internal link's target: ``row`` (0-based) of ``sheet_name``."""
    quoted = sheet_name.replace("'", "''")
    return f"internal:'{quoted}'!{column}{row + 1}"


class Sheet:
    """A worksheet being written: set up once, then rows appended in order."""

    def __init__(
        self,
        workbook,
        styles: WorkbookStyles,
        name: str,
        widths: Sequence[float],
        *,
        header_row: int,
        headers: Sequence[str] = (),
        freeze: bool = True,
        freeze_columns: int = 0,
        max_lines: int | None = None,
    ):
        """``header_row`` is the 0-based row of the table's header; ``headers`` widen their
        columns as needed for the filter button."""
        self.name = name
        self.styles = styles
        self.ws = workbook.add_worksheet(name)
        self.widths = [
            max(w, header_width(h)) if i < len(headers) else w
            for i, (w, h) in enumerate(zip(widths, list(headers) + [""] * len(widths)))
        ]
        self.header_row = header_row
        self.max_lines = max_lines
        self.row = 0  # the next row to write, 0-based
        self.links = 0
        self._fonts: dict[int, CellFont] = {}
        for column, width in enumerate(self.widths):
            self.ws.set_column(column, column, width)
        if freeze:
            self.ws.freeze_panes(header_row + 1, freeze_columns)
        self.layout: PrintLayout = prepare_page(
            self.ws, self.widths, styles.smallest_font, PROTECTIVE_MARKING, header_row
        )
        # Codes such as "1.1" and refs are text on purpose: no green triangles.
        self.ws.ignore_errors({"number_stored_as_text": "A1:XFD1048576"})

    def _font(self, cell_format) -> CellFont:
        key = id(cell_format)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = self.styles.font_of(cell_format)
        return font

    def height_for(self, cells: Sequence) -> float | None:
        texts = []
        for column, cell in enumerate(cells):
            if cell is not None and cell[0].__class__ is str and cell[0]:
                texts.append((cell[0], self.widths[column], self._font(cell[1])))
        return row_height(texts, max_lines=self.max_lines)

    def append(self, cells: Sequence, *, height: float | None = None) -> int:
        """Write one row of cells, each ``None`` (empty), ``(value, format)`` or
        ``(value, format, link target)``; returns the row's 0-based number.

        Text is made safe for a cell (:func:`cell_text`) and always written as text.
        """
        row, ws = self.row, self.ws
        cells = [
            (cell_text(c[0]), *c[1:]) if c is not None and c[0].__class__ is str else c
            for c in cells
        ]
        height = height if height is not None else self.height_for(cells)
        if height:
            ws.set_row(row, height)
        for column, cell in enumerate(cells):
            if cell is None:
                continue
            value, cell_format = cell[0], cell[1]
            kind = value.__class__
            if len(cell) > 2 and cell[2] and value != "" and self.links < LINKS_PER_SHEET:
                self.links += 1
                ws.write_url(row, column, cell[2], cell_format, string=value)
            elif kind is str:
                if value:
                    ws.write_string(row, column, value, cell_format)
                else:
                    ws.write_blank(row, column, None, cell_format)
            elif kind is int or kind is float:
                ws.write_number(row, column, value, cell_format)
            elif isinstance(value, (date, datetime)):
                ws.write_datetime(row, column, value, cell_format)
            elif value is None:
                ws.write_blank(row, column, None, cell_format)
            else:
                raise TypeError(f"cannot write {kind.__name__} to a cell")
        self.row += 1
        return row

    def append_header(self, headers: Sequence[str]) -> int:
        style = self.styles.header
        return self.append([(h, style) for h in headers])

    def skip(self) -> None:
        """Leave an empty row."""
        self.row += 1

    def finish(self, *, filter_columns: int = 0) -> None:
        """Filter buttons on the header row (when asked) and the print area."""
        last = max(self.row - 1, self.header_row)
        if filter_columns:
            self.ws.autofilter(self.header_row, 0, last, filter_columns - 1)
        set_print_area(self.ws, last, len(self.widths))


class StreamedRows:
    """Many rows of plain values (text, or a date where the format is a date's) written
    straight to a sheet: the same cells :meth:`Sheet.append` writes, without a tuple per
    cell, each row's height worked out only as far as the sheet's cap on lines. The
    register and the Finding evidence sheet, a row per item or link, go through here."""

    def __init__(self, sheet: Sheet, formats: list, *, link_format=None, own_words=()):
        """``own_words`` are the columns holding only the app's own words (the label of a
        source type, an assessment, a kind), which need no cleaning."""
        self.sheet, self.ws, self.formats = sheet, sheet.ws, formats
        self.link_format = link_format
        self.clean = [column not in own_words for column in range(len(formats))]
        self.cap = sheet.max_lines or 10_000
        #: Whether the row last written has text past the sheet's cap on lines.
        self.cut_short = False
        self.wrapping = []
        self.line = line_height(CellFont().size)
        for column, cell_format in enumerate(formats):
            font = sheet._font(cell_format)
            if font.wraps:
                width = sheet.widths[column]
                self.wrapping.append((column, width, font, characters_per_line(width, font)))

    def _lines(self, texts: list) -> int:
        lines, cap = 1, self.cap
        self.cut_short = False
        for column, width, font, per_line in self.wrapping:
            text = texts[column]
            if text.__class__ is not str:
                continue
            length = len(text)
            if length <= per_line and "\n" not in text:
                continue
            needed = (
                cap + 1 if length > cap * per_line else wrapped_lines(text, width, font, per_line)
            )
            if needed > cap:
                self.cut_short = True
                return cap
            lines = max(lines, needed)
        return lines

    def write(
        self, values: list, links: dict[int, str] | None = None, *, lines: int | None = None
    ) -> int:
        """Write one row of ``values`` (``None`` or "" for an empty cell); ``links`` maps a
        column to the place in the workbook its text goes to; ``lines``, when the caller has
        measured them, is the lines the row takes. Returns the row's number."""
        sheet, ws, formats = self.sheet, self.ws, self.formats
        row = sheet.row
        texts = [
            cell_text(v) if clean and v.__class__ is str else v
            for v, clean in zip(values, self.clean)
        ]
        if lines is None:
            lines = self._lines(texts)
        if lines > 1:
            ws.set_row(row, min(MAX_ROW_HEIGHT, lines * self.line + 3))
        for column, value in enumerate(texts):
            if not value:
                continue
            if value.__class__ is not str:
                ws.write_datetime(row, column, value, formats[column])
            elif links and column in links and sheet.links < LINKS_PER_SHEET:
                sheet.links += 1
                ws.write_url(row, column, links[column], self.link_format, string=value)
            else:
                ws.write_string(row, column, value, formats[column])
        sheet.row += 1
        return row
