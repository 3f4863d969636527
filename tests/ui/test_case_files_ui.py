"""The Case files tab in a real window, driven by keys and clicks: files reviewed from
the keyboard only, a condition that greys an item and Tab skips it, moving on saves,
every save one undo step, a refused save keeps the typing, and the list pages in."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from models.case_reviews.query import CaseFileQuery
from storage.file.inspection_file import InspectionFile
from storage.operations import case_reviews as reviews
from tests.case_review_helpers import CHECKLIST, DASH, DAYS, IN_PERSON, NOTE, RISK, SEEN
from tests.ui.case_review_window import (
    case_tabs,
    focused,
    press,
    save_and_next,
    type_text,
    with_sample_checklist,
)

TAB, BACKTAB = Qt.Key.Key_Tab, Qt.Key.Key_Backtab


@pytest.fixture
def tabs(window, demo_path):
    with_sample_checklist(demo_path)
    assert window.open_file(demo_path)
    return case_tabs(window)


def on_disk(path) -> list:
    inspection = InspectionFile.open(path, readonly=True)
    try:
        query = CaseFileQuery(CHECKLIST.id)
        rows = reviews.case_file_page(inspection, query, 0, 1000)
        return [reviews.get_case_file(inspection, r.id) for r in rows]
    finally:
        inspection.close()


def editor(tabs, item):
    return next(r.editor for r in tabs.form.items.rows if r.item.id == item.id)


def review_by_keys(qtbot, tabs, reference: str, dash: str, in_person: str | None) -> None:
    """Type one file from the case reference on, keys only, and Ctrl+Enter."""
    form = tabs.form
    assert focused() is form.reference
    type_text(qtbot, reference)
    press(qtbot, TAB)  # crime type, carried from the last file
    assert focused() is form.crime_type
    if not form.crime_type.text():
        type_text(qtbot, "Assault")
    press(qtbot, TAB)  # the date's text
    assert focused() is form.reviewed_on.line
    press(qtbot, TAB)  # the calendar button is for the mouse: no stop
    if focused() is form.reviewed_on.calendar_button:
        press(qtbot, TAB)
    assert focused() is form.reviewer
    press(qtbot, TAB)
    assert focused() is form.sensitive
    press(qtbot, TAB)
    assert focused() is editor(tabs, DASH)
    press(qtbot, getattr(Qt.Key, f"Key_{dash}"))  # the key answers and moves on
    if in_person is None:
        assert not editor(tabs, IN_PERSON).isEnabled()
        assert focused() is editor(tabs, RISK)  # the item that does not apply is skipped
    else:
        assert focused() is editor(tabs, IN_PERSON)
        press(qtbot, getattr(Qt.Key, f"Key_{in_person}"))
        assert focused() is editor(tabs, RISK)
    type_text(qtbot, "Med")  # the choice by its first letters
    press(qtbot, TAB)
    assert focused() is editor(tabs, DAYS)
    type_text(qtbot, "3")
    press(qtbot, TAB)
    assert focused() is editor(tabs, SEEN)
    type_text(qtbot, "22/09/2015")
    press(qtbot, TAB)
    assert focused() is editor(tabs, NOTE)
    type_text(qtbot, "Safeguarding referral made the same day")
    save_and_next(qtbot)


def test_three_files_reviewed_by_keyboard_only(qtbot, tabs, demo_path):
    form = tabs.form
    tabs.new_file()
    review_by_keys(qtbot, tabs, "44150000001", "Y", "N")
    assert form.current is None and focused() is form.reference
    review_by_keys(qtbot, tabs, "44150000002", "N", None)
    review_by_keys(qtbot, tabs, "44150000003", "Y", "Y")

    files = {f.case_reference: f for f in on_disk(demo_path)}
    assert set(files) == {"44150000001", "44150000002", "44150000003"}
    first = files["44150000001"]
    assert first.answers == {
        DASH.id: "yes",
        IN_PERSON.id: "no",
        RISK.id: "Medium",
        DAYS.id: "3",
        SEEN.id: "2015-09-22",
        NOTE.id: "Safeguarding referral made the same day",
    }
    assert first.crime_type == "Assault" and first.reviewer == "TS"
    assert IN_PERSON.id not in files["44150000002"].answers  # it did not apply
    assert files["44150000003"].answers[IN_PERSON.id] == "yes"
    # The list shows all three with their progress, newest review first.
    model = tabs.panel.files
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    assert model.total == 3
    progress = {model.index(r, 0).data(): model.index(r, 4).data() for r in range(3)}
    assert progress == {
        "44150000001": "✓ 6 of 6",
        "44150000002": "✓ 5 of 5",
        "44150000003": "✓ 6 of 6",
    }
    assert tabs.panel.count.text() == "3 files reviewed"
    # Three saves, three steps.
    stack = tabs.controller.undo_stack
    assert [stack.text(i) for i in range(stack.count())][-3:] == [
        "Review file 44150000001",
        "Review file 44150000002",
        "Review file 44150000003",
    ]
