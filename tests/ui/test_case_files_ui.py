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


def test_an_item_that_stops_applying_is_greyed_emptied_and_skipped(qtbot, tabs):
    form = tabs.form
    tabs.new_file()
    dash, in_person = editor(tabs, DASH), editor(tabs, IN_PERSON)
    assert not in_person.isEnabled()  # no answer yet to item 1
    dash.setFocus()
    press(qtbot, Qt.Key.Key_Y)
    assert in_person.isEnabled() and focused() is in_person
    press(qtbot, Qt.Key.Key_P)
    assert in_person.text() == "Partly"
    press(qtbot, BACKTAB)
    press(qtbot, BACKTAB) if focused() is not dash else None
    dash.setFocus()
    press(qtbot, Qt.Key.Key_N)
    assert dash.text() == "No" and not in_person.isEnabled() and in_person.text() == ""
    row = next(r for r in form.items.rows if r.item.id == IN_PERSON.id)
    assert row.prompt.text().endswith("(does not apply)")
    dash.setFocus()
    press(qtbot, TAB)
    assert focused() is editor(tabs, RISK)
    press(qtbot, BACKTAB)
    assert focused() is dash


def test_leaving_a_file_for_another_saves_it(qtbot, tabs, demo_path):
    form = tabs.form
    tabs.new_file()
    type_text(qtbot, "HC/15/0001")
    save_and_next(qtbot)
    type_text(qtbot, "HC/15/0002")
    qtbot.waitUntil(lambda: tabs.panel.files.rowCount() == 1)
    # Typing on the second, then a click on the first in the list: the second is saved.
    editor(tabs, DASH).setFocus()
    press(qtbot, Qt.Key.Key_Y)
    table = tabs.panel.file_list
    rect = table.visualRect(tabs.panel.files.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert form.current is not None and form.current.case_reference == "HC/15/0001"
    saved = {f.case_reference: f for f in on_disk(demo_path)}
    assert saved["HC/15/0002"].answers == {DASH.id: "yes"}
    # Changing the first and closing the inspection saves it too.
    editor(tabs, DAYS).setFocus()
    type_text(qtbot, "4")
    assert "not saved yet" in form.status.text()
    tabs.view.window().close_inspection()
    saved = {f.case_reference: f for f in on_disk(demo_path)}
    assert saved["HC/15/0001"].answers == {DAYS.id: "4"}


def test_each_save_is_one_undo_step_and_redo_writes_it_again(qtbot, tabs, demo_path):
    form = tabs.form
    tabs.new_file()
    type_text(qtbot, "HC/15/0007")
    editor(tabs, DASH).setFocus()
    press(qtbot, Qt.Key.Key_Y)
    save_and_next(qtbot)
    assert [f.answers for f in on_disk(demo_path)] == [{DASH.id: "yes"}]
    qtbot.waitUntil(lambda: tabs.panel.files.rowCount() == 1)
    assert tabs.open_file(tabs.panel.files.row_at(0).id)
    editor(tabs, DASH).setFocus()
    press(qtbot, Qt.Key.Key_N)
    # Ctrl+Z with the change still being typed: the change is saved as its own step, then
    # undone, so the file is back as it was and the form shows it.
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [f.answers for f in on_disk(demo_path)] == [{DASH.id: "yes"}]
    assert editor(tabs, DASH).text() == "Yes" and not form.dirty
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the new file undone
    assert on_disk(demo_path) == []
    assert form.current is None
    qtbot.waitUntil(lambda: tabs.panel.files.rowCount() == 0)
    tabs.controller.redo()
    assert [f.answers for f in on_disk(demo_path)] == [{DASH.id: "yes"}]
    tabs.controller.redo()
    assert [f.answers for f in on_disk(demo_path)] == [{DASH.id: "no"}]
    qtbot.waitUntil(lambda: tabs.panel.files.rowCount() == 1)


def test_a_refused_save_says_why_keeps_the_typing_and_stays_on_the_file(qtbot, tabs, demo_path):
    form = tabs.form
    tabs.new_file()
    type_text(qtbot, "HC/15/0100")
    editor(tabs, DAYS).setFocus()
    type_text(qtbot, "three")
    save_and_next(qtbot)
    assert form.status.text().startswith("Not saved: Item 4: Give a number")
    row = next(r for r in form.items.rows if r.item.id == DAYS.id)
    assert row.problem.isVisible() and "number" in row.problem.text()
    assert editor(tabs, DAYS).text() == "three" and form.reference.text() == "HC/15/0100"
    assert on_disk(demo_path) == [] and form.dirty
    # A second file of the same reference is refused in words, the typing kept.
    editor(tabs, DAYS).selectAll()
    type_text(qtbot, "3")
    save_and_next(qtbot)
    type_text(qtbot, "hc/15/0100")
    editor(tabs, DASH).setFocus()
    press(qtbot, Qt.Key.Key_Y)
    assert not tabs.new_file()
    assert "reviewed under this checklist already" in form.status.text()
    assert form.reference.text() == "hc/15/0100" and editor(tabs, DASH).text() == "Yes"
    assert [f.case_reference for f in on_disk(demo_path)] == ["HC/15/0100"]
    # Choosing the saved file in the list does not drop the typing either.
    qtbot.waitUntil(lambda: tabs.panel.files.rowCount() == 1)
    tabs.panel.file_list.selectRow(0)
    assert form.current is None and form.reference.text() == "hc/15/0100"
    qtbot.waitUntil(lambda: not tabs.panel.file_list.selectionModel().hasSelection())


def test_a_reference_like_a_name_is_warned_beside_the_field_not_in_a_box(
    qtbot, tabs, answers, demo_path
):
    form = tabs.form
    tabs.new_file()
    type_text(qtbot, "Mrs Jane Doe")
    assert form.reference_warning.isVisible()
    assert "looks like a person's name" in form.reference_warning.text()
    assert answers == []
    form.reference.selectAll()
    type_text(qtbot, "44150123456")
    assert not form.reference_warning.isVisible()


def test_a_crafted_long_text_is_kept_within_its_limits(qtbot, tabs, demo_path):
    form = tabs.form
    tabs.new_file()
    type_text(qtbot, "R" * 80)  # the field takes 60
    assert form.reference.text() == "R" * 60
    crafted = "‮=cmd|' /C calc'!A0\t" + "ж" * 3000
    editor(tabs, NOTE).setFocus()
    editor(tabs, NOTE).setText(crafted)  # as a paste would
    editor(tabs, NOTE).textEdited.emit(crafted)
    form.notes.setPlainText("x" * 20_001)
    save_and_next(qtbot)
    assert "notes hold at most 20,000" in form.status.text() and on_disk(demo_path) == []
    form.notes.setPlainText("Line one\nline two")
    save_and_next(qtbot)
    (saved,) = on_disk(demo_path)
    assert saved.answers[NOTE.id] == crafted[:2000].strip()
    assert saved.notes == "Line one\nline two" and saved.case_reference == "R" * 60


def test_the_list_pages_files_in_and_filters_narrow_it(qtbot, window, demo_path, qtmodeltester):
    from tests.case_review_helpers import review

    with_sample_checklist(demo_path)
    inspection = InspectionFile.open(demo_path)
    try:
        for n in range(450):
            review(
                inspection,
                f"44150{n:06d}",
                {DASH.id: "y" if n % 3 else "n"},
                crime_type="Burglary" if n % 2 else "Assault",
                reviewer="AB" if n < 100 else "JS",
                reviewed_on=date(2015, 9, 1 + n % 28),
            )
    finally:
        inspection.close()
    assert window.open_file(demo_path)
    tabs = case_tabs(window)
    model = tabs.panel.files
    assert model.total == 450 and 60 <= model.rowCount() <= 200  # what is in view, and more
    first = model.rowCount()
    tabs.panel.file_list.scrollToBottom()  # the view asks for the next pages as it goes
    qtbot.waitUntil(lambda: model.rowCount() > first)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 450
    assert len({model.row_at(r).id for r in range(450)}) == 450
    qtmodeltester.check(model)
    crime = tabs.panel.crime_filter
    assert [crime.itemText(i) for i in range(crime.count())] == ["Any", "Assault", "Burglary"]
    crime.setCurrentIndex(crime.findData("Burglary"))
    assert model.total == 225
    tabs.panel.reviewer_filter.setCurrentIndex(tabs.panel.reviewer_filter.findData("AB"))
    assert model.total == 50
    tabs.panel.date_from.line.setText("5/9/2015")
    tabs.panel.date_from.take()
    assert model.total == sum(1 for n in range(100) if n % 2 and 1 + n % 28 >= 5)
    assert "crime type Burglary" in tabs.panel.count.text()
    tabs.panel.search.setText("44150000009")
    qtbot.waitUntil(lambda: model.total == 1)


def test_the_tab_fits_an_800_by_600_window(qtbot, tabs):
    window = tabs.view.window()
    for page in (tabs.panel.review_page, tabs.panel.results):
        tabs.panel.pages.setCurrentWidget(page)
        hint = window.minimumSizeHint()
        assert hint.width() <= 800 and hint.height() <= 600, hint
    with_tab = window.minimumSizeHint()
    view = tabs.view
    view.tabs.removeTab(view.tabs.indexOf(tabs.page))
    assert window.minimumSizeHint() == with_tab  # the tab makes the window no larger
    view.tabs.addTab(tabs.page, "Case files (&Y)")
    view.tabs.setCurrentWidget(tabs.page)
    window.showNormal()
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.width() <= 800 and window.height() <= 600)
    assert tabs.form.isVisible() or tabs.panel.results.isVisible()


