"""Finding refs: given by storage when a finding is made, numbered for files made before
them, kept through merges, renumbered only on a clash (and recorded), checked in files
from elsewhere."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from models.history import HistoryFilter
from models.merging.wording import plan_lines, result_line
from models.records import Finding, format_finding_ref, parse_finding_ref
from models.stored_values.rules import RULES
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.file.migrations import SCHEMA_VERSION
from storage.health.check import check_inspection
from storage.health.repair import repair_into
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import apply_merge, list_conflicts, plan_merge
from tests.storage.merge_helpers import fake_clock, file_state, make_master, snapshot


@pytest.fixture
def clock():
    with fake_clock() as c:
        yield c


def _finding(statement: str, code: str = "1") -> Finding:
    return Finding(id="", question_code=code, statement=statement)


def _refs(f: InspectionFile) -> dict[str, str]:
    """Every finding's ref by statement, deleted findings included."""
    return dict(f.db.conn.execute("SELECT statement, ref FROM finding"))


def _ref_changes(f: InspectionFile) -> list[tuple]:
    return f.db.conn.execute(
        "SELECT finding_id, old_ref, new_ref, reason FROM finding_ref_change ORDER BY old_ref"
    ).fetchall()


def _tamper(path, *statements):
    conn = sqlite3.connect(path, isolation_level=None)
    for sql in statements:
        conn.execute(sql)
    conn.close()


# -- made in the app -------------------------------------------------------------------
def test_the_ref_form_is_short_and_read_back_as_typed():
    assert format_finding_ref(12) == "F12"
    assert [parse_finding_ref(t) for t in ("F12", "f12", " F3 ", "F0", "F012", "JS-0012", "")] == [
        12,
        12,
        3,
        None,
        None,
        None,
        None,
    ]
    rule = RULES["finding"]["ref"]
    assert rule("F12") is None
    assert all(rule(bad) for bad in ("f12", "F012", "F0", " F1", "", None, 12, "F12345678"))


def test_each_new_finding_takes_the_next_ref_and_keeps_it(tiny_inspection, clock):
    f = tiny_inspection
    first = f.findings.add(_finding("Calls answered promptly"))
    second, third = f.findings.add_many([_finding("Backlog of cases"), _finding("Good custody")])
    assert (first.ref, second.ref, third.ref) == ("F1", "F2", "F3")
    assert [x.ref for x in f.findings.for_question()] == ["F1", "F2", "F3"]
    edited = f.findings.update(replace(f.findings.get(second.id), statement="Backlog shrinking"))
    assert f.findings.get(second.id).ref == "F2" == edited.ref
    # A deleted finding keeps its ref, and no later finding is given it.
    f.findings.delete(third.id)
    assert f.findings.add(_finding("Neighbourhood teams")).ref == "F4"
    f.findings.restore(third.id)
    assert f.findings.get(third.id).ref == "F3"
    assert f.findings.for_evidence("nothing") == []


def test_a_ref_given_to_a_finding_in_a_failed_insert_is_not_used(tiny_inspection, clock):
    f = tiny_inspection
    f.findings.add(_finding("One"))
    with pytest.raises(ValueError):
        f.findings.add_many([_finding("Two"), _finding("Three", code="9.9")])
    assert _refs(f) == {"One": "F1"}
    assert f.findings.add(_finding("Two")).ref == "F2"


def test_the_history_records_the_ref_a_finding_was_made_with(tiny_inspection, clock):
    f = tiny_inspection
    made = f.findings.add(_finding("Calls answered promptly"))
    [entry] = [e for e in f.history.page(HistoryFilter(entity_id=made.id), 0, 50)]
    assert entry.action == "created" and entry.subject_ref == "F1"


# -- files made before refs --------------------------------------------------------------
def test_findings_made_before_refs_are_numbered_by_when_they_were_made(tmp_path, tiny_framework):
    path = tmp_path / "older.inspection"
    with InspectionFile.create(path, tiny_framework, force="Testshire Police") as f:
        for statement in ("Third", "First", "Second a", "Second b"):
            f.findings.add(_finding(statement))
    # The file as the app wrote it before findings had refs: same times for two of them.
    _tamper(
        path,
        "DROP INDEX finding_by_ref",
        "DROP TRIGGER history_finding_ref",
        "DROP TABLE finding_ref_change",
        "ALTER TABLE finding DROP COLUMN ref",
        "DELETE FROM _sqlite_migrations WHERE name = 'm013_finding_refs'",
        f"PRAGMA user_version = {SCHEMA_VERSION - 1}",
        "UPDATE finding SET created_at = '2026-01-03T00:00:00.000Z' WHERE statement = 'Third'",
        "UPDATE finding SET created_at = '2026-01-01T00:00:00.000Z' WHERE statement = 'First'",
        "UPDATE finding SET created_at = '2026-01-02T00:00:00.000Z', id = 'b-2'"
        " WHERE statement = 'Second b'",
        "UPDATE finding SET created_at = '2026-01-02T00:00:00.000Z', id = 'a-1'"
        " WHERE statement = 'Second a'",
    )
    with InspectionFile.open(path) as f:
        assert _refs(f) == {"First": "F1", "Second a": "F2", "Second b": "F3", "Third": "F4"}
        assert f.findings.add(_finding("New")).ref == "F5"
    report = check_inspection(path)
    assert report.healthy, report.problems


