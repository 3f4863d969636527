"""A log of reviewed case files (one row a file, one column an item), read against a
checklist: its header matched to the checklist's items, every row checked, every
problem named by row and column.

The columns are ``case reference``, ``crime type``, ``date reviewed``, ``reviewer``,
``notes`` and ``sensitive``, then one column per item, headed by its number (``3``,
``Q3``, ``3. Risk level recorded``) or its question as the checklist words it. Nothing
here reads a file or writes anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from models.case_reviews.answers import AnswerError
from models.case_reviews.case_file import (
    CRIME_TYPE_LIMIT,
    NOTES_LIMIT,
    REFERENCE_LIMIT,
    CaseFile,
    review_key,
)
from models.case_reviews.checklist import Checklist, ChecklistItem
from models.evidence_logs.values import cell_text, parse_log_date
from models.records import normalise_initials

FIELDS = ("case reference", "crime type", "date reviewed", "reviewer", "notes", "sensitive")
#: Reviewed files one log may hold.
LOG_ROWS = 20_000
#: Problems kept to show (all are counted).
SHOWN = 200
_ALIASES = {
    "reference": "case reference",
    "case ref": "case reference",
    "crime reference": "case reference",
    "date": "date reviewed",
    "reviewed on": "date reviewed",
    "reviewed by": "reviewer",
    "initials": "reviewer",
}
_NUMBERED = re.compile(r"(?:q|item)?\s*(\d{1,3})(?:[.):]\s*.*|\s+.*)?", re.I)
_YES = {"yes", "y", "true", "1", "sensitive"}
_NO = {"", "no", "n", "false", "0"}


@dataclass(frozen=True)
class LogProblem:
    """One problem, placed as the person sees it in their spreadsheet."""

    row: int
    column: str
    text: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.text}"


@dataclass
class LogProblems:
    found: list[LogProblem] = field(default_factory=list)
    total: int = 0

    def add(self, row: int, column: str, text: str) -> None:
        self.total += 1
        if len(self.found) < SHOWN:
            self.found.append(LogProblem(row, column, text))


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def read_header(
    cells: Sequence[object], row: int, checklist: Checklist, problems: LogProblems
) -> tuple[dict[str, int], dict[str, int]]:
    """``(field → column index, item id → column index)`` of the header row."""
    fields: dict[str, int] = {}
    items: dict[str, int] = {}
    by_prompt = {_key(i.prompt): i for i in checklist.items}
    for index, cell in enumerate(cells):
        text = cell_text(cell)
        if not text:
            continue
        key = _ALIASES.get(_key(text), _key(text))
        item: ChecklistItem | None = None
        if key in FIELDS:
            target, name = fields, key
        else:
            numbered = _NUMBERED.fullmatch(text.strip())
            if numbered and 1 <= int(numbered[1]) <= len(checklist.items):
                item = checklist.items[int(numbered[1]) - 1]
            else:
                item = by_prompt.get(key)
            if item is None:
                problems.add(
                    row,
                    column_letter(index),
                    f"'{text}' is neither a field"
                    f" ({', '.join(FIELDS)}) nor an item of the checklist",
                )
                continue
            target, name = items, item.id
        if name in target:
            problems.add(
                row,
                column_letter(index),
                f"'{text}' is a second column for"
                f" {name if item is None else f'item {item.number}'}",
            )
            continue
        target[name] = index
    for required in ("case reference",):
        if required not in fields:
            problems.add(row, "", f"the header row has no '{required}' column")
    return fields, items


def read_rows(
    rows: Sequence[tuple[int, Sequence[object]]],
    checklist: Checklist,
    fields: dict[str, int],
    items: dict[str, int],
    default_reviewer: str,
    problems: LogProblems,
) -> list[tuple[int, CaseFile]]:
    """Every row that holds anything as ``(row number, reviewed file)``; problems named."""
    read: list[tuple[int, CaseFile]] = []
    seen: dict[str, int] = {}
    by_id = {i.id: i for i in checklist.items}

    def cell(cells: Sequence[object], index: int | None) -> object:
        return cells[index] if index is not None and index < len(cells) else None

    for number, cells in rows:
        if not any(cell_text(c) for c in cells):
            continue

        def problem(name: str, text: str, number: int = number) -> None:
            index = fields.get(name)
            problems.add(number, "" if index is None else column_letter(index), text)

        reference = " ".join(cell_text(cell(cells, fields.get("case reference"))).split())
        if not reference:
            problem("case reference", "the case reference is empty")
        elif len(reference) > REFERENCE_LIMIT:
            problem(
                "case reference", f"a case reference holds at most {REFERENCE_LIMIT} characters"
            )
        elif (key := review_key(checklist.id, reference)) in seen:
            problem("case reference", f"{reference} is reviewed again (also row {seen[key]})")
        else:
            seen[key] = number
        crime_type = " ".join(cell_text(cell(cells, fields.get("crime type"))).split())
        if len(crime_type) > CRIME_TYPE_LIMIT:
            problem("crime type", f"a crime type holds at most {CRIME_TYPE_LIMIT} characters")
        try:
            reviewed_on = parse_log_date(cell(cells, fields.get("date reviewed")))
        except ValueError as e:
            problem("date reviewed", str(e))
            reviewed_on = None
        reviewer_text = cell_text(cell(cells, fields.get("reviewer"))) or default_reviewer
        try:
            reviewer = normalise_initials(reviewer_text)
        except ValueError:
            problem(
                "reviewer",
                f"'{reviewer_text}' is not initials (one to four letters);"
                " give the reviewer's initials, or --author for rows without any",
            )
            reviewer = ""
        notes = cell_text(cell(cells, fields.get("notes")))
        if len(notes) > NOTES_LIMIT:
            problem("notes", f"notes hold at most {NOTES_LIMIT:,} characters")
        flag = cell_text(cell(cells, fields.get("sensitive"))).casefold()
        if flag not in _YES | _NO:
            problem("sensitive", f"'{flag}' is not yes or no")
        answers: dict[str, str] = {}
        for item_id, index in items.items():
            item = by_id[item_id]
            try:
                value = item.read(cell_text(cell(cells, index)))
            except AnswerError as e:
                problems.add(number, column_letter(index), f"item {item.number}: {e}")
                continue
            if value is not None:
                answers[item_id] = value
        read.append(
            (
                number,
                CaseFile(
                    checklist_id=checklist.id,
                    case_reference=reference,
                    crime_type=crime_type,
                    reviewed_on=reviewed_on,
                    reviewer=reviewer,
                    notes=notes,
                    sensitive=flag in _YES,
                    answers=answers,
                ),
            )
        )
    return read
