"""The questions sheet of a framework workbook: rows of questions made into a checked tree.

Each row names a question's code, its parent's code (blank for a top-level
question), title, guidance and whether it is graded. Rows may come in any
order: the tree is built from the parent codes, and questions under the same
parent keep the order of their rows. Missing parents, questions that are
their own ancestor and trees nested too deep are reported, never guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.evidence_logs.input_limits import FRAMEWORK_QUESTIONS
from storage.frameworks.workbook_cells import (
    UNUSABLE,
    WorkbookProblems,
    as_text,
    cell_text,
    cell_value,
    read_header,
)
from storage.frameworks.workbook_layout import (
    CODE_SEPARATORS,
    DEEPEST_QUESTION,
    GRADED_NO,
    GRADED_YES,
    QUESTION_COLUMNS,
    QUESTIONS_SHEET,
)


@dataclass
class _QuestionRow:
    row: int
    code: str
    parent: str
    title: str
    guidance: str
    graded: bool


def read_question_sheet(worksheet, problems: WorkbookProblems) -> list[dict]:
    """The question tree as the nested data ``framework_from_dict`` takes ([] on problems)."""
    header = read_header(worksheet, QUESTIONS_SHEET, QUESTION_COLUMNS, problems)
    if header is None:
        return []
    header_row, columns, rows = header
    if not rows:
        problems.add(
            QUESTIONS_SHEET,
            "there are no questions; list them below the header row",
            header_row + 1,
        )
    if len(rows) > FRAMEWORK_QUESTIONS:
        problems.add(
            QUESTIONS_SHEET,
            f"there are {len(rows):,} questions, more than the "
            f"{FRAMEWORK_QUESTIONS:,} a framework may have",
            header_row + FRAMEWORK_QUESTIONS + 1,
        )
        return []
    questions: list[_QuestionRow] = []
    row_of: dict[str, int] = {}
    for number, cells in rows:

        def text(column: str) -> str | None:
            # Called only within this iteration, so the loop's current cells are meant.
            return cell_text(cells, columns[column], QUESTIONS_SHEET, f"'{column}'", problems)  # noqa: B023

        code, parent, title, guidance = (
            text("code"),
            text("parent code"),
            text("title"),
            text("guidance"),
        )
        usable = False
        if code == "":
            problems.add(QUESTIONS_SHEET, "the code is empty", number, "'code'")
        elif code is not None and CODE_SEPARATORS & set(code):
            problems.add(
                QUESTIONS_SHEET,
                f"the code '{code}' may not hold spaces, commas or semicolons",
                number,
                "'code'",
            )
        elif code is not None and code in row_of:
            problems.add(
                QUESTIONS_SHEET,
                f"the code {code} is already used in row {row_of[code]}",
                number,
                "'code'",
            )
        elif code is not None:
            usable = True
        if title == "":
            problems.add(QUESTIONS_SHEET, "the title is empty", number, "'title'")
        graded = _graded(cells, columns["graded"], number, problems)
        if usable and code is not None:
            row_of[code] = number
            questions.append(
                _QuestionRow(number, code, parent or "", title or "", guidance or "", bool(graded))
            )
    parent_of = _check_parents(questions, row_of, problems)
    if problems:
        return []
    children: dict[str, list[_QuestionRow]] = {}
    for q in questions:
        children.setdefault(parent_of.get(q.code, ""), []).append(q)

    def node(q: _QuestionRow) -> dict:
        return {
            "code": q.code,
            "title": q.title,
            "graded": q.graded,
            "guidance": q.guidance,
            "children": [node(c) for c in children.get(q.code, [])],
        }

    return [node(q) for q in children.get("", [])]


def _graded(cells: tuple, index: int, row: int, problems: WorkbookProblems) -> bool | None:
    value = cell_value(cells, index, QUESTIONS_SHEET, "'graded'", problems)
    if value is UNUSABLE:
        return None
    if isinstance(value, bool):
        return value
    text = as_text(value).lower()
    if text in GRADED_YES or text in GRADED_NO:
        return text in GRADED_YES
    problems.add(
        QUESTIONS_SHEET,
        f"'{as_text(value)}' is not yes or no (graded may be yes, "
        "no, true, false, 1, 0, or blank for no)",
        row,
        "'graded'",
    )
    return None


def _check_parents(
    questions: list[_QuestionRow], row_of: dict[str, int], problems: WorkbookProblems
) -> dict[str, str]:
    """Each question's parent code; reports missing parents, cycles and too-deep trees."""
    parent_of: dict[str, str] = {}
    for q in questions:
        if not q.parent:
            continue
        if q.parent == q.code:
            problems.add(
                QUESTIONS_SHEET, f"question {q.code} is its own parent", q.row, "'parent code'"
            )
        elif q.parent not in row_of:
            problems.add(
                QUESTIONS_SHEET, f"parent {q.parent} does not exist", q.row, "'parent code'"
            )
        else:
            parent_of[q.code] = q.parent
    if not _report_cycles(questions, parent_of, row_of, problems):
        _check_depth(questions, parent_of, problems)
    return parent_of


def _report_cycles(
    questions: list[_QuestionRow],
    parent_of: dict[str, str],
    row_of: dict[str, int],
    problems: WorkbookProblems,
) -> bool:
    """Report each chain of parents that comes back on itself once; True if there was one."""
    settled: set[str] = set()
    found = False
    for q in questions:
        trail: list[str] = []
        on_trail: dict[str, int] = {}
        code: str | None = q.code
        while code is not None and code not in settled and code not in on_trail:
            on_trail[code] = len(trail)
            trail.append(code)
            code = parent_of.get(code)
        if code is not None and code in on_trail:
            found = True
            cycle = trail[on_trail[code] :]
            first = min(cycle, key=row_of.__getitem__)
            at = cycle.index(first)
            chain = " under ".join(cycle[at:] + cycle[:at] + [first])
            problems.add(
                QUESTIONS_SHEET,
                f"question {first} is its own ancestor: {chain}",
                row_of[first],
                "'parent code'",
            )
        settled.update(trail)
    return found


def _check_depth(
    questions: list[_QuestionRow], parent_of: dict[str, str], problems: WorkbookProblems
) -> None:
    depth: dict[str, int] = {}
    for q in questions:
        chain: list[str] = []
        code: str | None = q.code
        while code is not None and code not in depth:
            chain.append(code)
            code = parent_of.get(code)
        level = depth[code] if code is not None else -1
        for c in reversed(chain):
            level += 1
            depth[c] = level
        if depth[q.code] == DEEPEST_QUESTION:
            problems.add(
                QUESTIONS_SHEET,
                f"question {q.code} is {DEEPEST_QUESTION + 1} levels "
                f"down; questions may nest at most {DEEPEST_QUESTION} "
                "levels",
                q.row,
                "'parent code'",
            )
