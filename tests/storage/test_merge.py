"""Merging fieldwork copies: every rule with a small explicit scenario.

Times come from a fake clock that moves one second per reading, so "later"
is always the step written later in the test.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from models.evidence.query import EvidenceQuery
from models.merging.outcome import MergeKind
from models.records import Evidence, Finding, Judgment
from models.vocabulary import Assessment, FindingKind
from storage.file.inspection_file import InspectionFile
from storage.health.check import check_inspection
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import apply_merge, list_conflicts, plan_merge
from tests.storage.merge_helpers import fake_clock, make_master, ref_changes, snapshot, values
from tests.storage.repository_helpers import edit_member, live_id_for_ref, unlink_evidence


@pytest.fixture
def clock():
    with fake_clock() as c:
        yield c


@pytest.fixture
def trio(tmp_path, tiny_framework, clock):
    """The master and two fieldwork copies, for AB and CD, made at the same time."""
    master = make_master(tmp_path / "master.inspection", tiny_framework)
    copies = [
        InspectionFile.open(create_fieldwork_copy(master, who, tmp_path / f"{who}.inspection"))
        for who in ("AB", "CD")
    ]
    yield master, *copies
    for f in (master, *copies):
        f.close()


def base_item(f: InspectionFile, n: int = 0) -> Evidence:
    return f.evidence.get(live_id_for_ref(f, f"LD-{n + 1:04d}"))


def edit(f: InspectionFile, item: Evidence, **changes) -> Evidence:
    return f.evidence.update(replace(f.evidence.get(item.id), **changes))


def merged(target: InspectionFile, source: InspectionFile):
    return apply_merge(target, source.path)


def assert_idempotent(target: InspectionFile, *sources: InspectionFile) -> None:
    before = snapshot(target), list_conflicts(target, unresolved_only=False)
    for source in sources:
        assert plan_merge(target, source.path).is_empty
        result = merged(target, source)
        assert result.total.changes == 0 and result.total.conflicts == 0
    assert (snapshot(target), list_conflicts(target, unresolved_only=False)) == before


# -- one side changes ------------------------------------------------------------------
def test_evidence_added_in_a_copy_is_added(trio):
    master, ab, _ = trio
    item = ab.evidence.add(
        Evidence(
            id="",
            author="AB",
            summary="Custody suite visit",
            notes="Cells clean; detained people seen promptly",
            question_codes=("1.2", "2.1"),
        )
    )
    plan = plan_merge(master, ab.path)
    assert plan.counts[MergeKind.EVIDENCE].added == 1
    assert plan.counts[MergeKind.EVIDENCE_LINKS].added == 2
    assert plan.total.conflicts == 0 and not plan.renumbered
    result = merged(master, ab)
    assert result.counts == plan.counts
    got = master.evidence.get(item.id)
    assert (got.ref, got.summary, got.question_codes) == ("AB-0001", item.summary, ("1.2", "2.1"))
    assert master.evidence.count(EvidenceQuery(text="detained promptly")) == 1
    assert check_inspection(master.path).healthy
    assert_idempotent(master, ab)


def test_an_edit_in_a_copy_updates_the_master(trio):
    master, ab, _ = trio
    edited = edit(ab, base_item(ab), summary="Base item, corrected", assessment=Assessment.POSITIVE)
    result = merged(master, ab)
    assert result.counts[MergeKind.EVIDENCE].updated == 1 and result.total.conflicts == 0
    got = master.evidence.get(edited.id)
    assert (got.summary, got.assessment.value, got.updated_at) == (
        "Base item, corrected",
        "positive",
        edited.updated_at,
    )
    assert master.evidence.count(EvidenceQuery(text="corrected")) == 1
    assert check_inspection(master.path).healthy


def test_a_deletion_travels(trio):
    master, ab, _ = trio
    item = base_item(ab)
    ab.evidence.delete(item.id)
    plan = plan_merge(master, ab.path)
    assert plan.counts[MergeKind.EVIDENCE].deleted == 1
    merged(master, ab)
    assert master.evidence.get(item.id).deleted_at is not None
    assert master.evidence.count() == 1
    assert_idempotent(master, ab)


def test_a_restore_travels_too(trio):
    master, ab, _ = trio
    item = base_item(master)
    master.evidence.delete(item.id)
    ef = InspectionFile.open(
        create_fieldwork_copy(master, "EF", ab.path.with_name("ef.inspection"))
    )
    ef.evidence.restore(item.id)
    assert merged(master, ef).counts[MergeKind.EVIDENCE].updated == 1
    assert master.evidence.get(item.id).deleted_at is None
    ef.close()


def test_a_change_only_in_the_master_stays(trio):
    master, ab, _ = trio
    edit(master, base_item(master), summary="Lead's wording")
    assert plan_merge(master, ab.path).is_empty
    merged(master, ab)
    assert base_item(master).summary == "Lead's wording" and list_conflicts(master) == []


# -- both sides change --------------------------------------------------------------
@pytest.mark.parametrize("later", ["copy", "master"])
def test_changed_on_both_sides_the_later_wins_and_the_other_is_kept(trio, later):
    master, ab, _ = trio
    first, second = (master, ab) if later == "copy" else (ab, master)
    edit(first, base_item(first), summary=f"Said by {'LD' if first is master else 'AB'}")
    edit(second, base_item(second), summary=f"Said by {'LD' if second is master else 'AB'}")
    plan = plan_merge(master, ab.path)
    assert plan.counts[MergeKind.EVIDENCE].conflicts == 1
    [preview] = plan.conflicts
    assert preview.differing_fields == ("summary",)
    merged(master, ab)
    winner = "AB" if later == "copy" else "LD"
    assert base_item(master).summary == f"Said by {winner}"
    [conflict] = list_conflicts(master)
    assert conflict.kind is MergeKind.EVIDENCE and conflict.label.startswith("evidence LD-0001")
    assert conflict.current["summary"] == f"Said by {winner}"
    assert conflict.other["summary"] == f"Said by {'LD' if winner == 'AB' else 'AB'}"
    assert conflict.other_source == ("this file" if later == "copy" else "AB.inspection")
    assert_idempotent(master, ab)


def test_two_copies_changing_one_item_give_one_conflict_in_either_order(trio, tmp_path):
    master, ab, cd = trio
    edit(ab, base_item(ab), summary="AB's view")
    edit(cd, base_item(cd), summary="CD's view")
    master.close()
    outcomes = []
    for order in ((ab, cd), (cd, ab)):
        target_path = tmp_path / f"m-{order[0].path.stem}.inspection"
        target_path.write_bytes((tmp_path / "master.inspection").read_bytes())
        with InspectionFile.open(target_path) as target:
            for source in order:
                merged(target, source)
            others = {c.other["summary"] for c in list_conflicts(target)}
            outcomes.append((snapshot(target), others))
            assert_idempotent(target, ab, cd)
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][1] == {"AB's view"}


def test_a_master_edit_made_before_an_earlier_merge_is_not_lost_later(trio, clock):
    """Monday the lead edits; Tuesday AB's copy is merged (AB never saw the edit);
    Wednesday AB edits the same item: Thursday's merge must keep both versions."""
    master, ab, _ = trio
    edit(master, base_item(master), summary="Lead, Monday")
    ab.evidence.add(Evidence(id="", author="AB", summary="Unrelated"))
    merged(master, ab)
    edit(ab, base_item(ab), summary="AB, Wednesday")
    result = merged(master, ab)
    assert result.total.conflicts == 1
    assert base_item(master).summary == "AB, Wednesday"
    assert [c.other["summary"] for c in list_conflicts(master)] == ["Lead, Monday"]


