"""Finding refs on the command line: a merge says which finding it renumbered, and the
history and the judgment checks name findings by their refs."""

from __future__ import annotations

import json

import pytest

from models.records import Finding
from storage.file.inspection_file import InspectionFile
from storage.merge.fieldwork_copy import create_fieldwork_copy
from tests.cli.test_cli_team_merge import run
from tests.storage.merge_helpers import fake_clock, make_master


@pytest.fixture
def clashing(tmp_path, tiny_framework):
    """A closed master and a closed copy for AB that each made a second finding (F2)."""
    with fake_clock():
        with make_master(tmp_path / "master.inspection", tiny_framework) as master:
            ab = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
            master.findings.add(Finding(id="", question_code="1", statement="Lead's own"))
        with InspectionFile.open(ab) as copy:
            copy.actor = "AB"
            copy.findings.add(Finding(id="", question_code="2", statement="Backlog in the hub"))
    return tmp_path / "master.inspection", ab


def test_merge_names_the_renumbered_finding_in_the_plan_and_the_result(isolated_home, clashing):
    master, ab = clashing
    dry = run(isolated_home, "merge", master, ab, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert (
        "  finding F2 renumbered F3 (F2 is already used in master.inspection by another finding)"
        in dry.stdout.splitlines()
    )
    done = run(isolated_home, "merge", master, ab, "--yes")
    assert done.returncode == 0, done.stderr
    [merged] = [line for line in done.stdout.splitlines() if line.startswith("Merged ")]
    assert "finding F2 renumbered F3" in merged
    with InspectionFile.open(master, readonly=True) as f:
        refs = {x.statement: x.ref for x in f.findings.for_question()}
    assert refs == {"Base finding": "F1", "Lead's own": "F2", "Backlog in the hub": "F3"}
    history = run(isolated_home, "history", master)
    assert history.returncode == 0, history.stderr
    assert "finding F3 under 2" in history.stdout
    assert "F2 → F3" in history.stdout


def test_review_names_findings_by_ref_in_words_and_json(isolated_home, clashing):
    master, _ = clashing
    text = run(isolated_home, "review", master, "--severity", "note")
    assert text.returncode == 1, text.stderr  # something must be fixed
    assert "strength F2 “Lead's own”" in text.stdout
    as_json = run(isolated_home, "review", master, "--json")
    assert as_json.returncode == 1, as_json.stderr
    results = json.loads(as_json.stdout)["results"]
    about_findings = [r for r in results if r["finding_id"]]
    assert about_findings and {r["finding_ref"] for r in about_findings} == {"F1", "F2"}
