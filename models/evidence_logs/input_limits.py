"""How much a file brought in from outside may hold, and the words used to refuse more.

An evidence log or a framework workbook comes from anywhere: a spreadsheet
saved on another laptop, an export of a case system, a crafted file. A workbook
is a zip archive, so a file of a few hundred kilobytes can unpack into
gigabytes. Each limit is checked before the file's contents are read into
memory, and a refusal names the limit so the person knows what to change.
"""

from __future__ import annotations

#: Rows below the header of one evidence log (a whole inspection rarely has 100,000 items).
LOG_ROWS = 200_000
#: Size of a CSV evidence log on disk.
LOG_FILE_BYTES = 200 * 1024 * 1024
#: What an evidence-log workbook may unpack to, and a framework workbook.
LOG_WORKBOOK_BYTES = 512 * 1024 * 1024
FRAMEWORK_WORKBOOK_BYTES = 64 * 1024 * 1024
#: Parts (files inside the zip archive) of a workbook.
WORKBOOK_PARTS = 10_000
#: Excel's limit on the characters of one cell.
CELL_CHARACTERS = 32_767
#: Questions in one framework (PEEL frameworks have a few hundred).
FRAMEWORK_QUESTIONS = 20_000


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


def too_long(row: int, column: str) -> str:
    where = f"row {row}" + (f", column {column}" if column else "")
    return (
        f"{where}: the cell holds more than {CELL_CHARACTERS:,} characters, more than "
        "a spreadsheet cell can (Excel's limit); shorten it and import again"
    )
