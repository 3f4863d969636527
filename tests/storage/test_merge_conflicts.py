"""Listing and resolving the conflicts merges leave behind."""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.merging.outcome import MergeKind
from storage.file.inspection_file import InspectionFile
from storage.merge.errors import ConflictError
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import apply_merge, list_conflicts, plan_merge, resolve_conflict
from tests.storage.merge_helpers import conflict_versions, fake_clock, make_master, snapshot


@pytest.fixture
def conflicted(tmp_path, tiny_framework):
    """A master whose first item was changed by the lead and, later, in AB's copy."""
    with fake_clock():
        master = make_master(tmp_path / "master.inspection", tiny_framework)
        ab = InspectionFile.open(create_fieldwork_copy(master, "AB", tmp_path / "AB.inspection"))
        item = master.evidence.page()[0]
        master.evidence.update(replace(item, summary="Lead's wording"))
        ab.evidence.update(replace(ab.evidence.get(item.id), summary="AB's wording"))
        apply_merge(master, ab.path)
        yield master, ab, item.id
        master.close()
        ab.close()


def test_conflicts_are_listed_with_both_versions(conflicted):
    master, _, item_id = conflicted
    [conflict] = list_conflicts(master)
    assert conflict.id and conflict.detected_at and not conflict.resolved
    assert (conflict.kind, conflict.entity, conflict.row_key) == (
        MergeKind.EVIDENCE,
        "evidence",
        item_id,
    )
    assert conflict.label == "evidence LD-0001: AB's wording"
    assert (conflict.current["summary"], conflict.other["summary"]) == (
        "AB's wording",
        "Lead's wording",
    )
    assert conflict.differing_fields == ("summary",)


def test_keeping_the_current_version_marks_it_resolved(conflicted):
    master, _, item_id = conflicted
    [conflict] = list_conflicts(master)
    data = snapshot(master)
    resolved = resolve_conflict(master, conflict.id[:8], "current")
    assert resolved.resolved and resolved.resolution == "kept current"
    assert snapshot(master) == data
    assert list_conflicts(master) == []
    assert list_conflicts(master, unresolved_only=False) == [resolved]


def test_keeping_the_other_version_makes_it_current_from_then_on(conflicted):
    master, ab, item_id = conflicted
    [conflict] = list_conflicts(master)
    resolve_conflict(master, conflict.id, "other")
    item = master.evidence.get(item_id)
    assert item.summary == "Lead's wording"
    assert item.updated_at > max(conflict.current["updated_at"], conflict.other["updated_at"])
    assert master.evidence.count() == 2
    # The version it replaced is kept too, as a resolved conflict: nothing is lost.
    kept = conflict_versions(master)
    assert ("evidence", item_id, conflict_json(conflict.current)) in kept
    assert list_conflicts(master) == []
    # Merging the copy again changes nothing; the copy takes the resolution in.
    assert plan_merge(master, ab.path).is_empty
    apply_merge(ab, master.path)
    assert ab.evidence.get(item_id).summary == "Lead's wording"


def test_a_resolution_wins_even_from_a_laptop_whose_clock_is_behind(conflicted):
    master, ab, item_id = conflicted
    [conflict] = list_conflicts(master)
    with fake_clock():  # a new clock: back at the start of the day
        resolve_conflict(master, conflict.id, "other")
    assert master.evidence.get(item_id).updated_at > conflict.current["updated_at"]
    apply_merge(ab, master.path)
    assert ab.evidence.get(item_id).summary == "Lead's wording"


def conflict_json(values: dict) -> str:
    from models.merging.rules import canonical_json

    return canonical_json(values)


def test_a_conflict_is_resolved_once(conflicted):
    master, _, _ = conflicted
    [conflict] = list_conflicts(master)
    resolve_conflict(master, conflict.id, "current")
    with pytest.raises(ConflictError, match="already resolved"):
        resolve_conflict(master, conflict.id, "other")


@pytest.mark.parametrize(
    "conflict_id, keep, words",
    [
        ("0000", "current", "no conflict 0000"),
        ("ab", "current", "too short"),
        (None, "newest", "Keep 'current' or 'other'"),
    ],
)
def test_bad_resolutions_are_refused(conflicted, conflict_id, keep, words):
    master, _, _ = conflicted
    data = snapshot(master)
    real = list_conflicts(master)[0].id
    with pytest.raises(ConflictError, match=words):
        resolve_conflict(master, conflict_id or real, keep)
    assert snapshot(master) == data and len(list_conflicts(master)) == 1


def test_keeping_the_other_team_member_swaps_who_holds_the_initials(tmp_path, tiny_framework):
    with fake_clock():
        master = make_master(tmp_path / "m.inspection", tiny_framework)
        copies = [
            InspectionFile.open(create_fieldwork_copy(master, w, tmp_path / f"{w}.inspection"))
            for w in ("AB", "CD")
        ]
        early = copies[0].team.add("GH", "Gina Hart")
        late = copies[1].team.add("GH", "Greg Hill")
        for copy in copies:
            apply_merge(master, copy.path)
        [conflict] = list_conflicts(master)
        resolve_conflict(master, conflict.id, "other")
        assert master.team.by_initials("GH").id == early.id
        assert master.team.get(late.id).deleted_at is not None
        [again] = list_conflicts(master)
        assert again.other["name"] == "Greg Hill" and again.other["deleted_at"] is None
        for f in (master, *copies):
            f.close()