def test_a_copy_made_later_has_not_seen_an_earlier_copys_merge(trio, tmp_path):
    """AB's edit reaches the master after EF's copy was made: EF's later edit conflicts."""
    master, ab, _ = trio
    edit(ab, base_item(ab), summary="AB's edit")
    ef = InspectionFile.open(create_fieldwork_copy(master, "EF", tmp_path / "EF.inspection"))
    merged(master, ab)
    edit(ef, base_item(ef), summary="EF's edit")
    assert merged(master, ef).total.conflicts == 1
    assert base_item(master).summary == "EF's edit"
    assert [c.other["summary"] for c in list_conflicts(master)] == ["AB's edit"]
    ef.close()


def test_merging_the_master_into_a_copy_and_back_makes_no_false_conflicts(trio):
    master, ab, cd = trio
    edit(cd, base_item(cd), summary="CD's edit")
    merged(master, cd)
    merged(ab, master)  # AB takes in the master, CD's edit included
    assert base_item(ab).summary == "CD's edit"
    edit(ab, base_item(ab), summary="AB builds on CD's edit")
    result = merged(master, ab)
    assert result.total.conflicts == 0 and result.plan.carried_conflicts == 0
    assert base_item(master).summary == "AB builds on CD's edit"


def test_conflicts_found_in_a_copy_travel_to_the_master(trio):
    master, ab, _ = trio
    edit(ab, base_item(ab), summary="AB's edit")
    edit(master, base_item(master), summary="Lead's later edit")
    merged(ab, master)  # the copy takes in the master: a conflict in the copy
    assert len(list_conflicts(ab)) == 1
    result = merged(master, ab)
    assert result.plan.carried_conflicts == 1
    assert [c.other["summary"] for c in list_conflicts(master)] == ["AB's edit"]


