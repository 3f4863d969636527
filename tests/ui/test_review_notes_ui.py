"""Review notes in a real window: written from an editor's Review notes… button, answered,
resolved and deleted in the notes dialog, each step saved at once and undoable, and the
To review tab listing open notes and what nobody has signed off."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models.review.notes import ToReviewKind, threads
from ui.dialogs.notes_dialog import NotesDialog


def _notes_on(reader, subject_id):
    with reader() as disk:
        return threads(disk.review_notes.for_subject(subject_id))


def _open_notes(qtbot, button) -> NotesDialog:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = button.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def _first_item(qtbot, window):
    """Select the first item of the list with a click, as a person would."""
    view = window.view
    table, model = view.evidence_list.table, view.evidence_list.model
    rect = table.visualRect(model.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: view.editor.current is not None)
    return view.editor


def _write(qtbot, dialog, text, reply=False):
    dialog.writing.setFocus()
    qtbot.keyClicks(dialog.writing, text)
    modifiers = Qt.KeyboardModifier.ControlModifier
    if reply:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(dialog.writing, Qt.Key.Key_Return, modifiers)


def test_a_note_on_an_item_is_written_answered_resolved_and_undone(qtbot, demo_window, reader):
    editor = _first_item(qtbot, demo_window)
    item = editor.current
    button = editor.review_notes_button
    assert button.text() == "Review notes…"
    dialog = _open_notes(qtbot, button)
    assert dialog.windowTitle() == f"Review notes on {item.ref}"

    _write(qtbot, dialog, "Which custody suite was this?")
    (thread,) = _notes_on(reader, item.id)
    assert (thread.first.body, thread.first.author, thread.open) == (
        "Which custody suite was this?",
        "TS",
        True,
    )
    assert dialog.writing.toPlainText() == ""
    assert button.text() == "Review notes (1 open)…"
    assert dialog.threads.topLevelItem(0).text(1) == "Open"

    # A colleague answers the selected thread.
    demo_window.controller.inspection.actor = "JT"
    dialog.threads.setCurrentItem(dialog.threads.topLevelItem(0))
    _write(qtbot, dialog, "Basingstoke.", reply=True)
    (thread,) = _notes_on(reader, item.id)
    assert [(n.author, n.body) for n in thread.replies] == [("JT", "Basingstoke.")]
    assert dialog.threads.topLevelItem(0).childCount() == 1
    # JT cannot change TS's note: the buttons say so by being off.
    dialog.threads.setCurrentItem(dialog.threads.topLevelItem(0))
    assert not dialog.change_button.isEnabled() and not dialog.delete_button.isEnabled()

    qtbot.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    (thread,) = _notes_on(reader, item.id)
    assert thread.first.resolved_by == "JT" and not thread.open
    assert dialog.threads.topLevelItem(0).text(1) == "Resolved by JT"
    assert dialog.resolve_button.text().replace("&", "") == "Reopen"
    assert button.text() == "Review notes…"

    demo_window.undo_action.trigger()
    (thread,) = _notes_on(reader, item.id)
    assert thread.open
    assert dialog.threads.topLevelItem(0).text(1) == "Open"
    demo_window.undo_action.trigger()  # the reply
    (thread,) = _notes_on(reader, item.id)
    assert thread.replies == ()
    demo_window.controller.redo()
    (thread,) = _notes_on(reader, item.id)
    assert [n.body for n in thread.replies] == ["Basingstoke."]
    dialog.close()


def test_an_empty_note_is_refused_in_words_and_nothing_is_saved(qtbot, demo_window, reader):
    editor = _first_item(qtbot, demo_window)
    dialog = _open_notes(qtbot, editor.review_notes_button)
    _write(qtbot, dialog, "   ")
    assert dialog.message.text() == "Not saved: A note needs some text."
    assert _notes_on(reader, editor.current.id) == []
    # Replying with no thread selected says what to do.
    _write(qtbot, dialog, "An answer", reply=True)
    assert dialog.message.text() == "Select the thread to reply to first."
    assert _notes_on(reader, editor.current.id) == []
    dialog.close()


def test_the_author_deletes_a_thread_with_its_replies_and_undo_brings_it_back(
    qtbot, demo_window, reader, answers
):
    editor = _first_item(qtbot, demo_window)
    item_id = editor.current.id
    dialog = _open_notes(qtbot, editor.review_notes_button)
    _write(qtbot, dialog, "Check the date.")
    demo_window.controller.inspection.actor = "JT"
    dialog.threads.setCurrentItem(dialog.threads.topLevelItem(0))
    _write(qtbot, dialog, "Looks right to me.", reply=True)
    demo_window.controller.inspection.actor = "TS"
    dialog.threads.setCurrentItem(dialog.threads.topLevelItem(0))
    dialog._enable()
    assert dialog.delete_button.isEnabled()
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert answers[-1][:2] == ("question", "Delete the note")
    assert "and the replies to it" in answers[-1][2]
    assert _notes_on(reader, item_id) == []
    assert dialog.threads.topLevelItemCount() == 0
    demo_window.undo_action.trigger()
    (thread,) = _notes_on(reader, item_id)
    assert [n.body for n in thread.notes] == ["Check the date.", "Looks right to me."]
    dialog.close()


def test_notes_on_findings_and_judgments_and_the_to_review_tab(qtbot, demo_window, reader):
    view = demo_window.view
    tabs = view.review
    before = len(tabs.to_review.model._all)
    view.select_question("3")
    view.tabs.setCurrentWidget(view.findings)
    panel = view.findings
    finding = panel.model.finding_at(0)
    rect = panel.table.visualRect(panel.model.index(0, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = _open_notes(qtbot, panel.review_notes_button)
    assert "under 3" in dialog.windowTitle()
    _write(qtbot, dialog, "Is this backed by a case file?")
    dialog.close()

    view.tabs.setCurrentWidget(view.judgment)
    judgment_dialog = _open_notes(qtbot, view.judgment.review_notes_button)
    assert judgment_dialog.windowTitle() == "Review notes on the judgment for 3"
    _write(qtbot, judgment_dialog, "Grade follows the cap; say so.")
    judgment_dialog.close()

    qtbot.waitUntil(lambda: len(tabs.to_review.model._all) == before + 2)
    index = view.tabs.indexOf(tabs.to_review)
    assert view.tabs.tabText(index) == f"To revie&w ({before + 2})"
    view.tabs.setCurrentWidget(tabs.to_review)
    model = tabs.to_review.model
    entries = [model.row_at(r) for r in range(model.rowCount())]
    open_notes = [e for e in entries if e.kind is ToReviewKind.OPEN_NOTE]
    # Open notes come first: the demo's own two, and the two written here.
    assert entries[: len(open_notes)] == open_notes and len(open_notes) == 4
    ours = {e.note_subject_id: e.text for e in open_notes if e.who == "TS"}
    assert ours == {
        finding.id: "Is this backed by a case file?",
        view.judgment.current.id: "Grade follows the cap; say so.",
    }
    assert tabs.to_review.summary.text().startswith("✎ 4 open notes")

    # Filtering to open notes, then Enter on the finding's note goes there with its thread.
    combo = tabs.to_review.kind
    combo.setCurrentIndex(combo.findData(ToReviewKind.OPEN_NOTE.value))
    assert model.rowCount() == 4
    row = next(r for r in range(4) if model.row_at(r).note_subject_id == finding.id)
    table = tabs.to_review.table
    table.setCurrentIndex(model.index(row, 0))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert view.tabs.currentWidget() is view.findings
    assert panel.current.id == finding.id
    opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, NotesDialog)]
    assert any(d.subject_id == finding.id and d.isVisible() for d in opened)
    for d in opened:
        d.close()


def test_an_item_deleted_takes_its_open_note_off_the_to_review_list(
    qtbot, demo_window, reader, answers
):
    editor = _first_item(qtbot, demo_window)
    item = editor.current
    tabs = demo_window.view.review
    before = len(tabs.to_review.model._all)
    dialog = _open_notes(qtbot, editor.review_notes_button)
    _write(qtbot, dialog, "Is this the right date?")
    dialog.close()
    qtbot.waitUntil(lambda: len(tabs.to_review.model._all) == before + 1)
    demo_window.controller.delete_evidence(item)
    qtbot.waitUntil(lambda: len(tabs.to_review.model._all) == before)
    demo_window.undo_action.trigger()  # the item comes back, and its note with it
    qtbot.waitUntil(lambda: len(tabs.to_review.model._all) == before + 1)
