"""Automatic backups: made with the backup API and verified, listed per copy, rotated, restored,
and failures that leave nothing behind and the inspection untouched."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from models.records import Evidence
from storage.backups.automatic import (
    BEFORE_IMPORT,
    OPENED,
    WHILE_WORKING,
    backup_failure,
    backup_folder,
    changed_since_last_backup,
    create_backup,
    list_backups,
    rotate,
)
from storage.backups.errors import BackupError
from storage.backups.restore import latest_good_backup
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.health.check import check_inspection
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.operations.restoring import restore_from_backup

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def add_item(inspection: InspectionFile, summary: str = "Seen at the front counter") -> None:
    inspection.evidence.add(Evidence(author="TS", summary=summary, question_codes=("1.1",)))


def folder_contents() -> list[str]:
    folder = backup_folder()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_backup_is_a_verified_private_copy_named_by_inspection_copy_and_time(demo_inspection):
    path = create_backup(demo_inspection, OPENED, now=T0)
    info = demo_inspection.inspection
    assert path.parent == backup_folder()
    assert path.name.startswith(info.title.split()[0])
    assert f" {info.replica_id[:8]} 20260320T120000Z.inspection" in path.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not Path(f"{path}-wal").exists()  # one self-contained file
    assert check_inspection(path).healthy
    with InspectionFile.open(path, readonly=True) as copy:
        assert copy.evidence.count() == demo_inspection.evidence.count()
        assert copy.inspection.replica_id == info.replica_id
    sidecar = json.loads(path.with_suffix(".json").read_text())
    assert sidecar["reason"] == OPENED and sidecar["source"] == str(demo_inspection.path)
    assert [p for p in folder_contents() if p.startswith(".")] == []


def test_backups_are_listed_newest_first_with_counts_and_only_for_the_same_copy(
    demo_inspection, tmp_path
):
    first = create_backup(demo_inspection, OPENED, now=T0)
    add_item(demo_inspection)
    second = create_backup(demo_inspection.path, WHILE_WORKING, now=T0 + timedelta(minutes=30))
    demo_inspection.team.add("KP", "Kim Patel", "inspector")
    copy = create_fieldwork_copy(demo_inspection, "KP", tmp_path / "copy.inspection")
    create_backup(copy, OPENED, now=T0 + timedelta(hours=1))

    listed = list_backups(demo_inspection)
    assert [b.path for b in listed] == [second, first]
    evidence = demo_inspection.evidence.count()
    assert [b.evidence for b in listed] == [evidence, evidence - 1]
    assert listed[0].findings == len(demo_inspection.findings.for_question())
    assert [b.reason for b in listed] == [WHILE_WORKING, OPENED]
    assert listed[0].made_at == T0 + timedelta(minutes=30)
    assert listed[0].size == second.stat().st_size
    assert [b.path for b in list_backups(demo_inspection.path)] == [second, first]
    assert len(list_backups(copy)) == 1 and len(list_backups()) == 3


def test_changes_since_the_last_backup_are_noticed(tiny_inspection):
    tiny_inspection.team.add("TS", "Tess Smith", "inspector")
    assert changed_since_last_backup(tiny_inspection)  # never backed up
    create_backup(tiny_inspection, OPENED)
    assert not changed_since_last_backup(tiny_inspection)
    add_item(tiny_inspection)
    assert changed_since_last_backup(tiny_inspection)
    create_backup(tiny_inspection, WHILE_WORKING)
    assert not changed_since_last_backup(tiny_inspection.path)
    tiny_inspection.team.add("KP", "Kim Patel", "inspector")
    assert changed_since_last_backup(tiny_inspection)


def test_rotation_keeps_the_last_ten_and_one_a_day_for_fourteen_days_per_copy(
    tiny_inspection, tmp_path
):
    made = []
    for day in range(20):  # three a day for 20 days, oldest first
        for hour in (9, 13, 17):
            when = T0 - timedelta(days=19 - day) + timedelta(hours=hour - 12)
            made.append((when, create_backup(tiny_inspection, WHILE_WORKING, now=when)))
    tiny_inspection.team.add("KP", "Kim Patel", "inspector")
    copy = create_fieldwork_copy(tiny_inspection, "KP", tmp_path / "kp.inspection")
    old_copy_backup = create_backup(copy, OPENED, now=T0 - timedelta(days=60))

    removed = rotate(keep_recent=10, keep_days=14, now=T0)

    newest_first = [p for _, p in sorted(made, reverse=True)]
    kept = {b.path for b in list_backups(tiny_inspection)}
    newest_of_day = {}
    for when, path in sorted(made, reverse=True):
        if (T0.date() - when.date()).days < 14:
            newest_of_day.setdefault(when.date(), path)
    assert kept == set(newest_first[:10]) | set(newest_of_day.values())
    assert len(kept) == 10 + (14 - 4)  # the last ten span the newest four days
    assert set(removed) == set(newest_first) - kept
    assert all(not p.with_suffix(".json").exists() for p in removed)
    assert [b.path for b in list_backups(copy)] == [old_copy_backup]  # its own last ten


def test_restore_writes_a_new_file_and_backs_up_the_current_one_first(demo_inspection, tmp_path):
    before = create_backup(demo_inspection, OPENED, now=T0)
    count = demo_inspection.evidence.count()
    add_item(demo_inspection, "Added after the backup")
    out = tmp_path / "restored.inspection"
    original = sha(demo_inspection.path)

    outcome = restore_from_backup(before, out, current=demo_inspection)
    assert outcome.restored == out and outcome.backup_made is not None
    with InspectionFile.open(out) as restored:
        assert restored.evidence.count() == count
        assert restored.inspection.replica_id == demo_inspection.inspection.replica_id
    assert sha(demo_inspection.path) == original
    reasons = [b.reason for b in list_backups(demo_inspection)]
    assert reasons[0] == "before restore" and len(reasons) == 2
    assert list_backups(demo_inspection)[0].evidence == count + 1

    with pytest.raises(StorageError, match="already exists"):
        restore_from_backup(before, out)
    with pytest.raises(StorageError, match="already exists"):
        restore_from_backup(before, demo_inspection.path)
    assert sha(demo_inspection.path) == original


def test_a_damaged_backup_is_not_restored(demo_inspection, tmp_path):
    backup = create_backup(demo_inspection, OPENED)
    data = bytearray(backup.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8192] = b"\xa5" * 8192
    backup.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="damaged"):
        restore_from_backup(backup, tmp_path / "restored.inspection")
    assert not (tmp_path / "restored.inspection").exists()
    assert latest_good_backup(demo_inspection.path) is None


def test_a_backup_folder_that_is_a_file_gives_a_clear_error(demo_inspection, isolated_home):
    backup_folder().parent.mkdir(parents=True, exist_ok=True)
    backup_folder().write_text("not a folder")
    original = sha(demo_inspection.path)
    with pytest.raises(BackupError, match="cannot be written") as caught:
        create_backup(demo_inspection, BEFORE_IMPORT)
    assert "Traceback" not in str(caught.value) and "unchanged" in str(caught.value)
    assert sha(demo_inspection.path) == original


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0,
    reason="needs folder permissions that are enforced (not root)",
)
def test_a_read_only_backup_folder_gives_a_clear_error(demo_inspection):
    folder = backup_folder()
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(BackupError, match="cannot be written"):
            create_backup(demo_inspection, OPENED)
    finally:
        folder.chmod(0o700)
    assert folder_contents() == []


DISK_FULL = """
import resource, signal, sys
sys.path.insert(0, {root!r})
from storage.backups.automatic import create_backup
from storage.backups.errors import BackupError
# Writing past the limit fails the way a full disk does (and must not kill us).
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
# Not a whole number of pages, so the write that crosses it is cut short.
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024 + 100, 64 * 1024 + 100))
try:
    create_backup({path!r}, "before import")
