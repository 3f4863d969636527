"""Commands run beside the open app lose nothing: check, fieldwork-copy and export only read.

The real main window holds a file open and saves edits typed into it while
``check``, ``fieldwork-copy`` and ``export`` run in other processes, and a
process holding the file is killed outright. The app's write-ahead log must
stay where it is (the same file, never folded in or deleted), ``check`` must
not change a byte of the file or its log, and what a crash would leave on
disk, reopened, holds every edit the window acknowledged.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from storage.file import file_access
from storage.file.file_snapshot import snapshot
from storage.file.inspection_file import InspectionFile
from tests.storage.merge_helpers import file_state
from tests.storage.repository_helpers import live_id_for_ref

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

HOLD_OPEN = """
import sys
sys.path.insert(0, {root!r})
from storage.file.inspection_file import InspectionFile
inspection = InspectionFile.open({path!r}, readonly=True)
inspection.db.conn.execute("BEGIN")
print(inspection.evidence.count(), flush=True)
sys.stdin.readline()
"""


def run(home: Path, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, EVIDENCE_REVIEW_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def record(qtbot, window, summary: str) -> str:
    """Record a new item from the keyboard; its ref once the window shows it saved."""
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.view.editor
    qtbot.keyClicks(editor.summary, summary)
    qtbot.keyClick(editor.summary, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    ref = editor.current.ref
    qtbot.waitUntil(lambda: live_id_for_ref(window.controller.inspection, ref) is not None)
    return ref


def log_identity(path: Path) -> tuple[int, int]:
    info = os.stat(f"{path}-wal")
    return info.st_dev, info.st_ino


def register_summaries(workbook: Path) -> set[str]:
    sheet = load_workbook(workbook, read_only=True)["Evidence register"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Summary")
    return {row[column] for row in rows[1:]}


@pytest.fixture
def team_demo(demo_path):
    with InspectionFile.open(demo_path) as inspection:
        inspection.team.add("AB", "Ana Bell", "inspector")
    return demo_path


def test_commands_beside_the_open_app_lose_no_edit(
    qtbot, window, team_demo, tmp_path, isolated_home
):
    path = team_demo
    assert window.open_file(path)
    # The window's own workers open their own connections (the file's check and the backup
    # made on opening); their reads must not drop the window's locks either.
    qtbot.waitUntil(lambda: not window.file_safety.working_in_background, timeout=20000)
    first = record(qtbot, window, "Custody records checked before the command ran")
    log = log_identity(path)

    before = file_state(path)
    checked = run(isolated_home, "check", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No problems found." in checked.stdout
    assert file_state(path) == before  # not a byte of the file or its log changed
    copied = run(
        isolated_home, "fieldwork-copy", path, "--for", "AB", "--out", tmp_path / "ab.inspection"
    )
    assert copied.returncode == 0, copied.stderr
    assert file_state(path) == before  # the master is only read
    exported = run(isolated_home, "export", path, "--out", tmp_path / "before.xlsx")
    assert exported.returncode == 0, exported.stderr
    assert log_identity(path) == log  # the app's log is where it was
    assert Path(f"{path}-shm").exists()

    second = record(qtbot, window, "Control room visited after the commands ran")
    assert log_identity(path) == log

    # A process holding the file (mid-read) is killed outright.
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN.format(root=str(ROOT), path=str(path))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert int(child.stdout.readline()) > 0
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    third = record(qtbot, window, "Saved after a reader was killed")

    exported = run(isolated_home, "export", path, "--out", tmp_path / "after.xlsx")
    assert exported.returncode == 0, exported.stderr
    summaries = register_summaries(tmp_path / "after.xlsx")
    assert {
        "Custody records checked before the command ran",
        "Control room visited after the commands ran",
        "Saved after a reader was killed",
    } <= summaries

    # What a power cut now would leave on disk: the file and its log as they are.
    crash = tmp_path / "after-crash"
    crash.mkdir()
    image = snapshot(path, crash, "image.inspection")
    with InspectionFile.open(image, readonly=True) as reopened:
        refs = {
            reopened.evidence.get(live_id_for_ref(reopened, r)).ref for r in (first, second, third)
        }
    assert refs == {first, second, third}
    assert file_access.connections_to(path) >= 1  # the window still has it open

    window.close_inspection()
    assert window.open_file(path)
    assert all(live_id_for_ref(window.controller.inspection, r) for r in (first, second, third))


def test_a_planted_lock_file_is_refused_in_the_window_and_nothing_is_written(
    window, answers, demo_path, tmp_path
):
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file\n")
    Path(f"{demo_path}.lock").symlink_to(victim)
    assert not window.open_file(demo_path)
    assert any(
        "Cannot open inspection" == title and "was not used as the file's lock" in text
        for _, title, text in answers
    )
    assert victim.read_text() == "someone else's file\n"
    assert window.view is None
