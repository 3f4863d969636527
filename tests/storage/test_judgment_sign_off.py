"""The review sign-off of judgments on real files: who prepared, who reviewed, and when;
no self-review in a team; a change after review returns the judgment to draft."""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.records import Judgment
from models.sign_off import SignOffRefused, sign_off_line
from models.vocabulary import JudgmentStatus
from storage.file.inspection_file import InspectionFile
from storage.health.check import check_inspection
from storage.repositories.judgment_repository import REOPENED_REASON
from tests.storage.merge_helpers import file_state


@pytest.fixture
def team_file(tiny_inspection):
    """The tiny inspection with a team of two: TS prepares, AB reviews."""
    tiny_inspection.team.add("TS", "Toni Shaw")
    tiny_inspection.team.add("AB", "Ali Bell")
    tiny_inspection.actor = "TS"
    return tiny_inspection


def test_a_judgment_records_who_prepared_it_and_when(team_file):
    saved = team_file.judgments.save(Judgment("1", "Good", "Well led."))
    stored = team_file.judgments.get("1")
    assert (stored.prepared_by, stored.prepared_at) == ("TS", saved.updated_at)
    assert (stored.reviewed_by, stored.reviewed_at) == (None, None)
    # Whoever last changes the grade or rationale prepared it.
    team_file.actor = "AB"
    changed = team_file.judgments.save(replace(stored, rationale="Well led, and open."))
    assert team_file.judgments.get("1").prepared_by == "AB"
    assert team_file.judgments.get("1").prepared_at == changed.updated_at


def test_another_member_signs_it_off_and_the_history_says_so(team_file):
    saved = team_file.judgments.save(Judgment("1", "Good", "Well led."))
    team_file.actor = "AB"
    reviewed = team_file.judgments.save(replace(saved, status=JudgmentStatus.REVIEWED))
    stored = team_file.judgments.get("1")
    assert stored.status is JudgmentStatus.REVIEWED
    assert (stored.reviewed_by, stored.reviewed_at) == ("AB", reviewed.updated_at)
    assert stored.prepared_by == "TS"  # signing off prepares nothing
    change = team_file.history.last_change(saved.id, "reviewed_by")
    assert (change.old_value, change.new_value, change.actor) == (None, "AB", "AB")
    assert check_inspection(team_file.path).healthy
    # Saving it again unchanged keeps the sign-off as it was.
    team_file.actor = "TS"
    again = team_file.judgments.save(stored)
    assert (again.reviewed_by, again.reviewed_at) == ("AB", reviewed.updated_at)


def test_the_preparer_cannot_sign_off_their_own_judgment_in_a_team(team_file):
    saved = team_file.judgments.save(Judgment("1", "Good", "Well led."))
    before = file_state(team_file.path)
    with pytest.raises(SignOffRefused, match="TS prepared this, so another member"):
        team_file.judgments.save(replace(saved, status=JudgmentStatus.REVIEWED))
    assert file_state(team_file.path) == before
    assert team_file.judgments.get("1").status is JudgmentStatus.DRAFT


def test_a_team_of_one_signs_off_its_own_work(tiny_inspection):
    tiny_inspection.team.add("TS", "Toni Shaw")
    tiny_inspection.actor = "TS"
    saved = tiny_inspection.judgments.save(Judgment("1", "Good", "Well led."))
    reviewed = tiny_inspection.judgments.save(replace(saved, status=JudgmentStatus.REVIEWED))
    assert (reviewed.prepared_by, reviewed.reviewed_by) == ("TS", "TS")
    # A member who has left no longer counts: two added, one removed is a team of one.
    tiny_inspection.team.add("AB", "Ali Bell")
    tiny_inspection.team.remove("AB")
    changed = tiny_inspection.judgments.save(replace(reviewed, grade="Poor"))
    again = tiny_inspection.judgments.save(replace(changed, status=JudgmentStatus.REVIEWED))
    assert again.reviewed_by == "TS"


def test_a_change_after_review_returns_it_to_draft_without_its_reviewer(team_file):
    saved = team_file.judgments.save(Judgment("1", "Good", "Well led."))
    team_file.actor = "AB"
    reviewed = team_file.judgments.save(replace(saved, status=JudgmentStatus.REVIEWED))
    team_file.actor = "TS"
    changed = team_file.judgments.save(replace(reviewed, grade="Poor"))
    assert changed.status is JudgmentStatus.DRAFT
    stored = team_file.judgments.get("1")
    assert (stored.status, stored.reviewed_by, stored.reviewed_at) == (
        JudgmentStatus.DRAFT,
        None,
        None,
    )
    assert stored.prepared_by == "TS"
    change = team_file.history.last_change(saved.id, "reviewed_by")
    assert (change.old_value, change.new_value, change.reason) == ("AB", None, REOPENED_REASON)


