"""The layout of a framework workbook, shared by the reader and the writer.

Three sheets: ``framework`` (field and value rows), ``questions`` (one row per
question under a header row) and ``grades`` (one row per grade under a header
row). Sheet, column and field names are matched ignoring case and spaces;
other sheets are ignored, so a workbook can carry its own notes.
"""

from __future__ import annotations

FRAMEWORK_SHEET = "framework"
QUESTIONS_SHEET = "questions"
GRADES_SHEET = "grades"
SHEETS = (FRAMEWORK_SHEET, QUESTIONS_SHEET, GRADES_SHEET)

#: Rows of the framework sheet: the field name in column A, its value in column B.
FRAMEWORK_COLUMNS = ("field", "value")
FRAMEWORK_FIELDS = ("id", "name", "version", "description", "cause of concern cap")
REQUIRED_FIELDS = ("id", "name", "version")

QUESTION_COLUMNS = ("code", "parent code", "title", "guidance", "graded")
GRADE_COLUMNS = ("order", "name", "definition")

#: What the graded column may hold (compared ignoring case); a blank cell is "no".
GRADED_YES = frozenset({"yes", "true", "1"})
GRADED_NO = frozenset({"no", "false", "0", ""})

#: Characters a question code may not hold: the evidence editor splits typed codes on them.
CODE_SEPARATORS = frozenset(",; \t\n")

#: Deeper trees are refused rather than risk running out of stack while building them.
DEEPEST_QUESTION = 20


def normalised(name: object) -> str:
    """A sheet, column or field name as compared: lower case, no spaces."""
    return "".join(str(name).lower().split())


def field_key(field: str) -> str:
    """A framework field as the framework's plain data names it: "cause of concern cap"
    is ``cause_of_concern_cap``."""
    return field.replace(" ", "_")


def sheet_list(names: tuple[str, ...]) -> str:
    """``a, b and c``: names as they are listed in messages."""
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
