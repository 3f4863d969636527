"""Findings in a real inspection file: edits, evidence links, soft deletion and ordering."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from models.records import Evidence, Finding
from models.vocabulary import FindingKind
from storage.file.inspection_file import InspectionFile
from tests.storage.repository_helpers import findings_supported, link_evidence, unlink_evidence


@pytest.fixture
def evidence(tiny_inspection):
    """Three evidence items, by ref JS-0001..JS-0003."""
    return [
        tiny_inspection.evidence.add(
            Evidence(author="JS", summary=f"E{i}", question_codes=("1.1",))
        )
        for i in range(1, 4)
    ]


def live_links(inspection, finding_id):
    return inspection.db.conn.execute(
        "SELECT evidence_id, deleted_at FROM finding_evidence WHERE finding_id = ?"
        " ORDER BY evidence_id",
        [finding_id],
    ).fetchall()


def test_add_and_get_round_trip(tiny_inspection, evidence):
    repo = tiny_inspection.findings
    added = repo.add(
        Finding(
            question_code="1.1",
            kind=FindingKind.CAUSE_OF_CONCERN,
            statement="Risk assessments by telephone are not done.",
            recommendation="  Within three months, complete them.  ",
            evidence_ids=(evidence[2].id, evidence[0].id),
        )
    )
    got = repo.get(added.id)
    assert got.question_code == "1.1" and got.kind is FindingKind.CAUSE_OF_CONCERN
    assert got.statement == "Risk assessments by telephone are not done."
    assert got.recommendation == "Within three months, complete them."
    assert got.evidence_ids == (evidence[0].id, evidence[2].id)  # in ref order
    assert got.created_at == got.updated_at == added.created_at
    assert got.deleted_at is None


@pytest.mark.parametrize(
    "kind", [FindingKind.STRENGTH, FindingKind.AREA_FOR_IMPROVEMENT, FindingKind.NOTABLE_PRACTICE]
)
def test_recommendation_is_dropped_for_kinds_other_than_cause_of_concern(tiny_inspection, kind):
    repo = tiny_inspection.findings
    added = repo.add(
        Finding(question_code="1", kind=kind, statement="s", recommendation="Should not be kept")
    )
    assert repo.get(added.id).recommendation == ""


def test_changing_a_cause_of_concern_into_a_strength_drops_its_recommendation(tiny_inspection):
    repo = tiny_inspection.findings
    concern = repo.add(
        Finding(
            question_code="2",
            kind=FindingKind.CAUSE_OF_CONCERN,
            statement="s",
            recommendation="Do this",
        )
    )
    repo.update(replace(concern, kind=FindingKind.STRENGTH))
    assert repo.get(concern.id).recommendation == ""
    repo.update(replace(concern, kind=FindingKind.CAUSE_OF_CONCERN, recommendation="Again"))
    assert repo.get(concern.id).recommendation == "Again"


def test_add_returns_the_finding_as_stored(tiny_inspection):
    added = tiny_inspection.findings.add(
        Finding(
            question_code="1", kind=FindingKind.STRENGTH, statement="s", recommendation="dropped"
        )
    )
    assert tiny_inspection.findings.get(added.id) == added


def test_unknown_question_is_refused_and_nothing_is_written(tiny_inspection):
    with pytest.raises(ValueError, match="9"):
        tiny_inspection.findings.add(Finding(question_code="9", statement="s"))
    assert tiny_inspection.db.scalar("SELECT count(*) FROM finding") == 0


def test_unknown_evidence_is_refused_and_nothing_is_written(tiny_inspection):
    with pytest.raises((ValueError, sqlite3.IntegrityError)):
        tiny_inspection.findings.add(
            Finding(question_code="1", statement="s", evidence_ids=("no-such-evidence",))
        )
    assert tiny_inspection.db.scalar("SELECT count(*) FROM finding") == 0
    assert tiny_inspection.db.scalar("SELECT count(*) FROM finding_evidence") == 0
    assert not tiny_inspection.db.conn.in_transaction


def test_unknown_evidence_is_reported_as_a_value_error(tiny_inspection):
    with pytest.raises(ValueError):
        tiny_inspection.findings.add(
            Finding(question_code="1", statement="s", evidence_ids=("no-such-evidence",))
        )


def test_update_saves_fields_question_and_exact_evidence_set(tiny_inspection, evidence):
    repo = tiny_inspection.findings
    added = repo.add(
        Finding(question_code="1", statement="Old", evidence_ids=(evidence[0].id, evidence[1].id))
    )
    saved = repo.update(
        replace(
            added,
            question_code="2.1",
            kind=FindingKind.NOTABLE_PRACTICE,
            statement="New",
            evidence_ids=(evidence[1].id, evidence[2].id),
        )
    )
    got = repo.get(added.id)
    assert (got.question_code, got.kind, got.statement) == (
        "2.1",
        FindingKind.NOTABLE_PRACTICE,
        "New",
    )
    assert got.evidence_ids == (evidence[1].id, evidence[2].id)
    assert got.created_at == added.created_at and got.updated_at == saved.updated_at
    # The dropped link stays as a soft-deleted row so the removal can be merged.
    assert dict(live_links(tiny_inspection, added.id))[evidence[0].id] is not None


def test_update_of_unknown_finding_raises_and_writes_no_links(tiny_inspection, evidence):
    with pytest.raises(KeyError):
        tiny_inspection.findings.update(Finding(question_code="1", evidence_ids=(evidence[0].id,)))
    assert tiny_inspection.db.scalar("SELECT count(*) FROM finding_evidence") == 0


def test_link_and_unlink_evidence_are_soft_and_idempotent(tiny_inspection, evidence):
    repo = tiny_inspection.findings
    finding = repo.add(Finding(question_code="1", statement="s"))
    e1 = evidence[0].id
    link_evidence(tiny_inspection, finding.id, e1)
    link_evidence(tiny_inspection, finding.id, e1)
    assert repo.get(finding.id).evidence_ids == (e1,)
    created = tiny_inspection.db.scalar("SELECT created_at FROM finding_evidence")

    unlink_evidence(tiny_inspection, finding.id, e1)
    unlink_evidence(tiny_inspection, finding.id, e1)
    assert repo.get(finding.id).evidence_ids == ()
    assert [d is not None for _, d in live_links(tiny_inspection, finding.id)] == [True]

    link_evidence(tiny_inspection, finding.id, e1)
    assert repo.get(finding.id).evidence_ids == (e1,)
    assert live_links(tiny_inspection, finding.id) == [(e1, None)]
    assert tiny_inspection.db.scalar("SELECT created_at FROM finding_evidence") == created


def test_delete_is_soft_and_restore_brings_the_finding_back(tiny_inspection, evidence):
    repo = tiny_inspection.findings
    finding = repo.add(Finding(question_code="1.1", statement="s", evidence_ids=(evidence[0].id,)))
    repo.delete(finding.id)
    assert repo.for_question() == []
    assert repo.get(finding.id).deleted_at is not None
    assert tiny_inspection.db.scalar("SELECT count(*) FROM finding") == 1
    assert findings_supported(tiny_inspection, evidence[0].id) == 0
    assert repo.counts_by_evidence() == {}
    repo.restore(finding.id)
    assert [f.id for f in repo.for_question("1")] == [finding.id]
    assert findings_supported(tiny_inspection, evidence[0].id) == 1
    with pytest.raises(KeyError):
        repo.delete("nope")
    with pytest.raises(KeyError):
        repo.get("nope")


def test_evidence_ids_leave_out_deleted_evidence(tiny_inspection, evidence):
    repo = tiny_inspection.findings
    finding = repo.add(
        Finding(question_code="1", statement="s", evidence_ids=tuple(e.id for e in evidence))
    )
    tiny_inspection.evidence.delete(evidence[1].id)
    assert repo.get(finding.id).evidence_ids == (evidence[0].id, evidence[2].id)
    assert repo.for_question()[0].evidence_ids == (evidence[0].id, evidence[2].id)
    tiny_inspection.evidence.restore(evidence[1].id)
    assert repo.get(finding.id).evidence_ids == tuple(e.id for e in evidence)


def test_counts_by_evidence_count_live_findings(tiny_inspection, evidence):
    repo = tiny_inspection.findings
    e1, e2, e3 = (e.id for e in evidence)
    repo.add(Finding(question_code="1", statement="a", evidence_ids=(e1, e2)))
    repo.add(Finding(question_code="2", statement="b", evidence_ids=(e1,)))
    gone = repo.add(Finding(question_code="2", statement="c", evidence_ids=(e1, e3)))
    unlinked = repo.add(Finding(question_code="2", statement="d", evidence_ids=(e2,)))
    repo.delete(gone.id)
    unlink_evidence(tiny_inspection, unlinked.id, e2)
    assert repo.counts_by_evidence() == {e1: 2, e2: 1}
    assert [findings_supported(tiny_inspection, e) for e in (e1, e2, e3)] == [2, 1, 0]


def test_for_question_orders_by_framework_then_kind(tiny_inspection):
    repo = tiny_inspection.findings
    plan = [
        ("2.1", FindingKind.STRENGTH),
        ("1", FindingKind.NOTABLE_PRACTICE),
        ("1.2", FindingKind.AREA_FOR_IMPROVEMENT),
        ("1", FindingKind.STRENGTH),
        ("1.1.1", FindingKind.CAUSE_OF_CONCERN),
        ("1", FindingKind.CAUSE_OF_CONCERN),
        ("1", FindingKind.AREA_FOR_IMPROVEMENT),
        ("H", FindingKind.STRENGTH),
        ("1.1", FindingKind.STRENGTH),
    ]
    for code, kind in plan:
        repo.add(
            Finding(
                question_code=code, kind=kind, statement=f"{code} {kind.value}", recommendation="r"
            )
        )

    def listing(code=None):
        return [(f.question_code, f.kind) for f in repo.for_question(code)]

    assert listing("1") == [
        ("1", FindingKind.CAUSE_OF_CONCERN),
        ("1", FindingKind.AREA_FOR_IMPROVEMENT),
        ("1", FindingKind.STRENGTH),
        ("1", FindingKind.NOTABLE_PRACTICE),
        ("1.1", FindingKind.STRENGTH),
        ("1.1.1", FindingKind.CAUSE_OF_CONCERN),
        ("1.2", FindingKind.AREA_FOR_IMPROVEMENT),
    ]
    assert listing("1.1") == [
        ("1.1", FindingKind.STRENGTH),
        ("1.1.1", FindingKind.CAUSE_OF_CONCERN),
    ]
    assert listing("2") == [("2.1", FindingKind.STRENGTH)]
    assert listing() == [("H", FindingKind.STRENGTH)] + listing("1") + listing("2")
    assert listing("H") == listing()
    with pytest.raises(KeyError):
        repo.for_question("9")


def test_findings_survive_reopening(tmp_path, tiny_framework):
    path = tmp_path / "findings.inspection"
    with InspectionFile.create(path, tiny_framework, force="Testshire") as inspection:
        item = inspection.evidence.add(Evidence(author="JS", question_codes=("1.2",)))
        added = inspection.findings.add(
            Finding(
                question_code="1.2",
                kind=FindingKind.CAUSE_OF_CONCERN,
                statement="s",
                recommendation="r",
                evidence_ids=(item.id,),
            )
        )
    with InspectionFile.open(path) as reopened:
        assert reopened.findings.get(added.id) == added
        assert reopened.findings.for_question("1") == [added]


def test_editing_a_finding_keeps_its_links_to_evidence_deleted_for_now(demo_inspection):
    """Undoing an item's deletion must bring back the findings it supported, even when the
    finding was edited (or linked to other items) while the item was deleted."""
    from dataclasses import replace

    findings, evidence = demo_inspection.findings, demo_inspection.evidence
    finding = findings.for_question("2")[0]
    gone = finding.evidence_ids[0]
    evidence.delete(gone)
    now = findings.get(finding.id)
    assert gone not in now.evidence_ids  # only live evidence is listed
    other = next(e.id for e in evidence.page() if e.id not in finding.evidence_ids)
    findings.update(
        replace(
            now, statement=now.statement + " (revised)", evidence_ids=now.evidence_ids + (other,)
        )
    )
    findings.update(replace(now, statement=now.statement))
    evidence.restore(gone)
    assert set(findings.get(finding.id).evidence_ids) == set(finding.evidence_ids)