def test_delete_asks_then_removes_the_review_and_undo_brings_it_back(
    qtbot, tabs, demo_path, answers
):
    tabs.new_file()
    type_text(qtbot, "HC/15/0042")
    tabs.form.sensitive.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    save_and_next(qtbot)
    qtbot.waitUntil(lambda: tabs.panel.files.rowCount() == 1)
    first = tabs.panel.files.index(0, 0)
    assert first.data() == "HC/15/0042"
    assert not first.data(Qt.ItemDataRole.DecorationRole).isNull()  # the drawn lock
    assert first.data(Qt.ItemDataRole.AccessibleTextRole) == "HC/15/0042, sensitive"
    assert tabs.open_file(tabs.panel.files.row_at(0).id)
    tabs.show_messages = True  # the question is answered Yes by the fixture
    qtbot.mouseClick(tabs.panel.delete_file, Qt.MouseButton.LeftButton)
    assert answers[-1][:2] == ("question", "Delete reviewed file")
    assert on_disk(demo_path) == [] and tabs.form.current is None
    qtbot.waitUntil(lambda: tabs.panel.files.rowCount() == 0)
    tabs.controller.undo()
    (back,) = on_disk(demo_path)
    assert back.case_reference == "HC/15/0042" and back.sensitive
    qtbot.waitUntil(lambda: tabs.panel.files.rowCount() == 1)


def test_opening_a_file_leaves_the_tab_to_be_built_when_first_shown(qtbot, window, demo_path):
    assert window.open_file(demo_path)
    view = window.view
    assert view.case_files.built is None  # nothing of it read while the file opened
    page = view.case_files.page
    assert view.tabs.tabText(view.tabs.indexOf(page)) == "Case files (&Y)"
    view.commit_pending()  # closing, undoing and saving pass it by
    assert view.case_files.built is None
    qtbot.keyClick(view.evidence_list.table, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentWidget() is page
    built = view.case_files.built
    assert built is not None and built.panel.parent() is page
    assert built.checklist is not None
    qtbot.waitUntil(lambda: built.panel.files.total == 60)
    assert view.case_reviews is built  # built once


def test_a_file_open_elsewhere_shows_the_tab_without_its_buttons_once_built(
    qtbot, window, demo_path
):
    assert window.open_file(demo_path)
    view = window.view
    view.case_files.set_read_only(True)
    assert view.case_files.built is None
    view.tabs.setCurrentWidget(view.case_files.page)
    built = view.case_files.built
    assert built is not None and built.read_only
    assert built.panel.new_file.isHidden() and built.panel.delete_checklist.isHidden()
