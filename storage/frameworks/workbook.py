"""Frameworks authored in Excel: read and validate a framework workbook, or write one.

The layout (sheets ``framework``, ``questions`` and ``grades``) is described in
:mod:`storage.frameworks.workbook_layout`. Reading checks everything before
building anything: every problem is collected with its sheet, row and column
and reported together in :class:`FrameworkWorkbookError`, and a workbook with
any problem gives no framework at all, so nothing is ever half-installed.
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from models.evidence_logs.input_limits import FRAMEWORK_QUESTIONS, FRAMEWORK_WORKBOOK_BYTES
from models.framework import Framework, FrameworkError, framework_from_dict
from storage.file.errors import StorageError
from storage.frameworks.library import framework_id_problem
from storage.frameworks.question_sheet import read_question_sheet
from storage.frameworks.workbook_cells import (
    UNUSABLE,
    WorkbookProblems,
    as_text,
    cell_text,
    cell_value,
    filled_rows,
    read_header,
)
from storage.frameworks.workbook_layout import (
    FRAMEWORK_FIELDS,
    FRAMEWORK_SHEET,
    GRADE_COLUMNS,
    GRADES_SHEET,
    QUESTIONS_SHEET,
    REQUIRED_FIELDS,
    SHEETS,
    field_key,
    normalised,
    sheet_list,
)
from storage.frameworks.workbook_writer import write_framework_workbook
from storage.workbooks.workbook_limits import WorkbookTooLargeError, check_workbook

__all__ = ["FrameworkWorkbookError", "read_framework_workbook", "write_framework_workbook"]

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

log = logging.getLogger(__name__)


class FrameworkWorkbookError(StorageError):
    """The workbook cannot be used as a framework; ``problems`` lists every reason."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = Path(path)
        self.problems = list(problems)
        shown = "; ".join(self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"{self.path}: {shown}{more}")


def read_framework_workbook(path: Path) -> Framework:
    """The framework a workbook describes; :class:`FrameworkWorkbookError` lists any problems."""
    path = Path(path)
    workbook = _open(path)
    problems = WorkbookProblems()
    try:
        sheets = _find_sheets(workbook, problems)
        fields, rows = (
            _read_fields(sheets[FRAMEWORK_SHEET], problems)
            if FRAMEWORK_SHEET in sheets
            else ({}, {})
        )
        questions = (
            read_question_sheet(sheets[QUESTIONS_SHEET], problems)
            if QUESTIONS_SHEET in sheets
            else []
        )
        grades = _read_grades(sheets[GRADES_SHEET], problems) if GRADES_SHEET in sheets else []
        _check_cap(fields.get("cause_of_concern_cap"), grades, rows, problems)
    finally:
        workbook.close()
    if problems:
        raise FrameworkWorkbookError(path, problems.listed())
    data = {**fields, "grades": grades, "questions": questions}
    try:
        return framework_from_dict(data, source=str(path))
    except FrameworkError as e:  # not expected after the checks above, but never half-built
        raise FrameworkWorkbookError(path, e.problems) from None


def _open(path: Path):
    if not path.exists():
        raise FrameworkWorkbookError(path, ["the file does not exist"])
    if path.is_dir():
        raise FrameworkWorkbookError(path, ["this is a folder, not a workbook"])
    try:
        # The questions sheet has a row per question, and a header row above them.
        check_workbook(
            path,
            FRAMEWORK_WORKBOOK_BYTES,
            "framework",
            max_rows=FRAMEWORK_QUESTIONS + 1,
            rows_named="questions",
        )
    except WorkbookTooLargeError as e:
        raise FrameworkWorkbookError(path, [str(e).replace(path.name, "the workbook", 1)]) from None
    try:
        from openpyxl import load_workbook

        with warnings.catch_warnings():
            # openpyxl warns about Excel features it drops; they do not matter here
            # and must not add lines to the command line's output.
            warnings.simplefilter("ignore")
            # Formulas are kept as formulas so they can be refused, not silently read.
            return load_workbook(path, data_only=False)
    except OSError as e:
        raise FrameworkWorkbookError(path, [f"the file cannot be read ({e.strerror})"]) from None
    except Exception as e:  # openpyxl raises many kinds of error for a file it cannot parse
        log.info("not a readable workbook: %s: %r", path, e)
        raise FrameworkWorkbookError(
            path,
            [
                "this is not an Excel workbook (.xlsx) that can be read; save it from your "
                "spreadsheet program as an Excel workbook, without a password"
            ],
        ) from None


def _find_sheets(workbook, problems: WorkbookProblems) -> dict:
    found: dict[str, Worksheet] = {}
    for worksheet in workbook.worksheets:
        key = normalised(worksheet.title)
        if key not in SHEETS:
            continue  # other sheets are the author's own notes
        if key in found:
            problems.add(
                key,
                f"there are two sheets called {key} ('{found[key].title}' and "
                f"'{worksheet.title}'); keep one",
            )
        else:
            found[key] = worksheet
    for name in SHEETS:
        if name not in found:
            problems.add(
                name,
                f"the workbook has no {name} sheet; it needs sheets called {sheet_list(SHEETS)}",
            )
    return found


