"""The lead inspector's judgment checks on small hand-built facts: each check fires, and
stays quiet on its boundary."""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.framework import framework_from_dict
from models.records import EvidenceCounts
from models.review.facts import FindingFacts, JudgmentFacts, QuestionFacts
from models.review.results import Severity
from models.review.run import ReviewFacts, run_checks
from models.vocabulary import FindingKind, JudgmentStatus, SourceType

QUESTIONS = [
    {
        "code": "H",
        "title": "How effective is the force?",
        "graded": True,
        "children": [
            {
                "code": "1",
                "title": "Preventing crime?",
                "graded": True,
                "children": [{"code": "1.1", "title": "Local policing?"}],
            },
            {
                "code": "2",
                "title": "Protecting the vulnerable?",
                "graded": True,
                "children": [{"code": "2.1", "title": "Domestic abuse?"}],
            },
        ],
    }
]


def scale(*names: str) -> list[dict[str, str]]:
    return [{"name": n, "definition": f"{n}."} for n in names]


PEEL = framework_from_dict(
    {
        "id": "peel-like",
        "name": "PEEL-like",
        "version": "1",
        "description": "",
        "grades": scale("Outstanding", "Good", "Requires improvement", "Inadequate"),
        "questions": QUESTIONS,
    }
)
FIVE = framework_from_dict(
    {
        "id": "five",
        "name": "Five grades",
        "version": "1",
        "description": "",
        "grades": scale("Excellent", "Good", "Fair", "Poor", "Very poor"),
        "questions": QUESTIONS,
    }
)
CAP = "Requires improvement"
SOURCES = frozenset({SourceType.INTERVIEW, SourceType.CASE_FILE_REVIEW})
INSPECTORS = frozenset({"AB", "CD"})


def judgment(code, grade="Good", rationale="Well argued.", status=JudgmentStatus.REVIEWED, at=""):
    return JudgmentFacts(code, grade, rationale, status, at)


def finding(
    kind=FindingKind.STRENGTH,
    code="1.1",
    counts=EvidenceCounts(positive=2, neutral=1),
    sources=SOURCES,
    inspectors=INSPECTORS,
    recommendation=True,
    id="f1",
):
    return FindingFacts(
        id,
        code,
        kind,
        "Officers know their areas well",
        recommendation,
        counts,
        sources,
        inspectors,
    )


def question(code="1", counts=EvidenceCounts(positive=3, neutral=2), graded=True, **kw):
    return QuestionFacts(code, graded, counts, kw.pop("sources", SOURCES), **kw)


def sound_judgments(*changed):
    """A sound judgment for every graded question and overall, but for those ``changed``."""
    held = {None: judgment(None), "1": judgment("1"), "2": judgment("2")}
    held.update({j.question_code: j for j in changed})
    return list(held.values())


def run(judgments=None, findings=(), questions=None, framework=PEEL, cap=CAP):
    facts = ReviewFacts(
        questions if questions is not None else {"1": question("1"), "2": question("2")},
        judgments if judgments is not None else sound_judgments(),
        list(findings),
    )
    return run_checks(replace(framework, cause_of_concern_cap=cap), facts)


def fired(results, check):
    return [r for r in results if r.check == check]


def test_a_sound_inspection_has_nothing_to_say():
    assert run(findings=[finding()]) == []


def test_an_ungraded_core_question_and_a_missing_overall_judgment_must_be_fixed():
    results = run(judgments=[judgment("1"), judgment("2", grade=None)])
    ungraded = fired(results, "not-graded")
    assert {r.place.question_code for r in ungraded} == {None, "2"}
    assert all(r.severity is Severity.MUST_FIX for r in ungraded)
    assert ungraded[0].place.question_code is None, "the overall judgment comes first"
    assert "The overall judgment is not graded." in [r.message for r in ungraded]


