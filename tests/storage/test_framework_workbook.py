"""Framework workbooks: PEEL 2015 round trip, a workbook typed by hand, every problem placed
by sheet, row and column, and property tests of the round trip and the parser."""

from __future__ import annotations

import copy
import random
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from models.framework import framework_from_dict, framework_to_dict
from storage.file.errors import StorageError
from storage.frameworks.library import find_framework
from storage.frameworks.workbook import (
    FrameworkWorkbookError,
    read_framework_workbook,
    write_framework_workbook,
)
from tests.storage.framework_workbooks import (
    FIVE_GRADE_ID,
    FIVE_GRADES,
    five_grade_rows,
    write_sheets,
)
from tests.storage.workbook_reading import formulas, sheet_xml

PEEL_ID = "peel-2015-effectiveness"


def problems_of(path) -> list[str]:
    with pytest.raises(FrameworkWorkbookError) as info:
        read_framework_workbook(path)
    assert info.value.path == path
    assert str(info.value).startswith(f"{path}: ")
    return info.value.problems


# -- writing and reading back ------------------------------------------------------
def test_peel_2015_round_trips_through_a_workbook(tmp_path):
    peel = find_framework(PEEL_ID)
    path = write_framework_workbook(peel, tmp_path / "peel.xlsx")
    back = read_framework_workbook(path)
    assert framework_to_dict(back) == framework_to_dict(peel)
    assert back == peel  # the same ids too, so inspections of either can be merged
    assert [p.name for p in tmp_path.iterdir()] == ["peel.xlsx"]


def test_written_workbook_is_readable_and_holds_no_formulas(tmp_path):
    peel = find_framework(PEEL_ID)
    path = write_framework_workbook(peel, tmp_path / "peel.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["framework", "questions", "grades", "how to fill in"]
    for name in ("framework", "questions", "grades"):
        ws = workbook[name]
        assert ws.freeze_panes == "A2"
        assert all(cell.font.bold for cell in ws[1] if cell.value)
        assert all(ws.column_dimensions[c].width >= 8 for c in "AB")
    questions = workbook["questions"]
    assert [c.value for c in questions[1]] == ["code", "parent code", "title", "guidance", "graded"]
    assert [c.value for c in questions[2]][:2] == ["E", None]
    assert questions.column_dimensions["A"].number_format == "@"
    assert questions.max_row == len(peel.questions) + 1
    assert {questions.cell(row=r, column=5).value for r in range(2, questions.max_row + 1)} == {
        "yes",
        "no",
    }
    grades = workbook["grades"]
    assert [[c.value for c in row] for row in grades.iter_rows(min_row=2, max_col=2)] == [
        [1, "Outstanding"],
        [2, "Good"],
        [3, "Requires improvement"],
        [4, "Inadequate"],
    ]
    for xml in sheet_xml(path).values():
        assert formulas(xml) == []


def test_blank_template_has_the_headers_and_reads_as_empty(tmp_path):
    path = write_framework_workbook(None, tmp_path / "blank.xlsx")
    workbook = load_workbook(path)
    assert [c.value for c in workbook["framework"]["A"]] == [
        "field",
        "id",
        "name",
        "version",
        "description",
        "cause of concern cap",
    ]
    assert workbook["questions"].max_row == 1 and workbook["grades"].max_row == 1
    assert "import-framework" in workbook["how to fill in"]["B2"].value
    assert problems_of(path) == [
        "framework sheet, row 2, column 'value': the id is empty",
        "framework sheet, row 3, column 'value': the name is empty",
        "framework sheet, row 4, column 'value': the version is empty",
        "questions sheet, row 2: there are no questions; list them below the header row",
        "grades sheet, row 2, column 'name': there are no grades; list them below the header "
        "row, the best with order 1",
    ]


def test_text_that_looks_like_a_formula_or_an_escape_stays_as_typed(tmp_path):
    raw = {
        "id": "odd-text",
        "name": '=HYPERLINK("x")',
        "version": "+1",
        "description": "-2 and @me and _x0041_ literally",
        "grades": [{"name": "=Good", "definition": "@risk"}],
        "questions": [
            {
                "code": "=1",
                "title": "=SUM(A1:A3)?",
                "graded": True,
                "guidance": "Line one\nline two _x000D_",
                "children": [],
            }
        ],
    }
    framework = framework_from_dict(raw)
    path = write_framework_workbook(framework, tmp_path / "odd.xlsx")
    assert framework_to_dict(read_framework_workbook(path)) == framework_to_dict(framework)
    for xml in sheet_xml(path).values():
        assert formulas(xml) == []


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed, so the workbook cannot be "
    "saved again by a spreadsheet program here",
)
def test_a_workbook_saved_again_by_a_spreadsheet_program_reads_the_same(tmp_path):
    peel = find_framework(PEEL_ID)
    source = write_framework_workbook(peel, tmp_path / "peel.xlsx")
    profile = tmp_path / "lo-profile"  # a private profile: no clash with a running LibreOffice
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(tmp_path / "saved"),
            str(source),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    saved = tmp_path / "saved" / "peel.xlsx"
    assert result.returncode == 0 and saved.is_file(), result.stdout + result.stderr
    assert framework_to_dict(read_framework_workbook(saved)) == framework_to_dict(peel)