# -- framework sheet -------------------------------------------------------------
def _read_fields(worksheet, problems: WorkbookProblems) -> tuple[dict[str, str], dict[str, int]]:
    """id, name, version, description and the cause of concern cap from the field and
    value rows, and the row each was found in."""
    rows = filled_rows(worksheet)
    if rows and normalised(as_text(rows[0][1][0].value)) == "field":
        rows = rows[1:]  # the optional header row "field | value"
    found: dict[str, tuple[int, str | None]] = {}
    fields = sheet_list(FRAMEWORK_FIELDS)
    by_key = {normalised(f): f for f in FRAMEWORK_FIELDS}
    for number, cells in rows:
        name = cell_text(cells, 0, FRAMEWORK_SHEET, "'field'", problems)
        value = cell_text(cells, 1, FRAMEWORK_SHEET, "'value'", problems)
        if name is None:
            continue
        key = normalised(name)
        if not key:
            problems.add(
                FRAMEWORK_SHEET,
                f"the field name is empty; column A names one of {fields}",
                number,
                "'field'",
            )
        elif key not in by_key:
            problems.add(
                FRAMEWORK_SHEET,
                f"'{name}' is not a field (the fields are {fields})",
                number,
                "'field'",
            )
        elif by_key[key] in found:
            problems.add(
                FRAMEWORK_SHEET,
                f"the {by_key[key]} is already given in row {found[by_key[key]][0]}",
                number,
                "'field'",
            )
        else:
            found[by_key[key]] = (number, value)
    for field in REQUIRED_FIELDS:
        if field not in found:
            problems.add(
                FRAMEWORK_SHEET,
                f"there is no {field} row; add one with '{field}' in "
                f"column A and the {field} in column B",
                column="'field'",
            )
        elif found[field][1] == "":
            problems.add(FRAMEWORK_SHEET, f"the {field} is empty", found[field][0], "'value'")
    framework_id = found.get("id", (0, None))[1]
    if framework_id:
        problem = framework_id_problem(framework_id)
        if problem:
            problems.add(FRAMEWORK_SHEET, problem, found["id"][0], "'value'")
    return {field_key(field): value or "" for field, (_, value) in found.items()}, {
        field: number for field, (number, _) in found.items()
    }


def _check_cap(
    cap: str | None, grades: list[dict], rows: dict[str, int], problems: WorkbookProblems
) -> None:
    """The cause of concern cap, when given, must name one of the grades."""
    if not cap or not grades:
        return
    names = [g["name"] for g in grades]
    if normalised(cap) not in {normalised(n) for n in names}:
        problems.add(
            FRAMEWORK_SHEET,
            f"the cause of concern cap '{cap}' is not one of the grades "
            f"({', '.join(names)}); name the best grade a question with a cause of "
            "concern may have, or leave it empty",
            rows.get("cause of concern cap"),
            "'value'",
        )


# -- grades sheet ----------------------------------------------------------------
def _read_grades(worksheet, problems: WorkbookProblems) -> list[dict]:
    """The grades, best first (by their order)."""
    header = read_header(worksheet, GRADES_SHEET, GRADE_COLUMNS, problems)
    if header is None:
        return []
    header_row, columns, rows = header
    if not rows:
        problems.add(
            GRADES_SHEET,
            "there are no grades; list them below the header row, the best with order 1",
            header_row + 1,
            "'name'",
        )
    grades: list[tuple[int, int, str, str]] = []
    order_rows: dict[int, int] = {}
    name_rows: dict[str, int] = {}
    for number, cells in rows:
        order = _order(cells, columns["order"], number, problems)
        name = cell_text(cells, columns["name"], GRADES_SHEET, "'name'", problems)
        definition = cell_text(cells, columns["definition"], GRADES_SHEET, "'definition'", problems)
        if order is not None:
            if order in order_rows:
                problems.add(
                    GRADES_SHEET,
                    f"order {order} is already used in row {order_rows[order]}",
                    number,
                    "'order'",
                )
            else:
                order_rows[order] = number
        if name == "":
            problems.add(GRADES_SHEET, "the grade name is empty", number, "'name'")
        elif name is not None:
            if name.lower() in name_rows:
                problems.add(
                    GRADES_SHEET,
                    f"the grade {name} is already named in row "
                    f"{name_rows[name.lower()]} (names are compared "
                    "ignoring case)",
                    number,
                    "'name'",
                )
            else:
                name_rows[name.lower()] = number
        grades.append((order or 0, number, name or "", definition or ""))
    return [{"name": name, "definition": definition} for _, _, name, definition in sorted(grades)]


def _order(cells: tuple, index: int, row: int, problems: WorkbookProblems) -> int | None:
    value = cell_value(cells, index, GRADES_SHEET, "'order'", problems)
    if value is UNUSABLE:
        return None
    text = as_text(value)
    if not text:
        problems.add(
            GRADES_SHEET,
            "the order is empty; give a whole number, 1 for the best grade",
            row,
            "'order'",
        )
        return None
    if isinstance(value, bool) or not re.fullmatch(r"[+-]?[0-9]+", text):
        problems.add(
            GRADES_SHEET,
            f"'{text}' is not a whole number; number the grades 1 (best), 2, 3 and so on",
            row,
            "'order'",
        )
        return None
    if int(text) < 1:
        problems.add(
            GRADES_SHEET, "the order must be 1 or more (1 is the best grade)", row, "'order'"
        )
        return None
    return int(text)
