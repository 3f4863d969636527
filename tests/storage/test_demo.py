"""The demo inspection (Hampshire, PEEL effectiveness 2015) as the app builds it."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import pytest

from models.evidence.query import EvidenceQuery
from models.vocabulary import FindingKind, SourceType
from storage.demo import DEMO_FILE, DemoDataError, write_demo
from storage.demo_case_reviews import DEMO_CASE_REVIEWS
from storage.file.errors import StorageError
from tests.storage.repository_helpers import live_authors

CORE = ("1", "2", "3", "4")


@pytest.fixture
def evidence(demo_inspection):
    return list(demo_inspection.evidence.iter_all())


@pytest.fixture
def findings(demo_inspection):
    return demo_inspection.findings.for_question()


def words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def test_demo_holds_the_hampshire_inspection(demo_inspection):
    row = demo_inspection.inspection
    assert "Hampshire" in row.force
    assert row.framework_id == "peel-2015-effectiveness"
    assert row.fieldwork_start and row.fieldwork_end
    assert date(2015, 9, 1) <= row.fieldwork_start <= row.fieldwork_end <= date(2015, 11, 30)


def test_demo_has_at_least_sixty_live_items_all_from_the_data_file(demo_inspection, evidence):
    raw = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    # Besides the data file's items, the case-file review results made into evidence.
    reviewed = json.loads(DEMO_CASE_REVIEWS.read_text(encoding="utf-8"))["checklists"]
    made = sum(len(c["evidence"]) for c in reviewed)
    from_results = [e for e in evidence if e.summary.startswith("Case-file review, ")]
    assert len(from_results) == made == 4
    assert len(evidence) >= 60
    assert demo_inspection.evidence.count() == len(evidence) == len(raw["evidence"]) + made
    listed = [e for e in evidence if e not in from_results]
    assert sorted(e.ref for e in listed) == sorted(item["ref"] for item in raw["evidence"])


def test_refs_are_unique_two_letters_and_four_digits_matching_the_author(evidence):
    refs = [e.ref for e in evidence]
    assert len(set(refs)) == len(refs)
    for e in evidence:
        assert re.fullmatch(r"[A-Z]{2}-\d{4}", e.ref), e.ref
        assert e.ref.startswith(e.author + "-"), e.ref
    assert len({e.author for e in evidence}) >= 3  # a team, not one inspector


def test_dates_fall_within_autumn_2015(evidence):
    assert evidence
    for e in evidence:
        assert e.collected_on is not None, e.ref
        assert date(2015, 9, 1) <= e.collected_on <= date(2015, 11, 30), e.ref


def test_every_source_type_but_other_is_used(evidence):
    used = {e.source_type for e in evidence}
    assert set(SourceType) - {SourceType.OTHER} <= used


def test_every_item_is_complete(evidence, demo_inspection):
    assert evidence
    for e in evidence:
        assert e.summary.strip() and e.location.strip(), e.ref
        assert e.question_codes, f"{e.ref} is linked to no question"
        assert all(demo_inspection.framework.has_question(c) for c in e.question_codes)
        assert e.participants, f"{e.ref} has no participants"
        for role in e.participants:
            assert role.strip() and role == role.strip(), e.ref


def test_assessments_point_both_ways(demo_inspection):
    counts = demo_inspection.evidence.assessment_counts()
    assert counts.positive > 0 and counts.negative > 0 and counts.neutral > 0


@pytest.mark.parametrize("code", CORE)
def test_every_core_question_has_evidence_and_findings(demo_inspection, code):
    assert demo_inspection.evidence.count(EvidenceQuery(question_code=code)) > 0
    under = demo_inspection.findings.for_question(code)
    assert under, f"no findings under core question {code}"
    assert {f.kind for f in under} & {
        FindingKind.STRENGTH,
        FindingKind.AREA_FOR_IMPROVEMENT,
        FindingKind.CAUSE_OF_CONCERN,
    }


def test_findings_are_backed_by_live_evidence_and_recommend_only_for_concerns(findings, evidence):
    live_ids = {e.id for e in evidence}
    assert len(findings) >= 12
    for f in findings:
        assert f.statement.strip()
        assert set(f.evidence_ids) <= live_ids
        assert bool(f.recommendation.strip()) == (f.kind is FindingKind.CAUSE_OF_CONCERN)
    # The demo may show a gap on purpose, but traceability is the rule, not the exception.
    unbacked = [f for f in findings if not f.evidence_ids]
    assert len(unbacked) <= len(findings) // 10, [f.statement for f in unbacked]
    assert all(f.evidence_ids for f in findings if f.kind is FindingKind.CAUSE_OF_CONCERN)


def test_domestic_abuse_telephone_risk_assessment_is_a_cause_of_concern(findings):
    concerns = [f for f in findings if f.kind is FindingKind.CAUSE_OF_CONCERN]
    assert concerns
    matching = [
        f
        for f in concerns
        if "domestic abuse" in words(f.recommendation)
        and ("telephone" in words(f.recommendation) or "phone" in words(f.recommendation))
        and "risk" in words(f.recommendation)
    ]
    assert matching, [f.recommendation for f in concerns]
    assert all(f.question_code.split(".")[0] == "3" for f in matching)


def test_judgments_match_the_2015_report(demo_inspection):
    judgments = demo_inspection.judgments.all()
    assert {code: j.grade for code, j in judgments.items() if code in (None,) + CORE} == {
        None: "Good",
        "1": "Good",
        "2": "Good",
        "3": "Requires improvement",
        "4": "Good",
    }
    for code in (None,) + CORE:
        assert len(judgments[code].rationale.strip()) > 40, code


def test_vulnerability_rationale_explains_what_held_the_grade_down(demo_inspection):
    rationale = words(demo_inspection.judgments.get("3").rationale)
    assert "domestic abuse" in rationale and "good" in rationale


def test_demo_file_can_be_reopened_with_the_same_content(demo_path):
    from storage.file.inspection_file import InspectionFile

    with InspectionFile.open(demo_path, readonly=True) as first:
        before = (
            list(first.evidence.iter_all()),
            first.findings.for_question(),
            first.judgments.all(),
        )
    with InspectionFile.open(demo_path) as second:
        after = (
            list(second.evidence.iter_all()),
            second.findings.for_question(),
            second.judgments.all(),
        )
    assert after == before


# -- writing the demo -------------------------------------------------------
@pytest.fixture
def demo_data():
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def write_variant(tmp_path, data) -> tuple:
    source = tmp_path / "variant.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "variant.inspection"
    return source, target


def left_behind(target):
    return sorted(p.name for p in target.parent.iterdir() if p.name.startswith(target.name))


def test_inconsistent_demo_data_is_refused_before_a_file_exists(tmp_path, demo_data):
    demo_data["evidence"][0]["questions"] = ["9.9"]
    demo_data["findings"][0]["evidence"] = ["ZZ-9999"]
    source, target = write_variant(tmp_path, demo_data)
    with pytest.raises(DemoDataError) as info:
        write_demo(target, source)
    assert "9.9" in str(info.value) and "ZZ-9999" in str(info.value)
    assert left_behind(target) == []


def test_demo_that_fails_half_way_leaves_no_file(tmp_path, demo_data):
    demo_data["evidence"][1]["ref"] = demo_data["evidence"][0]["ref"]
    source, target = write_variant(tmp_path, demo_data)
    with pytest.raises(ValueError):
        write_demo(target, source)
    assert left_behind(target) == []


def test_demo_is_never_written_over_an_existing_file(tmp_path, demo_data):
    source, target = write_variant(tmp_path, demo_data)
    target.write_text("keep me")
    with pytest.raises(StorageError, match="already exists"):
        write_demo(target, source)
    assert target.read_text() == "keep me"


def test_writing_the_demo_twice_gives_the_same_records(tmp_path, demo_inspection):
    with write_demo(tmp_path / "again.inspection") as again:

        def strip(e):
            return (
                e.ref,
                e.source_type,
                e.collected_on,
                e.location,
                e.participants,
                e.summary,
                e.notes,
                e.assessment,
                e.sensitive,
                e.author,
                e.question_codes,
            )

        assert [strip(e) for e in again.evidence.iter_all()] == [
            strip(e) for e in demo_inspection.evidence.iter_all()
        ]
        assert Counter((f.question_code, f.kind) for f in again.findings.for_question()) == Counter(
            (f.question_code, f.kind) for f in demo_inspection.findings.for_question()
        )


def test_the_demo_team_is_the_five_inspectors_behind_its_evidence(demo_inspection):
    team = demo_inspection.team.list()
    assert sorted(m.initials for m in team) == ["JT", "KO", "LB", "RM", "SA"]
    assert sorted(m.initials for m in team) == live_authors(demo_inspection)
    assert [m.initials for m in team if m.role.value == "lead"] == ["JT"]
    assert all(m.name for m in team)


def test_the_demo_shows_the_review_at_work(demo_inspection):
    """Findings and judgments are prepared by the team and signed off by someone else, the
    findings under 4 and the unsupported strength still wait, and review notes are open."""
    from models.review.notes import ToReviewKind, threads

    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    stored = demo_inspection.findings.for_question()
    assert len(stored) == len(data["findings"])
    for finding in stored:
        assert finding.prepared_by and finding.reviewed_by != finding.prepared_by
        waiting = finding.question_code.startswith("4") or "Volunteers" in finding.statement
        assert finding.reviewed == (not waiting), finding.statement
    for code, judgment in demo_inspection.judgments.all().items():
        assert judgment.prepared_by and judgment.reviewed_by
        assert judgment.reviewed_by != judgment.prepared_by, code
    to_review = demo_inspection.review_notes.to_review()
    kinds = Counter(e.kind for e in to_review)
    assert kinds == {ToReviewKind.OPEN_NOTE: 2, ToReviewKind.UNSIGNED_FINDING: 7}
    concern = next(f for f in stored if f.kind is FindingKind.CAUSE_OF_CONCERN)
    (thread,) = threads(demo_inspection.review_notes.for_subject(concern.id))
    assert (thread.first.author, thread.first.resolved_by) == ("JT", "JT")
    assert [n.author for n in thread.replies] == ["KO"]