def test_marking_it_draft_takes_the_sign_off_away(team_file):
    saved = team_file.judgments.save(Judgment("1", "Good", "Well led."))
    team_file.actor = "AB"
    reviewed = team_file.judgments.save(replace(saved, status=JudgmentStatus.REVIEWED))
    draft = team_file.judgments.save(replace(reviewed, status=JudgmentStatus.DRAFT))
    assert (draft.reviewed_by, draft.reviewed_at) == (None, None)
    assert team_file.judgments.get("1").reviewed_by is None


def test_as_recorded_puts_a_version_back_with_its_own_sign_off(team_file):
    """What an undo does: the earlier version returns exactly, whoever is at the keyboard."""
    saved = team_file.judgments.save(Judgment("1", "Good", "Well led."))
    team_file.actor = "AB"
    reviewed = team_file.judgments.save(replace(saved, status=JudgmentStatus.REVIEWED))
    team_file.judgments.save(replace(reviewed, grade="Poor"))
    team_file.actor = "TS"
    team_file.judgments.save(reviewed, as_recorded=True)
    stored = team_file.judgments.get("1")
    assert (stored.grade, stored.status, stored.prepared_by, stored.reviewed_by) == (
        "Good",
        JudgmentStatus.REVIEWED,
        "TS",
        "AB",
    )
    assert stored.reviewed_at == reviewed.reviewed_at


def test_files_made_before_sign_off_open_with_none_recorded(demo_path):
    import sqlite3

    from storage.file.migrations import SCHEMA_VERSION

    # The demo as a file made before sign-offs: the step that added them taken back.
    with sqlite3.connect(demo_path) as conn:
        for table in ("finding", "judgment"):
            conn.execute(f"DROP TRIGGER history_{table}_sign_off")
            for column in ("prepared_by", "prepared_at", "reviewed_by", "reviewed_at"):
                conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_sign_off'")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    with InspectionFile.open(demo_path) as demo:
        judgments = demo.judgments.all().values()
        assert judgments and all(j.reviewed_by is None for j in judgments)
        assert {j.status for j in judgments} >= {JudgmentStatus.REVIEWED}
        assert all(f.prepared_by is None for f in demo.findings.for_question())


def test_the_sign_off_in_words():
    assert sign_off_line(None, None, None, None) == ""
    line = sign_off_line("TS", "2026-10-03T09:40:00.000Z", "AB", "2026-10-03T10:12:00.000Z")
    assert line.startswith("Prepared by TS, ") and " · Reviewed by AB, " in line
    assert "Oct" in line
    assert sign_off_line(None, None, "AB", None) == "Reviewed by AB"


def test_without_initials_no_one_is_named_and_no_time_recorded(tiny_inspection):
    assert tiny_inspection.actor == ""
    saved = tiny_inspection.judgments.save(Judgment("1", "Good", "Well led."))
    reviewed = tiny_inspection.judgments.save(replace(saved, status=JudgmentStatus.REVIEWED))
    assert reviewed.status is JudgmentStatus.REVIEWED
    stored = tiny_inspection.judgments.get("1")
    assert (stored.prepared_by, stored.prepared_at, stored.reviewed_by, stored.reviewed_at) == (
        None,
        None,
        None,
        None,
    )


def test_a_sign_off_in_a_copy_and_a_later_change_in_the_master_meet_as_a_draft(
    tmp_path, tiny_framework
):
    from storage.merge.fieldwork_copy import create_fieldwork_copy
    from storage.merge.merging import apply_merge
    from tests.storage.merge_helpers import fake_clock, make_master

    with fake_clock():
        master = make_master(tmp_path / "master.inspection", tiny_framework)
        copy = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
        with InspectionFile.open(copy) as ab:
            ab.actor = "AB"
            judgment = ab.judgments.get("1")
            ab.judgments.save(replace(judgment, status=JudgmentStatus.REVIEWED))
        master.actor = "LD"
        master.judgments.save(replace(master.judgments.get("1"), rationale="Later."))
        apply_merge(master, copy)
        merged = master.judgments.get("1")
        assert (merged.rationale, merged.status, merged.reviewed_by) == (
            "Later.",
            JudgmentStatus.DRAFT,
            None,
        )
        assert merged.prepared_by == "LD"
        # The other way round: the review comes after the change and signs it off.
        with InspectionFile.open(copy) as ab:
            apply_merge(ab, master.path)
            ab.actor = "AB"
            signed = ab.judgments.save(
                replace(ab.judgments.get("1"), status=JudgmentStatus.REVIEWED)
            )
        apply_merge(master, copy)
        merged = master.judgments.get("1")
        assert (merged.rationale, merged.reviewed_by, merged.reviewed_at) == (
            "Later.",
            "AB",
            signed.reviewed_at,
        )
        assert check_inspection(master.path).healthy
        master.close()
