"""Typing dates into the evidence editor: read day first, shown as read, flagged not blocked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from ui.panels.date_field import DateField


def show_first_item(view):
    view.select_question("E")
    item = view.evidence_list.model.evidence_at(0)
    view.evidence_list.select(item.id)
    return item


def type_date(qtbot, editor, text: str) -> None:
    line = editor.collected_on.line
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Tab)


@pytest.mark.parametrize("typed", ["22/09/2015", "22/9/15", "22 Sep 2015", "2015-09-22"])
def test_typed_dates_are_read_day_first_and_saved(qtbot, demo_window, reader, typed):
    view = demo_window.view
    item = show_first_item(view)
    editor = view.editor
    line = editor.collected_on.line
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, typed)
    assert editor.collected_on.note.text() == "Reads as Tue 22 Sep 2015"  # while typing
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert line.text() == "Tue 22 Sep 2015"
    assert editor.collected_on.note.isHidden()  # inside the fieldwork dates, in the past
    with reader() as disk:
        assert disk.evidence.get(item.id).collected_on == date(2015, 9, 22)


@pytest.mark.parametrize("typed", ["Sep", "2015", "31/02/2015"])
def test_what_is_not_a_date_is_kept_as_typed_and_not_saved(qtbot, demo_window, reader, typed):
    view = demo_window.view
    item = show_first_item(view)
    editor = view.editor
    type_date(qtbot, editor, typed)
    assert editor.collected_on.line.text() == typed
    assert "Not saved" in editor.collected_on.note.text()
    assert editor.status.text() == "Date not saved"
    with reader() as disk:
        assert disk.evidence.get(item.id).collected_on == item.collected_on


def test_dates_outside_fieldwork_or_in_the_future_are_saved_with_a_warning(
    qtbot, demo_window, reader
):
    view = demo_window.view
    item = show_first_item(view)
    editor = view.editor
    type_date(qtbot, editor, "1/6/2015")
    note = editor.collected_on.note
    assert not note.isHidden() and note.text().startswith("Outside the fieldwork dates")
    with reader() as disk:
        assert disk.evidence.get(item.id).collected_on == date(2015, 6, 1)
    tomorrow = date.today() + timedelta(days=1)
    type_date(qtbot, editor, f"{tomorrow.day}/{tomorrow.month}/{tomorrow.year}")
    assert note.text() == "This date is in the future."
    with reader() as disk:
        assert disk.evidence.get(item.id).collected_on == tomorrow
    assert editor.status.text() == "Saved"


def test_up_and_down_step_a_day_and_empty_means_no_date(qtbot, demo_window, reader):
    view = demo_window.view
    item = show_first_item(view)
    editor = view.editor
    type_date(qtbot, editor, "22/9/2015")
    editor.collected_on.line.setFocus()
    qtbot.keyClick(editor.collected_on.line, Qt.Key.Key_Up)
    with reader() as disk:
        assert disk.evidence.get(item.id).collected_on == date(2015, 9, 23)
    editor.collected_on.line.clear()
    qtbot.keyClick(editor.collected_on.line, Qt.Key.Key_Tab)
    with reader() as disk:
        assert disk.evidence.get(item.id).collected_on is None


def test_the_calendar_picks_a_day(qtbot):
    field = DateField("Fieldwork start", today=lambda: date(2015, 10, 1))
    qtbot.addWidget(field)
    field.show()
    taken = []
    field.date_changed.connect(taken.append)
    calendar = field.open_calendar()
    from PySide6.QtCore import QDate

    calendar.activated.emit(QDate(2015, 9, 30))
    assert taken == [date(2015, 9, 30)] and field.line.text() == "Wed 30 Sep 2015"
    assert field.calendar_button.accessibleName() == "Fieldwork start: choose on a calendar"
