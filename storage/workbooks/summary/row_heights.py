"""How tall a row must be for its wrapped text, worked out before the row is written.

Neither Excel nor LibreOffice sizes the rows of a generated file to their
wrapped text reliably, so each row's height is estimated here: the text is
wrapped word by word into the column's width less its indent and padding, at
the width of the cell's font (bold text is wider, larger text is wider and
taller), and the row takes the tallest cell. Widths are on the side of more
lines, since a row a little too tall reads better than one cut short.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Pixels of one character of column width (the widest digit of the 10-point body font).
PIXELS_PER_WIDTH = 7
#: Pixels Excel adds to every column, and keeps free inside a cell, at either side.
COLUMN_PADDING = 5
#: Pixels of one level of indent.
INDENT_PIXELS = 10
#: An average character of running text, in pixels per point of font size (Arial). Tuned
#: against LibreOffice's PDF of the demo: at 0.62 no wrapped cell of it took more lines
#: than estimated and about one in six took one line fewer (the safety margin); at 0.61
#: some took one more.
_AVERAGE_CHARACTER = 0.62
_BOLD_FACTOR = 1.1
#: Points of one line of text per point of font size, and Excel's tallest row. Excel
#: gives each line of 10-point Arial 12.75 points (its default row height); LibreOffice
#: needs less (10 points a line with Nimbus Sans, about 11.5 with Arial or Liberation
#: Sans), so rows are sized for Excel, the tallest, and never clip.
LINE_SPACING = 1.28
MAX_ROW_HEIGHT = 409.0


@dataclass(frozen=True)
class CellFont:
    """What of a cell's look changes the room its text takes."""

    size: float = 10
    bold: bool = False
    indent: int = 0
    wraps: bool = True


def column_pixels(width: float) -> int:
    """A column's width in pixels for a width in characters, as Excel draws it."""
    return int(width * PIXELS_PER_WIDTH + 0.5) + COLUMN_PADDING


def characters_per_line(width: float, font: CellFont) -> int:
    """How many average characters of ``font`` fit on one line of a column ``width`` wide."""
    room = column_pixels(width) - 2 * COLUMN_PADDING - font.indent * INDENT_PIXELS
    per_character = _AVERAGE_CHARACTER * font.size * (_BOLD_FACTOR if font.bold else 1)
    return max(1, int(room / per_character))


def wrapped_lines(text: str, width: float, font: CellFont, per_line: int = 0) -> int:
    """The lines ``text`` takes in a column ``width`` wide, wrapped at spaces as Excel does
    (a word longer than a line is broken across lines). ``per_line`` is
    :func:`characters_per_line` for the column, when the caller has it."""
    if not text:
        return 1
    if not font.wraps:
        return text.count("\n") + 1
    per_line = per_line or characters_per_line(width, font)
    if len(text) <= per_line and "\n" not in text:
        return 1
    return sum(_paragraph_lines(paragraph, per_line) for paragraph in text.split("\n"))


def _paragraph_lines(paragraph: str, per_line: int) -> int:
    """The lines one paragraph takes, ``per_line`` characters to a line: a line ends at
    the last space that leaves its words within the line. Ordinary prose (single spaces,
    none at either end, no word longer than a line) goes a line at a time; anything else
    word by word (:func:`_lines_word_by_word`), which gives the same count."""
    end = len(paragraph)
    if end <= per_line:
        if "  " not in paragraph:
            return 1
    elif "  " in paragraph or paragraph[0] == " " or paragraph[-1] == " ":
        return _lines_word_by_word(paragraph, per_line)
    start, lines = 0, 1
    while end - start > per_line:
        cut = paragraph.rfind(" ", start, start + per_line + 1)
        if cut < 0:  # a word longer than a line
            return _lines_word_by_word(paragraph, per_line)
        start, lines = cut + 1, lines + 1
    return lines


def _lines_word_by_word(paragraph: str, per_line: int) -> int:
    """:func:`_paragraph_lines` for any paragraph: each space-separated word goes on the
    line if it fits after a space, else starts the next; a word longer than a line is
    broken across as many as it needs; spaces at the start of a line take no room."""
    used, lines = 0, 1
    for word in paragraph.split(" "):
        length = len(word)
        needed = length if used == 0 else used + 1 + length
        if needed <= per_line:
            used = needed
            continue
        if used:
            lines += 1
        lines += (length - 1) // per_line if length else 0
        used = length % per_line or (per_line if length else 0)
    return lines


def line_height(size: float) -> float:
    """Points of one line of text of ``size`` points."""
    return round(size * LINE_SPACING, 2)


def row_height(
    cells: list[tuple[str, float, CellFont]], *, max_lines: int | None = None
) -> float | None:
    """The height (points) a row of ``(text, column width, font)`` cells needs, or None
    when one line of the body font is enough. ``max_lines`` caps the row (the register)."""
    tallest, needs_more = line_height(CellFont().size), False
    for text, width, font in cells:
        lines = wrapped_lines(text, width, font)
        if max_lines is not None:
            lines = min(lines, max_lines)
        height = lines * line_height(font.size)
        if height > tallest:
            tallest, needs_more = height, True
    if not needs_more:
        return None
    return min(MAX_ROW_HEIGHT, round(tallest + 3, 2))
