"""check holds every file to the rules a merge holds copies to, never changes the file, and
``check --repair`` repairs a copy into a new file."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models.vocabulary import SourceType
from storage.file.inspection_file import InspectionFile
from tests.cli.test_cli_team_merge import assert_refused, run
from tests.storage.merge_helpers import file_state

ROOT = Path(__file__).resolve().parents[2]

SAVE_THEN_WAIT = """
import sys
sys.path.insert(0, {root!r})
from storage.file.inspection_file import InspectionFile
inspection = InspectionFile.open({path!r})
inspection.team.add("ZZ", "Zoe Zed", "inspector")
print("saved", flush=True)
sys.stdin.readline()
"""


def damage(path: Path, *statements) -> None:
    """What an earlier version, or someone's hand, could have left in a file."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("UPDATE history_context SET recording = 0")
        for statement in statements:
            sql, *params = statement if isinstance(statement, tuple) else (statement,)
            conn.execute(sql, params)
        conn.execute("UPDATE history_context SET recording = 1")
    finally:
        conn.close()


@pytest.fixture
def damaged(demo_path):
    with InspectionFile.open(demo_path, readonly=True) as inspection:
        first, second = [e.id for e in inspection.evidence.page(limit=2)]
        finding = inspection.findings.for_question()[0].id
    damage(
        demo_path,
        (
            "UPDATE evidence SET source_type = 'telepathy', participants = 'PC Jones, PC Smith'"
            " WHERE id = ?",
            first,
        ),
        (
            "UPDATE evidence SET notes = 'Named' || char(0) || char(27) || '[2J' WHERE id = ?",
            second,
        ),
        ("UPDATE finding SET kind = 'rumour' WHERE id = ?", finding),
        "CREATE VIEW planted AS SELECT * FROM evidence",
        "INSERT INTO merge_conflict (id, entity, row_key, current_json, other_json,"
        " detected_at) VALUES ('c0ffee', 'evidence', 'x', '{oops', '{}',"
        " '2026-03-02T10:00:00.000Z')",
    )
    return demo_path, first, second, finding


def test_check_names_every_value_the_app_never_writes_and_changes_nothing(damaged, tmp_path):
    path, first, second, finding = damaged
    before = file_state(path)
    result = run(tmp_path / "home", "check", path)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "PROBLEM  Schema: view planted is not part of an inspection file" in out
    assert f"PROBLEM  Value: evidence {first}, source_type telepathy: is not a source type" in out
    assert f"evidence {first}, participants PC Jones, PC Smith: is not JSON" in out
    assert f"evidence {second}, notes Named\\x00\\x1b[2J: holds a NUL character" in out
    assert f"finding {finding}, kind rumour: is not a finding kind" in out
    assert "merge_conflict c0ffee, current_json {oops: is not JSON" in out
    assert "\x1b" not in out
    assert "main.py check FILE --repair NEW.inspection" in out
    assert file_state(path) == before


def test_repair_writes_a_sound_new_file_and_leaves_the_old_one(damaged, tmp_path):
    path, first, second, finding = damaged
    before = file_state(path)
    out = tmp_path / "repaired.inspection"
    result = run(tmp_path / "home", "check", path, "--repair", out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"repaired  evidence {first}, source_type telepathy" in result.stdout
    assert "(now 'other')" in result.stdout
    assert "No problems found." in result.stdout
    assert file_state(path) == before
    assert out.stat().st_mode & 0o777 == 0o600
    with InspectionFile.open(out, readonly=True) as repaired:
        item = repaired.evidence.get(first)
        assert item.source_type is SourceType.OTHER
        assert item.participants == ("PC Jones, PC Smith",)  # what was typed is kept
        assert repaired.evidence.get(second).notes == "Named\x1b[2J"
        why = repaired.history.last_change(first, "source_type")
        assert (why.old_value, why.new_value, why.reason) == (
            "telepathy",
            "other",
            "Repaired by check --repair",
        )
        assert repaired.findings.get(finding).kind.value == "area_for_improvement"
    assert run(tmp_path / "home", "check", out).returncode == 0
    assert run(tmp_path / "home", "export", out, "--out", tmp_path / "x.xlsx").returncode == 0
    again = run(tmp_path / "home", "check", path, "--repair", out)
    assert_refused(again, "already exists")


def test_a_view_that_never_ends_is_reported_not_run(demo_path, tmp_path):
    damage(
        demo_path,
        "CREATE VIEW forever AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
        " SELECT i + 1 FROM n) SELECT i FROM n",
        "CREATE TRIGGER planted AFTER UPDATE ON evidence BEGIN SELECT count(*) FROM forever; END",
    )
    result = run(tmp_path / "home", "check", demo_path)
    assert result.returncode == 1
    assert "view forever is not part of an inspection file" in result.stdout
    assert "trigger planted is not part of an inspection file" in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_check_after_a_crash_leaves_the_file_and_its_log_exactly_as_they_were(demo_path, tmp_path):
    child = subprocess.Popen(
        [sys.executable, "-c", SAVE_THEN_WAIT.format(root=str(ROOT), path=str(demo_path))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "saved"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    shm = Path(f"{demo_path}-shm")
    shm.unlink(missing_ok=True)
    before = file_state(demo_path)
    assert before[1] is not None  # the log holds the last save
    result = run(tmp_path / "home", "check", demo_path)
    assert result.returncode == 0, result.stdout
    assert file_state(demo_path) == before
    assert not shm.exists()  # not even SQLite's shared memory was made beside it
    with InspectionFile.open(demo_path, readonly=True) as reopened:
        assert reopened.team.by_initials("ZZ") is not None


def test_conflict_versions_are_checked_field_by_field(demo_path, tmp_path):
    with InspectionFile.open(demo_path, readonly=True) as inspection:
        item = inspection.evidence.page(limit=1)[0]
    version = {
        "id": item.id,
        "source_type": "telepathy",
        "collected_on": None,
        "location": "",
        "participants": "[]",
        "summary": "",
        "notes": "",
        "assessment": "neutral",
        "sensitive": 0,
        "author": "AB",
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "deleted_at": None,
    }
    damage(
        demo_path,
        (
            "INSERT INTO merge_conflict (id, entity, row_key, current_json,"
            " other_json, detected_at) VALUES ('abcd1234', 'evidence', ?, ?, ?,"
            " '2026-03-02T10:00:00.000Z')",
            item.id,
            json.dumps(version),
            json.dumps(version),
        ),
    )
    result = run(tmp_path / "home", "check", demo_path)
    assert "merge_conflict abcd1234, current_json source_type telepathy" in result.stdout
    listed = run(tmp_path / "home", "conflicts", demo_path)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