except BackupError as e:
    print("refused:", e)
"""


@pytest.mark.skipif(os.name != "posix", reason="simulates a full disk with a file-size limit")
def test_a_full_disk_during_a_backup_leaves_nothing_behind(demo_path, isolated_home):
    original = sha(demo_path)
    result = subprocess.run(
        [sys.executable, "-c", DISK_FULL.format(root=str(ROOT), path=str(demo_path))],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "EVIDENCE_REVIEW_HOME": str(isolated_home)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "refused: The backup of demo.inspection could not be made "
        "because writing to the disk failed"
    ), result.stdout
    assert "demo.inspection itself is unchanged" in result.stdout
    assert folder_contents() == []
    assert sha(demo_path) == original
    with InspectionFile.open(demo_path, readonly=True) as still:
        assert still.evidence.count() > 0


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        sqlite3.OperationalError("database or disk is full"),
    ],
)
def test_a_full_disk_is_named_as_such(error):
    message = str(backup_failure(Path("demo.inspection"), error))
    assert message == (
        "The backup of demo.inspection could not be made because the disk is "
        "full; free some space and try again. demo.inspection itself is "
        "unchanged."
    )


def test_a_source_that_does_not_verify_leaves_no_backup(demo_path):
    conn = sqlite3.connect(demo_path)
    pages = [
        n
        for (n,) in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'history' AND pagetype = 'leaf' ORDER BY pageno"
        )
    ]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(demo_path.read_bytes())
    page = pages[len(pages) // 2]
    data[(page - 1) * size + 8 : page * size] = b"\x5a" * (size - 8)
    demo_path.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="did not verify"):
        create_backup(demo_path, OPENED)
    assert folder_contents() == []


def test_two_backups_begun_in_the_same_second_each_get_their_own_name(tmp_path, demo_path):
    """The backup made when a file opens and the one before an import may start together:
    a name being written by one is not taken by the other."""
    from datetime import datetime, timezone

    from storage.backups.automatic import backup_folder, create_backup

    moment = datetime(2026, 3, 2, 9, 0, 1, tzinfo=timezone.utc)
    first = create_backup(demo_path, "opened", now=moment)
    # A third backup's partial file under the next name, as if it were being written now.
    busy = backup_folder() / f".{first.stem} (2){first.suffix}.partial"
    busy.touch()
    second = create_backup(demo_path, "before import", now=moment)
    assert second.name == f"{first.stem} (3){first.suffix}"
    assert first.exists() and second.exists() and busy.exists()
