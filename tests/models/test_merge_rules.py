"""The pure merge rules (which version wins, which loser is kept) and their wording."""

from __future__ import annotations

from pathlib import Path

from models.merging.outcome import Conflict, KindCounts, MergeKind, MergePlan, MergeResult
from models.merging.rules import (
    RowVersion,
    canonical_json,
    decide,
    knows,
    removed_by_clash,
    time_after,
    winner,
)
from models.merging.wording import plan_lines, result_line, versions_lines


def outcome(*args) -> tuple[bool, str | None]:
    decision = decide(*args)
    return decision.take_source, decision.record


def version(replica: str = "A", updated_at: str = "2026-03-02T10:00:00.000Z", **values):
    return RowVersion(
        {"id": "row", "updated_at": updated_at, "deleted_at": None, **values}, replica
    )


def test_canonical_json_is_the_same_whatever_the_order():
    assert (
        canonical_json({"b": 1, "a": "é"})
        == canonical_json({"a": "é", "b": 1})
        == '{"a":"é","b":1}'
    )


def test_later_wins_then_deletion_then_hash():
    early, late = (
        version(updated_at="2026-03-02T10:00:00.000Z"),
        version(updated_at="2026-03-02T10:00:01.000Z"),
    )
    assert winner([late, early]) is late and winner([early, late]) is late
    live = version(summary="x")
    gone = RowVersion(dict(live.values, deleted_at=live.updated_at), "B")
    assert winner([live, gone]) is gone
    a, b = version(summary="a"), version(summary="b")
    assert winner([a, b]) is winner([b, a])


def test_a_version_is_known_to_its_writer_and_up_to_the_mark():
    v = version("C", "2026-03-02T10:00:00.000Z")
    assert knows({}, "C", v)
    assert not knows({}, "A", v)
    assert knows({"C": "2026-03-02T10:00:00.000Z"}, "A", v)
    assert not knows({"C": "2026-03-02T09:59:59.999Z"}, "A", v)


def test_decide_keeps_the_loser_unless_the_winner_had_seen_it():
    old = version("A", "2026-03-02T10:00:00.000Z", summary="old")
    new = version("B", "2026-03-02T11:00:00.000Z", summary="new")
    assert outcome(new, old, False, True) == (True, None)  # the source built on it
    assert outcome(new, old, False, False) == (True, "target")  # both changed
    assert outcome(old, new, True, False) == (False, None)  # the target had it already
    assert outcome(old, new, False, False) == (False, "source")


def test_versions_differing_only_in_their_times_are_no_conflict():
    a = version("A", "2026-03-02T10:00:00.000Z", created_at="2026-03-02T09:00:00.000Z")
    b = version("B", "2026-03-02T11:00:00.000Z", created_at="2026-03-02T09:30:00.000Z")
    assert outcome(b, a, False, False) == (True, None)


def test_a_clash_loser_is_removed_at_its_own_time():
    live = version("B", "2026-03-02T10:00:00.000Z", initials="GH")
    removed = removed_by_clash(live, "M")
    assert removed.deleted and removed.updated_at == live.updated_at and removed.replica == "M"
    assert winner([live, removed]) is removed


def test_time_after_is_later_than_every_stamp():
    assert (
        time_after("2026-03-02T12:00:00.000Z", "2026-03-02T11:00:00.000Z")
        == "2026-03-02T12:00:00.000Z"
    )
    assert (
        time_after("2026-03-02T09:00:00.000Z", "2026-03-02T11:00:00.000Z", None)
        == "2026-03-02T11:00:00.001Z"
    )


def test_long_texts_are_shown_where_they_differ():
    text = (
        "Neighbourhood officers know their patches well and describe prevention work "
        "with schools and partners in detail"
    )
    conflict = Conflict(
        MergeKind.EVIDENCE,
        "evidence",
        "row",
        "evidence JS-0001",
        {"summary": text + " [AB]", "updated_at": "2026-03-02T10:00:00.000Z"},
        {"summary": text + " [JS]", "updated_at": "2026-03-02T09:00:00.000Z"},
        "r",
        "js.inspection",
    )
    current, other = versions_lines(conflict)
    assert current.startswith('current: summary "…') and "[AB]" in current
    assert "[JS]" in other and other.endswith("from js.inspection)")


def test_plan_and_result_wording():
    counts = {k: KindCounts() for k in MergeKind}
    counts[MergeKind.EVIDENCE] = KindCounts(added=3, updated=1, conflicts=1)
    plan = MergePlan(Path("ab.inspection"), "r", "AB", "2026-03-02T09:00:00.000Z", counts)
    lines = plan_lines(plan, "master.inspection")
    assert lines[0] == (
        "Merging ab.inspection (fieldwork copy for AB, made 2026-03-02 09:00 UTC)"
        " into master.inspection:"
    )
    assert lines[3].split() == ["Evidence", "3", "1", "0", "1"]
    assert result_line(MergeResult(plan, "now", "log")) == (
        "Merged ab.inspection: 3 added, 1 updated, 0 deleted, 1 conflict to review."
    )
    empty = MergePlan(Path("ab.inspection"), "r", None, None, {})
    assert empty.is_empty and "nothing to merge" in plan_lines(empty, "m.inspection")[1]
