"""Running every judgment check over an inspection's gathered facts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from models.framework import Framework
from models.review.facts import FindingFacts, JudgmentFacts, QuestionFacts
from models.review.finding_checks import finding_results
from models.review.finding_tallies import FindingTallies
from models.review.grade_scale import GradeScale
from models.review.question_checks import coverage_results, judgment_results
from models.review.results import CheckResult, in_reading_order
from models.vocabulary import FindingKind, JudgmentStatus


@dataclass(frozen=True)
class ReviewFacts:
    """Everything gathered for one run: per question (by code), every judgment, every finding."""

    questions: Mapping[str, QuestionFacts]
    judgments: Sequence[JudgmentFacts]
    findings: Sequence[FindingFacts]


def run_checks(framework: Framework, facts: ReviewFacts) -> list[CheckResult]:
    """Every check's results, most serious first and in framework order."""
    results = [r for f in facts.findings for r in finding_results(f)]
    return in_framework_order(framework, results + question_results(framework, facts))


def in_framework_order(framework: Framework, results: list[CheckResult]) -> list[CheckResult]:
    """``results`` most serious first, then the overall judgment, then framework order."""
    order: dict[str | None, int] = {None: -1}
    order.update({q.code: q.position for q in framework.questions})
    return in_reading_order(results, order)


def question_results(framework: Framework, facts: ReviewFacts) -> list[CheckResult]:
    """The results about questions and judgments (those about single findings aside);
    the framework's cause of concern cap, if it sets one, bounds the grades."""
    scale = GradeScale.of(framework)
    results = [r for q in facts.questions.values() for r in coverage_results(q)]
    tallies = FindingTallies(framework, facts.findings)
    for judgment in every_judgment(framework, facts.judgments):
        results.extend(judgment_checks(framework, facts.questions, tallies, judgment, scale))
    return results


def every_judgment(framework: Framework, judgments: Iterable[JudgmentFacts]) -> list[JudgmentFacts]:
    """The judgments held, plus an empty one for each graded question and the overall
    judgment that has none yet: a missing judgment is an ungraded question."""
    held = {j.question_code: j for j in judgments}
    wanted: list[str | None] = [None, *(q.code for q in framework.core_questions())]
    missing = [
        JudgmentFacts(code, None, "", JudgmentStatus.DRAFT) for code in wanted if code not in held
    ]
    return [*held.values(), *missing]


def judgment_checks(
    framework: Framework,
    questions: Mapping[str, QuestionFacts],
    tallies: FindingTallies,
    judgment: JudgmentFacts,
    scale: GradeScale,
) -> list[CheckResult]:
    """What the checks say about ``judgment``, from the questions' facts and the
    findings' tallies."""
    question, kinds, causes = judgment_inputs(framework, questions, tallies, judgment)
    return judgment_results(judgment, question, kinds, scale, causes)


def judgment_inputs(
    framework: Framework,
    questions: Mapping[str, QuestionFacts],
    tallies: FindingTallies,
    judgment: JudgmentFacts,
) -> tuple[QuestionFacts | None, frozenset[FindingKind], tuple[FindingFacts, ...]]:
    """Everything besides the judgment itself and the scale that its checks read: the
    facts of its question, the kinds of finding under it and the causes it carries."""
    basis = tallies.basis(judgment.question_code)
    if not basis.has_question:
        return None, basis.kinds, basis.causes
    code = judgment.question_code
    if code is None:
        headline = framework.headline
        code = headline.code if headline is not None else None
    question = questions.get(code) if code is not None else None
    return question, basis.kinds, basis.causes
