"""A new evidence item exists only once it has a summary; abandoning it leaves nothing behind."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.evidence.query import EvidenceQuery
from models.history import HistoryFilter
from tests.storage.repository_helpers import live_id_for_ref


def tree_count(window, code: str) -> int:
    model = window.view.tree_model
    return model.data(model.index_for_code(code, 2))


def file_state(reader):
    with reader() as disk:
        return (
            disk.evidence.count(EvidenceQuery()),
            disk.history.count(HistoryFilter(zone=None)),
            disk.evidence.next_ref("TS"),
        )


def test_ctrl_n_esc_ctrl_enter_leaves_no_item_no_count_no_history(qtbot, demo_window, reader):
    view = demo_window.view
    view.select_question("3")
    before = file_state(reader)
    listed, counted = view.evidence_list.model.total, tree_count(demo_window, "3")
    steps = demo_window.controller.undo_stack.count()
    view.tabs.setCurrentWidget(view.judgment)  # what stands behind it, as shown
    behind = view.judgment.context.text()

    qtbot.keyClick(demo_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = view.editor
    assert editor.draft and editor.summary.hasFocus()
    assert not editor.summary_hint.isHidden()  # says a summary is what it needs
    qtbot.keyClick(editor.summary, Qt.Key.Key_Escape)
    assert editor.current is None and not editor.draft
    qtbot.keyClick(demo_window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert file_state(reader) == before
    assert view.evidence_list.model.total == listed
    assert tree_count(demo_window, "3") == counted
    assert demo_window.controller.undo_stack.count() == steps
    view.tabs.setCurrentWidget(view.judgment)
    assert view.judgment.context.text() == behind


def test_ctrl_enter_on_an_empty_new_item_records_nothing(qtbot, demo_window, reader):
    before = file_state(reader)
    qtbot.keyClick(demo_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(
        demo_window.view.editor.summary, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    assert file_state(reader) == before
    assert demo_window.view.evidence_list.table.hasFocus()
    assert "discarded" in demo_window.statusBar().currentMessage()


def test_a_summary_records_the_item_with_everything_typed_before_it(qtbot, demo_window, reader):
    view = demo_window.view
    view.select_question("2.2")
    listed = view.evidence_list.model.total
    qtbot.keyClick(demo_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = view.editor
    editor.location.setFocus()
    qtbot.keyClicks(editor.location, "Eastleigh station")
    qtbot.keyClick(editor.location, Qt.Key.Key_Tab)
    assert editor.draft and view.evidence_list.model.total == listed
    with reader() as disk:
        assert live_id_for_ref(disk, editor.current.ref) is None
    editor.summary.setFocus()
    qtbot.keyClicks(editor.summary, "Front counter visit")
    qtbot.waitUntil(lambda: not editor.draft, timeout=3000)  # the pause in typing saves
    with reader() as disk:
        saved = disk.evidence.get(live_id_for_ref(disk, editor.current.ref))
    assert (saved.summary, saved.location, saved.question_codes) == (
        "Front counter visit",
        "Eastleigh station",
        ("2.2",),
    )
    assert view.evidence_list.selected_ids() == [saved.id]
    assert editor.summary.hasFocus()  # typing goes on where it was


def test_choosing_another_row_asks_before_discarding_what_was_typed(
    qtbot, demo_window, reader, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    view = demo_window.view
    view.select_question("E")
    qtbot.keyClick(demo_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = view.editor
    editor.notes.setFocus()
    qtbot.keyClicks(editor.notes, "Half a note")
    asked = []

    def keep(*args, **kwargs):
        asked.append(args[1])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", keep)
    other = view.evidence_list.model.evidence_at(0)
    view.evidence_list.select(other.id)
    assert asked == ["Discard the new item?"]
    assert editor.draft and editor.notes.toPlainText() == "Half a note"
    assert view.evidence_list.selected_ids() == []  # no row for an item not recorded

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    before = file_state(reader)
    view.evidence_list.select(other.id)
    assert not editor.draft and editor.current.id == other.id
    assert file_state(reader) == before


def test_closing_with_a_half_written_new_item_asks_first(qtbot, demo_window, reader, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    before = file_state(reader)
    qtbot.keyClick(demo_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    demo_window.view.editor.notes.setPlainText("Notes before the summary")
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No
    )  # keep writing
    demo_window.close_action.trigger()
    assert demo_window.view is not None and demo_window.view.editor.draft
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes
    )  # discard
    demo_window.close_action.trigger()
    assert demo_window.view is None
    assert file_state(reader) == before
