"""Reading the cells of a framework workbook, with every problem placed by sheet, row and column.

A cell is read as the text the inspector typed: numbers Excel made of codes
(``2``, ``1.1``) become that text again, Excel's ``_xHHHH_`` escapes are
decoded and control characters removed. Formulas and error values are
refused, because their text is not what the inspector sees.
"""

from __future__ import annotations

from datetime import date, datetime, time

from models.evidence_logs.input_limits import CELL_CHARACTERS
from storage.frameworks.workbook_layout import SHEETS, normalised, sheet_list
from storage.workbooks.excel_text import remove_control_characters

#: A cell holding a formula or an error value (already reported).
UNUSABLE = object()


class WorkbookProblems:
    """Problems found so far, each placed by sheet, row and column."""

    def __init__(self):
        self._found: list[tuple[int, int, int, str]] = []

    def add(self, sheet: str, text: str, row: int | None = None, column: str | None = None) -> None:
        """Record ``text`` at ``sheet`` (and ``row`` and ``column``, when there is one)."""
        place = (
            f"{sheet} sheet"
            + (f", row {row}" if row else "")
            + (f", column {column}" if column else "")
        )
        self._found.append((SHEETS.index(sheet), row or 0, len(self._found), f"{place}: {text}"))

    def listed(self) -> list[str]:
        """Every problem, sheet by sheet and row by row."""
        return [text for *_, text in sorted(self._found)]

    def __bool__(self) -> bool:
        return bool(self._found)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def filled_rows(worksheet) -> list[tuple[int, tuple]]:
    """The rows that hold anything, with their row numbers."""
    return [
        (cells[0].row, cells)
        for cells in worksheet.iter_rows()
        if not all(is_blank(c.value) for c in cells)
    ]


def column_letter(index: int) -> str:
    """Excel's letter for the column at 0-based ``index``."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def cell_value(cells: tuple, index: int, sheet: str, column: str, problems: WorkbookProblems):
    """The value of ``cells[index]``; :data:`UNUSABLE` (reported) for a formula or an error."""
    if index >= len(cells):
        return None
    cell = cells[index]
    if cell.data_type == "f":
        problems.add(sheet, "the cell holds a formula; type the value itself", cell.row, column)
        return UNUSABLE
    if cell.data_type == "e":
        problems.add(
            sheet, f"the cell holds the error {cell.value}; type the value itself", cell.row, column
        )
        return UNUSABLE
    if isinstance(cell.value, str) and len(cell.value) > CELL_CHARACTERS:
        problems.add(
            sheet,
            f"the cell holds more than {CELL_CHARACTERS:,} characters, more "
            "than a spreadsheet cell can (Excel's limit)",
            cell.row,
            column,
        )
        return UNUSABLE
    return cell.value


def as_text(value) -> str:
    """A cell value as trimmed text, as the inspector typed it."""
    from openpyxl.utils.escape import unescape

    if value is None:
        return ""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, str):
        text = unescape(value)  # Excel stores some characters as _xHHHH_
    else:
        text = str(value)
    return remove_control_characters(text).strip()


def cell_text(
    cells: tuple, index: int, sheet: str, column: str, problems: WorkbookProblems
) -> str | None:
    """The cell as text; ``None`` when it is unusable (already reported)."""
    value = cell_value(cells, index, sheet, column, problems)
    return None if value is UNUSABLE else as_text(value)


def read_header(worksheet, sheet: str, expected: tuple[str, ...], problems: WorkbookProblems):
    """(header row number, column index by name, the rows below) or ``None`` if unusable.

    The header is the first row that holds anything. Unknown, repeated and
    missing columns are reported, and so are cells below a blank header cell.
    """
    rows = filled_rows(worksheet)
    if not rows:
        problems.add(
            sheet,
            f"the sheet is empty; its first row must name the columns {sheet_list(expected)}",
            1,
        )
        return None
    number, cells = rows[0]
    columns: dict[str, int] = {}
    named: set[int] = set()
    for index in range(len(cells)):
        text = cell_text(cells, index, sheet, column_letter(index), problems)
        if not text:
            continue
        named.add(index)
        match = next((c for c in expected if normalised(c) == normalised(text)), None)
        if match is None:
            problems.add(
                sheet,
                f"'{text}' is not a column of this sheet (the columns are {sheet_list(expected)})",
                number,
                column_letter(index),
            )
        elif match in columns:
            problems.add(
                sheet,
                f"the column '{match}' appears twice (also column {column_letter(columns[match])})",
                number,
                column_letter(index),
            )
        else:
            columns[match] = index
    missing = [c for c in expected if c not in columns]
    for column in missing:
        problems.add(sheet, "the header row has no such column; add it", number, f"'{column}'")
    if missing:
        return None
    for row, body in rows[1:]:
        for index, cell in enumerate(body):
            if index not in named and not is_blank(cell.value):
                problems.add(
                    sheet,
                    "this cell has no column name in the header row",
                    row,
                    column_letter(index),
                )
    return number, columns, rows[1:]
