"""The change history through the real widgets: an item's History…, the inspection's
history filtered by person and exported, and a reviewed judgment going back to draft."""

from __future__ import annotations

import csv

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from models.history import HistoryFilter
from models.vocabulary import JudgmentStatus
from ui.item_models.history_table_model import HistoryTableModel


def rows_of(model) -> list[list[str]]:
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_an_items_history_shows_the_summary_edit_with_old_new_and_initials(qtbot, demo_window):
    view = demo_window.view
    view.select_question("2.2")
    item = view.evidence_list.model.evidence_at(0)
    view.evidence_list.select(item.id)
    editor = view.editor
    editor.summary.setFocus()
    editor.summary.selectAll()
    qtbot.keyClicks(editor.summary, "Victims called back within a day")
    qtbot.keyClick(editor.summary, Qt.Key.Key_Return)  # finishing the field saves it

    qtbot.mouseClick(editor.history_button, Qt.MouseButton.LeftButton)
    dialog = editor.findChild(QDialog)
    assert dialog is not None and dialog.isVisible() and item.ref in dialog.windowTitle()
    model = dialog.model
    newest = rows_of(model)[0]
    assert newest[1] == "TS"
    assert newest[2] == "Changed summary"
    assert newest[3].endswith("→ Victims called back within a day")
    assert newest[3].startswith(item.summary[:20])

    # Selecting the row shows the whole old and new text.
    dialog.view.table.selectRow(0)
    detail = dialog.view.detail.toPlainText()
    assert item.summary in detail and "Victims called back within a day" in detail

    # The open dialog follows further edits.
    editor.location.setFocus()
    editor.location.selectAll()
    qtbot.keyClicks(editor.location, "Winchester")
    qtbot.keyClick(editor.location, Qt.Key.Key_Tab)
    assert rows_of(model)[0][2] == "Changed location / unit"
    dialog.close()


def test_history_model_passes_the_model_tester(qtmodeltester, demo_window):
    controller = demo_window.controller
    model = HistoryTableModel(controller, HistoryFilter(zone=None))
    assert model.total > 200  # the demo's own history
    assert model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == min(400, model.total)
    qtmodeltester.check(model)
    assert model.rowCount() == model.total and not model.canFetchMore()


def test_inspection_history_filters_by_person_and_day_and_exports(qtbot, demo_window, tmp_path):
    view = demo_window.view
    view.select_question("2.2")
    view.evidence_list.select(view.evidence_list.model.evidence_at(0).id)
    view.editor.notes.setFocus()
    view.editor.notes.selectAll()
    qtbot.keyClicks(view.editor.notes, "=SUM(A1)")
    view.editor.commit()

    demo_window.history_action.trigger()
    history = demo_window.history_view
    assert history.isVisible()
    everyone = history.model.total
    assert everyone > 300  # the demo's own history, written under no initials, and ours
    person = history.person
    assert person.itemText(0) == "Everyone"
    person.setCurrentIndex(person.findData("TS"))
    assert history.model.total == 1 == history.model.rowCount()
    assert history.model.data(history.model.index(0, 2)).startswith("Changed notes of ")
    assert history.count.text() == "1 change"

    # Days are inclusive; tomorrow onwards holds nothing yet.
    history.use_from.setChecked(True)
    history.from_date.setDate(QDate.currentDate().addDays(1))
    assert history.model.total == 0
    history.from_date.setDate(QDate.currentDate())
    assert history.model.total == 1

    history.quiet = True
    out = tmp_path / "history.csv"
    with qtbot.waitSignal(history.exported, timeout=10000) as done:
        history.export(out)
    assert done.args == [1]
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["When (UTC)", "Who", "What"]
    assert rows[1][1] == "TS" and rows[1][7] == "'=SUM(A1)"

    person.setCurrentIndex(0)
    history.use_from.setChecked(False)
    assert history.model.total == everyone


def test_a_reviewed_judgment_edited_goes_back_to_draft_and_says_so(qtbot, demo_window, reader):
    view = demo_window.view
    view.select_question("3")
    panel = view.judgment
    view.tabs.setCurrentWidget(panel)
    panel.status.setCurrentIndex(panel.status.findData(JudgmentStatus.REVIEWED))
    assert reader().judgments.get("3").status is JudgmentStatus.REVIEWED
    assert panel.reopened.isHidden()

    panel.grade.setCurrentIndex(panel.grade.findData("Good"))
    assert panel.status.currentData() == JudgmentStatus.DRAFT
    assert not panel.reopened.isHidden()
    with reader() as disk:
        assert disk.judgments.get("3").status is JudgmentStatus.DRAFT

    dialog = panel.show_history()
    newest = rows_of(dialog.model)[0]
    assert newest[2] == "Changed status" and newest[3] == "Reviewed → Draft"
    assert "after review" in newest[4] and newest[1] == "TS"
    dialog.close()

    # Reviewing it again clears the note (by another inspector: TS prepared the change).
    demo_window.controller.inspection.actor = "JT"
    panel.status.setCurrentIndex(panel.status.findData(JudgmentStatus.REVIEWED))
    assert panel.reopened.isHidden()


def test_a_closed_history_dialog_leaves_later_saves_working(qtbot, demo_window, reader):
    """Closing History… deletes its table model; later edits must not reach it."""
    view = demo_window.view
    view.select_question("2.2")
    item = view.evidence_list.model.evidence_at(0)
    view.evidence_list.select(item.id)
    editor = view.editor
    dialog = editor.show_history()
    with qtbot.waitSignal(dialog.destroyed):
        dialog.close()
    view.tabs.setCurrentWidget(view.judgment)
    view.select_question("2")
    judgment_history = view.judgment.show_history()
    with qtbot.waitSignal(judgment_history.destroyed):
        judgment_history.close()

    demo_window.activateWindow()  # back to the window, as a click on it would
    qtbot.waitUntil(demo_window.isActiveWindow)
    view.tabs.setCurrentWidget(editor)
    view.select_question("2.2")
    view.evidence_list.select(item.id)
    editor.location.setFocus()
    editor.location.selectAll()
    qtbot.keyClicks(editor.location, "Winchester")
    qtbot.keyClick(editor.location, Qt.Key.Key_Tab)
    view.judgment.set_question(demo_window.controller.framework.question("2"))
    view.judgment.rationale.setPlainText("Checked again after the visit.")
    view.judgment.commit()
    with reader() as disk:
        assert disk.evidence.get(item.id).location == "Winchester", item.location
        assert disk.judgments.get("2").rationale == "Checked again after the visit."
