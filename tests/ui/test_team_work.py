"""Team working in the app: the team, fieldwork copies, merging them back, conflicts."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt

from models.records import Evidence
from storage.file.inspection_file import InspectionFile
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import list_conflicts
from tests.storage.repository_helpers import live_id_for_ref
from ui.dialogs.conflicts_dialog import ConflictsDialog
from ui.dialogs.team_dialog import TeamDialog


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_team_dialog_adds_and_removes_members_with_undo(qtbot, demo_window, reader):
    dialog = TeamDialog(demo_window.controller, demo_window)
    qtbot.addWidget(dialog)
    before = dialog.table.rowCount()
    qtbot.keyClicks(dialog.initials, "kp")
    qtbot.keyClicks(dialog.name, "Kim Patel")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == before + 1
    with reader() as disk:
        assert disk.team.by_initials("KP").name == "Kim Patel"
    demo_window.undo_action.trigger()
    assert dialog.table.rowCount() == before
    with reader() as disk:
        assert disk.team.by_initials("KP") is None
    demo_window.redo_action.trigger()
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == "KP")
    dialog.table.selectRow(row)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    with reader() as disk:
        assert disk.team.by_initials("KP") is None


def test_duplicate_initials_are_explained(qtbot, demo_window, answers):
    controller = demo_window.controller
    controller.add_team_member("KP", "Kim Patel", "inspector")
    dialog = TeamDialog(controller, demo_window)
    qtbot.addWidget(dialog)
    dialog.initials.setText("KP")
    dialog.name.setText("Someone Else")
    dialog.add_member()
    assert answers[-1][0] == "warning" and "KP" in answers[-1][2]


def test_fieldwork_copy_from_the_app(qtbot, demo_window, demo_path, tmp_path):
    demo_window.controller.add_team_member("KP", "Kim Patel", "inspector")
    out = tmp_path / "copy for KP.inspection"
    handle = demo_window.team_work.start_copy("KP", out)
    qtbot.waitUntil(lambda: not handle.running, timeout=20000)
    with (
        InspectionFile.open(out, readonly=True) as copy,
        InspectionFile.open(demo_path, readonly=True) as master,
    ):
        assert copy.inspection.id == master.inspection.id
        assert copy.inspection.replica_id != master.inspection.replica_id
        assert copy.default_author == "KP"
        assert copy.evidence.count() == master.evidence.count()


def _copy_with_new_item(master_path: Path, tmp_path: Path) -> tuple[Path, str]:
    with InspectionFile.open(master_path) as master:
        master.team.add("KP", "Kim Patel", "inspector")
    copy_path = create_fieldwork_copy(master_path, "KP", tmp_path / "kp.inspection")
    with InspectionFile.open(copy_path) as copy:
        added = copy.evidence.add(
            Evidence(author="KP", summary="Seen in the copy", question_codes=("2.2",))
        )
    return copy_path, added.ref


def test_merge_shows_a_preview_then_merges_and_refreshes(qtbot, demo_window, demo_path, tmp_path):
    demo_window.close_inspection()
    copy_path, ref = _copy_with_new_item(demo_path, tmp_path)
    assert demo_window.open_file(demo_path)
    copy_before = sha(copy_path)
    seen = []

    def confirm(plan):
        seen.append(plan)
        return True

    total = demo_window.view.evidence_list.model.total
    from ui.workflows.merge_runner import MergeRunner

    runner = MergeRunner(demo_path, demo_window)
    runner.confirm, runner.quiet = confirm, True
    runner.finished.connect(demo_window.team_work._merged)
    with qtbot.waitSignal(runner.finished, timeout=30000) as done:
        runner.start(copy_path)
    assert done.args[0] is not None
    assert seen and seen[0].total.added >= 1
    assert demo_window.view.evidence_list.model.total == total + 1
    assert Path(done.args[0].backup).exists()
    assert sha(copy_path) == copy_before  # the copy is only read
    with InspectionFile.open(demo_path, readonly=True) as merged:
        assert live_id_for_ref(merged, ref) is not None


def test_declining_the_preview_changes_nothing(qtbot, demo_window, demo_path, tmp_path):
    demo_window.close_inspection()
    copy_path, ref = _copy_with_new_item(demo_path, tmp_path)
    assert demo_window.open_file(demo_path)
    from ui.workflows.merge_runner import MergeRunner

    runner = MergeRunner(demo_path, demo_window)
    runner.confirm, runner.quiet = (lambda plan: False), True
    with qtbot.waitSignal(runner.finished, timeout=30000) as done:
        runner.start(copy_path)
    assert done.args[0] is None
    with InspectionFile.open(demo_path, readonly=True) as master:
        assert live_id_for_ref(master, ref) is None


def test_a_conflict_is_reviewed_and_the_other_version_taken(
    qtbot, demo_window, demo_path, tmp_path
):
    demo_window.close_inspection()
    copy_path, _ = _copy_with_new_item(demo_path, tmp_path)
    with InspectionFile.open(demo_path) as master:
        item = master.evidence.page(limit=1)[0]
        master.evidence.update(replace(item, summary="Master's wording"))
    with InspectionFile.open(copy_path) as copy:
        copy.evidence.update(replace(copy.evidence.get(item.id), summary="Copy's wording"))
    assert demo_window.open_file(demo_path)
    from ui.workflows.merge_runner import MergeRunner

    runner = MergeRunner(demo_path, demo_window)
    runner.confirm, runner.quiet = (lambda plan: True), True
    runner.finished.connect(demo_window.team_work._merged)
    with qtbot.waitSignal(runner.finished, timeout=30000):
        runner.start(copy_path)
    controller = demo_window.controller
    assert controller.evidence.get(item.id).summary == "Copy's wording"  # the later change
    conflicts = list_conflicts(controller.inspection)
    assert len(conflicts) == 1 and "summary" in conflicts[0].differing_fields

    dialog = ConflictsDialog(controller, demo_window)
    qtbot.addWidget(dialog)
    dialog.resolved.connect(demo_window.view.reload)
    assert dialog.list.count() == 1
    fields = [dialog.fields.item(r, 0).text() for r in range(dialog.fields.rowCount())]
    assert "summary" in fields
    qtbot.mouseClick(dialog.take_other, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 0
    assert controller.evidence.get(item.id).summary == "Master's wording"


def test_new_evidence_in_a_fieldwork_copy_uses_its_inspector(
    qtbot, window, demo_path, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QInputDialog

    copy_path, _ = _copy_with_new_item(demo_path, tmp_path)
    window.settings.author_initials = ""
    monkeypatch.setattr(
        QInputDialog,
        "getText",
        lambda *a, **k: (_ for _ in ()).throw(
            AssertionError("the copy's inspector is known; nobody should be asked")
        ),
    )
    assert window.open_file(copy_path)
    window.new_evidence_action.trigger()
    assert window.view.editor.current.author == "KP"


def test_a_fieldwork_copy_shows_its_progress_and_cancel_leaves_no_copy(
    qtbot, demo_window, tmp_path, monkeypatch
):
    import threading

    import storage.merge.fieldwork_copy as fieldwork_copy

    demo_window.controller.add_team_member("KP", "Kim Patel", "inspector")
    copying, may_go_on = threading.Event(), threading.Event()
    real_backup = fieldwork_copy._backup

    def held_backup(master, temp):  # the copy waits here until the test has pressed Cancel
        copying.set()
        may_go_on.wait(timeout=30)
        real_backup(master, temp)

    monkeypatch.setattr(fieldwork_copy, "_backup", held_backup)
    out = tmp_path / "copy for KP.inspection"
    handle = demo_window.team_work.start_copy("KP", out)
    runner = demo_window.team_work.copy_runner
    assert copying.wait(timeout=30)
    assert runner.progress is not None and runner.progress.labelText().startswith(
        "Copying the inspection for KP"
    )
    runner.progress.canceled.emit()  # what its Cancel button sends
    may_go_on.set()
    qtbot.waitUntil(lambda: not handle.running, timeout=20000)
    assert not out.exists() and not list(tmp_path.glob(".copy for KP*"))
    qtbot.waitUntil(
        lambda: "no fieldwork copy was written" in demo_window.statusBar().currentMessage()
    )
