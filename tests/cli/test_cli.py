"""Tests for the command line, run as a person would: ``python main.py …`` in a subprocess.

Every bad input must give one ``error:`` line, exit status 2, no traceback,
and leave every input file byte-for-byte as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from storage.file.inspection_file import InspectionFile
from storage.file.migrations import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
PEEL = "peel-2015-effectiveness"


def run(home: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "EVIDENCE_REVIEW_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    """Exit status 2 and one plain ``error:`` line that mentions ``words``."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    for word in words:
        assert word in lines[0]


@pytest.fixture
def home(isolated_home):
    return isolated_home


# -- bad input files --------------------------------------------------------------
def _text_file(folder: Path) -> Path:
    path = folder / "renamed.inspection"
    path.write_text("Minutes of the tasking meeting\n" * 20, encoding="utf-8")
    return path


def _plain_database(folder: Path) -> Path:
    path = folder / "plain.inspection"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('someone')")
    conn.commit()
    conn.close()
    return path


def _newer(folder: Path, tiny_framework, how: str) -> Path:
    path = folder / f"newer-{how}.inspection"
    InspectionFile.create(path, tiny_framework, force="Futureshire Police").close()
    conn = sqlite3.connect(path)
    if how == "version":
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    else:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('evidence_review', 'm900_added_by_a_newer_app', '2030-01-01')"
        )
    conn.commit()
    conn.close()
    return path


