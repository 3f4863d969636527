"""How the draft judgment summary looks: cell styles, grade colours, page and print set-up.

Every sheet is prepared the same way — column widths, frozen header, landscape
pages one page wide with the header rows repeated, and the protective marking
in the page header — so report writers can read, filter and print any of them.
openpyxl is imported lazily so opening an inspection never pays for it.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from typing import Sequence

from models.framework import Framework
from models.grade_colours import NOT_GRADED, grade_colour, text_colour_on
from storage.workbooks.excel_text import apply_style, text_cell

PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE — DRAFT"
NOT_YET_GRADED = "Not yet graded"
DATE_FORMAT = "d mmm yyyy"
DATETIME_FORMAT = "d mmm yyyy hh:mm"
_HEADER_FILL = "1F3864"
_QUESTION_FILL = "D9E1F2"


def _argb(hex_colour: str) -> str:
    return "FF" + hex_colour.lstrip("#").upper()


class WorkbookStyles:
    """The named styles of one workbook (created once, reused by every cell)."""

    @cached_property
    def _openpyxl(self):
        from openpyxl import styles

        return styles

    def _style(self, **attributes) -> dict:
        return attributes

    @cached_property
    def title(self) -> dict:
        return self._style(font=self._openpyxl.Font(bold=True, size=14))

    @cached_property
    def title_wrap(self) -> dict:
        s = self._openpyxl
        return self._style(
            font=s.Font(bold=True, size=14), alignment=s.Alignment(vertical="top", wrap_text=True)
        )

    @cached_property
    def marking(self) -> dict:
        return self._style(font=self._openpyxl.Font(bold=True, color="FFC00000"))

    @cached_property
    def label(self) -> dict:
        s = self._openpyxl
        return self._style(font=s.Font(bold=True), alignment=s.Alignment(vertical="top"))

    @cached_property
    def header(self) -> dict:
        s = self._openpyxl
        return self._style(
            font=s.Font(bold=True, color="FFFFFFFF"),
            fill=s.PatternFill("solid", fgColor=_argb(_HEADER_FILL)),
            alignment=s.Alignment(vertical="center", wrap_text=True),
        )

    @cached_property
    def plain(self) -> dict:
        return self._style(alignment=self._openpyxl.Alignment(vertical="top"))

    @cached_property
    def wrap(self) -> dict:
        return self._style(alignment=self._openpyxl.Alignment(vertical="top", wrap_text=True))

    @cached_property
    def muted(self) -> dict:
        s = self._openpyxl
        return self._style(
            font=s.Font(italic=True, color="FF7F7F7F"),
            alignment=s.Alignment(vertical="top", wrap_text=True),
        )

    @cached_property
    def warning(self) -> dict:
        s = self._openpyxl
        return self._style(
            font=s.Font(bold=True, color="FFC00000"),
            alignment=s.Alignment(vertical="top", wrap_text=True),
        )

    def _cached(self, key, make) -> dict:
        """One style dict per key and workbook, so each is registered only once."""
        cache = self.__dict__.setdefault("_made", {})
        if key not in cache:
            cache[key] = make()
        return cache[key]

    def date(self, number_format: str) -> dict:
        """A date cell's style for ``number_format``."""
        return self._cached(
            ("date", number_format),
            lambda: self._style(
                number_format=number_format,
                alignment=self._openpyxl.Alignment(vertical="top", horizontal="left"),
            ),
        )

    def question(self, depth: int) -> dict:
        """A question heading row, indented by its depth in the framework."""
        s = self._openpyxl
        return self._cached(
            ("question", depth),
            lambda: self._style(
                font=s.Font(bold=True),
                fill=s.PatternFill("solid", fgColor=_argb(_QUESTION_FILL)),
                alignment=s.Alignment(vertical="top", wrap_text=True, indent=max(0, depth - 1) * 2),
            ),
        )

    def indented(self, depth: int) -> dict:
        return self._cached(
            ("indented", depth),
            lambda: self._style(
                alignment=self._openpyxl.Alignment(
                    vertical="top", wrap_text=True, indent=max(0, depth - 1) * 2
                )
            ),
        )

    def tinted(self, colour: str) -> dict:
        """Bold text on a light ``colour`` (a hex colour), for a word that also says it."""
        s = self._openpyxl
        return self._cached(
            ("tinted", colour),
            lambda: self._style(
                font=s.Font(bold=True),
                fill=s.PatternFill("solid", fgColor=_argb(colour)),
                alignment=s.Alignment(vertical="top"),
            ),
        )

    def grade(self, colour: str) -> dict:
        s = self._openpyxl
        return self._cached(
            ("grade", colour),
            lambda: self._style(
                font=s.Font(bold=True, color=_argb(text_colour_on(colour))),
                fill=s.PatternFill("solid", fgColor=_argb(colour)),
                alignment=s.Alignment(vertical="top"),
            ),
        )