@pytest.mark.parametrize("rationale, fires", [("", True), ("  \n", True), ("x", False)])
def test_a_grade_without_a_rationale_must_be_fixed(rationale, fires):
    results = fired(
        run(judgments=sound_judgments(judgment("1", rationale=rationale))), "no-rationale"
    )
    assert [r.place.question_code for r in results] == (["1"] if fires else [])
    if fires:
        assert results[0].severity is Severity.MUST_FIX
        assert results[0].message == "Question 1 is graded Good with no rationale."


def test_a_draft_judgment_is_worth_a_second_look():
    results = run(judgments=sound_judgments(judgment("2", status=JudgmentStatus.DRAFT)))
    (draft,) = fired(results, "still-draft")
    assert draft.place.question_code == "2" and draft.severity is Severity.LOOK_AGAIN


@pytest.mark.parametrize(
    "grade, fires", [("Outstanding", True), ("Good", True), (CAP, False), ("Inadequate", False)]
)
def test_a_cause_of_concern_caps_the_grade_of_the_question_that_carries_it(grade, fires):
    cause = finding(FindingKind.CAUSE_OF_CONCERN, code="1.1", counts=EvidenceCounts(negative=3))
    results = run(judgments=sound_judgments(judgment("1", grade=grade)), findings=[cause])
    capped = fired(results, "above-cap")
    assert [r.place.question_code for r in capped] == (["1"] if fires else [])
    if fires:
        assert capped[0].severity is Severity.MUST_FIX
        assert "Officers know their areas well" in capped[0].message
        assert "no better than Requires improvement" in capped[0].message


def test_the_cap_binds_the_graded_question_nearest_the_cause_and_no_other():
    cause = finding(FindingKind.CAUSE_OF_CONCERN, code="2.1", counts=EvidenceCounts(negative=3))
    results = run(findings=[cause])
    # Question 2 carries it; the overall judgment may stay good (Hampshire 2015 was good
    # overall with a cause of concern under question 3), and question 1 is not touched.
    assert [r.place.question_code for r in fired(results, "above-cap")] == ["2"]


def test_a_cause_on_the_headline_itself_caps_the_overall_judgment():
    cause = finding(FindingKind.CAUSE_OF_CONCERN, code="H", counts=EvidenceCounts(negative=3))
    assert [r.place.question_code for r in fired(run(findings=[cause]), "above-cap")] == [None]


def test_without_a_cap_in_the_framework_a_cause_of_concern_caps_nothing():
    cause = finding(FindingKind.CAUSE_OF_CONCERN, code="1.1", counts=EvidenceCounts(negative=3))
    assert fired(run(findings=[cause], cap=None), "above-cap") == []


@pytest.mark.parametrize(
    "grade, behind, fires",
    [
        (CAP, (), True),
        ("Inadequate", (), True),
        (CAP, (FindingKind.AREA_FOR_IMPROVEMENT,), False),
        ("Inadequate", (FindingKind.CAUSE_OF_CONCERN,), False),
        ("Good", (), False),
    ],
)
def test_a_low_grade_needs_an_improvement_or_a_concern_behind_it(grade, behind, fires):
    findings = [finding(kind, code="1.1", counts=EvidenceCounts(negative=2)) for kind in behind]
    results = run(judgments=sound_judgments(judgment("1", grade=grade)), findings=findings)
    assert [r.place.question_code for r in fired(results, "no-improvement-behind-grade")] == (
        ["1"] if fires else []
    )


@pytest.mark.parametrize("notable, fires", [(False, True), (True, False)])
def test_outstanding_without_notable_practice_is_worth_a_second_look(notable, fires):
    findings = [finding(FindingKind.NOTABLE_PRACTICE)] if notable else []
    results = run(judgments=sound_judgments(judgment("1", grade="Outstanding")), findings=findings)
    best = fired(results, "best-without-notable-practice")
    assert [r.place.question_code for r in best] == (["1"] if fires else [])
    assert all(r.severity is Severity.LOOK_AGAIN for r in best)


