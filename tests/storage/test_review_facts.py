"""The judgment checks' facts gathered from real inspection files, and the checks run on them."""

from __future__ import annotations

from dataclasses import replace

from models.records import Evidence, EvidenceCounts, Finding, Judgment
from models.review.results import Severity
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType
from storage.review.checks import judgment_facts, review
from storage.review.facts import gather


def item(
    inspection, codes, assessment=Assessment.POSITIVE, source=SourceType.INTERVIEW, author="JS"
):
    return inspection.evidence.add(
        Evidence(
            author=author,
            summary="Seen at the front counter",
            question_codes=codes,
            assessment=assessment,
            source_type=source,
        )
    )


def facts_of(inspection):
    return gather(inspection.db, inspection.framework, judgment_facts(inspection))


def test_an_item_counts_once_under_each_question_above_its_links(tiny_inspection):
    both = item(tiny_inspection, ("1.1", "1.2"), Assessment.NEGATIVE, SourceType.CASE_FILE_REVIEW)
    item(tiny_inspection, ("2.1",))
    gone = item(tiny_inspection, ("1.1",))
    tiny_inspection.evidence.delete(gone.id)
    questions = facts_of(tiny_inspection).questions
    assert questions["1"].evidence == EvidenceCounts(negative=1)
    assert questions["1.1"].evidence == EvidenceCounts(negative=1)
    assert questions["1.1.1"].evidence == EvidenceCounts()
    assert questions["H"].evidence == EvidenceCounts(positive=1, negative=1)
    assert questions["1"].source_types == {SourceType.CASE_FILE_REVIEW}
    assert questions["H"].source_types == {SourceType.CASE_FILE_REVIEW, SourceType.INTERVIEW}
    assert both.id  # the item linked twice is the one counted under 1


def test_a_value_the_app_never_writes_is_left_out_not_trusted(tiny_inspection):
    crafted = item(tiny_inspection, ("1.1",))
    item(tiny_inspection, ("1.1",), Assessment.NEUTRAL)
    with tiny_inspection.db.transaction() as conn:
        conn.execute("UPDATE evidence SET source_type = 'séance' WHERE id = ?", [crafted.id])
    assert facts_of(tiny_inspection).questions["1"].evidence == EvidenceCounts(neutral=1)


def test_items_backing_no_live_finding_are_counted_per_graded_question(tiny_inspection):
    backing = item(tiny_inspection, ("1.1",))
    loose = item(tiny_inspection, ("1.2",))
    behind_deleted = item(tiny_inspection, ("2.1",))
    tiny_inspection.findings.add(
        Finding(question_code="1", statement="S", evidence_ids=(backing.id,))
    )
    dropped = tiny_inspection.findings.add(
        Finding(question_code="2", statement="T", evidence_ids=(behind_deleted.id,))
    )
    tiny_inspection.findings.delete(dropped.id)
    questions = facts_of(tiny_inspection).questions
    assert (questions["1"].unlinked_evidence, questions["2"].unlinked_evidence) == (1, 1)
    assert questions["H"].unlinked_evidence == 2
    assert loose.id


def test_a_findings_backing_by_kind_of_source_and_inspector(tiny_inspection):
    a = item(tiny_inspection, ("1.1",), Assessment.POSITIVE, SourceType.INTERVIEW, "JS")
    b = item(tiny_inspection, ("1.1",), Assessment.NEUTRAL, SourceType.FOCUS_GROUP, "AB")
    backed = tiny_inspection.findings.add(
        Finding(question_code="1.1", statement="Backed", evidence_ids=(a.id, b.id))
    )
    bare = tiny_inspection.findings.add(
        Finding(question_code="2", kind=FindingKind.CAUSE_OF_CONCERN, statement="Bare")
    )
    found = {f.id: f for f in facts_of(tiny_inspection).findings}
    assert found[backed.id].evidence == EvidenceCounts(positive=1, neutral=1)
    assert found[backed.id].source_types == {SourceType.INTERVIEW, SourceType.FOCUS_GROUP}
    assert found[backed.id].inspectors == {"JS", "AB"}
    assert found[bare.id].evidence == EvidenceCounts() and not found[bare.id].has_recommendation
    assert found[bare.id].kind is FindingKind.CAUSE_OF_CONCERN


