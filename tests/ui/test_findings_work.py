"""Findings: a new one exists once it has a statement, one can be moved to another question,
the Link button says what it would link, and evidence dragged onto a finding is linked."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from models.history import HistoryFilter
from tests.storage.repository_helpers import history_of


def findings_state(reader):
    with reader() as disk:
        return (len(disk.findings.for_question()), disk.history.count(HistoryFilter(zone=None)))


def test_a_new_finding_is_recorded_with_its_statement_and_esc_leaves_nothing(
    qtbot, demo_window, reader
):
    view = demo_window.view
    view.select_question("2.2")
    panel = view.findings
    view.tabs.setCurrentWidget(panel)
    rows, before = panel.model.rowCount(), findings_state(reader)
    qtbot.keyClick(
        demo_window,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert panel.draft and panel.statement.hasFocus()
    assert panel.model.rowCount() == rows
    qtbot.keyClick(panel.statement, Qt.Key.Key_Escape)
    assert not panel.draft and panel.current is None
    assert findings_state(reader) == before and panel.model.rowCount() == rows
    assert demo_window.controller.undo_stack.count() == 0

    panel.new_finding()
    qtbot.keyClicks(panel.statement, "Crimes are allocated to the right team first time")
    qtbot.waitUntil(lambda: not panel.draft, timeout=3000)  # the pause in typing records it
    assert panel.model.rowCount() == rows + 1
    assert "(no statement yet)" not in [
        panel.model.index(r, 2).data() for r in range(panel.model.rowCount())
    ]


def test_a_finding_moves_to_another_question_and_back_with_undo(qtbot, demo_window, reader):
    view = demo_window.view
    view.select_question("2")
    panel = view.findings
    view.tabs.setCurrentWidget(panel)
    finding = panel.model.finding_at(0)
    panel.select_finding(finding.id)
    panel.question.setCurrentIndex(panel.question.findData("3.1"))
    with reader() as disk:
        assert disk.findings.get(finding.id).question_code == "3.1"
        moved = [e for e in history_of(disk, finding.id) if e.field == "question"]
    assert moved and moved[0].new_value == "3.1"
    assert panel.current.id == finding.id  # still in view to go on working on it
    assert "outside the question selected" in panel.heading.text()
    assert finding.id not in [panel.model.finding_at(r).id for r in range(panel.model.rowCount())]
    assert demo_window.controller.undo_stack.undoText() == "Move finding"
    demo_window.undo_action.trigger()
    with reader() as disk:
        assert disk.findings.get(finding.id).question_code == finding.question_code


def test_the_link_button_says_how_many_rows_it_would_link(qtbot, demo_window):
    view = demo_window.view
    view.select_question("2.2")
    panel = view.findings
    view.tabs.setCurrentWidget(panel)
    panel.select_finding(panel.model.finding_at(0).id)
    table = view.evidence_list.table
    assert panel.link_button.text() == "Link selected evidence"
    assert not panel.link_button.isEnabled()
    table.selectRow(0)
    assert panel.link_button.text() == "Link 1 selected item" and panel.link_button.isEnabled()
    table.setSelectionMode(table.SelectionMode.MultiSelection)
    table.selectRow(1)
    table.selectRow(2)
    assert panel.link_button.text() == "Link 3 selected items"


def _drop(widget, pos, mime) -> bool:
    point = QPointF(pos)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.LinkAction | Qt.DropAction.MoveAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(widget, enter)
    move = QDragMoveEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(widget, move)
    drop = QDropEvent(point, actions, mime, buttons, mods, QEvent.Type.Drop)
    QApplication.sendEvent(widget, drop)
    return enter.isAccepted() and move.isAccepted() and drop.isAccepted()


def test_evidence_dragged_onto_a_finding_is_linked_to_it(qtbot, demo_window, reader):
    view = demo_window.view
    view.select_question("2")
    model = view.evidence_list.model
    panel = view.findings
    view.tabs.setCurrentWidget(panel)
    target = panel.model.finding_at(1)
    dragged = [
        model.evidence_at(r)
        for r in range(model.total)
        if model.evidence_at(r).id not in target.evidence_ids
    ][:2]
    mime = model.mimeData([model.index(model.row_of(e.id), 0) for e in dragged])
    assert mime.text().splitlines() == [e.ref for e in dragged]
    row_rect = panel.table.visualRect(panel.model.index(1, 2))
    assert _drop(panel.table.viewport(), row_rect.center(), mime)
    with reader() as disk:
        assert {e.id for e in dragged} <= set(disk.findings.get(target.id).evidence_ids)
    assert panel.current.id == target.id
    # Below the last finding there is nothing to drop on: refused, nothing changes.
    empty = panel.table.viewport().rect().bottomLeft() + panel.table.viewport().rect().topLeft()
    empty.setY(panel.table.viewport().height() - 2)
    assert not _drop(panel.table.viewport(), empty, mime)
    # Onto the evidence list of the finding shown.
    other = [
        model.evidence_at(r)
        for r in range(model.total)
        if model.evidence_at(r).id not in panel.current.evidence_ids
    ][:1]
    mime = model.mimeData([model.index(model.row_of(other[0].id), 0)])
    assert _drop(
        panel.evidence_list.viewport(), panel.evidence_list.viewport().rect().center(), mime
    )
    with reader() as disk:
        assert other[0].id in disk.findings.get(target.id).evidence_ids