def test_writing_into_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(StorageError, match="Cannot write"):
        write_framework_workbook(None, tmp_path / "no such folder" / "blank.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_a_workbook_typed_by_hand_is_read_as_typed(tmp_path):
    sheets = five_grade_rows()
    grades = sheets["Grades"]
    grades[1:] = [grades[3], grades[1], grades[5], grades[2], grades[4]]  # rows out of order
    framework = read_framework_workbook(write_sheets(tmp_path / "five.xlsx", sheets))
    assert (framework.id, framework.name, framework.version) == (
        FIVE_GRADE_ID,
        "PEEL 2023 effectiveness",
        "2023.1",
    )
    assert [g.name for g in framework.grades] == [name for name, _ in FIVE_GRADES]
    assert [(q.code, q.parent_code, q.graded) for q in framework.questions] == [
        ("E", None, True),
        ("1", "E", True),
        ("1.1", "1", False),
        ("1.2", "1", False),
        ("2", "E", True),
        ("2.1", "2", False),
        ("3", "E", True),
        ("3.1", "3", False),
    ]
    assert framework.question("1.1").guidance == "Look at joint plans."
    assert [q.code for q in framework.core_questions()] == ["1", "2", "3"]


def test_parents_may_come_after_their_children_and_siblings_keep_row_order(tmp_path):
    sheets = five_grade_rows()
    header, *rows = sheets["Questions"]
    by_code = {str(r[0]): r for r in rows}
    sheets["Questions"] = [header] + [
        by_code[c] for c in ("3.1", "1.2", "2.1", "1.1", "3", "2", "1", "E")
    ]
    framework = read_framework_workbook(write_sheets(tmp_path / "any order.xlsx", sheets))
    assert [q.code for q in framework.questions] == ["E", "3", "3.1", "2", "2.1", "1", "1.2", "1.1"]


def test_other_sheets_are_ignored_and_names_match_ignoring_case_and_spaces(tmp_path):
    sheets = five_grade_rows()
    sheets = {
        "Notes": [["Drafted by the lead"]],
        " FRAME work": sheets["Framework"],
        "Questions": sheets["Questions"],
        "grades": sheets["Grades"],
    }
    sheets["Questions"][0] = ["C o d e", "PARENT CODE", " title ", "GuIdAnCe", "Graded"]
    assert read_framework_workbook(write_sheets(tmp_path / "x.xlsx", sheets)).id == FIVE_GRADE_ID


# -- every problem, placed by sheet, row and column ------------------------------------
def cell(sheets, sheet, row, column, value):
    """Type ``value`` into ``sheet`` at ``row`` and column letter ``column``."""
    rows = sheets[sheet]
    while len(rows) < row:
        rows.append([])
    target = rows[row - 1]
    index = ord(column) - ord("A")
    target.extend([None] * (index + 1 - len(target)))
    target[index] = value


def drop_column(sheets, sheet, index):
    for row in sheets[sheet]:
        del row[index]


Q, G, F = "Questions", "Grades", "Framework"
COLUMNS = "code, parent code, title, guidance and graded"
CASES = {
    "missing framework sheet": (
        lambda s: s.pop(F),
        [
            "framework sheet: the workbook has no framework sheet; it needs sheets called "
            "framework, questions and grades"
        ],
    ),
    "missing questions sheet": (
        lambda s: s.pop(Q),
        [
            "questions sheet: the workbook has no questions sheet; it needs sheets called "
            "framework, questions and grades"
        ],
    ),
    "missing grades sheet": (
        lambda s: s.pop(G),
        [
            "grades sheet: the workbook has no grades sheet; it needs sheets called framework, "
            "questions and grades"
        ],
    ),
    "two questions sheets": (
        lambda s: s.update({"Quest ions": [["code"]]}),
        [
            "questions sheet: there are two sheets called questions ('Questions' and "
            "'Quest ions'); keep one"
        ],
    ),
    "missing column": (
        lambda s: drop_column(s, Q, 1),
        ["questions sheet, row 1, column 'parent code': the header row has no such column; add it"],
    ),
    "missing grade column": (
        lambda s: drop_column(s, G, 2),
        ["grades sheet, row 1, column 'definition': the header row has no such column; add it"],
    ),
    "unknown column": (
        lambda s: (cell(s, Q, 1, "F", "Notes"), cell(s, Q, 3, "F", "mine")),
        [
            f"questions sheet, row 1, column F: 'Notes' is not a column of this sheet (the "
            f"columns are {COLUMNS})"
        ],
    ),
    "column twice": (
        lambda s: cell(s, Q, 1, "F", "Title"),
        ["questions sheet, row 1, column F: the column 'title' appears twice (also column C)"],
    ),
    "cell without a column": (
        lambda s: cell(s, Q, 4, "G", "stray"),
        ["questions sheet, row 4, column G: this cell has no column name in the header row"],
    ),
    "empty sheet": (
        lambda s: s.update({Q: []}),
        [
            f"questions sheet, row 1: the sheet is empty; its first row must name the columns "
            f"{COLUMNS}"
        ],
    ),
    "no questions": (
        lambda s: s.update({Q: s[Q][:1]}),
        ["questions sheet, row 2: there are no questions; list them below the header row"],
    ),
    "duplicate code": (
        lambda s: cell(s, Q, 5, "A", 1.1),
        ["questions sheet, row 5, column 'code': the code 1.1 is already used in row 4"],
    ),
    "empty code": (
        lambda s: cell(s, Q, 5, "A", None),
        ["questions sheet, row 5, column 'code': the code is empty"],
    ),
    "code with a space": (
        lambda s: cell(s, Q, 5, "A", "1 .2"),
        [
            "questions sheet, row 5, column 'code': the code '1 .2' may not hold spaces, commas "
            "or semicolons"
        ],
    ),
    "missing parent": (
        lambda s: cell(s, Q, 7, "B", 9.9),
        ["questions sheet, row 7, column 'parent code': parent 9.9 does not exist"],
    ),
    "own parent": (
        lambda s: cell(s, Q, 4, "B", 1.1),
        ["questions sheet, row 4, column 'parent code': question 1.1 is its own parent"],
    ),
    "cycle of two": (
        lambda s: cell(s, Q, 6, "B", "2.1"),
        [
            "questions sheet, row 6, column 'parent code': question 2 is its own ancestor: "
            "2 under 2.1 under 2"
        ],
    ),
    "cycle of three": (
        lambda s: cell(s, Q, 2, "B", "3.1"),
        [
            "questions sheet, row 2, column 'parent code': question E is its own ancestor: "
            "E under 3.1 under 3 under E"
        ],
    ),
    "empty title": (
        lambda s: cell(s, Q, 5, "C", "   "),
        ["questions sheet, row 5, column 'title': the title is empty"],
    ),
    "graded neither yes nor no": (
        lambda s: cell(s, Q, 5, "E", "Maybe"),
        [
            "questions sheet, row 5, column 'graded': 'Maybe' is not yes or no (graded may be "
            "yes, no, true, false, 1, 0, or blank for no)"
        ],
    ),
    "graded as another number": (
        lambda s: cell(s, Q, 5, "E", 2),
        [
            "questions sheet, row 5, column 'graded': '2' is not yes or no (graded may be yes, "
            "no, true, false, 1, 0, or blank for no)"
        ],
    ),
    "formula": (
        lambda s: cell(s, Q, 3, "C", "=B2"),
        ["questions sheet, row 3, column 'title': the cell holds a formula; type the value itself"],
    ),
    "error value": (
        lambda s: cell(s, Q, 3, "C", "#REF!"),
        [
            "questions sheet, row 3, column 'title': the cell holds the error #REF!; type the "
            "value itself"
        ],
    ),
    "no grades": (
        lambda s: s.update({G: s[G][:1]}),
        [
            "grades sheet, row 2, column 'name': there are no grades; list them below the "
            "header row, the best with order 1"
        ],
    ),
    "grade named twice": (
        lambda s: cell(s, G, 4, "B", "good"),
        [
            "grades sheet, row 4, column 'name': the grade good is already named in row 3 "
            "(names are compared ignoring case)"
        ],
    ),
    "grade without a name": (
        lambda s: cell(s, G, 4, "B", None),
        ["grades sheet, row 4, column 'name': the grade name is empty"],
    ),
    "order in words": (
        lambda s: cell(s, G, 3, "A", "two"),
        [
            "grades sheet, row 3, column 'order': 'two' is not a whole number; number the "
            "grades 1 (best), 2, 3 and so on"
        ],
    ),
    "order with a fraction": (
        lambda s: cell(s, G, 3, "A", 1.5),
        [
            "grades sheet, row 3, column 'order': '1.5' is not a whole number; number the "
            "grades 1 (best), 2, 3 and so on"
        ],
    ),
    "order used twice": (
        lambda s: cell(s, G, 4, "A", 2),
        ["grades sheet, row 4, column 'order': order 2 is already used in row 3"],
    ),
    "order missing": (
        lambda s: cell(s, G, 4, "A", None),
        [
            "grades sheet, row 4, column 'order': the order is empty; give a whole number, 1 for "
            "the best grade"
        ],
    ),
    "order below one": (
        lambda s: cell(s, G, 2, "A", 0),
        ["grades sheet, row 2, column 'order': the order must be 1 or more (1 is the best grade)"],
    ),
    "no id row": (
        lambda s: s[F].pop(1),
        [
            "framework sheet, column 'field': there is no id row; add one with 'id' in column A "
            "and the id in column B"
        ],
    ),
    "empty name": (
        lambda s: cell(s, F, 3, "B", " "),
        ["framework sheet, row 3, column 'value': the name is empty"],
    ),
    "empty version": (
        lambda s: cell(s, F, 4, "B", None),
        ["framework sheet, row 4, column 'value': the version is empty"],
    ),
    "unknown field": (
        lambda s: s[F].append(["Owner", "HMICFRS"]),
        [
            "framework sheet, row 6, column 'field': 'Owner' is not a field (the fields are id, "
            "name, version, description and cause of concern cap)"
        ],
    ),
    "field twice": (
        lambda s: s[F].append(["name", "Another name"]),
        ["framework sheet, row 6, column 'field': the name is already given in row 3"],
    ),
    "value without a field": (
        lambda s: s[F].append([None, "orphan"]),
        [
            "framework sheet, row 6, column 'field': the field name is empty; column A names one "
            "of id, name, version, description and cause of concern cap"
        ],
    ),
    "id not plain": (
        lambda s: cell(s, F, 2, "B", "PEEL 2023"),
        [
            "framework sheet, row 2, column 'value': the id 'PEEL 2023' may hold only lower-case "
            "letters, digits, '.', '-' and '_', start with a letter or digit and be at most 64 "
            "characters long (e.g. peel-2016-effectiveness)"
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_problem_is_reported_with_its_sheet_row_and_column(tmp_path, case):
    change, expected = CASES[case]
    sheets = five_grade_rows()
    change(sheets)
    path = write_sheets(tmp_path / "framework.xlsx", sheets)
    before = path.read_bytes()
    assert problems_of(path) == expected
    assert path.read_bytes() == before


def test_questions_nested_too_deep_are_refused(tmp_path):
    sheets = five_grade_rows()
    chain = [[f"d{i}", f"d{i - 1}" if i else None, f"Level {i}?", None, None] for i in range(22)]
    sheets["Questions"] = sheets["Questions"][:1] + chain
    assert problems_of(write_sheets(tmp_path / "deep.xlsx", sheets)) == [
        "questions sheet, row 22, column 'parent code': question d20 is 21 levels down; "
        "questions may nest at most 20 levels"
    ]
    del sheets["Questions"][-2:]  # d0 to d19: the deepest is 20 levels down
    assert len(read_framework_workbook(write_sheets(tmp_path / "ok.xlsx", sheets)).questions) == 20


def test_every_problem_is_reported_together_sheet_by_sheet_and_row_by_row(tmp_path):
    sheets = five_grade_rows()
    for change in (
        "order used twice",
        "missing parent",
        "empty title",
        "empty name",
        "duplicate code",
        "no id row",
        "grade named twice",
    ):
        CASES[change][0](sheets)
    problems = problems_of(write_sheets(tmp_path / "many.xlsx", sheets))
    assert problems == [
        "framework sheet, column 'field': there is no id row; add one with 'id' in column A "
        "and the id in column B",
        # the id row was removed, so the name is now in row 2
        "framework sheet, row 2, column 'value': the name is empty",
        "questions sheet, row 5, column 'code': the code 1.1 is already used in row 4",
        "questions sheet, row 5, column 'title': the title is empty",
        "questions sheet, row 7, column 'parent code': parent 9.9 does not exist",
        "grades sheet, row 4, column 'order': order 2 is already used in row 3",
        "grades sheet, row 4, column 'name': the grade good is already named in row 3 "
        "(names are compared ignoring case)",
    ]


@pytest.mark.parametrize("kind", ["missing", "text file", "folder", "csv", "empty file"])
def test_a_file_that_is_not_a_workbook_is_one_problem(tmp_path, kind):
    path = {
        "missing": tmp_path / "absent.xlsx",
        "text file": tmp_path / "notes.xlsx",
        "folder": tmp_path / "folder.xlsx",
        "csv": tmp_path / "framework.csv",
        "empty file": tmp_path / "empty.xlsx",
    }[kind]
    if kind == "text file":
        path.write_text("code,title\n1,Question?\n", encoding="utf-8")
    elif kind == "csv":
        path.write_text("code,title\n", encoding="utf-8")
    elif kind == "folder":
        path.mkdir()
    elif kind == "empty file":
        path.write_bytes(b"")
    problems = problems_of(path)
    assert len(problems) == 1
    assert {"missing": "does not exist", "folder": "folder"}.get(
        kind, "not an Excel workbook"
    ) in problems[0]


# -- properties ----------------------------------------------------------------------
# Cn (unassigned code points and non-characters such as U+FFFE) cannot be stored in a
# workbook's XML at all, so a spreadsheet never holds them.
clean_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
)
plain_id = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True)
codes = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Cn", "Zs", "Zl", "Zp"), blacklist_characters=",;"
    ),
    min_size=1,
    max_size=6,
)


