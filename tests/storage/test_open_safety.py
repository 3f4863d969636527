"""Opening a file safely: after an unclean shutdown the whole file is checked first, and a
damaged file is refused exactly as it is, with its latest good backup found."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage.backups.automatic import OPENED, create_backup
from storage.backups.restore import latest_good_backup
from storage.file.database import InspectionDatabase
from storage.file.errors import DamagedFileError, NotAnInspectionError, StorageError
from storage.file.inspection_file import InspectionFile
from storage.file.open_checks import has_leftover_log, verify_file
from storage.operations.restoring import restore_from_backup
from tests.storage.repository_helpers import live_id_for_ref

ROOT = Path(__file__).resolve().parents[2]

WRITE_THEN_WAIT = """
import sys
sys.path.insert(0, {root!r})
from models.records import Evidence
from storage.file.inspection_file import InspectionFile
inspection = InspectionFile.open({path!r})
inspection.team.add("ZZ", "Zoe Zed", "inspector")
inspection.evidence.add(Evidence(author="ZZ", summary="Saved just before the power cut",
                                 question_codes=("1",)))
print("saved", flush=True)
sys.stdin.readline()
"""


def state(path: Path) -> tuple:
    """The bytes of the file and of its write-ahead log (an empty log is as good as none)."""
    wal = Path(f"{path}-wal")
    log = wal.read_bytes() if wal.exists() else b""
    return hashlib.sha256(path.read_bytes()).hexdigest(), hashlib.sha256(log).hexdigest()


def crash_after_a_commit(path: Path) -> None:
    """A real unclean shutdown: another process commits, then is killed outright."""
    child = subprocess.Popen(
        [sys.executable, "-c", WRITE_THEN_WAIT.format(root=str(ROOT), path=str(path))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "saved"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert Path(f"{path}-wal").stat().st_size > 0


def wreck_pages(path: Path, table: str = "history", count: int = 2) -> None:
    """Overwrite leaf pages of ``table`` in the middle of the file, past SQLite's notice on open."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    pages = [
        n
        for (n,) in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            [table],
        )
    ]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    middle = len(pages) // 2
    with open(path, "r+b") as f:
        for page in pages[middle : middle + count]:
            f.seek((page - 1) * size)
            f.write(b"\x13" * size)


def test_a_clean_open_is_not_checked(demo_path):
    with InspectionDatabase.open(demo_path) as db:
        assert not db.checked_after_unclean_shutdown


def test_after_an_unclean_shutdown_the_file_is_checked_and_the_data_is_there(demo_path):
    crash_after_a_commit(demo_path)
    assert has_leftover_log(demo_path)
    with InspectionFile.open(demo_path) as reopened:
        assert reopened.db.checked_after_unclean_shutdown
        item = reopened.evidence.get(live_id_for_ref(reopened, "ZZ-0001"))
        assert item.summary == "Saved just before the power cut"
        # A second connection in this process sees the first one's log, not a leftover.
        with InspectionFile.open(demo_path, readonly=True) as second:
            assert not second.db.checked_after_unclean_shutdown
    assert not has_leftover_log(demo_path)  # closed cleanly this time


def test_a_damaged_file_after_an_unclean_shutdown_is_refused_untouched(demo_path):
    good = create_backup(demo_path, OPENED)
    crash_after_a_commit(demo_path)
    wreck_pages(demo_path)
    before = state(demo_path)
    for readonly in (False, True):
        with pytest.raises(DamagedFileError) as caught:
            InspectionFile.open(demo_path, readonly=readonly)
        assert caught.value.path == demo_path and "damaged" in str(caught.value)
        assert "Traceback" not in str(caught.value)
    assert state(demo_path) == before
    assert latest_good_backup(demo_path).path == good


def test_a_damaged_file_fails_the_check_made_before_opening_in_the_app(demo_path, tmp_path):
    good = create_backup(demo_path, OPENED)
    wreck_pages(demo_path, "evidence")
    before = state(demo_path)
    with pytest.raises(DamagedFileError, match="cannot be read: it is damaged"):
        verify_file(demo_path)
    assert state(demo_path) == before
    backup = latest_good_backup(demo_path)
    assert backup.path == good
    restored = restore_from_backup(backup, tmp_path / "restored.inspection").restored
    verify_file(restored)
    with InspectionFile.open(restored) as opened:
        assert opened.evidence.count() == backup.evidence


def test_a_wrecked_schema_is_a_damaged_file(demo_path):
    with open(demo_path, "r+b") as f:
        f.seek(100)
        f.write(b"\xff" * 3996)
    before = state(demo_path)
    with pytest.raises(DamagedFileError) as caught:
        InspectionFile.open(demo_path)
    assert isinstance(caught.value, NotAnInspectionError)  # callers that only know that
    assert state(demo_path) == before
    assert latest_good_backup(demo_path) is None


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0,
    reason="needs file permissions that are enforced (not root)",
)
def test_an_unreadable_file_gives_a_clear_error(demo_path):
    demo_path.chmod(0o200)
    try:
        with pytest.raises(StorageError, match="cannot be read"):
            InspectionFile.open(demo_path)
    finally:
        demo_path.chmod(0o600)
