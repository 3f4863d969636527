"""Printing the draft judgment summary at a readable size.

Fitting a sheet to one page wide lets the spreadsheet shrink its text as far
as it likes (the register came out at 5 points). Instead every sheet prints
at a fixed scale worked out here from its column widths: A4 landscape with
narrow margins when the columns fit at a scale that keeps the smallest font
at 8 points or more, else A3 landscape. A sheet too wide even for A3 is a
layout mistake, and is refused here rather than printed unreadably.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from storage.workbooks.summary.row_heights import PIXELS_PER_WIDTH, column_pixels

#: The smallest printed text allowed, in points.
SMALLEST_PRINTED_POINTS = 8.0
#: Narrow margins, in inches: left and right, top and bottom, header and footer.
SIDE_MARGIN, END_MARGIN, HEADER_MARGIN = 0.25, 0.75, 0.3
#: Paper sizes as the spreadsheet numbers them, with their landscape width in inches.
A4, A3 = 9, 8
_LANDSCAPE_WIDTH = {A4: 11.69, A3: 16.54}
#: Points LibreOffice gives one unit of a column's stored width: the width of a digit of
#: 10-point Arial. Measured from its PDF of a sheet of known widths (5.548-5.551); Excel
#: draws the same column narrower (7 pixels, 5.25 points, a unit), so a sheet laid out
#: for LibreOffice fits in Excel too.
LIBREOFFICE_POINTS_PER_WIDTH = 5.56
#: Headroom for rounding of widths and scale.
_HEADROOM = 0.99


@dataclass(frozen=True)
class PrintLayout:
    """The paper and scale a sheet prints at, and the size its smallest text comes out."""

    paper: int
    scale: int  # percent
    smallest_printed: float  # points

    @property
    def paper_name(self) -> str:
        return "A3" if self.paper == A3 else "A4"


def printable_points(paper: int) -> float:
    """The width (points) between the narrow margins of ``paper`` in landscape."""
    return (_LANDSCAPE_WIDTH[paper] - 2 * SIDE_MARGIN) * 72


def stored_width(width: float) -> float:
    """The width the file stores for a column ``width`` characters wide (what Excel shows
    plus its padding, in characters)."""
    return column_pixels(width) / PIXELS_PER_WIDTH


def content_points(widths: Sequence[float]) -> float:
    """The printed width (points, at 100 %) of columns of ``widths`` characters: the wider of
    LibreOffice's rendering and Excel's (96 pixels an inch)."""
    libreoffice = sum(stored_width(w) for w in widths) * LIBREOFFICE_POINTS_PER_WIDTH
    excel = sum(column_pixels(w) for w in widths) * 0.75
    return max(libreoffice, excel)


def print_layout(widths: Sequence[float], smallest_font: float) -> PrintLayout:
    """A4 if the columns fit it with ``smallest_font`` printed at 8 points or more, else A3.

    Raises ValueError when even A3 would print text under 8 points.
    """
    needed = content_points(widths)
    for paper in (A4, A3):
        scale = min(100, int(100 * _HEADROOM * printable_points(paper) / needed))
        printed = smallest_font * scale / 100
        if printed >= SMALLEST_PRINTED_POINTS:
            return PrintLayout(paper, scale, round(printed, 2))
    raise ValueError(
        f"columns {needed:.0f} pt wide would print {smallest_font}-point text under "
        f"{SMALLEST_PRINTED_POINTS} points even on A3"
    )


def prepare_page(
    worksheet, widths: Sequence[float], smallest_font: float, marking: str, repeat_row: int
) -> PrintLayout:
    """Paper, scale, narrow margins, repeated header row, marking and page numbers.

    ``repeat_row`` is 0-based. The print area is set once the sheet's last row is known
    (:func:`set_print_area`).
    """
    layout = print_layout(widths, smallest_font)
    worksheet.set_landscape()
    worksheet.set_paper(layout.paper)
    worksheet.set_print_scale(layout.scale)
    worksheet.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=END_MARGIN, bottom=END_MARGIN)
    worksheet.repeat_rows(repeat_row)
    # &B for bold: a font named in the header (&"Calibri,Bold") prints literally in some
    # spreadsheets.
    worksheet.set_header(f"&C&B{marking}", {"margin": HEADER_MARGIN})
    worksheet.set_footer(f"&L&A&C{marking}&RPage &P of &N", {"margin": HEADER_MARGIN})
    return layout


def set_print_area(worksheet, last_row: int, columns: int) -> None:
    """Print rows 0…``last_row`` of the first ``columns`` columns (0-based, inclusive row)."""
    worksheet.print_area(0, 0, max(last_row, 0), max(columns - 1, 0))