@pytest.mark.parametrize(
    "grade, counts, fires",
    [
        ("Good", EvidenceCounts(positive=1, negative=3, neutral=1), True),  # 3 of 5 negative
        ("Good", EvidenceCounts(positive=1, negative=3), False),  # only 4 items: too few to say
        ("Good", EvidenceCounts(positive=3, negative=5, neutral=2), False),  # half, not most
        ("Good", EvidenceCounts(positive=1, negative=6, neutral=3), True),
        (CAP, EvidenceCounts(positive=4, negative=1), True),  # low grade, mostly positive
        (CAP, EvidenceCounts(positive=2, negative=2, neutral=1), False),
    ],
)
def test_a_grade_pulling_against_the_balance_of_evidence_is_a_second_look(grade, counts, fires):
    findings = [finding(FindingKind.AREA_FOR_IMPROVEMENT, counts=EvidenceCounts(negative=1))]
    results = run(
        judgments=sound_judgments(judgment("1", grade=grade)),
        findings=findings,
        questions={"1": question("1", counts), "2": question("2")},
    )
    against = fired(results, "grade-against-balance")
    assert [r.place.question_code for r in against] == (["1"] if fires else [])
    if fires:
        assert against[0].severity is Severity.LOOK_AGAIN
        assert f"of its {counts.total} items are" in against[0].message


def test_a_cause_of_concern_explains_a_low_grade_over_positive_evidence():
    cause = finding(FindingKind.CAUSE_OF_CONCERN, code="1.1", counts=EvidenceCounts(negative=1))
    results = run(
        judgments=sound_judgments(judgment("1", grade=CAP)),
        findings=[cause],
        questions={"1": question("1", EvidenceCounts(positive=11, negative=6)), "2": question("2")},
    )
    assert fired(results, "grade-against-balance") == []


@pytest.mark.parametrize(
    "changed, fires", [("2026-10-02T10:00:01", True), ("2026-10-02T10:00:00", False), ("", False)]
)
def test_a_reviewed_judgment_changed_under_since_is_worth_a_second_look(changed, fires):
    reviewed = judgment("1", at="2026-10-02T10:00:00")
    results = run(
        judgments=sound_judgments(reviewed),
        questions={"1": question("1", last_change_at=changed), "2": question("2")},
    )
    assert [r.place.question_code for r in fired(results, "changed-since-review")] == (
        ["1"] if fires else []
    )


def test_a_draft_judgment_is_not_said_to_have_changed_since_review():
    draft = judgment("1", status=JudgmentStatus.DRAFT, at="2026-10-02T10:00:00")
    results = run(
        judgments=sound_judgments(draft),
        questions={"1": question("1", last_change_at="2026-10-03T09:00:00"), "2": question("2")},
    )
    assert fired(results, "changed-since-review") == []


def test_findings_that_rest_on_too_little():
    results = run(
        findings=[
            finding(id="bare", counts=EvidenceCounts()),
            finding(id="one-kind", sources=frozenset({SourceType.INTERVIEW})),
            finding(id="one-person", inspectors=frozenset({"AB"})),
            finding(id="sound"),
        ]
    )
    by_finding = {(r.place.finding_id, r.check): r for r in results if r.place.finding_id}
    assert set(by_finding) == {
        ("bare", "finding-without-evidence"),
        ("one-kind", "one-source-type"),
        ("one-person", "one-inspector"),
    }
    assert by_finding["bare", "finding-without-evidence"].severity is Severity.LOOK_AGAIN
    assert by_finding["one-kind", "one-source-type"].severity is Severity.NOTE
    assert "(interview)" in by_finding["one-kind", "one-source-type"].message
    assert "(AB)" in by_finding["one-person", "one-inspector"].message


@pytest.mark.parametrize(
    "kind, counts, check",
    [
        (FindingKind.STRENGTH, EvidenceCounts(negative=2), "favourable-on-negative"),
        (FindingKind.NOTABLE_PRACTICE, EvidenceCounts(negative=1), "favourable-on-negative"),
        (FindingKind.AREA_FOR_IMPROVEMENT, EvidenceCounts(positive=2), "critical-on-positive"),
    ],
)
def test_a_finding_backed_only_against_its_kind(kind, counts, check):
    (result,) = [r for r in run(findings=[finding(kind, counts=counts)]) if r.check == check]
    assert result.severity is Severity.LOOK_AGAIN and result.place.finding_id == "f1"
    # One item the other way, or a neutral one, and it is no longer "only".
    mixed = EvidenceCounts(counts.positive, counts.negative, neutral=1)
    assert fired(run(findings=[finding(kind, counts=mixed)]), check) == []


