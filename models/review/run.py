"""Running every judgment check over an inspection's gathered facts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from models.framework import Framework
from models.review.facts import FindingFacts, JudgmentFacts, QuestionFacts
from models.review.finding_checks import finding_results
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
    by_code: dict[str, list[FindingFacts]] = defaultdict(list)
    for finding in facts.findings:
        by_code[finding.question_code].append(finding)
    for judgment in _every_judgment(framework, facts.judgments):
        results.extend(_judgment(framework, facts, by_code, judgment, scale))
    return results


def _every_judgment(
    framework: Framework, judgments: Iterable[JudgmentFacts]
) -> list[JudgmentFacts]:
    """The judgments held, plus an empty one for each graded question and the overall
    judgment that has none yet: a missing judgment is an ungraded question."""
    held = {j.question_code: j for j in judgments}
    wanted: list[str | None] = [None, *(q.code for q in framework.core_questions())]
    missing = [
        JudgmentFacts(code, None, "", JudgmentStatus.DRAFT) for code in wanted if code not in held
    ]
    return [*held.values(), *missing]


def _judgment(
    framework: Framework,
    facts: ReviewFacts,
    by_code: Mapping[str, list[FindingFacts]],
    judgment: JudgmentFacts,
    scale: GradeScale,
) -> list[CheckResult]:
    code = judgment.question_code
    if code is None:
        root = framework.headline
        code_for_facts = root.code if root is not None else None
    else:
        code_for_facts = code if framework.has_question(code) else None
    if code_for_facts is None:
        everything = list(facts.findings) if code is None else []
        return judgment_results(judgment, None, everything, scale)
    subtree = framework.subtree(code_for_facts)
    under = [f for q in subtree for f in by_code.get(q.code, ())]
    # In framework order, then by statement: the message names the first, whatever
    # order the findings were gathered in.
    causes = sorted(
        (
            f
            for f in under
            if f.kind is FindingKind.CAUSE_OF_CONCERN
            and _nearest_graded(framework, f.question_code) == code_for_facts
        ),
        key=lambda f: (framework.question(f.question_code).position, f.statement, f.id),
    )
    question = facts.questions.get(code_for_facts)
    return judgment_results(judgment, question, under, scale, causes)


def _nearest_graded(framework: Framework, code: str) -> str | None:
    """The graded question a finding under ``code`` is judged in: itself or its nearest
    graded ancestor."""
    node = framework.question(code)
    while not node.graded:
        if node.parent_code is None:
            return None
        node = framework.question(node.parent_code)
    return node.code
