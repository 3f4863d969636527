"""A file closed properly last time opens at once and is checked behind the window; damage
found then is said plainly, and nothing more is written to the file."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from storage.backups.automatic import OPENED, create_backup, list_backups, read_backup
from tests.storage.test_open_safety import wreck_pages
from tests.ui.modal_answers import ModalAnswer, click


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def keep_it_open(box: QMessageBox) -> None:
    box.reject()  # Cancel: keep the damaged file open to read


def test_damage_found_after_opening_is_said_and_nothing_more_is_written(
    qtbot, window, demo_path, answers
):
    good = create_backup(demo_path, OPENED)
    wreck_pages(demo_path, "evidence_fts_data")  # the window never reads it to show the file
    before, backups = sha(demo_path), len(list_backups(demo_path))

    answer = ModalAnswer(QMessageBox, keep_it_open)
    assert window.open_file(demo_path)  # shown at once: the check runs behind it
    view = window.view
    assert view.evidence_list.model.total > 0
    qtbot.waitUntil(lambda: bool(answer.seen), timeout=20000)

    said = answer.seen[0]
    assert "found it damaged (" in said and "open read-only" in said
    assert "latest good backup" in said and str(demo_path) in said
    assert "is damaged" in window.statusBar().currentMessage()
    # The work stays in view, to read and copy; nothing can change the file now.
    assert window.controller is not None and window.windowTitle().endswith(
        "(read-only) — Evidence Review"
    )
    assert not window.new_evidence_action.isEnabled()
    item = view.evidence_list.model.evidence_at(0)
    view.evidence_list.select(item.id)
    assert view.editor.summary.text() == item.summary and view.editor.summary.isReadOnly()
    view.editor.summary.setText("Typed after the damage was found")
    view.editor.commit()
    qtbot.waitUntil(lambda: not window.file_safety.check.running)
    assert sha(demo_path) == before
    assert len(list_backups(demo_path)) == backups  # the damaged file was never backed up
    assert window.file_safety.check.damage is not None
    window.close_inspection()
    assert sha(demo_path) == before
    assert read_backup(good).evidence > 0


def test_the_latest_good_backup_is_offered_when_damage_is_found_after_opening(
    qtbot, window, demo_path, tmp_path, monkeypatch, answers
):
    good = create_backup(demo_path, OPENED)
    wreck_pages(demo_path, "evidence_fts_data")
    before = sha(demo_path)
    out = tmp_path / "from backup.inspection"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))

    answer = ModalAnswer(QMessageBox, click("Restore latest good backup…"))
    assert window.open_file(demo_path)
    qtbot.waitUntil(
        lambda: window.controller is not None and window.controller.inspection.path == out,
        timeout=20000,
    )
    assert "found it damaged" in answer.seen[0]
    assert sha(demo_path) == before
    assert window.controller.evidence.count() == read_backup(good).evidence


def test_a_sound_file_is_checked_then_backed_up_without_a_word(qtbot, window, demo_path, answers):
    assert window.open_file(demo_path)
    safety = window.file_safety
    qtbot.waitUntil(
        lambda: not safety.check.running and not safety.scheduler.running, timeout=20000
    )
    assert safety.check.damage is None and answers == []
    assert safety.scheduler.last_backup is not None  # made once the check passed
    assert window.new_evidence_action.isEnabled()
