"""Checklists in the app: authored in the checklist editor (questions, items, answer
types, choices, conditions, order), installed from a workbook and saved as a template in
the background, each change one undo step, a bad workbook refused whole."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from models.case_reviews.answers import AnswerType
from storage.file.inspection_file import InspectionFile
from storage.operations import case_reviews as reviews
from tests.case_review_helpers import CHECKLIST
from ui.dialogs.checklist_editor_dialog import ChecklistEditorDialog


def _tabs(window, demo_path):
    assert window.open_file(demo_path)
    tabs = window.view.case_reviews
    tabs.show_messages = False
    tabs.show_tab()
    return tabs


def _checklists(path):
    with InspectionFile.open(path, readonly=True) as inspection:
        return reviews.list_checklists(inspection)


def _ids(path) -> set[str]:
    return {c.id for c in _checklists(path)}


def test_a_checklist_authored_in_the_editor_is_saved_as_one_step(qtbot, window, demo_path):
    demo_checklists = _ids(demo_path)  # the demo's own two
    assert len(demo_checklists) == 2
    tabs = _tabs(window, demo_path)
    assert tabs.checklist is not None and tabs.panel.edit_checklist.isEnabled()
    dialog = ChecklistEditorDialog(tabs.controller.framework)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog._check() and "needs a title" in dialog.problems.text()
    qtbot.keyClicks(dialog.title, "Supervision of investigations")
    qtbot.keyClicks(dialog.theme, "Investigation")
    dialog.codes = ("2.2",)
    qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.prompt, "Was there a supervisory review?")
    qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.prompt, "Was the review within seven days?")
    dialog.condition_item.setCurrentIndex(1)  # only when item 1 …
    dialog.condition_value.setCurrentIndex(dialog.condition_value.findData("yes"))
    qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.prompt, "Outcome")
    dialog.answer_type.setCurrentIndex(dialog.answer_type.findData(AnswerType.CHOICE))
    qtbot.keyClicks(dialog.choices, "Charged")
    assert "at least two choices" in dialog.problems.text()
    qtbot.keyClick(dialog.choices, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.choices, "No further action")
    assert dialog.problems.text() == ""
    # Moving the conditional item above the one it rests on is refused in words.
    dialog.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.up, Qt.MouseButton.LeftButton)
    assert "condition must name an earlier item" in dialog.problems.text()
    qtbot.mouseClick(dialog.down, Qt.MouseButton.LeftButton)
    assert dialog.problems.text() == ""
    edited = dialog.checklist()
    assert [i.prompt for i in edited.items] == [
        "Was there a supervisory review?",
        "Was the review within seven days?",
        "Outcome",
    ]
    assert edited.items[1].condition is not None
    assert edited.items[1].condition.item_id == edited.items[0].id
    assert edited.items[2].choices == ("Charged", "No further action")
    dialog.accept()

    stored = tabs.save_checklist(None, edited)
    assert stored is not None and tabs.checklist.id == stored.id
    (on_disk,) = [c for c in _checklists(demo_path) if c.id not in demo_checklists]
    assert on_disk.title == "Supervision of investigations" and on_disk.question_codes == ("2.2",)
    assert [len(r.editor.accessibleName()) > 0 for r in tabs.form.items.rows] == [True] * 3
    tabs.controller.undo()
    assert _ids(demo_path) == demo_checklists
    qtbot.waitUntil(lambda: tabs.checklist is not None and tabs.checklist.id in demo_checklists)
    tabs.controller.redo()
    assert _ids(demo_path) == demo_checklists | {stored.id}
    # The redo shows the checklist it put back, as saving it did.
    qtbot.waitUntil(lambda: tabs.checklist is not None and tabs.checklist.id == stored.id)
    assert tabs.panel.checklist.currentData() == stored.id
    assert len(tabs.form.items.rows) == 3


def test_editing_a_checklist_keeps_its_id_and_undo_puts_the_old_items_back(
    qtbot, window, demo_path
):
    from tests.ui.case_review_window import with_sample_checklist

    with_sample_checklist(demo_path)
    tabs = _tabs(window, demo_path)
    tabs.choose_checklist(CHECKLIST.id)
    before = tabs.checklist
    assert before is not None and before.id == CHECKLIST.id
    dialog = ChecklistEditorDialog(tabs.controller.framework, before)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(5)
    qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    stored = tabs.save_checklist(before, dialog.checklist())
    assert stored.id == CHECKLIST.id and len(stored.items) == 5
    assert len(tabs.form.items.rows) == 5
    tabs.controller.undo()
    (back,) = [c for c in _checklists(demo_path) if c.id == CHECKLIST.id]
    assert len(back.items) == 6
    qtbot.waitUntil(lambda: len(tabs.form.items.rows) == 6)


def test_install_from_workbook_and_save_template_run_in_the_background(
    qtbot, window, demo_path, tmp_path
):
    from tests.ui.case_review_window import with_sample_checklist

    with_sample_checklist(demo_path)
    before = _ids(demo_path)
    tabs = _tabs(window, demo_path)
    tabs.choose_checklist(CHECKLIST.id)
    out = tmp_path / "checklist.xlsx"
    runner = tabs.workbooks.write_template(out)
    with qtbot.waitSignal(runner.finished, timeout=20000) as written:
        pass
    assert written.args[0] == out
    sheet = load_workbook(out)["checklist"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert CHECKLIST.title in cells and CHECKLIST.items[0].prompt in cells

    runner = tabs.workbooks.install(out)
    with qtbot.waitSignal(runner.finished, timeout=20000):
        pass
    (installed,) = [c for c in _checklists(demo_path) if c.id not in before]
    assert installed.title == CHECKLIST.title
    assert tabs.checklist is not None and tabs.checklist.id == installed.id
    assert len(tabs.checklist.items) == len(CHECKLIST.items)
    assert tabs.controller.undo_stack.undoText().startswith("Add the checklist")
    tabs.controller.undo()
    assert _ids(demo_path) == before


def test_a_bad_workbook_installs_nothing_and_says_where(qtbot, window, demo_path, tmp_path):
    from openpyxl import Workbook

    demo_checklists = _ids(demo_path)
    tabs = _tabs(window, demo_path)
    shown = tabs.checklist
    bad = tmp_path / "bad.xlsx"
    book = Workbook()
    book.active.title = "checklist"
    book.active.append(["title", "Bad one"])
    book.active.append(["theme", ""])
    book.active.append(["questions", "9.9.9"])
    book.active.append(["item", "question", "answer type", "choices", "applies when item"])
    book.active.append([1, "Was it done?", "maybe", None, None])
    book.save(bad)
    runner = tabs.workbooks.install(bad)
    runner.show_messages = False
    with qtbot.waitSignal(runner.finished, timeout=20000) as done:
        pass
    assert done.args[0] is None
    assert _ids(demo_path) == demo_checklists and tabs.checklist == shown
    assert not tabs.controller.undo_stack.canUndo()


def test_deleting_a_checklist_asks_hides_its_files_and_undo_brings_both_back(
    qtbot, window, demo_path, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    demo_checklists = _ids(demo_path)
    tabs = _tabs(window, demo_path)
    doomed = tabs.checklist
    assert doomed is not None and tabs.panel.files.total > 0
    files = tabs.panel.files.total
    asked = []

    def answer(parent, title, text, *rest):
        asked.append(text)
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    tabs.show_messages = True
    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.mouseClick(tabs.panel.delete_checklist, Qt.MouseButton.LeftButton)
    assert _ids(demo_path) == demo_checklists  # "No" deletes nothing
    assert f"“{doomed.title}”" in asked[0] and "reviewed files" in asked[0]
    qtbot.mouseClick(tabs.panel.delete_checklist, Qt.MouseButton.LeftButton)
    assert _ids(demo_path) == demo_checklists - {doomed.id}
    qtbot.waitUntil(lambda: tabs.checklist is not None and tabs.checklist.id != doomed.id)
    assert tabs.panel.checklist.findData(doomed.id) < 0
    assert tabs.controller.undo_stack.undoText() == f"Delete the checklist {doomed.title}"
    made = reviews.result_evidence_of(tabs.inspection, tabs.checklist.id)
    assert made  # evidence from the other checklist's results is untouched

    tabs.controller.undo()
    assert _ids(demo_path) == demo_checklists
    qtbot.waitUntil(lambda: tabs.checklist is not None and tabs.checklist.id == doomed.id)
    qtbot.waitUntil(lambda: tabs.panel.files.total == files)
    tabs.controller.redo()
    assert _ids(demo_path) == demo_checklists - {doomed.id}
    qtbot.waitUntil(lambda: tabs.panel.checklist.findData(doomed.id) < 0)


def test_deleting_the_last_checklist_leaves_the_tab_empty_and_the_buttons_off(
    qtbot, window, demo_path
):
    tabs = _tabs(window, demo_path)
    while tabs.checklist is not None:
        assert tabs.delete_checklist()
    assert _ids(demo_path) == set()
    assert not tabs.panel.delete_checklist.isEnabled()
    assert not tabs.panel.edit_checklist.isEnabled() and not tabs.panel.new_file.isEnabled()
    assert tabs.panel.new_checklist.isEnabled()
