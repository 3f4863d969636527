"""Recording evidence from the keyboard, as an inspector in a corridor would."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from models.evidence.query import EvidenceQuery
from models.vocabulary import Assessment, SourceType
from tests.storage.repository_helpers import live_id_for_ref


def tree_count(window, code: str) -> int:
    model = window.view.tree_model
    return model.data(model.index_for_code(code, 2))


def test_new_evidence_by_keyboard_is_saved_linked_and_counted(qtbot, demo_window, reader):
    view = demo_window.view
    view.select_question("2.2")
    before = tree_count(demo_window, "2.2")
    before_parent = tree_count(demo_window, "2")

    qtbot.keyClick(demo_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = view.editor
    assert editor.current is not None and editor.current.ref.startswith("TS-")
    assert editor.summary.hasFocus()
    qtbot.keyClicks(editor.summary, "Crime scene attended within the hour")
    qtbot.keyClick(editor.summary, Qt.Key.Key_Tab)  # → date
    assert editor.collected_on.line.hasFocus()
    qtbot.keyClick(editor.collected_on.line, Qt.Key.Key_Tab)  # → source
    assert editor.source_type.hasFocus()
    editor.source_type.setCurrentIndex(editor.source_type.findData(SourceType.REALITY_TESTING))
    qtbot.keyClick(editor.source_type, Qt.Key.Key_Tab)  # → assessment
    editor.assessment.setCurrentIndex(editor.assessment.findData(Assessment.POSITIVE))
    qtbot.keyClick(editor.assessment, Qt.Key.Key_Tab)  # → location
    assert editor.location.hasFocus()
    qtbot.keyClicks(editor.location, "Basingstoke police station")
    qtbot.keyClick(editor.location, Qt.Key.Key_Tab)  # → participants
    qtbot.keyClicks(editor.participants, "Response sergeant; PCs (3)")
    qtbot.keyClick(editor.participants, Qt.Key.Key_Tab)  # → questions
    assert editor.questions.hasFocus()
    editor.questions.selectAll()
    qtbot.keyClicks(editor.questions, "2.2, 1.1")
    qtbot.keyClick(editor.questions, Qt.Key.Key_Tab)
    qtbot.keyClicks(editor.notes, "Victim updated by phone the same day.")
    qtbot.keyClick(editor.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.evidence_list.table.hasFocus()

    ref = editor.current.ref
    with reader() as disk:
        saved = disk.evidence.get(live_id_for_ref(disk, ref))
    assert saved.summary == "Crime scene attended within the hour"
    assert saved.collected_on == date.today()
    assert saved.source_type is SourceType.REALITY_TESTING
    assert saved.assessment is Assessment.POSITIVE
    assert saved.location == "Basingstoke police station"
    assert saved.participants == ("Response sergeant", "PCs (3)")
    assert saved.question_codes == ("1.1", "2.2")
    assert saved.notes == "Victim updated by phone the same day."
    assert saved.author == "TS"
    assert tree_count(demo_window, "2.2") == before + 1
    assert tree_count(demo_window, "2") == before_parent + 1
    assert tree_count(demo_window, "1.1") >= 1
    assert ref in [
        view.evidence_list.model.evidence_at(r).ref
        for r in range(view.evidence_list.model.rowCount())
    ]


def test_new_evidence_defaults_to_selected_question_today_and_author(qtbot, demo_window):
    demo_window.view.select_question("3.1")
    demo_window.new_evidence_action.trigger()
    current = demo_window.view.editor.current
    assert current.question_codes == ("3.1",)
    assert current.collected_on == date.today()
    assert current.author == "TS"
    assert current.ref == "TS-0001"
    # An empty new item is a draft: starting another leaves nothing behind.
    demo_window.new_evidence_action.trigger()
    editor = demo_window.view.editor
    assert editor.current.ref == "TS-0001" and editor.draft
    qtbot.keyClicks(editor.summary, "Front counter closed at weekends")
    editor.commit()
    assert not editor.draft and editor.current.ref == "TS-0001"
    demo_window.new_evidence_action.trigger()
    assert editor.current.ref == "TS-0002"


def test_initials_are_asked_once_and_remembered(qtbot, demo_window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    demo_window.settings.author_initials = ""
    asked = []

    def ask(*args, **kwargs):
        asked.append(1)
        return ("kp", True)

    monkeypatch.setattr(QInputDialog, "getText", ask)
    demo_window.new_evidence_action.trigger()
    demo_window.new_evidence_action.trigger()
    assert len(asked) == 1
    assert demo_window.settings.author_initials == "KP"
    assert demo_window.view.editor.current.ref == "KP-0001"


def test_notes_are_saved_while_typing_without_leaving_the_field(qtbot, demo_window, reader):
    view = demo_window.view
    demo_window.new_evidence_action.trigger()
    editor = view.editor
    qtbot.keyClicks(editor.summary, "Custody suite visit")
    editor.notes.setFocus()
    qtbot.keyClicks(editor.notes, "Typed and never left")
    ref = editor.current.ref

    def on_disk() -> str:
        with reader() as disk:
            return disk.evidence.get(live_id_for_ref(disk, ref)).notes

    qtbot.waitUntil(lambda: on_disk() == "Typed and never left", timeout=3000)
    assert editor.notes.hasFocus()


def test_unknown_question_code_is_explained_and_not_saved(qtbot, demo_window, reader):
    editor = demo_window.view.editor
    demo_window.view.select_question("1.1")
    demo_window.new_evidence_action.trigger()
    qtbot.keyClicks(editor.summary, "Neighbourhood meeting")
    editor.questions.setFocus()
    editor.questions.selectAll()
    qtbot.keyClicks(editor.questions, "1.1, 9.9")
    qtbot.keyClick(editor.questions, Qt.Key.Key_Tab)
    assert not editor.questions_error.isHidden()
    assert "9.9" in editor.questions_error.text()
    # The status says what was not saved instead of a plain "Saved" beside the error.
    assert editor.status.text() == "Questions not saved"
    with reader() as disk:
        assert disk.evidence.get(editor.current.id).question_codes == ("1.1",)
    editor.questions.setFocus()
    editor.questions.selectAll()
    qtbot.keyClicks(editor.questions, "1.1")
    qtbot.keyClick(editor.questions, Qt.Key.Key_Tab)
    assert editor.questions_error.isHidden() and editor.status.text() == "Saved"


def test_edit_undo_redo_of_evidence(qtbot, demo_window, reader):
    view = demo_window.view
    view.select_question("E")
    first = view.evidence_list.model.evidence_at(0)
    view.evidence_list.select(first.id)
    editor = view.editor
    editor.summary.setFocus()
    editor.summary.selectAll()
    qtbot.keyClicks(editor.summary, "Rewritten summary")
    qtbot.keyClick(editor.summary, Qt.Key.Key_Tab)
    with reader() as disk:
        assert disk.evidence.get(first.id).summary == "Rewritten summary"
    assert view.evidence_list.model.evidence_at(0).summary == "Rewritten summary"

    qtbot.keyClick(demo_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with reader() as disk:
        assert disk.evidence.get(first.id).summary == first.summary
    assert editor.summary.text() == first.summary
    demo_window.redo_action.trigger()
    with reader() as disk:
        assert disk.evidence.get(first.id).summary == "Rewritten summary"


def test_delete_asks_first_and_can_be_undone(qtbot, demo_window, reader, answers):
    view = demo_window.view
    view.select_question("E")
    total = view.evidence_list.model.total
    victim = view.evidence_list.model.evidence_at(1)
    view.evidence_list.select(victim.id)
    demo_window.delete_evidence_action.trigger()
    assert answers and answers[-1][0] == "question" and victim.ref in answers[-1][2]
    assert view.evidence_list.model.total == total - 1
    with reader() as disk:
        assert disk.evidence.count(EvidenceQuery()) == total - 1
    demo_window.undo_action.trigger()
    assert view.evidence_list.model.total == total
    with reader() as disk:
        assert disk.evidence.get(victim.id).deleted_at is None


def test_undo_of_new_item_removes_it(qtbot, demo_window, reader):
    view = demo_window.view
    total = view.evidence_list.model.total
    demo_window.new_evidence_action.trigger()
    assert view.evidence_list.model.total == total  # a draft is not listed
    qtbot.keyClicks(view.editor.summary, "Street briefing observed")
    view.editor.commit()
    created = view.editor.current
    assert view.evidence_list.model.total == total + 1
    assert view.evidence_list.selected_ids() == [created.id]
    # Typing on in the summary of the new item is part of the same step.
    qtbot.keyClicks(view.editor.summary, " at 7am")
    view.editor.commit()
    demo_window.undo_action.trigger()
    assert view.evidence_list.model.total == total
    assert view.editor.current is None
    with reader() as disk:
        assert disk.evidence.get(created.id).deleted_at is not None


def test_an_undated_item_stays_undated_when_viewed(qtbot, demo_window, reader):
    from dataclasses import replace

    view = demo_window.view
    view.select_question("E")
    item = view.evidence_list.model.evidence_at(0)
    demo_window.controller.evidence.update(replace(item, collected_on=None))
    view.evidence_list.model.reload()
    view.evidence_list.select(item.id)
    editor = view.editor
    assert editor.collected_on.date() is None and editor.collected_on.line.text() == ""
    assert editor.collected_on.line.placeholderText() == "No date"
    editor.summary.setFocus()
    qtbot.keyClick(editor.summary, Qt.Key.Key_End)
    qtbot.keyClicks(editor.summary, " (seen)")
    qtbot.keyClick(editor.summary, Qt.Key.Key_Tab)
    with reader() as disk:
        saved = disk.evidence.get(item.id)
    assert saved.summary.endswith("(seen)") and saved.collected_on is None