@pytest.mark.parametrize("recommendation, fires", [(False, True), (True, False)])
def test_a_cause_of_concern_needs_a_recommendation(recommendation, fires):
    cause = finding(
        FindingKind.CAUSE_OF_CONCERN,
        counts=EvidenceCounts(negative=2),
        recommendation=recommendation,
    )
    judgments = sound_judgments(judgment("1", grade=CAP), judgment(None, grade=CAP))
    results = fired(run(judgments=judgments, findings=[cause]), "no-recommendation")
    assert len(results) == (1 if fires else 0)
    assert all(r.severity is Severity.MUST_FIX for r in results)


def test_coverage_gaps_under_a_question():
    results = run(
        questions={
            "1": question("1", unlinked_evidence=1),
            "1.1": question("1.1", EvidenceCounts(), graded=False, sources=frozenset()),
            "2": question(
                "2",
                unlinked_evidence=1200,
                planned_methods=frozenset({SourceType.REALITY_TESTING, SourceType.INTERVIEW}),
            ),
        }
    )
    assert [r.place.question_code for r in fired(results, "no-evidence")] == ["1.1"]
    (missing,) = fired(results, "planned-method-missing")
    assert missing.place.question_code == "2" and "reality testing" in missing.message
    assert "interview" not in missing.message
    notes = {
        r.place.question_code: r.message for r in fired(results, "evidence-backing-no-finding")
    }
    assert notes == {
        "1": "1 item under question 1 backs no finding.",
        "2": "1,200 items under question 2 back no finding.",
    }


def test_a_five_grade_scale_reads_its_cap_and_its_lower_grades_from_the_framework():
    cause = finding(FindingKind.CAUSE_OF_CONCERN, code="1.1", counts=EvidenceCounts(negative=3))
    capped = run(
        judgments=sound_judgments(judgment("1", grade="Good"), judgment(None, "Fair")),
        findings=[cause],
        framework=FIVE,
        cap="Fair",
    )
    assert [r.place.question_code for r in fired(capped, "above-cap")] == ["1"]
    # Without a cap, the lower half of five grades (Poor and Very poor) needs improvement behind it.
    uncapped = run(
        judgments=sound_judgments(judgment("1", "Fair"), judgment("2", "Poor")),
        framework=FIVE,
        cap=None,
    )
    assert [r.place.question_code for r in fired(uncapped, "no-improvement-behind-grade")] == ["2"]


def test_results_come_most_serious_first_then_in_framework_order():
    results = run(
        judgments=[judgment("2", grade=None), judgment("1", status=JudgmentStatus.DRAFT)],
        findings=[finding(id="bare", code="2.1", counts=EvidenceCounts())],
    )
    assert [(r.severity, r.place.question_code) for r in results] == [
        (Severity.MUST_FIX, None),
        (Severity.MUST_FIX, "2"),
        (Severity.LOOK_AGAIN, "1"),
        (Severity.LOOK_AGAIN, "2.1"),
    ]


def test_two_causes_of_concern_are_counted_and_the_first_in_framework_order_named():
    first = replace(
        finding(FindingKind.CAUSE_OF_CONCERN, code="1", counts=EvidenceCounts(negative=1), id="b"),
        statement="Risk is assessed by telephone",
    )
    second = replace(
        finding(
            FindingKind.CAUSE_OF_CONCERN, code="1.1", counts=EvidenceCounts(negative=1), id="a"
        ),
        statement="Arrest rates have fallen",
    )
    for findings in ([first, second], [second, first]):
        (capped,) = fired(run(findings=findings), "above-cap")
        assert "carries 2 causes of concern, among them the cause of concern “Risk is" in (
            capped.message
        )
