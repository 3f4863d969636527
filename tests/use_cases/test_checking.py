"""The check command checks and repairs through the checking use cases."""

from __future__ import annotations

import main
from storage.file.inspection_file import InspectionFile
from storage.operations import check_file, repair_file
from tests.use_cases.file_jobs_support import sha, spy


def test_the_check_command_checks_and_repairs_through_the_use_cases(
    demo_path, tmp_path, monkeypatch, capsys
):
    checked, repaired = spy(monkeypatch, "check_file"), spy(monkeypatch, "repair_file")
    assert main.main(["check", str(demo_path)]) == 0
    assert checked == [demo_path.resolve()] and "No problems found." in capsys.readouterr().out

    out = tmp_path / "repaired.inspection"
    before = sha(demo_path)
    assert main.main(["check", str(demo_path), "--repair", str(out)]) == 0
    assert repaired == [demo_path.resolve()] and sha(demo_path) == before
    assert f"Repaired a copy of {demo_path} into {out}" in capsys.readouterr().out


def test_a_repair_is_checked_again_and_leaves_its_file_as_it_is(demo_path, tmp_path):
    before = sha(demo_path)
    outcome = repair_file(demo_path, tmp_path / "repaired.inspection")
    assert outcome.check.healthy and outcome.check.path == tmp_path / "repaired.inspection"
    assert outcome.repair.left == [] and sha(demo_path) == before
    with InspectionFile.open(outcome.repair.out, readonly=True) as copy:
        assert copy.evidence.count() > 0
    assert check_file(demo_path).healthy
