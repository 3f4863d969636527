"""Checklists authored in Excel: the documented ``checklist`` sheet, read and validated,
or written (blank as a template, or filled from a checklist to edit).

The ``checklist`` sheet holds three labelled rows, ``title``, ``theme`` and
``questions`` (label in column A, value in column B), then a header row ``item |
question | answer type | choices | applies when item | has answer`` and one row per
item. Every problem is named with its row and column and reported together; a
workbook with any problem installs nothing. Other sheets (the notes the template
carries) are ignored.
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path

from models.case_reviews.answers import AnswerType
from models.case_reviews.checklist import (
    ITEMS_LIMIT,
    Checklist,
    ChecklistItem,
    Condition,
    checklist_problems,
    item_problems,
)
from models.framework import Framework
from storage.file.errors import StorageError
from storage.workbooks.workbook_limits import WorkbookTooLargeError, check_workbook

log = logging.getLogger(__name__)

SHEET = "checklist"
FIELDS = ("title", "theme", "questions")
COLUMNS = ("item", "question", "answer type", "choices", "applies when item", "has answer")
#: Bytes a checklist workbook may unpack to (a checklist is a page or two of questions).
WORKBOOK_BYTES = 16 * 1024 * 1024
_ANSWER_TYPES = {"yes/no": AnswerType.YES_NO, "yes no": AnswerType.YES_NO}


class ChecklistWorkbookError(StorageError):
    """The workbook cannot be installed as a checklist; ``problems`` lists every reason,
    each with its row and column."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = Path(path)
        self.problems = list(problems)
        shown = "; ".join(self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"Nothing was installed: {self.path.name}: {shown}{more}")


def read_checklist_workbook(path: Path, framework: Framework) -> Checklist:
    """The checklist a workbook describes, its question codes checked against
    ``framework``; :class:`ChecklistWorkbookError` lists every problem."""
    path = Path(path)
    workbook = _open(path)
    problems: list[str] = []
    try:
        sheet = next((ws for ws in workbook.worksheets if _key(ws.title) == SHEET), None)
        if sheet is None:
            raise ChecklistWorkbookError(path, [f"the workbook has no sheet named '{SHEET}'"])
        checklist = _read(sheet, framework, problems)
    finally:
        workbook.close()
    if problems:
        raise ChecklistWorkbookError(path, problems)
    return checklist


def _key(text: str) -> str:
    return " ".join(str(text).replace("_", " ").split()).lower()


def _place(row: int, column: str | None = None) -> str:
    return f"{SHEET} sheet, row {row}" + (f", column {column}" if column else "")


def _cells(sheet) -> list[tuple[int, list[str | None]]]:
    """Every row that holds anything, as text (``None`` for a formula or an error)."""
    from storage.frameworks.workbook_cells import as_text

    rows = []
    for cells in sheet.iter_rows():
        values: list[str | None] = []
        for cell in cells:
            if cell.data_type in ("f", "e"):
                values.append(None)
            else:
                values.append(as_text(cell.value))
        if any(v != "" for v in values):
            rows.append((cells[0].row, values))
    return rows


def _read(sheet, framework: Framework, problems: list[str]) -> Checklist:
    rows = _cells(sheet)
    fields: dict[str, str] = {}
    field_rows: dict[str, int] = {}
    header = None
    for index, (row, values) in enumerate(rows):
        if None in values:
            column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[min(values.index(None), 25)]
            problems.append(
                f"{_place(row, column)}: the cell holds a formula or an error;"
                " type the value itself"
            )
            continue
        label = _key(values[0] or "")
        if label == "item":
            header = index
            break
        if label in FIELDS:
            if label in fields:
                problems.append(f"{_place(row, 'A')}: '{label}' is given twice")
            fields[label] = " ".join(((values[1] if len(values) > 1 else "") or "").split())
            field_rows[label] = row
        else:
            problems.append(
                f"{_place(row, 'A')}: '{values[0]}' is not a field of the checklist"
                f" (the fields are {', '.join(FIELDS)}, then the header row starting 'item')"
            )
    if not fields.get("title"):
        problems.append(f"{_place(1, 'B')}: the checklist needs a title (a row 'title')")
    codes = _codes(fields.get("questions", ""), field_rows.get("questions", 3), framework, problems)
    if header is None:
        problems.append(
            f"{_place(len(rows) + 1)}: no header row; add one starting 'item'"
            f" with the columns {' | '.join(COLUMNS)}"
        )
        return Checklist(title=fields.get("title", ""))
    head_row, head = rows[header]
    columns = {_key(v or ""): i for i, v in enumerate(head) if v}
    for name in COLUMNS:
        if name not in columns:
            problems.append(f"{_place(head_row)}: the header row has no column '{name}'")
    for name in columns:
        if name not in COLUMNS:
            problems.append(f"{_place(head_row)}: '{name}' is not a column of this sheet")
    if any(name not in columns for name in COLUMNS):
        return Checklist(title=fields.get("title", ""))
    body = rows[header + 1 :]
    if not body:
        problems.append(f"{_place(head_row + 1)}: the checklist has no items")
    if len(body) > ITEMS_LIMIT:
        problems.append(f"{_place(head_row)}: a checklist holds at most {ITEMS_LIMIT} items")
        return Checklist(title=fields.get("title", ""))
    items = _items(body, columns, problems)
    checklist = Checklist(
        title=fields.get("title", ""),
        theme=fields.get("theme", ""),
        question_codes=codes,
        items=tuple(items),
    )
    if not problems:
        problems.extend(f"{SHEET} sheet: {p}" for p in checklist_problems(checklist))
    return checklist


