"""Framework workbooks as an inspector makes them in Excel, for the framework tests.

``write_sheets`` types rows into a plain workbook cell by cell (numbers stay
numbers, TRUE stays a boolean), the way Excel saves what was typed;
``five_grade_rows`` is a small framework on the five-grade PEEL scale, its
headers and values typed a little differently from the template.
"""

from __future__ import annotations

import copy
from pathlib import Path

from openpyxl import Workbook

FIVE_GRADE_ID = "peel-2023-effectiveness"
FIVE_GRADES = [
    ("Outstanding", "The force is performing exceptionally well."),
    ("Good", "The force is performing well, with few areas to improve."),
    ("Adequate", "The force is performing satisfactorily, with some areas to improve."),
    ("Requires improvement", "The force is not performing well enough in some areas."),
    ("Inadequate", "The force's performance falls well short of what is expected."),
]


def five_grade_rows() -> dict[str, list[list]]:
    """Sheet name → rows (header first) of a five-grade framework with three core questions."""
    return copy.deepcopy(
        {
            "Framework": [
                ["Field", "Value"],
                ["ID", FIVE_GRADE_ID],
                ["Name", "PEEL 2023 effectiveness"],
                ["Version", "2023.1"],
                ["Description", "Five-grade scale; for tests."],
            ],
            "Questions": [
                ["Code", "Parent Code", "TITLE", "Guidance", "graded"],
                ["E", None, "How effective is the force?", "Overall.", "Yes"],
                [1, "E", "How good is the force at preventing crime?", None, True],
                [1.1, 1, "Does it work with partners?", "Look at joint plans.", None],
                [1.2, 1, "Does it use its powers fairly?", None, "no"],
                [2, "E", "How good is the force at investigating crime?", None, 1],
                [2.1, 2, "Are investigations supervised?", None, "FALSE"],
                [3, "E", "How good is the force at protecting vulnerable people?", None, "yes"],
                [3.1, 3, "Does it assess risk well?", None, 0],
            ],
            "Grades": [["Order", "Name", "Definition"]]
            + [[i, name, definition] for i, (name, definition) in enumerate(FIVE_GRADES, 1)],
        }
    )


def write_sheets(path: Path, sheets: dict[str, list[list]], *, formulas: bool = True) -> Path:
    """A workbook with one sheet per entry, each row typed from column A.

    Text starting with ``=`` becomes a formula, as in Excel, unless ``formulas``
    is false (text typed after an apostrophe).
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        worksheet = workbook.create_sheet(title)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is not None:
                    cell = worksheet.cell(row=r, column=c, value=value)
                    if not formulas and cell.data_type == "f":
                        cell.data_type = "s"
    workbook.save(path)
    return Path(path)


def five_grade_workbook(path: Path) -> Path:
    return write_sheets(path, five_grade_rows())
