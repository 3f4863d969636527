"""Inspection ▸ Details… (undoable, in the history) and the Help menu."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from models.history import HistoryFilter


def type_into(qtbot, line, text: str) -> None:
    line.selectAll()
    qtbot.keyClicks(line, text)


def test_details_are_changed_undone_and_recorded(qtbot, demo_window, reader):
    dialog = demo_window.show_details()
    assert dialog.isVisible() and dialog.form.force.text() == "Hampshire Constabulary"
    assert dialog.form.fieldwork_start.line.text() == "Mon 21 Sep 2015"
    type_into(qtbot, dialog.form.title, "Hampshire PEEL 2015 (revisit)")
    type_into(qtbot, dialog.form.fieldwork_end.line, "16/10/15")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert not dialog.isVisible()
    assert demo_window.windowTitle() == "Hampshire PEEL 2015 (revisit) — Evidence Review"
    with reader() as disk:
        details = disk.inspection
        assert (details.title, details.fieldwork_end) == (
            "Hampshire PEEL 2015 (revisit)",
            date(2015, 10, 16),
        )
        rows = [
            (e.field, e.new_value)
            for e in disk.history.page(HistoryFilter(entity_id=details.id, zone=None), 0, 10)
        ]
    assert ("title", "Hampshire PEEL 2015 (revisit)") in rows
    assert ("fieldwork_end", "2015-10-16") in rows
    # Dates typed into evidence are now checked against the new fieldwork dates.
    editor = demo_window.view.editor
    assert editor.collected_on._fieldwork == (date(2015, 9, 21), date(2015, 10, 16))

    demo_window.undo_action.trigger()
    with reader() as disk:
        assert disk.inspection.title == "Hampshire Constabulary — PEEL effectiveness 2015"
    assert demo_window.windowTitle().startswith("Hampshire Constabulary — PEEL")


def test_details_that_do_not_make_sense_keep_the_dialog_open(qtbot, demo_window, reader):
    dialog = demo_window.show_details()
    type_into(qtbot, dialog.form.fieldwork_end.line, "1/9/2015")  # before the start
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible() and "cannot end before it starts" in dialog.error.text()
    type_into(qtbot, dialog.form.fieldwork_end.line, "Sep")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible() and "not a date" in dialog.error.text()
    dialog.reject()
    with reader() as disk:
        assert disk.inspection.fieldwork_end == date(2015, 10, 9)
    assert demo_window.controller.undo_stack.count() == 0


def test_help_lists_the_shortcuts_from_the_menus_and_a_guide(qtbot, demo_window):
    assert [a.text() for a in demo_window.help_menu.actions() if a.text()] == [
        "Quick &guide",
        "&Keyboard shortcuts",
        "&About Evidence Review",
    ]
    shortcuts = demo_window.show_shortcuts()
    rows = {
        shortcuts.table.item(r, 1).text(): shortcuts.table.item(r, 0).text()
        for r in range(shortcuts.table.rowCount())
    }
    assert rows["Evidence ▸ New evidence item"] == "Ctrl+N"
    assert rows["Edit ▸ Undo"] == "Ctrl+Z"
    tabs = demo_window.view.tabs
    assert tabs.count() >= 8
    for index in range(tabs.count()):  # every tab's Alt+letter, read from its title
        title = tabs.tabText(index)
        letter = title[title.index("&") + 1].upper()
        assert any(k == f"Alt+{letter}" for k in rows.values()), title
    assert rows["the Evidence tab"] == "Alt+C"
    assert rows["the Case files tab"] == "Alt+Y"
    assert rows["the Force in numbers tab"] == "Alt+U"
    guide = demo_window.show_guide()
    text = guide.text.toPlainText()
    assert "Ctrl+N" in text and guide.isVisible()
    for topic in ("Checks", "Case files", "Force in numbers", "Export draft judgment summary"):
        assert topic in text
    shortcuts.close()
    guide.close()
