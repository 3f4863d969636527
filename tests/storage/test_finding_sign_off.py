"""The review sign-off of findings on real files: who prepared, who reviewed, and when;
no self-review in a team; a change to what it says or to its evidence returns it to draft."""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.records import Evidence, Finding
from models.sign_off import SignOffRefused
from storage.health.check import check_inspection
from tests.storage.merge_helpers import file_state


@pytest.fixture
def team_file(tiny_inspection):
    """The tiny inspection with a team of two and a finding TS prepared on one item."""
    tiny_inspection.team.add("TS", "Toni Shaw")
    tiny_inspection.team.add("AB", "Ali Bell")
    tiny_inspection.actor = "TS"
    return tiny_inspection


def _finding(inspection) -> Finding:
    item = inspection.evidence.add(Evidence(author="TS", summary="Visit", question_codes=("1.1",)))
    return inspection.findings.add(
        Finding(id="", question_code="1", statement="Well led.", evidence_ids=(item.id,))
    )


def test_a_finding_records_who_prepared_it_and_another_member_signs_it_off(team_file):
    made = _finding(team_file)
    assert (made.prepared_by, made.prepared_at) == ("TS", made.created_at)
    assert not team_file.findings.get(made.id).reviewed
    team_file.actor = "AB"
    signed = team_file.findings.sign_off(made.id)
    stored = team_file.findings.get(made.id)
    assert stored.reviewed and (stored.reviewed_by, stored.reviewed_at) == ("AB", signed.updated_at)
    assert stored.prepared_by == "TS"
    change = team_file.history.last_change(made.id, "reviewed_by")
    assert (change.old_value, change.new_value, change.actor) == (None, "AB", "AB")
    assert check_inspection(team_file.path).healthy


def test_the_preparer_or_someone_without_initials_cannot_sign_it_off(team_file):
    made = _finding(team_file)
    before = file_state(team_file.path)
    with pytest.raises(SignOffRefused, match="TS prepared this"):
        team_file.findings.sign_off(made.id)
    team_file.actor = ""
    with pytest.raises(SignOffRefused, match="needs your initials"):
        team_file.findings.sign_off(made.id)
    assert file_state(team_file.path) == before


@pytest.mark.parametrize(
    "change",
    [
        lambda f, other: replace(f, statement="Well led, mostly."),
        lambda f, other: replace(f, recommendation="Act.", kind=f.kind.CAUSE_OF_CONCERN),
        lambda f, other: replace(f, evidence_ids=(*f.evidence_ids, other)),
        lambda f, other: replace(f, evidence_ids=()),
    ],
    ids=["statement", "kind", "more evidence", "less evidence"],
)
def test_a_change_after_review_returns_it_to_draft(team_file, change):
    made = _finding(team_file)
    other = team_file.evidence.add(Evidence(author="TS", summary="More", question_codes=("1",)))
    team_file.actor = "AB"
    signed = team_file.findings.sign_off(made.id)
    team_file.actor = "TS"
    saved = team_file.findings.update(change(signed, other.id))
    stored = team_file.findings.get(made.id)
    assert not saved.reviewed and not stored.reviewed and stored.reviewed_at is None
    change_of = team_file.history.last_change(made.id, "reviewed_by")
    assert (change_of.old_value, change_of.new_value) == ("AB", None)


def test_evidence_alone_names_no_new_preparer_and_leaves_a_drafts_time(team_file):
    made = _finding(team_file)
    other = team_file.evidence.add(Evidence(author="AB", summary="More", question_codes=("1",)))
    team_file.actor = "AB"
    linked = team_file.findings.update(replace(made, evidence_ids=(*made.evidence_ids, other.id)))
    stored = team_file.findings.get(made.id)
    assert (stored.prepared_by, stored.updated_at) == ("TS", made.updated_at)
    assert linked.updated_at == made.updated_at
    # Changing what it says does name them.
    team_file.findings.update(replace(stored, statement="Well led and open."))
    assert team_file.findings.get(made.id).prepared_by == "AB"


def test_taking_the_sign_off_back_and_putting_a_version_back_as_recorded(team_file):
    made = _finding(team_file)
    team_file.actor = "AB"
    signed = team_file.findings.sign_off(made.id)
    draft = team_file.findings.take_back_sign_off(made.id)
    assert not draft.reviewed and draft.prepared_by == "TS"
    team_file.actor = "TS"
    team_file.findings.update(signed, as_recorded=True)
    stored = team_file.findings.get(made.id)
    assert (stored.reviewed_by, stored.reviewed_at) == ("AB", signed.reviewed_at)


def test_a_team_of_one_signs_off_its_own_finding(tiny_inspection):
    tiny_inspection.team.add("TS", "Toni Shaw")
    tiny_inspection.actor = "TS"
    made = _finding(tiny_inspection)
    assert tiny_inspection.findings.sign_off(made.id).reviewed_by == "TS"


def test_a_sign_off_in_a_copy_and_a_later_edit_in_the_master_meet_as_a_draft(
    tmp_path, tiny_framework
):
    from storage.file.inspection_file import InspectionFile
    from storage.merge.fieldwork_copy import create_fieldwork_copy
    from storage.merge.merging import apply_merge
    from tests.storage.merge_helpers import fake_clock, make_master

    with fake_clock():
        master = make_master(tmp_path / "master.inspection", tiny_framework)
        (finding,) = master.findings.for_question()
        copy = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
        with InspectionFile.open(copy) as ab:
            ab.actor = "AB"
            ab.findings.sign_off(finding.id)
        master.actor = "LD"
        master.findings.update(replace(finding, statement="Changed later."))
        apply_merge(master, copy)
        merged = master.findings.get(finding.id)
        assert (merged.statement, merged.reviewed, merged.prepared_by) == (
            "Changed later.",
            False,
            "LD",
        )
        # Signed off after the change, in the copy: the sign-off arrives.
        with InspectionFile.open(copy) as ab:
            apply_merge(ab, master.path)
            ab.actor = "AB"
            signed = ab.findings.sign_off(finding.id)
        apply_merge(master, copy)
        merged = master.findings.get(finding.id)
        assert (merged.statement, merged.reviewed_by, merged.reviewed_at) == (
            "Changed later.",
            "AB",
            signed.reviewed_at,
        )
        assert check_inspection(master.path).healthy
        master.close()
