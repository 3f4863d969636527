"""Writing a framework workbook: a blank template to author a framework in, or a framework to edit.

Every cell is written as text (never a formula) through
:func:`storage.workbooks.excel_text.text_cell`. Each sheet has a bold, frozen header row
and columns wide enough to read; the code columns are formatted as text so
Excel keeps a typed ``1.10`` as it is, and the graded column offers yes and
no. A last sheet explains how to fill the workbook in; reading ignores it.
The workbook is written to a temporary file beside the destination and moved
into place only when complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from models.framework import Framework
from storage.file.errors import StorageError
from storage.frameworks.workbook_layout import (
    FRAMEWORK_COLUMNS,
    FRAMEWORK_FIELDS,
    FRAMEWORK_SHEET,
    GRADE_COLUMNS,
    GRADES_SHEET,
    QUESTION_COLUMNS,
    QUESTIONS_SHEET,
)
from storage.workbooks.excel_text import text_cell

NOTES_SHEET = "how to fill in"
#: Rows of the questions sheet that offer yes and no in the graded column.
_GRADED_LIST_ROWS = 2000

_NOTES = [
    (
        "Framework workbook",
        "Describe an inspection framework in the three sheets framework, questions and grades, "
        "then import it: File > New inspection > From a framework workbook…, or "
        "python main.py import-framework FILE.xlsx. Nothing is installed until every problem "
        "is fixed; each problem is reported with its sheet, row and column. Sheet, column and "
        "field names may be in any case. This sheet is ignored.",
    ),
    (
        "framework sheet",
        "One row per field: its name in column A, its value in column B. id (required): a "
        "stable identifier of lower-case letters, digits, '.', '-' and '_', such as "
        "peel-2016-effectiveness; it cannot be the id of a built-in framework. name "
        "(required). version (required): a new version of an id is installed beside the "
        "earlier ones. description (optional). cause of concern cap (optional): the name of "
        "the best grade a question carrying a cause of concern may have (for PEEL 2015, "
        "Requires improvement); the lead's judgment checks flag a better grade.",
    ),
    (
        "questions sheet",
        "One row per question, under the header row code | parent code | title | guidance | "
        "graded. code: a stable identifier such as 2.3.1, used once, without spaces, commas or "
        "semicolons. parent code: the code of the question it comes under; blank for a "
        "top-level question. title: required. guidance: optional. graded: yes for the headline "
        "and core questions that get a graded judgment, no or blank for the others (true/false "
        "and 1/0 also work). Rows may be in any order; questions under the same parent are "
        "listed in the order of their rows.",
    ),
    (
        "grades sheet",
        "One row per grade, under the header row order | name | definition. order: a whole "
        "number, 1 for the best grade, each used once. name: required, each different "
        "(ignoring case). definition: what the grade means.",
    ),
    (
        "Example question",
        "1.1 | 1 | How well does the force prevent crime and anti-social behaviour? | Look "
        "for prevention treated as core business. | no",
    ),
]


def write_framework_workbook(framework: Framework | None, path: Path) -> Path:
    """Write ``framework`` (a blank template when ``None``) as a workbook at ``path``."""
    from openpyxl import Workbook

    path = Path(path)
    temp = _reserve_temp_file(path)  # an unwritable folder is reported before any work
    workbook = Workbook(write_only=True)
    try:
        styles = _styles()
        _framework_sheet(workbook, framework, styles)
        _questions_sheet(workbook, framework, styles)
        _grades_sheet(workbook, framework, styles)
        _notes_sheet(workbook, styles)
        workbook.save(temp)
        os.chmod(temp, 0o644)  # a framework is meant to be shared, unlike an export
        os.replace(temp, path)
    except BaseException as e:
        _close_sheets(workbook)
        temp.unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise StorageError(f"Cannot write {path}: {e.strerror}.") from None
        raise
    return path


def _styles() -> dict[str, dict]:
    from openpyxl.styles import Alignment, Font, PatternFill

    top = Alignment(vertical="top")
    return {
        "header": {
            "font": Font(bold=True),
            "alignment": top,
            "fill": PatternFill("solid", fgColor="FFD9E1F2"),
        },
        "plain": {"alignment": top},
        "code": {"alignment": top, "number_format": "@"},
        "wrap": {"alignment": Alignment(vertical="top", wrap_text=True)},
    }


def _sheet(
    workbook,
    title: str,
    widths: list[float],
    header: tuple[str, ...],
    styles,
    text_columns: str = "",
):
    """A sheet with its column widths and frozen header row (``text_columns`` formatted as text).

    Column settings go first: a streamed sheet writes them with its first row.
    """
    from openpyxl.utils import get_column_letter

    worksheet = workbook.create_sheet(title)
    for index, width in enumerate(widths, 1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    for letter in text_columns:
        worksheet.column_dimensions[letter].number_format = "@"
    worksheet.freeze_panes = "A2"
    worksheet.append([text_cell(worksheet, name, styles["header"]) for name in header])
    return worksheet


def _framework_sheet(workbook, framework: Framework | None, styles) -> None:
    ws = _sheet(workbook, FRAMEWORK_SHEET, [14, 90], FRAMEWORK_COLUMNS, styles)
    values = (
        {
            "id": framework.id,
            "name": framework.name,
            "version": framework.version,
            "description": framework.description,
            "cause of concern cap": framework.cause_of_concern_cap or "",
        }
        if framework
        else {}
    )
    for field in FRAMEWORK_FIELDS:
        ws.append(
            [
                text_cell(ws, field, styles["plain"]),
                text_cell(ws, values.get(field, ""), styles["wrap"]),
            ]
        )


def _questions_sheet(workbook, framework: Framework | None, styles) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    # Codes typed later stay text: 1.10 is not the number 1.1.
    ws = _sheet(
        workbook, QUESTIONS_SHEET, [10, 12, 70, 70, 9], QUESTION_COLUMNS, styles, text_columns="AB"
    )
    graded = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    graded.add(f"E2:E{_GRADED_LIST_ROWS}")
    ws.data_validations.append(graded)
    for q in framework.questions if framework else ():
        ws.append(
            [
                text_cell(ws, q.code, styles["code"]),
                text_cell(ws, q.parent_code or "", styles["code"]),
                text_cell(ws, q.title, styles["wrap"]),
                text_cell(ws, q.guidance, styles["wrap"]),
                text_cell(ws, "yes" if q.graded else "no", styles["plain"]),
            ]
        )


def _grades_sheet(workbook, framework: Framework | None, styles) -> None:
    from openpyxl.cell import WriteOnlyCell

    ws = _sheet(workbook, GRADES_SHEET, [8, 24, 90], GRADE_COLUMNS, styles)
    for grade in framework.grades if framework else ():
        order = WriteOnlyCell(ws, value=grade.position + 1)
        order.alignment = styles["plain"]["alignment"]
        ws.append(
            [
                order,
                text_cell(ws, grade.name, styles["plain"]),
                text_cell(ws, grade.definition, styles["wrap"]),
            ]
        )


def _notes_sheet(workbook, styles) -> None:
    ws = _sheet(workbook, NOTES_SHEET, [20, 110], ("topic", "how to fill it in"), styles)
    for topic, text in _NOTES:
        ws.append([text_cell(ws, topic, styles["header"]), text_cell(ws, text, styles["wrap"])])


def _reserve_temp_file(path: Path) -> Path:
    """The temporary file beside ``path`` that the workbook is written to first."""
    try:
        fd, temp = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.stem[:60]}.", suffix=".xlsx.part"
        )
    except OSError as e:
        raise StorageError(f"Cannot write {path}: {e.strerror}.") from None
    os.close(fd)
    return Path(temp)


def _close_sheets(workbook) -> None:
    """Close the streamed sheets of a workbook that was not saved, so none is left half open."""
    for worksheet in workbook.worksheets:
        with contextlib.suppress(Exception):  # a sheet that failed mid-row may not close
            if not worksheet.closed:
                worksheet.close()