# -- links, findings, judgments -----------------------------------------------------------
def test_links_merge_as_sets(trio):
    master, ab, cd = trio
    item = base_item(master)
    edit(ab, item, question_codes=("1.1", "1.2"))
    edit(cd, item, question_codes=("1.1", "2.1"))
    edit(master, item, question_codes=())
    for source in (ab, cd):
        merged(master, source)
    assert base_item(master).question_codes == ("1.2", "2.1")
    assert list_conflicts(master) == []


def test_findings_and_their_evidence_links(trio):
    master, ab, cd = trio
    finding = master.findings.for_question("1")[0]
    first, second = base_item(master, 0), base_item(master, 1)
    ab.findings.update(
        replace(
            ab.findings.get(finding.id),
            statement="Sharper wording",
            evidence_ids=(first.id, second.id),
        )
    )
    new = cd.findings.add(
        Finding(
            id="",
            question_code="2.1",
            kind=FindingKind.AREA_FOR_IMPROVEMENT,
            statement="Backlog of case files",
            evidence_ids=(second.id,),
        )
    )
    unlink_evidence(cd, finding.id, first.id)
    plan_ab = plan_merge(master, ab.path)
    assert plan_ab.counts[MergeKind.FINDINGS].updated == 1
    assert plan_ab.counts[MergeKind.FINDING_LINKS].added == 1
    for source in (ab, cd):
        merged(master, source)
    got = master.findings.get(finding.id)
    assert got.statement == "Sharper wording" and got.evidence_ids == (second.id,)
    assert master.findings.get(new.id).evidence_ids == (second.id,)
    assert list_conflicts(master) == []
    assert check_inspection(master.path).healthy


def test_judgments_meet_on_one_row_and_the_later_grade_wins(trio):
    master, ab, cd = trio
    ab.judgments.save(Judgment(question_code="2", grade="Good", rationale="AB: fine"))
    cd.judgments.save(Judgment(question_code="2", grade="Poor", rationale="CD: backlog"))
    assert ab.judgments.get("2").id == cd.judgments.get("2").id
    assert plan_merge(master, ab.path).counts[MergeKind.JUDGMENTS].added == 1
    for source in (ab, cd):
        merged(master, source)
    got = master.judgments.get("2")
    assert (got.grade, got.rationale) == ("Poor", "CD: backlog")
    [conflict] = list_conflicts(master)
    assert conflict.kind is MergeKind.JUDGMENTS and conflict.label == "judgment of question 2"
    assert conflict.other["rationale"] == "AB: fine"