# -- merges ------------------------------------------------------------------------------
@pytest.fixture
def trio(tmp_path, tiny_framework, clock):
    """A master with one finding (F1) and fieldwork copies for AB and CD."""
    master = make_master(tmp_path / "master.inspection", tiny_framework)
    copies = [
        InspectionFile.open(create_fieldwork_copy(master, who, tmp_path / f"{who}.inspection"))
        for who in ("AB", "CD")
    ]
    yield master, *copies
    for f in (master, *copies):
        f.close()


def test_a_copy_carries_the_refs_and_a_merge_keeps_them(trio):
    master, ab, _ = trio
    assert _refs(ab) == {"Base finding": "F1"}
    made = ab.findings.add(_finding("Victims kept informed"))
    assert made.ref == "F2"
    plan = plan_merge(master, ab.path)
    assert plan.renumbered == ()
    apply_merge(master, ab.path)
    assert master.findings.get(made.id).ref == "F2"
    assert _ref_changes(master) == []


def test_a_clashing_finding_ref_is_renumbered_recorded_and_reported(trio):
    master, ab, cd = trio
    abs_ = ab.findings.add(_finding("AB: victims kept informed"))
    cds = cd.findings.add(_finding("CD: backlog in the hub", code="2"))
    mine = master.findings.add(_finding("Lead: strong leadership"))
    assert abs_.ref == cds.ref == mine.ref == "F2"
    first = apply_merge(master, ab.path)
    assert [(r.row_id, r.old_ref, r.new_ref, r.entity) for r in first.plan.renumbered] == [
        (abs_.id, "F2", "F3", "finding")
    ]
    assert master.findings.get(abs_.id).ref == "F3"
    plan = plan_merge(master, cd.path)
    assert [(r.row_id, r.old_ref, r.new_ref, r.entity) for r in plan.renumbered] == [
        (cds.id, "F2", "F4", "finding")
    ]
    lines = plan_lines(plan, "master.inspection")
    assert (
        "  finding F2 renumbered F4 (F2 is already used in master.inspection by another finding)"
        in lines
    )
    result = apply_merge(master, cd.path)
    assert "finding F2 renumbered F4" in result_line(result)
    assert master.findings.get(mine.id).ref == "F2"
    assert master.findings.get(cds.id).ref == "F4"
    changes = _ref_changes(master)
    assert [(i, old, new) for i, old, new, _ in changes] == [
        (abs_.id, "F2", "F3"),
        (cds.id, "F2", "F4"),
    ]
    assert "F2 was already used here by another finding when CD.inspection was merged" in [
        reason for *_, reason in changes
    ]
    renamed = [
        e for e in master.history.page(HistoryFilter(entity_id=cds.id), 0, 50) if e.field == "ref"
    ]
    assert [(e.action, e.old_value, e.new_value) for e in renamed] == [("changed", "F2", "F4")]
    # Merging again changes nothing and renumbers nothing; the copy keeps its own name.
    cd.findings.update(replace(cd.findings.get(cds.id), statement="CD: backlog shrinking"))
    again = plan_merge(master, cd.path)
    assert again.renumbered == ()
    apply_merge(master, cd.path)
    assert master.findings.get(cds.id).ref == "F4"
    assert master.findings.get(cds.id).statement == "CD: backlog shrinking"
    assert cd.findings.get(cds.id).ref == "F2"
    assert len(_ref_changes(master)) == 2
    before = snapshot(master)
    assert plan_merge(master, cd.path).is_empty and plan_merge(master, ab.path).is_empty
    assert snapshot(master) == before
    report = check_inspection(master.path)
    assert report.healthy, report.problems


def test_a_finding_deleted_here_still_holds_its_ref_against_a_merge(trio):
    master, ab, _ = trio
    gone = master.findings.add(_finding("Withdrawn"))
    master.findings.delete(gone.id)
    theirs = ab.findings.add(_finding("AB's second"))
    assert gone.ref == theirs.ref == "F2"
    result = apply_merge(master, ab.path)
    assert [(r.old_ref, r.new_ref) for r in result.plan.renumbered] == [("F2", "F3")]
    assert master.findings.get(theirs.id).ref == "F3"


