"""Checks on a graded question's judgment, and on the evidence gathered under any question."""

from __future__ import annotations

from collections.abc import Sequence, Set

from models.review.facts import FindingFacts, JudgmentFacts, QuestionFacts
from models.review.grade_scale import GradeScale
from models.review.results import CheckPlace, CheckResult, Severity
from models.vocabulary import FindingKind, JudgmentStatus

#: Below this many linked items the balance of evidence says too little to question a grade.
BALANCE_MINIMUM = 5


def _named(code: str | None) -> str:
    return f"question {code}" if code else "the overall judgment"


def judgment_results(
    judgment: JudgmentFacts,
    question: QuestionFacts | None,
    kinds: Set[FindingKind],
    scale: GradeScale,
    causes: Sequence[FindingFacts] = (),
) -> list[CheckResult]:
    """What the checks say about one judgment. ``question`` holds the evidence under it
    (``None`` when nothing was gathered), ``kinds`` the kinds of the findings in its
    subtree and ``causes``
    the causes of concern that cap its grade: those for which it is the nearest graded
    question (a core question's cause caps the core question, not the overall grade)."""
    code = judgment.question_code
    place = CheckPlace(code)
    name = _named(code)
    results: list[CheckResult] = []

    def say(check: str, severity: Severity, message: str) -> None:
        results.append(CheckResult(check, severity, place, message))

    position = scale.position(judgment.grade)
    if position is None:
        say("not-graded", Severity.MUST_FIX, f"{name.capitalize()} is not graded.")
        return results
    grade = scale.grades[position].name
    if not judgment.rationale.strip():
        say(
            "no-rationale",
            Severity.MUST_FIX,
            f"{name.capitalize()} is graded {grade} with no rationale.",
        )
    if judgment.status is JudgmentStatus.DRAFT:
        say("still-draft", Severity.LOOK_AGAIN, f"The judgment of {name} is still a draft.")
    cap = scale.cap
    if causes and cap is not None and position < (scale.position(cap.name) or 0):
        say(
            "above-cap",
            Severity.MUST_FIX,
            f"{name.capitalize()} is graded {grade}, but it carries {_carried(causes)}; "
            f"with a cause of concern it can be no better than {cap.name}.",
        )
    needs_improvement = position >= scale.needs_improvement_from
    if needs_improvement and not kinds & {
        FindingKind.AREA_FOR_IMPROVEMENT,
        FindingKind.CAUSE_OF_CONCERN,
    }:
        say(
            "no-improvement-behind-grade",
            Severity.MUST_FIX,
            f"{name.capitalize()} is graded {grade} with no area for improvement "
            "or cause of concern behind it.",
        )
    if scale.is_best(position) and FindingKind.NOTABLE_PRACTICE not in kinds:
        say(
            "best-without-notable-practice",
            Severity.LOOK_AGAIN,
            f"{name.capitalize()} is graded {grade} with no notable practice behind it.",
        )
    if question is not None:
        results.extend(_balance(judgment, question, position, grade, scale, bool(causes)))
        if (
            judgment.status is JudgmentStatus.REVIEWED
            and question.last_change_at
            and question.last_change_at > judgment.changed_at
        ):
            say(
                "changed-since-review",
                Severity.LOOK_AGAIN,
                f"Evidence or findings under {name} changed after its judgment "
                "was marked reviewed.",
            )
    return results


def _carried(causes: Sequence[FindingFacts]) -> str:
    """ "the cause of concern “…”", or "2 causes of concern, the first the cause of concern “…”"."""
    if len(causes) == 1:
        return f"the {causes[0].label}"
    return f"{len(causes)} causes of concern, among them the {causes[0].label}"


def _balance(
    judgment: JudgmentFacts,
    question: QuestionFacts,
    position: int,
    grade: str,
    scale: GradeScale,
    capped: bool,
) -> list[CheckResult]:
    """The grade and the balance of evidence pulling apart: a second look, never a block.

    A low grade over mostly positive evidence is explained when a cause of concern caps
    it (Hampshire 2015's question 3 "would have been graded good" but for one)."""
    counts = question.evidence
    if counts.total < BALANCE_MINIMUM:
        return []
    if capped and not scale.is_upper(position):
        return []
    place = CheckPlace(judgment.question_code)
    name = _named(judgment.question_code)
    if scale.is_upper(position) and counts.negative * 2 > counts.total:
        side, n = "negative", counts.negative
    elif not scale.is_upper(position) and counts.positive * 2 > counts.total:
        side, n = "positive", counts.positive
    else:
        return []
    return [
        CheckResult(
            "grade-against-balance",
            Severity.LOOK_AGAIN,
            place,
            f"{name.capitalize()} is graded {grade}, "
            f"but {n} of its {counts.total} items are {side}.",
        )
    ]


def _items(n: int) -> str:
    return f"{n:,} item" if n == 1 else f"{n:,} items"


def coverage_results(question: QuestionFacts) -> list[CheckResult]:
    """Gaps in what was gathered under a question: nothing at all, a planned method
    not used, items that back no finding."""
    place = CheckPlace(question.code)
    results: list[CheckResult] = []
    if question.evidence.total == 0:
        results.append(
            CheckResult(
                "no-evidence",
                Severity.LOOK_AGAIN,
                place,
                f"Question {question.code} has no evidence.",
            )
        )
    missing = question.planned_methods - question.source_types
    if missing:
        methods = ", ".join(sorted(m.label.lower() for m in missing))
        results.append(
            CheckResult(
                "planned-method-missing",
                Severity.LOOK_AGAIN,
                place,
                f"Question {question.code} has no evidence from {methods}, which the team planned.",
            )
        )
    if question.graded and question.unlinked_evidence:
        n = question.unlinked_evidence
        results.append(
            CheckResult(
                "evidence-backing-no-finding",
                Severity.NOTE,
                place,
                f"{_items(n)} under question {question.code} "
                f"{'backs' if n == 1 else 'back'} no finding.",
            )
        )
    return results
