"""Restoring a backup: the backups command and File ▸ Restore from backup… go through one
use case, which backs the open file up first and copies the backup into a new file with
progress and Cancel."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

import main
import storage.backups.automatic as automatic
import ui.dialogs.restore_backup_dialog as restore_backup_dialog
from storage.backups.automatic import (
    BEFORE_RESTORE,
    OPENED,
    create_backup,
    list_backups,
    read_backup,
)
from storage.file.inspection_file import InspectionFile
from storage.operations import Cancelled, JobProgress, StorageError, restore_from_backup
from tests.ui.modal_answers import ModalAnswer
from tests.use_cases import file_jobs_support as support
from tests.use_cases.file_jobs_support import files_beside, menu_action, sha, spy
from ui.dialogs.restore_backup_dialog import RestoreBackupDialog

settings, shown, window = support.settings, support.shown, support.window  # fixtures


def _before_restore(path: Path) -> list[Path]:
    return [b.path for b in list_backups(path) if b.reason == BEFORE_RESTORE]


def test_the_backups_command_and_the_menu_action_restore_through_the_use_case(
    qtbot, window, demo_path, tmp_path, monkeypatch, capsys, shown
):
    calls = spy(monkeypatch, "restore_from_backup", restore_backup_dialog)
    backup = create_backup(demo_path, OPENED)
    out = tmp_path / "restored.inspection"

    command = ["backups", str(demo_path), "--restore", str(backup), "--out", str(out)]
    assert main.main(command) == 0
    assert calls == [backup.resolve()]
    assert f"Restored {backup.name} into {out}" in capsys.readouterr().out
    assert len(_before_restore(demo_path)) == 1  # the file named was backed up first
    with InspectionFile.open(out, readonly=True) as restored:
        assert restored.evidence.count() > 0
    for suffix in ("", "-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)

    assert window.open_file(demo_path)
    qtbot.waitUntil(lambda: not window.file_safety.working_in_background, timeout=20000)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))

    def restore_the_backup(dialog: RestoreBackupDialog) -> None:
        rows = [dialog.model.backup_at(r).path for r in range(dialog.model.rowCount())]
        dialog.table.selectRow(rows.index(backup))
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    answer = ModalAnswer(RestoreBackupDialog, restore_the_backup)
    menu_action(window, "Restore from backup…").trigger()
    assert answer.seen
    qtbot.waitUntil(
        lambda: window.controller is not None and window.controller.inspection.path == out,
        timeout=20000,
    )
    assert calls == [backup.resolve(), backup.resolve()] and shown == []
    assert len(_before_restore(demo_path)) == 2
    qtbot.waitUntil(lambda: not window.file_safety.working_in_background, timeout=20000)


def test_a_restore_stopped_half_way_leaves_no_new_file(demo_path, tmp_path, monkeypatch):
    monkeypatch.setattr(automatic, "STEP_PAGES", 4)  # many steps even for the small demo
    backup = create_backup(demo_path, OPENED)
    out = tmp_path / "restored.inspection"
    reported: list[tuple[int, int]] = []
    # Asked to stop as soon as the first pages are copied.
    progress = JobProgress(lambda d, t: reported.append((d, t)), lambda: bool(reported))
    before = files_beside(out)

    with pytest.raises(Cancelled):
        restore_from_backup(backup, out, progress=progress)

    assert len(reported) == 1 and 0 < reported[0][0] < reported[0][1]
    assert files_beside(out) == before and not out.exists()


def test_a_restore_reports_its_progress_and_backs_up_only_a_sound_file(demo_path, tmp_path):
    backup = create_backup(demo_path, OPENED)
    reported: list[tuple[int, int]] = []
    out = tmp_path / "restored.inspection"
    outcome = restore_from_backup(
        backup, out, current=demo_path, progress=JobProgress(lambda d, t: reported.append((d, t)))
    )
    assert outcome.restored == out and outcome.backup_made in _before_restore(demo_path)
    assert reported and reported[-1][0] == reported[-1][1] > 0

    damaged = tmp_path / "damaged.inspection"
    damaged.write_bytes(demo_path.read_bytes())
    support.wreck_evidence_pages(damaged)
    before = sha(damaged)
    again = restore_from_backup(backup, tmp_path / "again.inspection", current=damaged)
    assert again.backup_made is None and sha(damaged) == before


def test_a_restore_that_cannot_be_made_is_refused_before_anything_is_backed_up(demo_path, tmp_path):
    backup = create_backup(demo_path, OPENED)
    taken = tmp_path / "taken.inspection"
    taken.write_text("someone's file")
    for new_path in (taken, tmp_path / "no such folder" / "restored.inspection"):
        with pytest.raises(StorageError):
            restore_from_backup(backup, new_path, current=demo_path)
    assert _before_restore(demo_path) == [] and taken.read_text() == "someone's file"


def test_cancelling_a_restore_in_the_window_leaves_no_new_file(
    qtbot, window, demo_path, tmp_path, monkeypatch, shown
):
    backup = read_backup(create_backup(demo_path, OPENED))
    out = tmp_path / "restored.inspection"
    pressed = threading.Event()
    real = restore_backup_dialog.restore_from_backup

    def once_cancel_is_pressed(*args, **kwargs):
        assert pressed.wait(20)  # the worker starts copying only after Cancel was pressed
        return real(*args, **kwargs)

    monkeypatch.setattr(restore_backup_dialog, "restore_from_backup", once_cancel_is_pressed)
    runner = window.file_safety.restorer
    before = files_beside(out)
    with qtbot.waitSignal(runner.finished, timeout=20000) as finished:
        runner.start(backup, out, current=None)
        runner.progress.canceled.emit()  # what the dialog's Cancel button sends
        pressed.set()
    assert finished.args == [None] and shown == []
    assert files_beside(out) == before and window.controller is None
    assert window.statusBar().currentMessage().startswith("Restore stopped")