# -- files from elsewhere ----------------------------------------------------------------
def _refused_unchanged(trio, *tampering: str, words: str) -> None:
    """Close every file, tamper with AB's copy, and show merging it is refused with
    ``words`` and leaves the master byte-for-byte as it was."""
    master, ab, _ = trio
    for f in trio:
        f.close()
    _tamper(ab.path, *tampering)
    before = file_state(master.path)
    with InspectionFile.open(master.path) as opened:
        data = snapshot(opened)
        for step in (plan_merge, apply_merge):
            with pytest.raises(StorageError, match=words):
                step(opened, ab.path)
        assert snapshot(opened) == data
    assert file_state(master.path) == before


@pytest.mark.parametrize(
    "bad",
    ["F01", "f2", "X2", "", "F2; DROP TABLE finding", "F" + "9" * 40],
)
def test_a_copy_with_a_bad_finding_ref_is_refused_unchanged(trio, bad):
    made = trio[1].findings.add(_finding("AB's finding"))
    _refused_unchanged(
        trio,
        f"UPDATE finding SET ref = '{bad.replace(chr(39), '')}' WHERE id = '{made.id}'",
        words="is not a finding ref",
    )


def test_a_copy_whose_findings_share_a_ref_is_refused(trio):
    trio[1].findings.add(_finding("AB's finding"))
    _refused_unchanged(
        trio, "DROP INDEX finding_by_ref", "UPDATE finding SET ref = 'F1'", words="finding_by_ref"
    )


def test_check_finds_a_bad_ref_and_repair_gives_the_next_number(trio, tmp_path):
    master, ab, cd = trio
    made = master.findings.add(_finding("Second"))
    master.findings.add(_finding("Third"))
    for f in trio:
        f.close()
    _tamper(
        master.path,
        "UPDATE history_context SET recording = 0",  # changed behind the app's back
        f"UPDATE finding SET ref = 'F0x' WHERE id = '{made.id}'",
    )
    report = check_inspection(master.path)
    assert not report.healthy
    assert any("ref F0x: is not a finding ref" in p for p in report.problems), report.problems
    out = tmp_path / "repaired.inspection"
    repaired = repair_into(master.path, out)
    assert any("is not a finding ref" in line and "'F4'" in line for line in repaired.repaired)
    assert check_inspection(out).healthy
    with InspectionFile.open(out) as f:
        assert f.findings.get(made.id).ref == "F4"
        [entry] = [
            e for e in f.history.page(HistoryFilter(entity_id=made.id), 0, 50) if e.field == "ref"
        ]
        assert (entry.old_value, entry.new_value) == ("F0x", "F4")
        assert entry.reason == "Repaired by check --repair"


def test_a_conflict_over_a_finding_names_it_by_its_ref(trio):
    master, ab, _ = trio
    [base] = master.findings.for_question()
    ab.findings.update(replace(ab.findings.get(base.id), statement="AB's wording"))
    master.findings.update(replace(master.findings.get(base.id), statement="Lead's wording"))
    apply_merge(master, ab.path)
    [conflict] = list_conflicts(master)
    assert conflict.label.startswith("strength F1 under 1: ")


# -- found by its ref --------------------------------------------------------------------
def test_a_finding_ref_typed_in_the_evidence_search_lists_the_items_behind_it(
    tiny_inspection, clock
):
    from models.evidence.query import EvidenceQuery
    from models.records import Evidence
    from models.vocabulary import Assessment

    def add(summary, code="1.1", **fields):
        return tiny_inspection.evidence.add(
            Evidence(id="", author="JS", summary=summary, question_codes=(code,), **fields)
        )

    a, b, c = add("Patrol plan"), add("Briefing", "2.1", assessment=Assessment.NEGATIVE), add("x")
    mentions = add("The report cites F1 in passing")  # the words match too
    first = tiny_inspection.findings.add(replace(_finding("Strong"), evidence_ids=(a.id, b.id)))
    second = tiny_inspection.findings.add(replace(_finding("Other"), evidence_ids=(c.id,)))
    assert (first.ref, second.ref) == ("F1", "F2")
    evidence = tiny_inspection.evidence

    def refs(**query) -> list[str]:
        q = EvidenceQuery(**query)
        found = [e.ref for e in evidence.page(q, 0, 100)]
        assert evidence.count(q) == len(found)
        return found

    assert refs(text="f1") == sorted([a.ref, b.ref, mentions.ref])
    assert refs(text=" F2 ") == [c.ref]
    assert refs(text="F1", question_code="2") == [b.ref]
    assert refs(text="F1", assessments=frozenset({Assessment.NEGATIVE})) == [b.ref]
    assert refs(text="F9") == []
    tiny_inspection.findings.update(replace(first, evidence_ids=(a.id,)))  # b unlinked
    assert refs(text="F1") == sorted([a.ref, mentions.ref])
    tiny_inspection.findings.delete(first.id)
    assert refs(text="F1") == [mentions.ref]
