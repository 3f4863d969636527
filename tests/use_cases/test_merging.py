"""The command line and the window make fieldwork copies, merge them and settle conflicts
through the same use cases, on the same file.

Each use case is wrapped by a spy that calls the real one; the command runs in
this process through ``main.main`` and the menu action is triggered in a real
main window, with its dialogs answered by clicking their buttons.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

import main
import storage.operations as operations
import ui.dialogs.conflicts_dialog as conflicts_dialog
import ui.workflows.fieldwork_copy_runner as fieldwork_copy_runner
import ui.workflows.merge_runner as merge_runner
from models.records import Evidence
from storage.file.inspection_file import InspectionFile
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import apply_merge, list_conflicts
from tests.storage.merge_helpers import fake_clock, make_master
from tests.use_cases import file_jobs_support as support
from ui.dialogs.conflicts_dialog import ConflictsDialog
from ui.dialogs.fieldwork_copy_dialog import FieldworkCopyDialog
from ui.dialogs.merge_preview_dialog import MergePreviewDialog


class Spy:
    """Calls the real use case and remembers which file each call was about."""

    def __init__(self, real, file_argument: int = 0):
        self.real, self.file_argument = real, file_argument
        self.files: list[Path] = []

    def __call__(self, *args, **kwargs):
        target = args[self.file_argument]
        self.files.append(Path(getattr(target, "path", target)).resolve())
        return self.real(*args, **kwargs)


def spy_on(monkeypatch, name: str, window_module) -> Spy:
    """Wrap the use case where the command finds it and where the window's module holds it."""
    spy = Spy(getattr(operations, name))
    monkeypatch.setattr(operations, name, spy)
    monkeypatch.setattr(window_module, name, spy)
    return spy


def command(*args) -> int:
    """Run one command in this process, leaving the logging as it was."""
    handlers = list(logging.getLogger().handlers)
    try:
        return main.main([str(a) for a in args])
    finally:
        for handler in set(logging.getLogger().handlers) - set(handlers):
            logging.getLogger().removeHandler(handler)
            handler.close()


shown, window = support.shown, support.window  # fixtures


@pytest.fixture
def settings(settings):
    """The window's settings with the lead's initials: the lead merges and settles conflicts."""
    settings.author_initials = "LD"
    return settings


def when_shown(qtbot, dialog_class, answer) -> QTimer:
    """Answer the next modal dialog of ``dialog_class`` as soon as it is on screen."""
    timer = QTimer()

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, dialog_class) and dialog.isVisible():
            timer.stop()
            answer(dialog)

    timer.timeout.connect(look)
    timer.start(20)
    return timer


def click_ok(qtbot, dialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


@pytest.fixture
def master(tmp_path, tiny_framework) -> Path:
    with fake_clock():
        make_master(tmp_path / "master.inspection", tiny_framework).close()
    return tmp_path / "master.inspection"


def copy_with_item(master: Path, initials: str, summary: str) -> Path:
    copy = create_fieldwork_copy(master, initials, master.with_name(f"{initials}.inspection"))
    with InspectionFile.open(copy) as opened:
        opened.evidence.add(Evidence(author=initials, summary=summary, question_codes=("1.1",)))
    return copy


def test_a_fieldwork_copy_is_made_through_one_use_case(qtbot, monkeypatch, window, master):
    spy = spy_on(monkeypatch, "make_fieldwork_copy", fieldwork_copy_runner)
    by_command = master.with_name("for AB.inspection")
    assert command("fieldwork-copy", master, "--for", "AB", "--out", by_command) == 0

    assert window.open_file(master)
    by_window = master.with_name("for CD.inspection")

    def fill_in(dialog: FieldworkCopyDialog) -> None:
        dialog.member.setCurrentIndex(dialog.member.findData("CD"))
        dialog.path.clear()
        qtbot.keyClicks(dialog.path, str(by_window))
        click_ok(qtbot, dialog)

    timer = when_shown(qtbot, FieldworkCopyDialog, fill_in)
    window.team_work.copy_action.trigger()
    timer.stop()
    qtbot.waitUntil(lambda: not window.team_work.copy_handle.running, timeout=20000)

    assert spy.files == [master.resolve(), master.resolve()]
    for copy, initials in ((by_command, "AB"), (by_window, "CD")):
        with InspectionFile.open(copy, readonly=True) as opened:
            assert opened.default_author == initials
    assert f"for CD written to {by_window}" in window.statusBar().currentMessage()


def test_a_merge_is_previewed_and_made_through_the_same_use_cases(
    qtbot, monkeypatch, window, master, shown
):
    first = copy_with_item(master, "AB", "Seen at the front counter")
    second = copy_with_item(master, "CD", "Seen in the control room")
    previews = spy_on(monkeypatch, "preview_merge", merge_runner)
    merges = spy_on(monkeypatch, "merge_planned", merge_runner)
    assert command("merge", master, first, "--yes") == 0

    assert window.open_file(master)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(second), ""))
    timer = when_shown(qtbot, MergePreviewDialog, lambda dialog: click_ok(qtbot, dialog))
    window.team_work.merge_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    timer.stop()

    assert previews.files == [master.resolve(), master.resolve()]
    assert merges.files == [master.resolve(), master.resolve()]
    assert shown[-1][0] == "Merge finished" and "Merged CD.inspection" in shown[-1][1]
    with InspectionFile.open(master, readonly=True) as merged:
        summaries = {item.summary for item in merged.evidence.page(limit=50)}
    assert {"Seen at the front counter", "Seen in the control room"} <= summaries


def test_a_conflict_is_settled_through_the_same_use_case(qtbot, monkeypatch, window, master):
    copy = create_fieldwork_copy(master, "AB", master.with_name("AB.inspection"))
    # The lead changes two items, then AB changes them too without having seen that.
    with InspectionFile.open(master) as lead:
        items = lead.evidence.page(limit=2)
        assert len(items) == 2
        for item in items:
            lead.evidence.update(replace(item, summary=f"Lead's wording of {item.ref}"))
        with InspectionFile.open(copy) as ab:
            for item in items:
                mine = ab.evidence.get(item.id)
                ab.evidence.update(replace(mine, summary=f"AB's wording of {item.ref}"))
        apply_merge(lead, copy)
        conflicts = list_conflicts(lead)
    assert len(conflicts) == 2
    spy = spy_on(monkeypatch, "resolve_merge_conflict", conflicts_dialog)
    assert command("conflicts", master, "--resolve", conflicts[0].id, "--keep", "other") == 0

    assert window.open_file(master)

    def take_other(dialog: ConflictsDialog) -> None:
        assert dialog.list.count() == 1
        qtbot.mouseClick(dialog.take_other, Qt.MouseButton.LeftButton)
        assert dialog.list.count() == 0
        dialog.reject()

    timer = when_shown(qtbot, ConflictsDialog, take_other)
    window.team_work.conflicts_action.trigger()
    timer.stop()

    assert spy.files == [master.resolve(), master.resolve()]
    with InspectionFile.open(master, readonly=True) as settled:
        assert list_conflicts(settled) == []
        summaries = {settled.evidence.get(item.id).summary for item in items}
    assert summaries == {f"Lead's wording of {item.ref}" for item in items}