def test_a_change_under_a_reviewed_judgment_is_seen(tiny_inspection):
    edited = item(tiny_inspection, ("1.1",))
    for code in ("1", "2"):
        tiny_inspection.judgments.save(
            Judgment(code, grade="Good", rationale="Fine.", status=JudgmentStatus.REVIEWED)
        )
    results = [r for r in review(tiny_inspection) if r.check == "changed-since-review"]
    assert results == []
    tiny_inspection.evidence.update(
        replace(tiny_inspection.evidence.get(edited.id), summary="Later")
    )
    results = [r for r in review(tiny_inspection) if r.check == "changed-since-review"]
    assert [r.place.question_code for r in results] == ["1"]


def test_the_demo_has_nothing_that_must_be_fixed_and_finds_its_unsupported_strength(
    demo_inspection,
):
    results = review(demo_inspection)
    assert [r for r in results if r.severity is Severity.MUST_FIX] == []
    unsupported = [r for r in results if r.check == "finding-without-evidence"]
    assert len(unsupported) == 1 and "Volunteers" in unsupported[0].message


def test_grading_question_3_good_on_the_demo_names_its_cause_of_concern(demo_inspection):
    judgment = demo_inspection.judgments.get("3")
    demo_inspection.judgments.save(replace(judgment, grade="Good"))
    must = [r for r in review(demo_inspection) if r.severity is Severity.MUST_FIX]
    assert [(r.check, r.place.question_code) for r in must] == [("above-cap", "3")]
    assert "Some domestic abuse victims have their risk assessed" in must[0].message


def test_a_findings_backing_as_the_findings_list_reads_it(tiny_inspection):
    a = item(tiny_inspection, ("1.1",), Assessment.POSITIVE, SourceType.INTERVIEW, "JS")
    b = item(tiny_inspection, ("1.1",), Assessment.NEUTRAL, SourceType.FOCUS_GROUP, "AB")
    crafted = item(tiny_inspection, ("1.1",), Assessment.NEUTRAL, SourceType.OBSERVATION, "CD")
    found = tiny_inspection.findings.add(
        Finding(question_code="1.1", statement="Backed", evidence_ids=(a.id, b.id, crafted.id))
    )
    with tiny_inspection.db.transaction() as conn:
        conn.execute("UPDATE evidence SET source_type = 'séance' WHERE id = ?", [crafted.id])
    backing = tiny_inspection.findings.backing([found.id])[found.id]
    assert backing.sources == {SourceType.INTERVIEW, SourceType.FOCUS_GROUP}
    assert backing.inspectors == {"JS", "AB", "CD"}
    assert backing.triangulated and backing.words() == "✓ 2 sources · 3 inspectors"
    assert tiny_inspection.findings.backing([]) == {}


def test_a_review_note_is_talk_not_a_change_under_a_reviewed_judgment(tiny_inspection):
    from models.review.notes import NoteSubject

    noted = item(tiny_inspection, ("1.1",))
    tiny_inspection.judgments.save(
        Judgment("1", grade="Good", rationale="Fine.", status=JudgmentStatus.REVIEWED)
    )
    tiny_inspection.actor = "JS"
    tiny_inspection.review_notes.add(NoteSubject.EVIDENCE, noted.id, "Which station?")
    assert [r for r in review(tiny_inspection) if r.check == "changed-since-review"] == []


def test_evidence_changed_under_a_reviewed_finding_is_seen(tiny_inspection):
    from tests.storage.merge_helpers import fake_clock

    with fake_clock():
        tiny_inspection.team.add("JS", "Jo Smith")
        tiny_inspection.team.add("AB", "Ali Bell")
        tiny_inspection.actor = "JS"
        backing = item(tiny_inspection, ("1.1",))
        other = item(tiny_inspection, ("1.1",))
        finding = tiny_inspection.findings.add(
            Finding(question_code="1", statement="Well led.", evidence_ids=(backing.id,))
        )
        tiny_inspection.actor = "AB"
        tiny_inspection.findings.sign_off(finding.id)

        def fired():
            return [r for r in review(tiny_inspection) if r.check == "finding-changed-since-review"]

        assert fired() == []
        # An item that backs something else changes: nothing to look at again.
        tiny_inspection.evidence.update(replace(other, summary="Later"))
        assert fired() == []
        tiny_inspection.evidence.update(
            replace(tiny_inspection.evidence.get(backing.id), assessment=Assessment.NEGATIVE)
        )
        (result,) = fired()
        assert result.severity is Severity.LOOK_AGAIN
        assert result.place.finding_id == finding.id
        assert "has changed since AB reviewed it" in result.message
        # Signed off again after the change: quiet.
        tiny_inspection.findings.take_back_sign_off(finding.id)
        tiny_inspection.findings.sign_off(finding.id)
        assert fired() == []