# -- refs ---------------------------------------------------------------------------
def test_a_clashing_ref_is_renumbered_once(trio):
    master, ab, _ = trio
    mine = master.evidence.add(Evidence(id="", author="LD", summary="Lead's third"))
    theirs = ab.evidence.add(Evidence(id="", author="LD", summary="Typed in as LD"))
    assert mine.ref == theirs.ref == "LD-0003"
    plan = plan_merge(master, ab.path)
    assert [(r.old_ref, r.new_ref) for r in plan.renumbered] == [("LD-0003", "LD-0004")]
    merged(master, ab)
    assert master.evidence.get(mine.id).ref == "LD-0003"
    assert master.evidence.get(theirs.id).ref == "LD-0004"
    assert ref_changes(master) == [(theirs.id, "LD-0003", "LD-0004")]
    edit(ab, theirs, summary="Typed in as LD, edited")
    again = plan_merge(master, ab.path)
    assert again.renumbered == () and again.counts[MergeKind.EVIDENCE].updated == 1
    merged(master, ab)
    got = master.evidence.get(theirs.id)
    assert (got.ref, got.summary) == ("LD-0004", "Typed in as LD, edited")
    assert len(ref_changes(master)) == 1
    assert_idempotent(master, ab)


# -- team -----------------------------------------------------------------------------
def test_team_changes_travel(trio):
    master, ab, _ = trio
    member = ab.team.by_initials("CD")
    edit_member(ab, member, name="Cal Deering")
    ab.team.add("GH", "Gina Hart")
    ab.team.remove("EF")
    plan = plan_merge(master, ab.path)
    assert plan.counts[MergeKind.TEAM].as_dict() == {
        "added": 1,
        "updated": 1,
        "deleted": 1,
        "conflicts": 0,
    }
    merged(master, ab)
    assert [(m.initials, m.name) for m in master.team.list()] == [
        ("AB", "Ana Bell"),
        ("CD", "Cal Deering"),
        ("GH", "Gina Hart"),
        ("LD", "Lee Dunn"),
    ]


def test_the_same_initials_added_in_two_copies_keep_the_later(trio):
    master, ab, cd = trio
    early = ab.team.add("GH", "Gina Hart")
    late = cd.team.add("GH", "Greg Hill")
    for source in (ab, cd):
        merged(master, source)
    assert master.team.by_initials("GH").id == late.id
    assert master.team.get(early.id).deleted_at is not None
    [conflict] = list_conflicts(master)
    assert conflict.kind is MergeKind.TEAM and conflict.other["name"] == "Gina Hart"
    assert conflict.other["deleted_at"] is None and conflict.current["deleted_at"]


# -- bookkeeping ------------------------------------------------------------------------
def test_the_master_logs_the_merge_and_how_far_it_has_taken_in_the_copy(trio):
    master, ab, _ = trio
    item = ab.evidence.add(Evidence(id="", author="AB", summary="New"))
    result = merged(master, ab)
    [log] = master.db.query("SELECT * FROM merge_log")
    assert (log["id"], log["merged_at"], log["source_path"]) == (
        result.log_id,
        result.merged_at,
        str(ab.path),
    )
    assert log["source_replica"] == ab.inspection.replica_id
    summary = json.loads(log["summary_json"])
    assert summary["counts"]["evidence"] == {"added": 1, "updated": 0, "deleted": 0, "conflicts": 0}
    [sync] = master.db.query(
        "SELECT * FROM replica_sync WHERE replica_id = ?", [ab.inspection.replica_id]
    )
    assert sync["source_mark"] == item.updated_at and sync["target_mark"] == result.merged_at


def test_progress_is_reported(trio):
    master, ab, _ = trio
    seen = []
    apply_merge(
        master, ab.path, progress=lambda stage, done, total: seen.append((stage, done, total))
    )
    assert seen[0][1] == 0 and seen[-1][1] == seen[-1][2]
    assert any("Evidence" in stage for stage, _, _ in seen)


def test_conflict_values_are_the_rows_as_stored(trio):
    master, ab, _ = trio
    edit(ab, base_item(ab), summary="AB")
    edit(master, base_item(master), summary="LD")
    merged(master, ab)
    row = master.db.query("SELECT current_json, other_json FROM merge_conflict")[0]
    assert values(row["current_json"])["summary"] == "LD"
    assert "ref" not in values(row["other_json"]) and "origin_replica" not in values(
        row["other_json"]
    )
