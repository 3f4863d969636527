"""The review command through a real process: text, JSON, severity filter and exit status."""

from __future__ import annotations

import json
from dataclasses import replace

from storage.file.inspection_file import InspectionFile
from tests.cli.test_cli import assert_refused, run, sha


def test_the_demo_has_nothing_that_must_be_fixed(isolated_home, demo_path):
    before = sha(demo_path)
    result = run(isolated_home, "review", demo_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Judgment checks of demo.inspection (PEEL 2015")
    assert "cause of concern cap: Requires improvement" in lines[0]
    assert any("LOOK AGAIN" in line and "Volunteers" in line for line in lines)
    assert not any("MUST FIX" in line for line in lines)
    assert lines[-1].startswith("Found: 0 must fix, 1 look again, ")
    assert sha(demo_path) == before, "a review never changes the file"


def test_a_good_grade_on_question_3_must_be_fixed_and_says_why(isolated_home, demo_path):
    with InspectionFile.open(demo_path) as inspection:
        judgment = inspection.judgments.get("3")
        inspection.judgments.save(replace(judgment, grade="Good"))
    result = run(isolated_home, "review", demo_path, "--severity", "must-fix")
    assert result.returncode == 1, result.stderr
    (must,) = [line for line in result.stdout.splitlines() if "MUST FIX" in line]
    assert "3 " in must and "Some domestic abuse victims have their risk assessed" in must
    assert "no better than Requires improvement" in must
    assert "not shown at this severity" in result.stdout
    assert "Something must be fixed" in result.stdout


def test_json_lists_every_result_with_its_place(isolated_home, demo_path):
    result = run(isolated_home, "review", demo_path, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["cause_of_concern_cap"] == "Requires improvement"
    assert data["counts"]["must_fix"] == 0 and data["counts"]["look_again"] == 1
    assert len(data["results"]) == sum(data["counts"].values()) > 10
    (bare,) = [r for r in data["results"] if r["check"] == "finding-without-evidence"]
    assert bare["question"] == "1.1.2" and bare["finding_id"] and bare["severity"] == "look_again"


def test_bad_input_is_refused_plainly(isolated_home, tmp_path):
    assert_refused(run(isolated_home, "review", tmp_path / "missing.inspection"), "does not exist")
    text = tmp_path / "notes.inspection"
    text.write_text("not an inspection")
    assert_refused(run(isolated_home, "review", text), "notes.inspection")
    assert text.read_text() == "not an inspection"


def test_a_reader_that_goes_away_ends_the_command_quietly(isolated_home, demo_path):
    """`main.py review FILE | head -1`: once the reader has gone, the command stops without
    an error of its own."""
    import os
    import subprocess
    import sys

    from tests.cli.test_cli import ROOT

    read, write = os.pipe()
    os.close(read)  # a reader that has already gone
    try:
        result = subprocess.run(
            [sys.executable, "main.py", "review", str(demo_path)],
            cwd=ROOT,
            env={**os.environ, "EVIDENCE_REVIEW_HOME": str(isolated_home)},
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)
    assert (result.returncode, result.stderr) == (0, "")