def _newer_in_log(folder: Path, tiny_framework) -> Path:
    """A newer app's schema change still only in the -wal, as a crash leaves it."""
    original = folder / "current.inspection"
    InspectionFile.create(original, tiny_framework, force="Futureshire Police").close()
    writer = sqlite3.connect(original, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    crashed = folder / "crashed"
    crashed.mkdir()
    copy = crashed / "newer-in-log.inspection"
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{original}{suffix}", f"{copy}{suffix}")
    writer.close()
    return copy


BAD_FILES = {
    "missing": (lambda folder, fw: folder / "missing.inspection", "does not exist"),
    "text file": (lambda folder, fw: _text_file(folder), "not an inspection"),
    "other database": (lambda folder, fw: _plain_database(folder), "not an inspection"),
    "newer version": (lambda folder, fw: _newer(folder, fw, "version"), "newer version"),
    "newer migration": (lambda folder, fw: _newer(folder, fw, "migration"), "newer version"),
    "newer, still in the log": (_newer_in_log, "newer version"),
}


def _state(path: Path) -> list[str | None]:
    """The file's and its log's contents; an empty log is the same as none."""
    log = Path(f"{path}-wal")
    return [sha(p) if p.exists() and p.stat().st_size else None for p in (path, log)]


@pytest.mark.parametrize(
    "command, kind", [(command, kind) for command in ("export", "check") for kind in BAD_FILES]
)
def test_bad_input_file_is_refused_and_left_unchanged(
    home, tmp_path, tiny_framework, command, kind
):
    make, words = BAD_FILES[kind]
    path = make(tmp_path, tiny_framework)
    before = _state(path)
    args = [command, path] + (["--out", tmp_path / "out.xlsx"] if command == "export" else [])
    assert_refused(run(home, *args), words)
    assert _state(path) == before
    assert not (tmp_path / "out.xlsx").exists()


# -- help and frameworks ------------------------------------------------------------
def test_help_lists_every_command(home):
    result = run(home, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: main.py")
    for command in ("gui", "demo", "new", "frameworks", "export", "check"):
        assert command in result.stdout
    export_help = run(home, "export", "--help")
    assert export_help.returncode == 0 and "--include-sensitive" in export_help.stdout


def test_frameworks_lists_the_builtin_framework(home):
    result = run(home, "frameworks")
    assert result.returncode == 0, result.stderr
    assert PEEL in result.stdout
    assert "PEEL 2015: police effectiveness, version 2015.1" in result.stdout
    assert "grades: Outstanding, Good, Requires improvement, Inadequate" in result.stdout
    assert "questions" in result.stdout


# -- demo ----------------------------------------------------------------------------
def test_demo_writes_the_demo_and_adds_the_suffix(home, tmp_path):
    result = run(home, "demo", tmp_path / "hampshire")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "hampshire.inspection"
    assert str(out) in result.stdout and len(result.stdout.splitlines()) == 1
    with InspectionFile.open(out) as inspection:
        evidence = inspection.evidence.count()
        findings = len(inspection.findings.for_question())
    assert f"{evidence} evidence items, {findings} findings" in result.stdout


def test_demo_refuses_an_existing_file(home, demo_path):
    before = sha(demo_path)
    assert_refused(run(home, "demo", demo_path), "already exists")
    assert sha(demo_path) == before


def test_demo_refuses_another_suffix(home, tmp_path):
    assert_refused(run(home, "demo", tmp_path / "demo.xlsx"), ".inspection")
    assert list(tmp_path.iterdir()) == []


def test_demo_into_a_missing_folder_is_refused(home, tmp_path):
    assert_refused(run(home, "demo", tmp_path / "no folder" / "demo.inspection"), "does not exist")
    assert list(tmp_path.iterdir()) == []


# -- new -----------------------------------------------------------------------------
def test_new_creates_an_empty_inspection(home, tmp_path):
    out = tmp_path / "surrey.inspection"
    result = run(
        home,
        "new",
        out,
        "--framework",
        PEEL,
        "--force",
        "Surrey Police",
        "--period",
        "2016",
        "--title",
        "Surrey effectiveness 2016",
    )
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout and "Surrey effectiveness 2016" in result.stdout
    with InspectionFile.open(out) as inspection:
        details = inspection.inspection
        assert (details.force, details.period, details.title) == (
            "Surrey Police",
            "2016",
            "Surrey effectiveness 2016",
        )
        assert inspection.framework.id == PEEL
        assert inspection.evidence.count() == 0


def test_new_with_an_unknown_framework_lists_the_available_ones(home, tmp_path):
    result = run(
        home, "new", tmp_path / "x.inspection", "--framework", "peel-2099", "--force", "Kent Police"
    )
    assert_refused(result, "peel-2099", PEEL)
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_an_existing_file(home, demo_path):
    before = sha(demo_path)
    assert_refused(
        run(home, "new", demo_path, "--framework", PEEL, "--force", "Kent Police"), "already exists"
    )
    assert sha(demo_path) == before


def test_new_refuses_an_empty_force(home, tmp_path):
    assert_refused(run(home, "new", tmp_path / "x", "--framework", PEEL, "--force", "  "), "force")
    assert list(tmp_path.iterdir()) == []


# -- export --------------------------------------------------------------------------
def test_export_writes_the_summary_without_changing_the_inspection(home, demo_path, tmp_path):
    before = sha(demo_path)
    out = tmp_path / "summary.xlsx"
    result = run(home, "export", demo_path, "--out", out, "--generated-by", "JS")
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout and "sensitive notes withheld" in result.stdout
    workbook = load_workbook(out)
    assert workbook.sheetnames[0] == "Summary" and "Evidence register" in workbook.sheetnames
    with InspectionFile.open(demo_path, readonly=True) as inspection:
        count = inspection.evidence.count()
    assert workbook["Evidence register"].max_row == count + 1
    assert f"{count} evidence items" in result.stdout
    assert sha(demo_path) == before


def test_export_can_include_sensitive_notes(home, demo_path, tmp_path):
    out = tmp_path / "summary"
    result = run(home, "export", demo_path, "--out", out, "--include-sensitive")
    assert result.returncode == 0, result.stderr
    assert "withheld" not in result.stdout
    notes = [
        r[10]
        for r in load_workbook(tmp_path / "summary.xlsx")["Evidence register"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert "[withheld: sensitive]" not in notes


def test_export_refuses_an_existing_workbook_unless_told(home, demo_path, tmp_path):
    out = tmp_path / "summary.xlsx"
    out.write_bytes(b"the lead's edited copy")
    assert_refused(run(home, "export", demo_path, "--out", out), "already exists", "--overwrite")
    assert out.read_bytes() == b"the lead's edited copy"
    result = run(home, "export", demo_path, "--out", out, "--overwrite")
    assert result.returncode == 0, result.stderr
    assert load_workbook(out).sheetnames[0] == "Summary"


@pytest.mark.parametrize("where", ["missing folder", "under a file", "other suffix"])
def test_export_to_an_unwritable_path_is_refused(home, demo_path, tmp_path, where):
    (tmp_path / "plain.txt").write_text("not a folder")
    out = {
        "missing folder": tmp_path / "no such folder" / "summary.xlsx",
        "under a file": tmp_path / "plain.txt" / "summary.xlsx",
        "other suffix": tmp_path / "summary.csv",
    }[where]
    before = sha(demo_path)
    assert_refused(run(home, "export", demo_path, "--out", out))
    assert sha(demo_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["plain.txt", demo_path.name])


def test_unexpected_problem_is_one_line_and_logged(home, demo_path, tmp_path):
    # A record no version of the app could have written: not bad input, a fault.
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE evidence SET source_type = 'carrier pigeon' WHERE rowid = 1")
    conn.commit()
    conn.close()
    result = run(home, "export", demo_path, "--out", tmp_path / "summary.xlsx")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: unexpected problem: ")
    assert "Traceback" not in result.stderr
    log_file = home / "logs" / "evidence-review.log"
    assert str(log_file) in lines[0]
    assert "Traceback" in log_file.read_text(encoding="utf-8")
    assert not (tmp_path / "summary.xlsx").exists()


# -- check ---------------------------------------------------------------------------
def test_check_healthy_file(home, demo_path):
    before = sha(demo_path)
    result = run(home, "check", demo_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok       Database integrity" in result.stdout
    assert "No problems found." in result.stdout and "PROBLEM" not in result.stdout
    assert sha(demo_path) == before


@pytest.mark.parametrize(
    "damage",
    [
        "DELETE FROM evidence_fts_data WHERE id > 10",
        "INSERT INTO finding_evidence (finding_id, evidence_id, created_at, updated_at)"
        " VALUES ((SELECT min(id) FROM finding), 'gone', 'x', 'x')",
    ],
)
def test_check_damaged_file_reports_problems(home, demo_path, damage):
    conn = sqlite3.connect(demo_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(damage)
    conn.commit()
    conn.close()
    result = run(home, "check", demo_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "PROBLEM" in result.stdout and "problem(s) found" in result.stdout
    assert result.stderr == ""
