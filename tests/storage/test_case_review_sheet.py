"""The draft judgment summary's Case-file review sheet, read back cell by cell: results
per item with counts and percentages, the bar chart drawn from its own cells, the files
reviewed with sensitive notes withheld unless asked, and its page set up to print."""

from __future__ import annotations

import re
import zipfile
from datetime import date

from openpyxl import load_workbook

from models.case_reviews.query import CaseFileQuery
from storage.operations import case_reviews as reviews
from storage.workbooks.summary_export import export_summary
from tests.case_review_helpers import CHECKLIST, DASH, DAYS, IN_PERSON, install_sample, review


def _reviewed(inspection):
    install_sample(inspection)
    review(
        inspection,
        "C1",
        {DASH.id: "yes", IN_PERSON.id: "no", DAYS.id: "1"},
        notes="Victim lives with the suspect.",
        sensitive=True,
    )
    review(
        inspection,
        "C2",
        {DASH.id: "yes", IN_PERSON.id: "yes", DAYS.id: "5"},
        notes="Plain note.",
        reviewed_on=date(2015, 9, 23),
    )
    review(inspection, "C3", {DASH.id: "no", DAYS.id: "n/a"})


def _rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_the_sheet_gives_each_answers_count_and_percentage_and_the_files(tiny_inspection, tmp_path):
    _reviewed(tiny_inspection)
    out = tmp_path / "summary.xlsx"
    export_summary(tiny_inspection, out)
    book = load_workbook(out)
    assert "Case files – Domestic abuse" in book.sheetnames
    assert (
        book.sheetnames.index("Case files – Domestic abuse")
        == book.sheetnames.index("Strengths and notable practice") + 1
    )
    rows = _rows(book["Case files – Domestic abuse"])
    assert rows[0] == [
        "Item",
        "Question",
        "Answer",
        "Files",
        "Of",
        "%",
        "N/A",
        "Not answered",
        "Did not apply",
    ]
    assert rows[1][1].startswith(
        f"{CHECKLIST.title} (version 1): 3 files reviewed; questions 1.1, 2"
    )
    assert rows[2] == ["1", DASH.prompt, "Yes", 2, 3, 67, 0, 0, 0]
    assert rows[3] == [None, None, "No", 1, 3, 33, None, None, None]
    assert rows[4] == [None, None, "Partly", 0, 3, 0, None, None, None]
    assert rows[5] == ["2", IN_PERSON.prompt, "Yes", 1, 2, 50, 0, 0, 1]
    results = reviews.checklist_results(tiny_inspection, CaseFileQuery(CHECKLIST.id))
    days = results.of(DAYS.id)
    day_row = next(r for r in rows if r[1] == DAYS.prompt)
    assert day_row == ["4", DAYS.prompt, "median 3, range 1 to 5", 2, 2, 100, 1, 0, 0]
    assert days.base == 2
    table = next(i for i, r in enumerate(rows) if r[0] == "Leading answer per item, for the chart")
    assert rows[table + 1] == ["Item", "Leading answer", "%", None, None, None, None, None, None]
    assert rows[table + 2][:3] == ["1", "1. Yes", 67]
    start = next(i for i, r in enumerate(rows) if (r[0] or "").startswith("Files reviewed"))
    assert rows[start][0] == "Files reviewed (3)"
    assert rows[start + 1][:6] == [
        "Case reference",
        "Notes",
        "Crime type",
        "Reviewed on",
        "Reviewer",
        "Answered",
    ]
    listed = {r[0]: r for r in rows[start + 2 : start + 5]}
    assert listed["C1"][1] == "[withheld: sensitive]"
    assert listed["C2"][1] == "Plain note." and listed["C2"][3].date() == date(2015, 9, 23)
    assert listed["C3"][5] == "2 of 5" and listed["C3"][4] == "JS"
    ws = book["Case files – Domestic abuse"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows.replace("$", "") == "1:1"
    assert ws.freeze_panes == "A2"
    with zipfile.ZipFile(out) as archive:
        charts = [
            archive.read(n).decode()
            for n in archive.namelist()
            if re.match(r"xl/charts/chart\d+\.xml$", n)
        ]
    [chart] = [c for c in charts if "'Case files – Domestic abuse'" in c]
    assert '<c:barDir val="bar"/>' in chart
    first = table + 3  # 1-based row of the first bar: the yes/no and the choice items
    assert f"'Case files – Domestic abuse'!$B${first}:$B${first + 2}" in chart
    assert f"'Case files – Domestic abuse'!$C${first}:$C${first + 2}" in chart


def test_sensitive_notes_are_included_when_asked_and_each_checklist_has_its_sheet(
    tiny_inspection, tmp_path
):
    _reviewed(tiny_inspection)
    from models.case_reviews.checklist import Checklist, ChecklistItem

    tiny_inspection.actor = "JS"
    reviews.save_checklist(
        tiny_inspection,
        Checklist("Supervision", items=(ChecklistItem("Supervisor review recorded?"),)),
    )
    out = tmp_path / "summary.xlsx"
    export_summary(tiny_inspection, out, include_sensitive=True)
    book = load_workbook(out)
    assert [n for n in book.sheetnames if n.startswith("Case files")] == [
        "Case files – Domestic abuse",
        "Case files – Supervision",
    ]
    rows = _rows(book["Case files – Domestic abuse"])
    assert any(r[0] == "C1" and r[1] == "Victim lives with the suspect." for r in rows)
    empty = _rows(book["Case files – Supervision"])
    assert empty[1][1].startswith("Supervision (version 1): 0 files reviewed")
    assert empty[2][:6] == ["1", "Supervisor review recorded?", "Yes", 0, 0, None]


def test_sheets_are_named_from_their_checklists_titles_within_excels_limit():
    from storage.workbooks.summary.case_review_sheets import NAME_LIMIT, sheet_names

    names = sheet_names(
        [
            "Domestic abuse: initial response and risk assessment",
            "Supervision of investigations",
            "Supervision of investigations",
            "Stop and search",
            "Officers' notes [draft]: a/b?",
            "X" * 40,
        ]
    )
    assert names == [
        "Case files – Domestic abuse",  # cut at a word, the colon left out
        "Case files – Supervision",  # not ending on "of"
        "Case files – Supervision (2)",  # two the same are numbered
        "Case files – Stop and search",
        "Case files – Officers notes",
        "Case-file review",  # nothing of the title fits
    ]
    assert all(len(n) <= NAME_LIMIT for n in names)
    assert len({n.lower() for n in names}) == len(names)
