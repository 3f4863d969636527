"""The Results page of the Case files tab in a real window: counts equal the use case's,
N/A apart, a bar per item, the files behind an answer one click away and opened in the
form with Enter, and results made into evidence, shown out of date and updated, each
one undo step."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from models.case_reviews.query import CaseFileQuery
from models.case_reviews.results import result_sentence
from models.vocabulary import SourceType
from storage.file.inspection_file import InspectionFile
from storage.operations import case_reviews as reviews
from tests.case_review_helpers import CHECKLIST, DASH, DAYS, IN_PERSON, RISK, review
from tests.ui.case_review_window import case_tabs, focused, press, with_sample_checklist
from ui.item_models.checklist_results_model import RESULT_COLUMN
from ui.item_models.result_bar_delegate import SHARES_ROLE

#: (reference, DASH, IN_PERSON, RISK, DAYS, crime type)
SAMPLE = [
    ("A1", "y", "y", "Standard", "1", "Assault"),
    ("A2", "y", "n", "Standard", "3", "Assault"),
    ("A3", "n", None, "High", "n/a", "Burglary"),
    ("A4", "y", "n", "Medium", "7", "Burglary"),
    ("A5", "n/a", None, None, "2", "Assault"),
    ("A6", "y", None, "Standard", None, "Assault"),
]


def _sample(path) -> None:
    with_sample_checklist(path)
    inspection = InspectionFile.open(path)
    try:
        for n, (ref, dash, person, risk, days, crime) in enumerate(SAMPLE):
            given = {DASH.id: dash, IN_PERSON.id: person, RISK.id: risk, DAYS.id: days}
            review(
                inspection,
                ref,
                {k: v for k, v in given.items() if v is not None},
                crime_type=crime,
                reviewed_on=date(2015, 9, 20 + n),
            )
    finally:
        inspection.close()


@pytest.fixture
def results(window, demo_path):
    _sample(demo_path)
    assert window.open_file(demo_path)
    tabs = case_tabs(window)
    tabs.panel.pages.setCurrentWidget(tabs.panel.results)
    return tabs


def _api(path, **filters):
    inspection = InspectionFile.open(path, readonly=True)
    try:
        return reviews.checklist_results(inspection, CaseFileQuery(CHECKLIST.id, **filters))
    finally:
        inspection.close()


def _read(qtbot, tabs) -> None:
    panel = tabs.panel.results
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(CHECKLIST.items))


def test_results_equal_the_use_case_and_show_na_apart(qtbot, results, demo_path, qtmodeltester):
    _read(qtbot, results)
    panel = results.panel.results
    model = panel.model
    qtmodeltester.check(model)
    api = _api(demo_path)
    for row, expected in enumerate(api.items):
        shown = model.row_at(row)
        assert shown == expected
        assert model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole) == result_sentence(expected)
    dash = model.index(0, RESULT_COLUMN)
    # 4 yes of 5 answered other than N/A; the N/A one apart.
    assert dash.data() == "Yes in 4 of 5 cases (80 %)"
    assert model.index(0, 3).data() == "1 N/A"
    assert dash.data(SHARES_ROLE) == (4, 1, 0)
    assert model.index(1, RESULT_COLUMN).data() == "Yes in 1 of 3 cases (33 %)"
    assert model.index(1, 4).data() == "1 to answer, 2 did not apply"
    assert model.index(3, RESULT_COLUMN).data() == "Median 2.5, range 1 to 7 (over 4)"
    assert "Results over 6 files reviewed." in panel.summary.text()


def test_filters_narrow_the_results_as_they_narrow_the_list(qtbot, results, demo_path):
    _read(qtbot, results)
    crime = results.panel.crime_filter
    crime.setCurrentIndex(crime.findData("Burglary"))
    panel = results.panel.results
    qtbot.waitUntil(lambda: "crime type Burglary" in panel.summary.text())
    api = _api(demo_path, crime_type="Burglary")
    assert [panel.model.row_at(r) for r in range(panel.model.rowCount())] == list(api.items)
    assert panel.model.index(0, RESULT_COLUMN).data() == "Yes in 1 of 2 cases (50 %)"


def test_the_files_behind_an_answer_are_a_click_away_and_enter_opens_one(
    qtbot, results, qtmodeltester
):
    _read(qtbot, results)
    panel = results.panel.results
    panel.table.selectRow(2)  # Risk level recorded
    qtmodeltester_rows = [panel.answers.row_at(r).label for r in range(panel.answers.rowCount())]
    assert qtmodeltester_rows[:3] == [
        "Standard: in 3 of 5 cases (60 %)",
        "Medium: in 1 of 5 cases (20 %)",
        "High: in 1 of 5 cases (20 %)",
    ]
    rect = panel.answer_list.visualRect(panel.answers.index(0, 0))
    qtbot.mouseClick(panel.answer_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    refs = sorted(panel.files.row_at(r).case_reference for r in range(panel.files.rowCount()))
    assert refs == ["A1", "A2", "A6"]
    assert panel.files_title.text().startswith("3 files with Standard to item 3")
    qtmodeltester.check(panel.answers)
    qtmodeltester.check(panel.files)
    # Not yet answered: the file whose item 3 is empty.
    last = panel.answers.rowCount() - 1
    panel.answer_list.setCurrentIndex(panel.answers.index(last, 0))
    assert [panel.files.row_at(r).case_reference for r in range(panel.files.rowCount())] == ["A5"]
    panel.file_list.setFocus()
    panel.file_list.setCurrentIndex(panel.files.index(0, 0))
    press(qtbot, Qt.Key.Key_Return)
    form = results.form
    assert results.panel.pages.currentWidget() is results.panel.review_page
    assert form.current is not None and form.current.case_reference == "A5"
    assert focused() is form.reference


def test_make_evidence_then_out_of_date_then_update_each_one_undo_step(
    qtbot, results, demo_path, reader
):
    _read(qtbot, results)
    panel = results.panel.results
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.evidence_of(DASH.id) != [])
    (made,) = panel.model.evidence_of(DASH.id)
    with reader() as inspection:
        item = inspection.evidence.get(made.evidence_id)
    assert item.source_type is SourceType.CASE_FILE_REVIEW
    assert "Yes in 4 of 5 cases (80 %)" in item.summary and "6 files reviewed" in item.summary
    assert panel.model.index(0, 5).data() == made.ref
    assert not panel.update_button.isEnabled() and panel.go_button.isEnabled()

    # Another file reviewed in the form: the evidence is out of date.
    results.new_file()
    results.form.reference.setText("A7")
    results.form.reference.textEdited.emit("A7")
    next(r.editor for r in results.form.items.rows if r.item.id == DASH.id).setText("No")
    results.form.items.edited.emit()
    assert results.form.commit()
    results.panel.pages.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.model.index(0, 5).data() == f"{made.ref} (out of date)")
    panel.table.selectRow(0)
    assert panel.update_button.isEnabled() and "out of date" in panel.evidence_note.text()
    qtbot.mouseClick(panel.update_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.index(0, 5).data() == made.ref)
    with reader() as inspection:
        updated = inspection.evidence.get(made.evidence_id).summary
    assert "Yes in 4 of 6 cases (67 %)" in updated and "7 files reviewed" in updated
    stack = results.controller.undo_stack
    assert stack.undoText() == f"Update the summary of {made.ref}"

    results.controller.undo()  # the update
    with reader() as inspection:
        assert inspection.evidence.get(made.evidence_id).summary == item.summary
    qtbot.waitUntil(lambda: panel.model.index(0, 5).data() == f"{made.ref} (out of date)")
    results.controller.undo()  # the seventh file
    results.controller.undo()  # the evidence made
    with reader() as inspection:
        assert inspection.evidence.get(made.evidence_id).deleted_at is not None
    qtbot.waitUntil(lambda: panel.model.index(0, 5).data() == "")
    results.controller.redo()
    with reader() as inspection:
        assert inspection.evidence.get(made.evidence_id).deleted_at is None
    # Go to evidence shows the item in the Evidence tab.
    qtbot.waitUntil(lambda: panel.model.index(0, 5).data() == made.ref)
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    view = results.view
    assert view.tabs.currentWidget() is view.editor
    assert view.editor.current is not None and view.editor.current.id == made.evidence_id
