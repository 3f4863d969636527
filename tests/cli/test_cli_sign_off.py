"""check holds the review sign-off to the app's rules: genuine sign-offs pass, crafted
ones are named (the file unchanged), and ``check --repair`` takes them away."""

from __future__ import annotations

from dataclasses import replace

from models.vocabulary import JudgmentStatus
from storage.file.inspection_file import InspectionFile
from tests.cli.test_cli_check_repair import damage
from tests.cli.test_cli_team_merge import run
from tests.storage.merge_helpers import file_state


def _signed_off(path):
    """Question 3's judgment prepared by JT and signed off by KO, as the app does it."""
    with InspectionFile.open(path) as demo:
        demo.actor = "JT"
        judgment = demo.judgments.save(replace(demo.judgments.get("3"), rationale="Checked."))
        demo.actor = "KO"
        return demo.judgments.save(replace(judgment, status=JudgmentStatus.REVIEWED)).id


def test_check_accepts_a_genuine_sign_off(demo_path, tmp_path):
    _signed_off(demo_path)
    before = file_state(demo_path)
    result = run(tmp_path / "home", "check", demo_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found." in result.stdout
    assert file_state(demo_path) == before


def test_check_names_a_crafted_sign_off_and_repair_takes_it_away(demo_path, tmp_path):
    judgment = _signed_off(demo_path)
    damage(
        demo_path,
        ("UPDATE judgment SET reviewed_by = 'K.O.', reviewed_at = '3 Oct' WHERE id = ?", judgment),
    )
    before = file_state(demo_path)
    result = run(tmp_path / "home", "check", demo_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"judgment {judgment}, reviewed_by K.O.: is not initials" in result.stdout
    assert f"judgment {judgment}, reviewed_at 3 Oct: is not a time as the app" in result.stdout
    assert file_state(demo_path) == before

    out = tmp_path / "repaired.inspection"
    repaired = run(tmp_path / "home", "check", demo_path, "--repair", out)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "No problems found." in repaired.stdout
    with InspectionFile.open(out, readonly=True) as fixed:
        signed = fixed.judgments.get("3")
        # Nobody is named as a reviewer they may never have been; the rest stays.
        assert (signed.reviewed_by, signed.reviewed_at) == (None, None)
        assert (signed.prepared_by, signed.rationale) == ("JT", "Checked.")
    assert file_state(demo_path) == before
