"""Checklists in Excel: the template written and read back cell by cell, a filled
workbook installed into an inspection, and a bad workbook refused whole with every
problem named by row and column."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from models.case_reviews.answers import AnswerType
from models.case_reviews.checklist import Condition
from storage.case_reviews.checklist_workbook import ChecklistWorkbookError
from storage.operations import case_reviews as reviews
from tests.case_review_helpers import CHECKLIST


def test_the_template_is_a_documented_checklist_sheet(tmp_path):
    out = tmp_path / "checklist.xlsx"
    reviews.write_checklist_template(out)
    book = load_workbook(out)
    assert book.sheetnames == ["checklist", "how to fill in"]
    sheet = book["checklist"]
    assert [sheet.cell(r, 1).value for r in (1, 2, 3)] == ["title", "theme", "questions"]
    assert [c.value for c in sheet[5]] == [
        "item",
        "question",
        "answer type",
        "choices",
        "applies when item",
        "has answer",
    ]
    notes = [row[0].value for row in book["how to fill in"].iter_rows()]
    assert "answer type" in notes and "applies when item, has answer" in notes


def test_a_checklist_goes_to_excel_and_back_into_an_inspection_unchanged(tmp_path, tiny_inspection):
    out = tmp_path / "filled.xlsx"
    reviews.write_checklist_template(out, CHECKLIST)
    sheet = load_workbook(out)["checklist"]
    assert sheet["B1"].value == CHECKLIST.title
    assert [c.value for c in sheet[7]] == [
        "2",
        "Was the DASH risk assessment completed in person?",
        "yes/no",
        None,
        "1",
        "yes",
    ]
    tiny_inspection.actor = "JS"
    installed = reviews.install_checklist(tiny_inspection, out)
    assert installed.id != CHECKLIST.id  # a new checklist of its own
    assert (installed.title, installed.theme, installed.question_codes) == (
        CHECKLIST.title,
        CHECKLIST.theme,
        CHECKLIST.question_codes,
    )
    assert [(i.prompt, i.answer_type, i.choices) for i in installed.items] == [
        (i.prompt, i.answer_type, i.choices) for i in CHECKLIST.items
    ]
    assert installed.items[1].condition == Condition(installed.items[0].id, "yes")
    assert installed.items[2].answer_type is AnswerType.CHOICE


def _workbook(tmp_path, rows, fields=(("title", "DA files"), ("theme", ""), ("questions", "1.1"))):
    book = Workbook()
    sheet = book.active
    sheet.title = "Checklist"
    for field in fields:
        sheet.append(list(field))
    sheet.append([])
    sheet.append(["Item", "Question", "Answer type", "Choices", "Applies when item", "Has answer"])
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / "bad.xlsx"
    book.save(path)
    return path


def test_a_bad_workbook_names_every_problem_by_row_and_column_and_installs_nothing(
    tmp_path, tiny_inspection
):
    path = _workbook(
        tmp_path,
        [
            (1, "DASH done?", "yes/no", "", "", ""),
            (3, "", "maybe", "", "", ""),
            (3, "Method", "choice", "Phone", "", ""),
            (4, "In person?", "yes/no", "", "4", "yes"),
            (5, "Risk", "yes/no", "", "1", "sometimes"),
        ],
        fields=(("title", "DA files"), ("questions", "1.1, 9.9")),
    )
    before = path.read_bytes()
    with pytest.raises(ChecklistWorkbookError) as caught:
        reviews.install_checklist(tiny_inspection, path)
    problems = caught.value.problems
    assert (
        "checklist sheet, row 2, column B: question 9.9 is not in the inspection's framework"
        in problems
    )
    assert any(
        p.startswith("checklist sheet, row 6, column A: expected item number 2") for p in problems
    )
    assert any("row 6, column C: 'maybe' is not an answer type" in p for p in problems)
    assert any("row 6: the question is empty" in p for p in problems)
    assert any("row 7: a choice item needs at least two choices" in p for p in problems)
    assert any("row 8, column E: '4' is not the number of an earlier item" in p for p in problems)
    assert any("row 9: its condition's answer must be one of" in p for p in problems)
    assert reviews.list_checklists(tiny_inspection) == []
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content, words",
    [
        (b"not a workbook", "not an Excel workbook"),
        (None, "does not exist"),
    ],
)
def test_a_file_that_is_no_workbook_is_refused_in_plain_words(
    tmp_path, tiny_inspection, content, words
):
    path = tmp_path / "odd.xlsx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ChecklistWorkbookError, match=words):
        reviews.install_checklist(tiny_inspection, path)


def test_a_workbook_without_a_checklist_sheet_or_title_is_refused(tmp_path, tiny_inspection):
    book = Workbook()
    book.active.title = "items"
    path = tmp_path / "nosheet.xlsx"
    book.save(path)
    with pytest.raises(ChecklistWorkbookError, match="no sheet named 'checklist'"):
        reviews.install_checklist(tiny_inspection, path)
    untitled = _workbook(
        tmp_path, [(1, "DASH done?", "yes/no", "", "", "")], fields=(("theme", "x"),)
    )
    with pytest.raises(ChecklistWorkbookError, match="row 1, column B: the checklist needs a"):
        reviews.install_checklist(tiny_inspection, untitled)


def test_a_formula_is_refused_not_read(tmp_path, tiny_inspection):
    path = _workbook(tmp_path, [(1, '=HYPERLINK("x")', "yes/no", "", "", "")])
    with pytest.raises(ChecklistWorkbookError, match="row 6, column B: the cell holds a formula"):
        reviews.install_checklist(tiny_inspection, path)
