"""The demo's case-file reviews agree with the 2015 report: telephone-only risk assessment
in a share of standard-risk domestic abuse cases, little recorded supervision of less
serious investigations; each result the report rests on is evidence under its questions."""

from __future__ import annotations

from models.case_reviews.query import CaseFileQuery
from models.vocabulary import Assessment, SourceType
from storage.operations import case_reviews as reviews
from tests.storage.repository_helpers import history_of


def _checklist(inspection, title):
    return reviews.find_checklist(inspection, title)


def test_the_demo_holds_two_checklists_with_60_and_40_invented_files(demo_inspection):
    titles = [c.title for c in reviews.list_checklists(demo_inspection)]
    assert titles == [
        "Domestic abuse: initial response and risk assessment",
        "Supervision of investigations",
    ]
    counts = [
        reviews.count_case_files(demo_inspection, CaseFileQuery(c.id))
        for c in reviews.list_checklists(demo_inspection)
    ]
    assert counts == [60, 40]


def test_telephone_only_assessment_in_a_share_of_standard_risk_cases(demo_inspection):
    checklist = _checklist(demo_inspection, "Domestic abuse")
    results = reviews.checklist_results(demo_inspection, CaseFileQuery(checklist.id))
    how = results.of(checklist.item_numbered(3).id)
    assert (how.count_of("By telephone only"), how.base) == (20, 35)
    assert how.not_applied == 25  # not standard risk, or no DASH at all
    seen = results.of(checklist.item_numbered(5).id)
    assert seen.count_of("no") > seen.base // 3


def test_little_recorded_supervision_of_less_serious_investigations(demo_inspection):
    checklist = _checklist(demo_inspection, "Supervision")
    results = reviews.checklist_results(demo_inspection, CaseFileQuery(checklist.id))
    plans = results.of(checklist.item_numbered(2).id)
    later = results.of(checklist.item_numbered(3).id)
    assert plans.count_of("yes") / plans.base > 0.9  # initial plans are set…
    assert (later.count_of("yes"), later.base) == (4, 30)  # …but progress is rarely reviewed


def test_the_results_the_report_rests_on_are_evidence_under_its_questions(demo_inspection):
    made = {
        c.title: reviews.result_evidence_of(demo_inspection, c.id)
        for c in reviews.list_checklists(demo_inspection)
    }
    assert [len(m) for m in made.values()] == [2, 2]
    telephone = made["Domestic abuse: initial response and risk assessment"][1]
    item = demo_inspection.evidence.get(telephone.evidence_id)
    assert item.source_type is SourceType.CASE_FILE_REVIEW
    assert item.question_codes == ("3.1", "3.1.1")
    assert item.assessment is Assessment.NEGATIVE and item.author == "KO"
    assert "By telephone only in 20 of 35 cases (57 %)" in item.summary
    assert "60 files reviewed." in item.summary
    assert not telephone.out_of_date
    concern = next(
        f for f in demo_inspection.findings.for_question("3.1.1") if f.question_code == "3.1.1"
    )
    assert item.id in concern.evidence_ids and concern.reviewed_by == "JT"
    supervision = made["Supervision of investigations"][1]
    supervised = demo_inspection.evidence.get(supervision.evidence_id)
    assert supervised.question_codes == ("2.2", "2.2.2")
    assert "Yes in 4 of 30 cases (13 %)" in supervised.summary
    assert {e.actor for e in history_of(demo_inspection, supervision.evidence_id)} == {"SA"}
