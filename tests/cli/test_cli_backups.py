"""The backups command: listing an inspection's backups and restoring one into a new file."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from storage.backups.automatic import BEFORE_MERGE, OPENED, create_backup, list_backups
from storage.file.inspection_file import InspectionFile

ROOT = Path(__file__).resolve().parents[2]


def run(home: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "EVIDENCE_REVIEW_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    for word in words:
        assert word in lines[0], lines[0]


def test_backups_are_listed_newest_first(demo_path, isolated_home):
    empty = run(isolated_home, "backups", demo_path)
    assert empty.returncode == 0 and empty.stdout.startswith("No backups of ")
    first = create_backup(demo_path, OPENED, now=datetime(2026, 3, 1, 9, tzinfo=timezone.utc))
    second = create_backup(
        demo_path, BEFORE_MERGE, now=datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    )
    with InspectionFile.open(demo_path, readonly=True) as inspection:
        evidence = inspection.evidence.count()

    result = run(isolated_home, "backups", demo_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"2 backup(s) of {demo_path}, newest first:"
    assert lines[1].endswith(str(second)) and lines[2].endswith(str(first))
    assert f"{evidence} evidence items" in lines[1] and BEFORE_MERGE in lines[1]
    assert "--restore BACKUP --out NEW.inspection" in lines[-1]


def test_a_backup_is_restored_into_a_new_file_only(demo_path, isolated_home, tmp_path):
    backup = create_backup(demo_path, OPENED)
    original = sha(demo_path)
    out = tmp_path / "restored.inspection"

    result = run(isolated_home, "backups", demo_path, "--restore", backup.name, "--out", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Restored {backup.name} into {out}")
    assert sha(demo_path) == original
    with InspectionFile.open(out, readonly=True) as restored:
        assert restored.evidence.count() == list_backups(demo_path)[-1].evidence
    assert list_backups(demo_path)[0].reason == "before restore"

    again = run(isolated_home, "backups", demo_path, "--restore", backup, "--out", out)
    assert_refused(again, "already exists", "new file")
    assert_refused(run(isolated_home, "backups", demo_path, "--restore", backup), "go together")
    assert_refused(
        run(
            isolated_home,
            "backups",
            demo_path,
            "--restore",
            demo_path.parent / "nothing.inspection",
            "--out",
            tmp_path / "other.inspection",
        ),
        "not a backup",
    )
    assert_refused(run(isolated_home, "backups", tmp_path / "missing.inspection"), "does not exist")


def test_help_explains_the_command(isolated_home):
    result = run(isolated_home, "backups", "--help")
    assert result.returncode == 0 and "--restore BACKUP" in result.stdout
    assert "nothing is ever overwritten" in result.stdout