def _codes(text: str, row: int, framework: Framework, problems: list[str]) -> tuple[str, ...]:
    codes = tuple(c for c in re.split(r"[,;\s]+", text) if c)
    for code in codes:
        if not framework.has_question(code):
            problems.append(
                f"{_place(row, 'B')}: question {code} is not in the inspection's framework"
            )
    return codes


def _items(body, columns: dict[str, int], problems: list[str]) -> list[ChecklistItem]:
    letter = {name: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[min(i, 25)] for name, i in columns.items()}
    items: list[ChecklistItem] = []
    by_number: dict[int, ChecklistItem] = {}

    def cell(values, name: str) -> str:
        index = columns[name]
        return (values[index] or "") if index < len(values) else ""

    for expected, (row, values) in enumerate(body, start=1):
        if None in values:
            column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[min(values.index(None), 25)]
            problems.append(
                f"{_place(row, column)}: the cell holds a formula or an error;"
                " type the value itself"
            )
            continue
        number_text = cell(values, "item")
        if number_text != str(expected):
            problems.append(
                f"{_place(row, letter['item'])}: expected item number {expected},"
                f" found '{number_text}' (number the items 1, 2, 3… in order)"
            )
        kind_text = _key(cell(values, "answer type"))
        kind = _ANSWER_TYPES.get(kind_text)
        if kind is None:
            try:
                kind = AnswerType.from_text(kind_text)
            except ValueError:
                problems.append(
                    f"{_place(row, letter['answer type'])}: '{cell(values, 'answer type')}'"
                    " is not an answer type (yes/no, number, choice, date or text)"
                )
                kind = AnswerType.TEXT
        choices = tuple(c.strip() for c in cell(values, "choices").split(";") if c.strip())
        condition = None
        when = cell(values, "applies when item")
        answer = cell(values, "has answer")
        if when or answer:
            parent = by_number.get(int(when)) if when.isdigit() else None
            if parent is None:
                problems.append(
                    f"{_place(row, letter['applies when item'])}: '{when}' is not"
                    " the number of an earlier item"
                )
            elif not answer:
                problems.append(
                    f"{_place(row, letter['has answer'])}: say which answer of"
                    f" item {when} the item applies after"
                )
            else:
                try:
                    stored = parent.read(answer) or answer
                except ValueError:
                    stored = answer
                condition = Condition(parent.id, stored)
        item = ChecklistItem(
            prompt=cell(values, "question"),
            answer_type=kind,
            choices=choices,
            condition=condition,
            number=expected,
        )
        earlier = {i.id: i for i in items}
        for problem in item_problems(item, earlier):
            problems.append(f"{_place(row)}: {problem}")
        items.append(item)
        by_number[expected] = item
    return items


def _open(path: Path):
    if not path.is_file():
        raise ChecklistWorkbookError(path, ["the file does not exist or is a folder"])
    try:
        check_workbook(
            path,
            WORKBOOK_BYTES,
            "checklist workbook",
            max_rows=ITEMS_LIMIT + 50,
            rows_named="items",
        )
    except WorkbookTooLargeError as e:
        raise ChecklistWorkbookError(path, [str(e)]) from None
    try:
        from openpyxl import load_workbook

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=False)
    except OSError as e:
        raise ChecklistWorkbookError(path, [f"the file cannot be read ({e.strerror})"]) from None
    except Exception as e:  # openpyxl raises many kinds of error for a file it cannot parse
        log.info("not a readable workbook: %s: %r", path.name, e)
        raise ChecklistWorkbookError(
            path,
            [
                "this is not an Excel workbook (.xlsx) that can be read; save it as an"
                " Excel workbook, without a password"
            ],
        ) from None


def write_checklist_workbook(path: Path, checklist: Checklist | None = None) -> Path:
    """Write the ``checklist`` sheet at ``path`` (blank, or filled with ``checklist``) and
    a sheet of notes on filling it in."""
    from storage.case_reviews.checklist_template import write_template

    return write_template(path, checklist)
