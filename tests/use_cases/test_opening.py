"""Opening a file for editing: the command line and the window go through one use case,
which takes the lock, refuses by header, quick-checks the whole file and opens it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

import main
import storage.file.database as database
from storage.file.errors import (
    DamagedFileError,
    FileOpenElsewhereError,
    InspectionNotFoundError,
    NewerSchemaError,
    NotAnInspectionError,
)
from storage.file.file_lock import lock_path
from storage.file.inspection_file import InspectionFile
from storage.operations import lock_file, open_for_editing
from tests.use_cases import file_jobs_support as support
from tests.use_cases.file_jobs_support import (
    files_beside,
    is_held,
    menu_action,
    sha,
    spy,
    wreck_evidence_pages,
)

settings, shown, window = support.settings, support.shown, support.window  # fixtures

ROOT = Path(__file__).resolve().parents[2]


def run(home: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        env={**os.environ, "EVIDENCE_REVIEW_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_a_command_and_file_open_both_open_for_editing_through_the_use_case(
    qtbot, window, demo_path, monkeypatch, shown
):
    calls = spy(monkeypatch, "open_for_editing")

    assert main.main(["team", str(demo_path), "--add", "XY", "--name", "Xavier Young"]) == 0
    assert calls == [demo_path.resolve()]
    assert not lock_path(demo_path).exists()  # the command let go of the file

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(demo_path), ""))
    menu_action(window, "Open…").trigger()
    assert window.controller is not None and window.controller.inspection.path == demo_path
    assert calls == [demo_path.resolve(), demo_path.resolve()]
    assert is_held(window.file_safety.lock) and shown == []
    assert "XY" in {m.initials for m in window.controller.inspection.team.list()}
    qtbot.waitUntil(lambda: not window.file_safety.working_in_background, timeout=20000)


@pytest.mark.parametrize(
    "command",
    [["team", "--add", "XY", "--name", "Xavier Young"], ["team", "--remove", "KO"]],
    ids=["add a member", "remove a member"],
)
def test_a_command_editing_a_damaged_file_is_refused_and_the_file_left_as_it_is(
    demo_path, isolated_home, command
):
    wreck_evidence_pages(demo_path)
    before, beside = sha(demo_path), files_beside(demo_path)

    result = run(isolated_home, command[0], demo_path, *command[1:])

    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert str(demo_path) in lines[0] and "damaged" in lines[0]
    assert f"main.py backups {demo_path}" in lines[0] and "--restore" in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert sha(demo_path) == before and files_beside(demo_path) == beside


def test_the_header_is_read_once_when_a_file_is_opened_for_editing(demo_path, monkeypatch):
    reads = []
    real = database.read_header

    def counted(path):
        reads.append(Path(path))
        return real(path)

    monkeypatch.setattr(database, "read_header", counted)
    with open_for_editing(demo_path) as opened:
        assert opened.lock is not None and is_held(opened.lock) and not opened.readonly
    assert reads == [demo_path]
    assert not lock_path(demo_path).exists()


def _foreign_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('not ours')")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 9999")
    conn.close()


@pytest.mark.parametrize(
    "make, error",
    [
        (lambda p: p.write_bytes(b""), NotAnInspectionError),
        (lambda p: p.write_text("a letter, not an inspection"), NotAnInspectionError),
        (_foreign_database, NotAnInspectionError),
        (_newer, NewerSchemaError),
    ],
    ids=["empty", "text", "another app's database", "from a newer app"],
)
def test_a_file_refused_by_its_header_is_never_quick_checked_or_changed(
    tmp_path, demo_path, make, error
):
    path = demo_path if make is _newer else tmp_path / "other.inspection"
    make(path)
    before, beside = sha(path), files_beside(path)
    with pytest.raises(error) as refused:
        open_for_editing(path)
    assert not isinstance(refused.value, DamagedFileError)  # no backup is offered for it
    assert str(path) in str(refused.value)
    assert sha(path) == before and files_beside(path) == beside


def test_a_damaged_file_is_refused_with_its_lock_let_go(demo_path):
    wreck_evidence_pages(demo_path)
    before = sha(demo_path)
    with pytest.raises(DamagedFileError) as refused:
        open_for_editing(demo_path)
    assert refused.value.path == demo_path and "restore the latest good backup" in str(
        refused.value
    )
    assert sha(demo_path) == before and not lock_path(demo_path).exists()


def test_a_file_open_elsewhere_is_refused_or_opened_read_only_when_the_caller_allows(
    demo_path,
):
    other = lock_file(demo_path, "merge")
    assert other is not None
    try:
        with pytest.raises(FileOpenElsewhereError):
            open_for_editing(demo_path)
        asked = []
        with pytest.raises(FileOpenElsewhereError):
            open_for_editing(demo_path, read_only_if_open_elsewhere=lambda e: asked.append(e))
        assert len(asked) == 1 and demo_path.name in str(asked[0])
        before = sha(demo_path)
        with open_for_editing(demo_path, read_only_if_open_elsewhere=lambda e: True) as opened:
            assert opened.readonly and opened.lock is None and opened.inspection.db.readonly
            assert opened.inspection.evidence.count() > 0
        assert sha(demo_path) == before and is_held(other)
    finally:
        other.release()


def test_the_same_file_opened_again_keeps_the_lock_it_has(demo_path, tmp_path):
    first = open_for_editing(demo_path)
    try:
        again = open_for_editing(demo_path, held=first.lock)
        assert again.lock is first.lock and is_held(first.lock)
        again.inspection.close()
        other = tmp_path / "other.inspection"
        other.write_bytes(demo_path.read_bytes())
        with open_for_editing(other, held=first.lock) as elsewhere:  # not its lock
            assert elsewhere.lock is not first.lock and is_held(elsewhere.lock)
        with pytest.raises(InspectionNotFoundError):
            open_for_editing(tmp_path / "missing.inspection", held=first.lock)
        assert is_held(first.lock)  # a failed open never lets go of a lock it was handed
    finally:
        first.close()
    assert not lock_path(demo_path).exists()


def test_a_file_in_a_cloud_folder_opens_with_its_warning(demo_path, tmp_path):
    folder = tmp_path / "OneDrive - Inspectorate"
    folder.mkdir()
    synced = folder / "hampshire.inspection"
    synced.write_bytes(demo_path.read_bytes())
    with open_for_editing(synced) as opened:
        assert opened.warning is not None and "OneDrive" in opened.warning
    with open_for_editing(demo_path) as opened:
        assert opened.warning is None
    with InspectionFile.open(synced, readonly=True) as reread:
        assert reread.evidence.count() > 0


def test_the_window_opening_its_own_file_again_keeps_holding_it(qtbot, window, demo_path, shown):
    assert window.open_file(demo_path)
    lock = window.file_safety.lock
    assert lock is not None and is_held(lock)
    qtbot.waitUntil(lambda: not window.file_safety.working_in_background, timeout=20000)

    assert window.open_file(demo_path)  # from the recent files, say
    assert window.file_safety.lock is lock and is_held(lock) and lock_path(demo_path).exists()
    assert window.controller.inspection.path == demo_path and shown == []
    # Another copy of the app is still told the file is open here.
    with pytest.raises(FileOpenElsewhereError):
        open_for_editing(demo_path)
    qtbot.waitUntil(lambda: not window.file_safety.working_in_background, timeout=20000)

    window.close_inspection()
    assert not is_held(lock) and not lock_path(demo_path).exists()
