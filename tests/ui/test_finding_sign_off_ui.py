"""Signing off a finding in the Findings tab: Mark reviewed, the sign-off line, a refused
self-review, a change returning it to draft, and undo and redo of each step."""

from __future__ import annotations

from PySide6.QtCore import Qt


def _findings_panel(window):
    view = window.view
    view.select_question("4")  # the demo's findings under 4 wait for the lead's review
    panel = view.findings
    view.tabs.setCurrentWidget(panel)
    finding = panel.model.finding_at(0)
    table = panel.table
    rect = table.visualRect(panel.model.index(0, 0))
    return panel, finding, table, rect


def _stored(reader, finding_id):
    with reader() as disk:
        return disk.findings.get(finding_id)


def test_mark_reviewed_signs_it_off_and_undo_takes_it_back(qtbot, demo_window, reader):
    panel, finding, table, rect = _findings_panel(demo_window)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.current.id == finding.id
    assert panel.form.sign_off.text().startswith("Draft.")
    assert panel.form.review_button.text() == "Mark reviewed"

    qtbot.mouseClick(panel.form.review_button, Qt.MouseButton.LeftButton)
    signed = _stored(reader, finding.id)
    assert signed.reviewed and signed.reviewed_by == "TS"
    assert "Reviewed by TS, " in panel.form.sign_off.text()
    assert panel.form.review_button.text() == "Mark draft"
    assert demo_window.controller.undo_stack.undoText() == "Mark finding reviewed"

    demo_window.undo_action.trigger()
    assert not _stored(reader, finding.id).reviewed
    assert panel.form.sign_off.text().startswith("Draft.")
    demo_window.controller.redo()
    assert _stored(reader, finding.id).reviewed_at == signed.reviewed_at
    # Mark draft takes it back.
    qtbot.mouseClick(panel.form.review_button, Qt.MouseButton.LeftButton)
    assert not _stored(reader, finding.id).reviewed


def test_an_edit_returns_it_to_draft_and_its_author_cannot_sign_it_off(
    qtbot, demo_window, reader, answers
):
    panel, finding, table, rect = _findings_panel(demo_window)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    demo_window.controller.inspection.actor = "JT"
    qtbot.mouseClick(panel.form.review_button, Qt.MouseButton.LeftButton)
    assert _stored(reader, finding.id).reviewed_by == "JT"

    demo_window.controller.inspection.actor = "TS"
    panel.statement.setFocus()
    qtbot.keyClick(panel.statement, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.statement, " Seen again.")
    panel.form.review_button.setFocus()  # leaving the statement saves it
    changed = _stored(reader, finding.id)
    assert changed.statement.endswith("Seen again.")
    assert (changed.reviewed, changed.prepared_by) == (False, "TS")
    assert panel.form.sign_off.text().startswith("Draft. Prepared by TS")

    qtbot.mouseClick(panel.form.review_button, Qt.MouseButton.LeftButton)
    assert answers[-1][:2] == ("warning", "Not signed off")
    assert "TS prepared this" in answers[-1][2]
    assert _stored(reader, finding.id) == changed

    # Undo of the edit brings back the statement and its sign-off together.
    demo_window.undo_action.trigger()
    back = _stored(reader, finding.id)
    assert (back.statement, back.reviewed_by) == (finding.statement, "JT")
