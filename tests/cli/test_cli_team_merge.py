"""The team, fieldwork-copy, merge and conflicts commands, run as a person would.

Every refusal is one ``error:`` line with exit status 2 and leaves every file
byte-for-byte as it was.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from models.records import Evidence
from storage.file.inspection_file import InspectionFile
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import list_conflicts
from tests.storage.merge_helpers import fake_clock, file_state, make_master

ROOT = Path(__file__).resolve().parents[2]


def run(home: Path, *args, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    env = {**os.environ, "EVIDENCE_REVIEW_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=stdin,
    )


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture
def files(tmp_path, tiny_framework):
    """A closed master and two closed fieldwork copies (AB, CD) with changes in them."""
    with fake_clock():
        with make_master(tmp_path / "master.inspection", tiny_framework) as master:
            ab = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
            cd = create_fieldwork_copy(master, "CD", tmp_path / "cd.inspection")
            first = master.evidence.page()[0]
        for path, who in ((ab, "AB"), (cd, "CD")):
            with InspectionFile.open(path) as copy:
                copy.evidence.add(Evidence(id="", author=who, summary=f"Visit by {who}"))
                copy.evidence.update(
                    replace(copy.evidence.get(first.id), summary=f"Reworded by {who}")
                )
    return tmp_path / "master.inspection", ab, cd


def states(*paths: Path) -> list:
    return [file_state(p) for p in paths]


# -- team ---------------------------------------------------------------------------
def test_team_add_list_remove(isolated_home, tiny_inspection):
    path = tiny_inspection.path
    tiny_inspection.close()
    result = run(isolated_home, "team", path)
    assert result.returncode == 0 and "No team members yet." in result.stdout
    added = run(
        isolated_home, "team", path, "--add", "js", "--name", "Jane Smith", "--role", "lead"
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout == "Added JS (Jane Smith) to the team as lead.\n"
    assert run(isolated_home, "team", path, "--add", "AB", "--name", "Ana Bell").returncode == 0
    listing = run(isolated_home, "team", path).stdout.splitlines()
    assert listing[1:] == ["  AB    Ana Bell    inspector", "  JS    Jane Smith  lead"]
    removed = run(isolated_home, "team", path, "--remove", "ab")
    assert removed.returncode == 0 and "Removed AB (Ana Bell)" in removed.stdout
    assert "AB" not in run(isolated_home, "team", path).stdout


@pytest.mark.parametrize(
    "args, words",
    [
        (["--add", "JS", "--name", "John Stone"], "already in the team"),
        (["--add", "J5", "--name", "Jo"], "not valid initials"),
        (["--add", "AB"], "--add needs --name"),
        (["--name", "Ana Bell"], "--name and --role go with --add"),
        (["--remove", "ZZ"], "ZZ is not in the inspection team"),
    ],
)
def test_bad_team_changes_are_refused(isolated_home, tiny_inspection, args, words):
    tiny_inspection.team.add("JS", "Jane Smith")
    path = tiny_inspection.path
    tiny_inspection.close()
    before = states(path)
    assert_refused(run(isolated_home, "team", path, *args), words)
    assert states(path) == before


def test_team_of_a_file_that_is_not_an_inspection(isolated_home, tmp_path):
    path = tmp_path / "notes.inspection"
    path.write_text("not a database\n" * 20)
    assert_refused(run(isolated_home, "team", path), "not an inspection")
    assert_refused(
        run(isolated_home, "team", path, "--add", "JS", "--name", "J"), "not an inspection"
    )
    assert path.read_text() == "not a database\n" * 20


# -- fieldwork copies ---------------------------------------------------------------
def test_fieldwork_copy(isolated_home, files, tmp_path):
    master, _, _ = files
    out = tmp_path / "ef"
    result = run(isolated_home, "fieldwork-copy", master, "--for", "ef", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "for EF" in result.stdout and "recorded as EF" in result.stdout
    assert f"main.py merge {master} {out}.inspection" in result.stdout
    with InspectionFile.open(tmp_path / "ef.inspection", readonly=True) as copy:
        assert copy.default_author == "EF"


@pytest.mark.parametrize(
    "initials, out, words",
    [
        ("ZZ", "zz.inspection", "ZZ is not in the inspection team"),
        ("AB", "ab.inspection", "already exists"),
        ("AB", "ab.xlsx", ".inspection"),
    ],
)
def test_bad_fieldwork_copies_are_refused(isolated_home, files, tmp_path, initials, out, words):
    before = states(*files)

    def names():  # a read-only look may leave an empty log and its index behind
        return sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm")))

    listed = names()
    assert_refused(
        run(isolated_home, "fieldwork-copy", files[0], "--for", initials, "--out", tmp_path / out),
        words,
    )
    assert states(*files) == before and names() == listed


# -- merge ----------------------------------------------------------------------------
def test_dry_run_shows_the_plan_and_changes_nothing(isolated_home, files):
    master, ab, cd = files
    before = states(*files)
    result = run(isolated_home, "merge", master, ab, cd, "--dry-run")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0].startswith("Merging ab.inspection (fieldwork copy for AB, made 2026-03-02 ")
    assert out[1].split() == ["added", "updated", "deleted", "conflicts"]
    assert out[3].split() == ["Evidence", "1", "1", "0", "0"]
    assert any(line.startswith("Merging cd.inspection") for line in out)
    assert "as it is now" in result.stdout
    assert out[-1] == "Dry run: nothing was changed."
    assert states(*files) == before
    assert not (isolated_home / "data" / "backups").exists()


def test_merge_without_yes_and_no_terminal_is_refused(isolated_home, files):
    before = states(*files)
    assert_refused(run(isolated_home, "merge", files[0], files[1]), "--yes")
    assert states(*files) == before


def test_merge_with_yes_backs_up_then_merges(isolated_home, files):
    master, ab, cd = files
    sources_before = states(ab, cd)
    result = run(isolated_home, "merge", master, ab, cd, "--yes")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    backup_line = next(line for line in lines if line.startswith("Backed up"))
    backup = Path(backup_line.split(" to ", 1)[1])
    assert backup.parent == isolated_home / "data" / "backups" and backup.exists()
    assert "Merged ab.inspection: 1 added, 1 updated, 0 deleted, no conflicts." in lines
    assert "Merged cd.inspection: 1 added, 1 updated, 0 deleted, 1 conflict to review." in lines
    assert lines[-1] == f"Review the conflicts with: main.py conflicts {master}"
    assert states(ab, cd) == sources_before
    with InspectionFile.open(master, readonly=True) as merged:
        assert merged.evidence.count() == 4
        assert len(list_conflicts(merged)) == 1
    with InspectionFile.open(backup, readonly=True) as kept:
        assert kept.evidence.count() == 2
    again = run(isolated_home, "merge", master, ab, "--yes")
    assert again.returncode == 0 and "nothing to merge" in again.stdout
    assert "Backed up" not in again.stdout


def _answering(home: Path, answer: str, *args) -> subprocess.CompletedProcess:
    """Run with a terminal as standard input that answers the question."""
    controller, terminal = pty.openpty()
    try:
        os.write(controller, answer.encode() + b"\n")
        return run(home, *args, stdin=terminal)
    finally:
        os.close(terminal)
        os.close(controller)


def test_merge_asks_first_on_a_terminal(isolated_home, files):
    master, ab, _ = files
    before = states(master)
    declined = _answering(isolated_home, "n", "merge", master, ab)
    assert declined.returncode == 1 and "Nothing was merged." in declined.stdout
    assert "[y/N]" in declined.stdout and states(master) == before
    accepted = _answering(isolated_home, "y", "merge", master, ab)
    assert accepted.returncode == 0, accepted.stderr
    assert "Merged ab.inspection" in accepted.stdout


@pytest.mark.parametrize(
    "which, words",
    [
        ("another inspection", "another inspection"),
        ("text file", "not an inspection"),
        ("missing", "does not exist"),
        ("itself", "itself"),
    ],
)
def test_bad_sources_are_refused_before_anything_changes(
    isolated_home, files, tmp_path, tiny_framework, which, words
):
    master, ab, _ = files
    if which == "another inspection":
        bad = tmp_path / "other.inspection"
        InspectionFile.create(bad, tiny_framework, force="Elsewhere").close()
    elif which == "text file":
        bad = tmp_path / "text.inspection"
        bad.write_text("hello\n" * 50)
    else:
        bad = tmp_path / "gone.inspection" if which == "missing" else master
    before = states(master, ab, bad)
    assert_refused(run(isolated_home, "merge", master, ab, bad, "--yes"), words)
    assert states(master, ab, bad) == before
    assert not (isolated_home / "data" / "backups").exists()


# -- conflicts ----------------------------------------------------------------------
def test_conflicts_are_listed_and_resolved(isolated_home, files):
    master, ab, cd = files
    assert run(isolated_home, "merge", master, ab, cd, "--yes").returncode == 0
    listing = run(isolated_home, "conflicts", master)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert lines[0] == f"1 unresolved conflict in {master}:"
    assert "evidence LD-0001: Reworded by CD" in lines[1]
    assert 'current: summary "Reworded by CD"' in lines[2]
    assert 'other:   summary "Reworded by AB"' in lines[3] and "from ab.inspection" in lines[3]
    conflict_id = lines[1].split()[0]
    resolved = run(isolated_home, "conflicts", master, "--resolve", conflict_id, "--keep", "other")
    assert resolved.returncode == 0, resolved.stderr
    assert resolved.stdout.startswith(f"Resolved conflict {conflict_id}")
    assert run(isolated_home, "conflicts", master).stdout.startswith("0 unresolved")
    assert "kept other" in run(isolated_home, "conflicts", master, "--all").stdout
    with InspectionFile.open(master, readonly=True) as merged:
        summaries = {e.summary for e in merged.evidence.page()}
    assert "Reworded by AB" in summaries


@pytest.mark.parametrize(
    "args, words",
    [
        (["--resolve", "abcd"], "go together"),
        (["--keep", "other"], "go together"),
        (["--resolve", "ffffffff", "--keep", "other"], "no conflict ffffffff"),
    ],
)
def test_bad_resolutions_are_refused(isolated_home, files, args, words):
    master = files[0]
    before = states(master)
    assert_refused(run(isolated_home, "conflicts", master, *args), words)
    assert states(master) == before


def test_help_lists_the_new_commands(isolated_home):
    result = run(isolated_home, "--help")
    for command in ("team", "fieldwork-copy", "merge", "conflicts"):
        assert command in result.stdout
    assert "--dry-run" in run(isolated_home, "merge", "--help").stdout
