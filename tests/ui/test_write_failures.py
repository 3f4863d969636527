"""A save that fails in the app (the disk is full) is shown as failed, never as saved.

The full disk is SQLite's limit on the file's size, set on the open file's
own connection to the pages it has now; everything else is the real window
driven from the keyboard.
"""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import Qt

from tests.storage.repository_helpers import live_id_for_ref

BIG = "Notes of a long focus group with response officers. " * 6000  # ~300 KB


@contextmanager
def disk_full(window):
    conn = window.controller.inspection.db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    limit = conn.execute("PRAGMA max_page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA max_page_count = {limit}")


def test_an_autosave_on_a_full_disk_says_not_saved_and_keeps_the_text(
    qtbot, demo_window, answers, reader
):
    view = demo_window.view
    view.select_question("2.2")
    qtbot.keyClick(demo_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = view.editor
    qtbot.keyClicks(editor.summary, "Focus group with response officers")
    editor.commit()
    ref = editor.current.ref
    steps = demo_window.controller.undo_stack.count()
    path = demo_window.controller.inspection.path

    with disk_full(demo_window):
        editor.notes.setFocus()
        editor.notes.setPlainText(BIG)  # as if pasted
        assert editor.status.text() == "Saving…"
        qtbot.keyClick(editor.notes, Qt.Key.Key_Tab)  # leaving the field saves it
        assert answers == [
            (
                "warning",
                "Evidence not saved",
                f"The disk holding {path} is full; nothing of this change was "
                "saved. Free some space on that disk and try again.",
            )
        ]
        assert editor.status.text() == "Not saved"
        assert editor.notes.toPlainText() == BIG  # the text is not thrown away
        assert demo_window.controller.undo_stack.count() == steps  # nothing to undo
        with reader() as disk:
            assert disk.evidence.get(live_id_for_ref(disk, ref)).notes == ""

    # Space again: finishing with the field once more saves what it shows.
    editor.notes.setFocus()
    qtbot.keyClick(editor.notes, Qt.Key.Key_Tab)
    assert editor.status.text() == "Saved"
    with reader() as disk:
        assert disk.evidence.get(live_id_for_ref(disk, ref)).notes == BIG
    assert demo_window.controller.undo_stack.count() == steps + 1


def test_an_undo_on_a_full_disk_is_reported_and_can_be_tried_again(
    qtbot, demo_window, answers, reader
):
    view = demo_window.view
    view.select_question("2.2")
    qtbot.keyClick(demo_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = view.editor
    ref = editor.current.ref
    earlier = BIG.replace("focus group", "station visit")
    for field, text in (
        (editor.notes, earlier),
        (editor.summary, "Front counter visit"),
        (editor.notes, BIG),
    ):
        field.setFocus()
        field.setPlainText(text) if field is editor.notes else field.setText(text)
        qtbot.keyClick(field, Qt.Key.Key_Tab)
    stack = demo_window.controller.undo_stack
    steps = stack.count()
    assert stack.undoText().startswith("Edit notes")

    with disk_full(demo_window):
        # Undoing writes the earlier notes back and a history row holding both long texts:
        # more pages than the full disk has.
        demo_window.undo_action.trigger()
        qtbot.waitUntil(lambda: len(answers) == 1)
        kind, title, text = answers[0]
        assert (kind, title) == ("warning", "Not saved")
        assert text.startswith(f'"Edit notes of {ref}" was not undone. The disk holding')
        # The file still holds the edit, the window shows it, and the stack is back
        # where it was: the step can be undone once there is room.
        with reader() as disk:
            assert disk.evidence.get(live_id_for_ref(disk, ref)).notes == BIG
        qtbot.waitUntil(lambda: stack.index() == steps)
        assert editor.notes.toPlainText() == BIG
        assert stack.count() == steps and stack.undoText().startswith("Edit notes")

    demo_window.undo_action.trigger()
    with reader() as disk:
        assert disk.evidence.get(live_id_for_ref(disk, ref)).notes == earlier
    demo_window.redo_action.trigger()
    with reader() as disk:
        assert disk.evidence.get(live_id_for_ref(disk, ref)).notes == BIG

    # And a redo that cannot be written is put back the same way.
    demo_window.undo_action.trigger()
    with disk_full(demo_window):
        demo_window.redo_action.trigger()
        qtbot.waitUntil(lambda: len(answers) == 2)
        assert answers[1][2].startswith(f'"Edit notes of {ref}" was not redone.')
        qtbot.waitUntil(lambda: stack.index() == steps - 1)
        with reader() as disk:
            assert disk.evidence.get(live_id_for_ref(disk, ref)).notes == earlier
    assert stack.redoText().startswith("Edit notes")
