"""Backups, restoring, the lock and risky folders in the app, driven as a person would."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from models.records import Evidence
from storage.backups.automatic import (
    OPENED,
    WHILE_WORKING,
    backup_folder,
    create_backup,
    list_backups,
    read_backup,
)
from storage.file.file_lock import lock_path, read_holder
from storage.file.inspection_file import InspectionFile
from tests.ui.modal_answers import ModalAnswer, click
from ui.dialogs.restore_backup_dialog import RestoreBackupDialog

ROOT = Path(__file__).resolve().parents[2]

HOLD = """
import sys
sys.path.insert(0, {root!r})
from storage.file.file_lock import InspectionLock
lock = InspectionLock({path!r}).acquire()
print("locked", flush=True)
sys.stdin.readline()
"""


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def wait_for_backup(qtbot, window):
    """The backup made on opening: it follows the file's check, made in the background."""
    qtbot.waitUntil(lambda: not window.file_safety.working_in_background, timeout=20000)
    return window.file_safety.scheduler.last_backup


def add_item(window, summary: str) -> None:
    window.controller.add_evidence(Evidence(author="TS", summary=summary, question_codes=("1",)))


@pytest.fixture
def holder(demo_path):
    """Another copy of the app (another process) holding the demo file's lock."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD.format(root=str(ROOT), path=str(demo_path))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "locked"
    yield child
    child.kill()
    child.wait(timeout=30)


def test_opening_backs_up_and_changes_are_backed_up_on_the_timer(qtbot, demo_window, demo_path):
    window = demo_window
    made = wait_for_backup(qtbot, window)
    assert made is not None and list_backups(demo_path)[0].reason == OPENED
    assert window.statusBar().currentMessage().startswith("Backed up at ")
    assert lock_path(demo_path).exists() and read_holder(demo_path).pid == os.getpid()
    scheduler = window.file_safety.scheduler
    assert scheduler.timer.isActive() and scheduler.timer.interval() == 30 * 60_000

    with qtbot.waitSignal(scheduler.finished, timeout=20000) as nothing_new:
        scheduler.backup_while_working()
    assert nothing_new.args == [None] and len(list_backups(demo_path)) == 1

    add_item(window, "Recorded between two backups")
    with qtbot.waitSignal(scheduler.finished, timeout=20000) as changed:
        scheduler.backup_while_working()
    backups = list_backups(demo_path)
    assert changed.args == [backups[0].path] and backups[0].reason == WHILE_WORKING
    assert backups[0].evidence == backups[1].evidence + 1

    window.close_inspection()
    assert not scheduler.timer.isActive() and not lock_path(demo_path).exists()


def test_restore_dialog_lists_backups_and_restores_into_a_new_file(
    qtbot, qtmodeltester, demo_window, demo_path, tmp_path, monkeypatch
):
    window = demo_window
    wait_for_backup(qtbot, window)
    add_item(window, "Recorded after the first backup")
    with qtbot.waitSignal(window.file_safety.scheduler.finished, timeout=20000):
        window.file_safety.scheduler.backup_while_working()
    older, newer = list_backups(demo_path)[1], list_backups(demo_path)[0]
    out = tmp_path / "restored.inspection"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))

    def restore_older(dialog: RestoreBackupDialog) -> None:
        qtmodeltester.check(dialog.model)
        rows = [dialog.model.backup_at(r).path for r in range(dialog.model.rowCount())]
        assert rows == [newer.path, older.path]
        assert dialog.model.index(1, 2).data() == older.evidence
        dialog.table.selectRow(1)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    answer = ModalAnswer(RestoreBackupDialog, restore_older)
    window.restore_action.trigger()
    assert answer.seen
    qtbot.waitUntil(
        lambda: window.controller is not None and window.controller.inspection.path == out,
        timeout=20000,
    )
    assert window.controller.evidence.count() == older.evidence
    with InspectionFile.open(demo_path, readonly=True) as original:
        assert original.evidence.count() == newer.evidence  # left as it was
    saved_first = [b for b in list_backups(demo_path) if b.reason == "before restore"]
    assert [b.evidence for b in saved_first] == [newer.evidence]
    wait_for_backup(qtbot, window)


def test_a_file_open_in_another_copy_can_be_opened_read_only(
    qtbot, window, demo_path, holder, tmp_path_factory, answers
):
    cancel = ModalAnswer(QMessageBox, click("Cancel"))
    assert not window.open_file(demo_path)
    assert "is open in Evidence Review by " in cancel.seen[0] and window.controller is None

    answer = ModalAnswer(QMessageBox, click("Open read-only"))
    assert window.open_file(demo_path)
    assert "Open it read-only, or close it there first." in answer.seen[0]
    assert window.windowTitle().endswith("(read-only) — Evidence Review")
    assert not window.new_evidence_action.isEnabled()
    assert not window.new_finding_action.isEnabled()
    assert not window.import_evidence_action.isEnabled()
    assert not window.team_work.merge_action.isEnabled()
    view = window.view
    model = view.evidence_list.model
    view.evidence_list.select(model.evidence_at(0).id)
    assert view.editor.summary.isReadOnly() and view.editor.notes.isReadOnly()
    assert view.editor.delete_button.isHidden() and view.findings.new_button.isHidden()
    before = sha(demo_path)
    view.editor.summary.setText("Changed while read-only")
    view.editor.commit()
    # Attached files can be looked at but not added, whatever way they arrive.
    panel = view.editor.attachments
    assert panel.add_button.isHidden() and panel.remove_button.isHidden()
    dropped = tmp_path_factory.mktemp("drop") / "notice board.txt"
    dropped.write_text("Opening hours")
    assert panel.attach([dropped]) is None
    assert answers[-1][0] == "information" and "is open read-only" in answers[-1][2]
    assert sha(demo_path) == before
    assert not window.file_safety.scheduler.timer.isActive()  # the other copy backs it up


def test_a_damaged_file_offers_its_latest_good_backup(
    qtbot, window, demo_path, tmp_path, monkeypatch, answers
):
    good = create_backup(demo_path, OPENED)
    conn = sqlite3.connect(demo_path)
    pages = [
        n
        for (n,) in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'evidence'"
            " AND pagetype = 'leaf' ORDER BY pageno"
        )
    ]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(demo_path, "r+b") as f:
        f.seek((pages[len(pages) // 2] - 1) * size)
        f.write(b"\x13" * size)
    before = sha(demo_path)
    out = tmp_path / "from backup.inspection"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))

    answer = ModalAnswer(QMessageBox, click("Restore latest good backup…"))
    assert not window.open_file(demo_path)
    assert "is damaged" in answer.seen[0] and "latest good backup" in answer.seen[0]
    qtbot.waitUntil(
        lambda: window.controller is not None and window.controller.inspection.path == out,
        timeout=20000,
    )
    assert sha(demo_path) == before
    assert window.controller.evidence.count() == read_backup(good).evidence
    wait_for_backup(qtbot, window)


def test_a_file_in_a_cloud_folder_opens_with_a_warning_bar(
    qtbot, window, demo_path, tmp_path, answers
):
    folder = tmp_path / "OneDrive - Inspectorate"
    folder.mkdir()
    synced = Path(shutil.copy(demo_path, folder / "hampshire.inspection"))
    assert window.open_file(synced)
    bar = window.file_safety.bar
    assert bar is not None
    qtbot.waitUntil(bar.isVisible)
    assert "inside a OneDrive folder" in bar.label.text()
    assert answers == []  # a bar, never a dialog in the way
    wait_for_backup(qtbot, window)


def test_a_backup_that_fails_is_said_once_and_the_file_stays_open(
    qtbot, window, demo_path, answers
):
    backup_folder().parent.mkdir(parents=True, exist_ok=True)
    backup_folder().write_text("a file where the folder should be")
    assert window.open_file(demo_path)
    qtbot.waitUntil(lambda: bool(answers), timeout=20000)
    assert answers[0][:2] == ("warning", "Backup failed") and "unchanged" in answers[0][2]
    add_item(window, "Still recorded")
    with qtbot.waitSignal(window.file_safety.scheduler.finished, timeout=20000):
        window.file_safety.scheduler.backup_while_working()
    assert len(answers) == 1 and window.statusBar().currentMessage().startswith("Backup failed")


def test_restore_from_the_start_page_lists_every_backup_and_opens_the_copy(
    qtbot, qtmodeltester, window, demo_path, tmp_path, monkeypatch
):
    create_backup(demo_path, OPENED)
    assert window.controller is None and window.restore_action.isEnabled()
    out = tmp_path / "recovered.inspection"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))

    def restore_first(dialog: RestoreBackupDialog) -> None:
        qtmodeltester.check(dialog.model)
        assert dialog.model.headerData(0, Qt.Orientation.Horizontal) == "Inspection"
        assert "Hampshire" in dialog.model.index(0, 0).data()
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    answer = ModalAnswer(RestoreBackupDialog, restore_first)
    qtbot.mouseClick(window.start_page.restore_button, Qt.MouseButton.LeftButton)
    assert answer.seen
    qtbot.waitUntil(
        lambda: window.controller is not None and window.controller.inspection.path == out,
        timeout=20000,
    )
    with InspectionFile.open(demo_path, readonly=True) as original:
        assert window.controller.evidence.count() == original.evidence.count()