@st.composite
def framework_data(draw):
    """Nested framework data: unique codes of any shape, trimmed text, 1–6 grades."""
    used: set[str] = set()

    def tree(depth: int):
        nodes = []
        for _ in range(
            draw(st.integers(min_value=1 if depth == 0 else 0, max_value=3 if depth < 3 else 0))
        ):
            code = draw(codes.filter(lambda c: c not in used))
            used.add(code)
            nodes.append(
                {
                    "code": code,
                    "title": draw(clean_text),
                    "graded": draw(st.booleans()),
                    "guidance": draw(st.one_of(st.just(""), clean_text)),
                    "children": tree(depth + 1),
                }
            )
        return nodes

    grade_names = draw(st.lists(clean_text, min_size=1, max_size=6, unique_by=lambda s: s.lower()))
    return {
        "id": draw(plain_id),
        "name": draw(clean_text),
        "version": draw(clean_text),
        "description": draw(st.one_of(st.just(""), clean_text)),
        "grades": [
            {"name": g, "definition": draw(st.one_of(st.just(""), clean_text))} for g in grade_names
        ],
        "questions": tree(0),
    }


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(raw=framework_data())
def test_generated_frameworks_round_trip_through_a_workbook(tmp_path_factory, raw):
    framework = framework_from_dict(raw)
    path = write_framework_workbook(framework, tmp_path_factory.mktemp("round") / "fw.xlsx")
    back = read_framework_workbook(path)
    assert framework_to_dict(back) == framework_to_dict(framework) == raw
    assert back == framework


@settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(raw=framework_data(), seed=st.integers(0, 2**32 - 1))
def test_rows_in_any_order_give_the_same_tree_when_siblings_keep_their_order(
    tmp_path_factory, raw, seed
):
    framework = framework_from_dict(raw)
    rows = [
        [q.code, q.parent_code, q.title, q.guidance, "yes" if q.graded else ""]
        for q in framework.questions
    ]
    # Shuffle, then put each family of siblings back in its own order.
    shuffle = random.Random(seed)
    keys = {q.code: shuffle.random() for q in framework.questions}
    for parent in [None] + [q.code for q in framework.questions]:
        family = [q.code for q in framework.children(parent)]
        for code, key in zip(family, sorted(keys[c] for c in family)):
            keys[code] = key
    rows.sort(key=lambda r: keys[r[0]])
    sheets = {
        "framework": [
            ["id", raw["id"]],
            ["name", raw["name"]],
            ["version", raw["version"]],
            ["description", raw["description"]],
        ],
        "questions": [["code", "parent code", "title", "guidance", "graded"]] + rows,
        "grades": [["order", "name", "definition"]]
        + [[i, g.name, g.definition] for i, g in enumerate(framework.grades, 1)],
    }
    path = write_sheets(tmp_path_factory.mktemp("shuffled") / "fw.xlsx", sheets, formulas=False)
    assert framework_to_dict(read_framework_workbook(path)) == framework_to_dict(framework)


cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 30),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["", " ", "1", "1.1", "E", "yes", "no", "Good", "x"]),
    clean_text,
)


@settings(
    max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    questions=st.lists(st.lists(cell_values, min_size=0, max_size=6), max_size=8),
    grades=st.lists(st.lists(cell_values, min_size=0, max_size=4), max_size=6),
)
def test_any_cells_give_a_framework_or_placed_problems_never_a_crash(
    tmp_path_factory, questions, grades
):
    sheets = copy.deepcopy(five_grade_rows())
    sheets["Questions"] = sheets["Questions"][:1] + questions
    sheets["Grades"] = sheets["Grades"][:1] + grades
    path = write_sheets(tmp_path_factory.mktemp("garbage") / "fw.xlsx", sheets)
    try:
        framework = read_framework_workbook(path)
    except FrameworkWorkbookError as e:
        assert e.problems
        assert all(p.startswith(("questions sheet", "grades sheet")) for p in e.problems)
    else:
        assert framework.questions and framework.grades
