"""Ctrl+Z inside a text box walks the app's one undo stack: typing is one step, and the
change made before it can be undone without leaving the box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from models.history import HistoryFilter


def rationale_rows(disk, judgment_id: str) -> list:
    return [
        e
        for e in disk.history.page(HistoryFilter(entity_id=judgment_id, zone=None), 0, 100)
        if e.field == "rationale"
    ]


def test_grade_then_rationale_undone_with_two_presses_inside_the_box(qtbot, demo_window, reader):
    view = demo_window.view
    view.select_question("3")
    view.tabs.setCurrentWidget(view.judgment)
    panel = view.judgment
    before = panel.current
    panel.grade.setFocus()
    panel.grade.setCurrentIndex(panel.grade.findData("Good"))
    panel.rationale.setFocus()
    panel.rationale.moveCursor(panel.rationale.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.rationale, " Revisited")
    with reader() as disk:
        rows_before = len(rationale_rows(disk, before.id))

    qtbot.keyClick(panel.rationale, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.rationale.hasFocus()
    assert panel.rationale.toPlainText() == before.rationale
    with reader() as disk:
        saved = disk.judgments.get("3")
        assert (saved.grade, saved.rationale) == ("Good", before.rationale)
        rows = rationale_rows(disk, before.id)
    # One row for the typing saved as one change, one for undoing it; no reversal saved
    # as a change of its own.
    assert len(rows) == rows_before + 2

    qtbot.keyClick(panel.rationale, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with reader() as disk:
        assert disk.judgments.get("3").grade == before.grade
    assert panel.grade.currentData() == before.grade

    qtbot.keyClick(
        panel.rationale,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    with reader() as disk:
        assert disk.judgments.get("3").grade == "Good"


def test_typing_in_a_summary_is_one_step_however_many_pauses(qtbot, demo_window, reader):
    view = demo_window.view
    view.select_question("E")
    item = view.evidence_list.model.evidence_at(0)
    view.evidence_list.select(item.id)
    editor = view.editor
    stack = demo_window.controller.undo_stack
    steps = stack.count()
    editor.summary.setFocus()
    editor.summary.end(False)
    for word in (" checked", " twice", " over"):
        qtbot.keyClicks(editor.summary, word)
        editor.commit()  # what a pause in typing does
    assert stack.count() == steps + 1
    qtbot.keyClick(editor.summary, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.summary.text() == item.summary
    with reader() as disk:
        assert disk.evidence.get(item.id).summary == item.summary


def test_text_boxes_have_no_undo_of_their_own(qtbot, demo_window):
    view = demo_window.view
    boxes = view.editor.text_boxes() + [
        view.judgment.rationale,
        view.findings.statement,
        view.findings.recommendation,
    ]
    for box in boxes:
        if isinstance(box, QPlainTextEdit):
            assert not box.isUndoRedoEnabled()
        else:
            assert isinstance(box, QLineEdit)
