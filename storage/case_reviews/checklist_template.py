"""Writing a checklist workbook: the ``checklist`` sheet laid out as
:mod:`storage.case_reviews.checklist_workbook` reads it, blank or filled, and a sheet
of notes saying how to fill it in. Every cell is written as text, never a formula,
and the workbook is moved into place only once complete."""

from __future__ import annotations

import os
from pathlib import Path

from models.case_reviews.answers import AnswerType
from models.case_reviews.checklist import Checklist
from models.case_reviews.review_log import FIELDS as FIELDS_OF_LOG
from storage.case_reviews.checklist_workbook import COLUMNS, FIELDS, SHEET
from storage.case_reviews.log_import import LOG_SHEET
from storage.file.errors import StorageError
from storage.frameworks.workbook_writer import _close_sheets, _reserve_temp_file
from storage.workbooks.excel_text import text_cell

NOTES_SHEET = "how to fill in"
_NOTES = (
    (
        "Checklist workbook",
        "Describe one case-file review checklist in the sheet 'checklist', then install it in "
        "an inspection. Nothing is installed until every problem is fixed; each problem is "
        "named with its row and column. This sheet is ignored.",
    ),
    (
        "title, theme, questions",
        "The first rows: a label in column A and its value in column B. title (required), "
        "e.g. Domestic abuse: initial response and risk assessment. theme (optional). "
        "questions: the codes of the framework questions the checklist bears on, separated by "
        "commas, e.g. 3.2, 3.3.",
    ),
    (
        "header row",
        "Then a row naming the columns: " + " | ".join(COLUMNS) + ". One row per item below it.",
    ),
    ("item", "The item's number: 1, 2, 3… in order."),
    (
        "question",
        "What the reviewer answers from the file, e.g. Was a DASH risk assessment completed?",
    ),
    (
        "answer type",
        "yes/no (answered yes, no or partly), number, choice (one of the choices), date, or "
        "text. Any item may be answered n/a (not applicable): results leave it out of the count "
        "and show it apart.",
    ),
    (
        "choices",
        "For a choice item, two or more choices separated by semicolons, e.g. "
        "In person; By telephone; Not recorded. Blank for other items.",
    ),
    (
        "applies when item, has answer",
        "Optional: the item applies only when an earlier item (its number) was given this "
        "answer, e.g. 2 and yes. The earlier item must be a yes/no or choice item.",
    ),
)


def write_template(path: Path, checklist: Checklist | None = None) -> Path:
    """Write the workbook at ``path``; ``StorageError`` when it cannot be written."""
    from openpyxl import Workbook

    path = Path(path)
    temp = _reserve_temp_file(path)
    workbook = Workbook(write_only=True)
    try:
        _checklist_sheet(workbook, checklist)
        if checklist is not None:
            _log_sheet(workbook, checklist)
        _notes_sheet(workbook)
        workbook.save(temp)
        os.chmod(temp, 0o644)  # a checklist is meant to be shared
        os.replace(temp, path)
    except BaseException as e:
        _close_sheets(workbook)
        temp.unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise StorageError(f"Cannot write {path}: {e.strerror}.") from None
        raise
    return path


def _styles():
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "header": {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="FFD9E1F2")},
        "wrap": {"alignment": Alignment(vertical="top", wrap_text=True)},
    }


def _checklist_sheet(workbook, checklist: Checklist | None) -> None:
    from openpyxl.utils import get_column_letter

    styles = _styles()
    ws = workbook.create_sheet(SHEET)
    for index, width in enumerate((12, 70, 14, 40, 18, 14), 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    values = (
        [checklist.title, checklist.theme, ", ".join(checklist.question_codes)]
        if checklist
        else ["", "", ""]
    )
    for field, value in zip(FIELDS, values):
        ws.append([text_cell(ws, field, styles["header"]), text_cell(ws, value, styles["wrap"])])
    ws.append([])
    ws.append([text_cell(ws, name, styles["header"]) for name in COLUMNS])
    items = checklist.items if checklist else ()
    numbers = {item.id: n for n, item in enumerate(items, start=1)}
    for item in items:
        kind = AnswerType(item.answer_type)
        condition = item.condition
        ws.append(
            [
                text_cell(ws, str(numbers[item.id])),
                text_cell(ws, item.prompt, styles["wrap"]),
                text_cell(ws, kind.label.lower()),
                text_cell(ws, "; ".join(item.choices), styles["wrap"]),
                text_cell(ws, "" if condition is None else str(numbers.get(condition.item_id, ""))),
                text_cell(ws, "" if condition is None else condition.value),
            ]
        )


def _log_sheet(workbook, checklist: Checklist) -> None:
    """A sheet to log reviews of files in, headed as the import reads it."""
    from openpyxl.utils import get_column_letter

    styles = _styles()
    ws = workbook.create_sheet(LOG_SHEET)
    header = [*FIELDS_OF_LOG, *(f"{n}. {i.prompt}" for n, i in enumerate(checklist.items, 1))]
    for index in range(1, len(header) + 1):
        ws.column_dimensions[get_column_letter(index)].width = 16 if index <= 6 else 22
    ws.column_dimensions["A"].number_format = "@"  # a reference like 0123 stays as typed
    ws.freeze_panes = "B2"
    ws.append([text_cell(ws, name, {**styles["header"], **styles["wrap"]}) for name in header])


def _notes_sheet(workbook) -> None:
    styles = _styles()
    ws = workbook.create_sheet(NOTES_SHEET)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    for topic, text in _NOTES:
        ws.append([text_cell(ws, topic, styles["header"]), text_cell(ws, text, styles["wrap"])])