def date_cell(
    worksheet,
    value: date | datetime | None,
    styles: WorkbookStyles,
    number_format: str = DATE_FORMAT,
):
    """A real date (or date and time) cell; empty when there is no value."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet, value=value)
    apply_style(cell, styles.date(number_format))
    return cell


def number_cell(worksheet, value: int, styles: WorkbookStyles):
    """A count, as a number, aligned with the text at the top of its row."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet, value=value)
    apply_style(cell, styles.plain)
    return cell


def grade_cell(worksheet, styles: WorkbookStyles, framework: Framework, grade: str | None):
    """The grade's name in a cell filled with the grade's colour (never colour alone)."""
    if not grade:
        return text_cell(worksheet, NOT_YET_GRADED, styles.grade(NOT_GRADED))
    g = framework.grade(grade)
    colour = grade_colour(g.position, len(framework.grades))
    return text_cell(worksheet, g.name, styles.grade(colour))


def prepare_sheet(
    worksheet, widths: Sequence[float], *, header_row: int | None, freeze: bool = True
) -> "SheetWriter":
    """Column widths, frozen header and print set-up; returns the writer for the rows.

    Columns at least 20 characters wide hold running text and wrap.
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    for index, width in enumerate(widths, 1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    if header_row is not None:
        if freeze:
            worksheet.freeze_panes = f"A{header_row + 1}"
        worksheet.print_title_rows = f"{header_row}:{header_row}"
    setup = worksheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = "9"  # A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    worksheet.print_options.gridLines = False
    worksheet.oddHeader.center.text = PROTECTIVE_MARKING
    worksheet.oddHeader.center.font = "Calibri,Bold"
    worksheet.oddFooter.left.text = "&A"
    worksheet.oddFooter.right.text = "Page &P of &N"
    worksheet.oddFooter.center.text = PROTECTIVE_MARKING
    return SheetWriter(worksheet, list(widths), {i for i, w in enumerate(widths) if w >= 20})


def add_filter(worksheet, columns: int, header_row: int, last_row: int) -> None:
    """Filter buttons on the header row of a block (an autofilter, not an Excel table:
    tables are fussy about their header cells and a streamed sheet cannot be checked)."""
    from openpyxl.utils import get_column_letter

    worksheet.auto_filter.ref = (
        f"A{header_row}:{get_column_letter(columns)}{max(last_row, header_row)}"
    )


#: Points per line of 11-point text, and Excel's tallest row.
_LINE_HEIGHT = 15.0
_MAX_ROW_HEIGHT = 409.0


class SheetWriter:
    """Appends rows to a streamed sheet, giving rows with wrapped text a height that fits.

    Neither Excel nor LibreOffice reliably sizes rows of a generated file to
    their wrapped text, so each row's height is estimated from the longest
    text in its wrapping columns and the column widths.
    """

    def __init__(self, worksheet, widths: list[float], wrapped: set[int]):
        self.ws = worksheet
        self.widths = widths
        self.wrapped = wrapped  # 0-based column indexes whose text wraps
        self.rows = 0

    def _lines(self, text: str, width: float, scale: float) -> int:
        per_line = max(1, int(width * 1.15 / scale))
        return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))

    def height_for(
        self, values: list, *, all_wrap: bool = False, scale: float = 1.0
    ) -> float | None:
        """The height (points) a row of ``values`` needs, or None for the default.

        ``all_wrap`` marks a header row (every column wraps, in bold); ``scale``
        is the font size relative to the usual 11 points.
        """
        if all_wrap:  # bold text is wider
            scale = max(scale, 1.25)
        lines = 1
        for index in range(len(self.widths)) if all_wrap else self.wrapped:
            if index < len(values):
                value = getattr(values[index], "value", values[index])
                if isinstance(value, str) and value:
                    lines = max(lines, self._lines(value, self.widths[index], scale))
        if lines > 1 or (scale > 1 and not all_wrap):
            return min(_MAX_ROW_HEIGHT, lines * _LINE_HEIGHT * scale + 2)
        return None

    def append(self, cells: list, *, all_wrap: bool = False, scale: float = 1.0) -> int:
        """Write one row (see :meth:`height_for` for the options); returns its number."""
        self.rows += 1
        height = self.height_for(cells, all_wrap=all_wrap, scale=scale)
        if height:
            self.ws.row_dimensions[self.rows].height = height
        self.ws.append(cells)
        if self.rows in self.ws.row_dimensions:  # written: a streamed row needs it no more
            del self.ws.row_dimensions[self.rows]
        return self.rows
