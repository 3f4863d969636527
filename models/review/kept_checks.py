"""The judgment checks' results kept between changes, worked out again only where a
change reached.

At 100,000 items an inspection holds thousands of findings; going through all of
them after every edit (as a fresh run does) costs more than the edit itself. Here a
finding's own results are kept until it changes, the findings' part of each
judgment is kept as tallies (:mod:`models.review.finding_tallies`), and a question's
or a judgment's results are worked out again only when what they read differs from
last time. A fresh run over the same facts gives the same results in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from models.framework import Framework
from models.review.facts import FindingFacts, JudgmentFacts, QuestionFacts
from models.review.finding_checks import finding_results
from models.review.finding_tallies import FindingTallies
from models.review.grade_scale import GradeScale
from models.review.question_checks import coverage_results, judgment_results
from models.review.results import CheckResult, merged_in, reading_key
from models.review.run import every_judgment, judgment_inputs


class KeptChecks:
    """Every check's results for one inspection, kept current finding by finding."""

    def __init__(self, framework: Framework, findings: Iterable[FindingFacts] = ()) -> None:
        self.framework = framework
        self._scale = GradeScale.of(framework)
        order: dict[str | None, int] = {None: -1}
        order.update({q.code: q.position for q in framework.questions})
        self._key = reading_key(order)
        self._findings: dict[str, FindingFacts] = {f.id: f for f in findings}
        self._tallies = FindingTallies(framework, self._findings.values())
        self._finding_results = {i: finding_results(f) for i, f in self._findings.items()}
        #: The findings' own results in reading order and their sort keys, until one of
        #: those results changes.
        self._in_order: list[CheckResult] | None = None
        self._keys: list[tuple[int, int, str]] = []
        #: What each question's and judgment's results were worked out from, and them.
        self._coverage: dict[str, tuple[QuestionFacts, list[CheckResult]]] = {}
        self._judged: dict[str | None, tuple[tuple[object, ...], list[CheckResult]]] = {}

    @property
    def findings(self) -> Mapping[str, FindingFacts]:
        return self._findings

    def finding_changed(self, finding_id: str, facts: FindingFacts | None) -> None:
        """A finding's facts are now ``facts`` (``None``: it is gone)."""
        # A finding that stays keeps its place, so results that tie keep their order.
        before = self._findings.get(finding_id)
        if before is not None:
            self._tallies.remove(before)
        was = self._finding_results.get(finding_id, [])
        now: list[CheckResult] = []
        if facts is None:
            self._findings.pop(finding_id, None)
            self._finding_results.pop(finding_id, None)
        else:
            self._findings[finding_id] = facts
            self._tallies.add(facts)
            now = finding_results(facts)
            self._finding_results[finding_id] = now
        # An item's edit usually leaves what its findings' checks say as it was (their
        # counts move, the sentences do not): the order then stands.
        if now != was:
            self._in_order = None

    def results(
        self, questions: Mapping[str, QuestionFacts], judgments: Iterable[JudgmentFacts]
    ) -> list[CheckResult]:
        """Every check's results, most serious first, given each question's facts (in
        framework order) and the judgments held."""
        about_questions = [r for q in questions.values() for r in self._about_question(q)]
        for judgment in every_judgment(self.framework, judgments):
            about_questions.extend(self._about_judgment(questions, judgment))
        if self._in_order is None:
            about_findings = [r for rs in self._finding_results.values() for r in rs]
            self._in_order = sorted(about_findings, key=self._key)
            self._keys = [self._key(r) for r in self._in_order]
        return merged_in(self._in_order, self._keys, about_questions, self._key)

    def _about_question(self, question: QuestionFacts) -> list[CheckResult]:
        kept = self._coverage.get(question.code)
        if kept is None or kept[0] != question:
            kept = (question, coverage_results(question))
            self._coverage[question.code] = kept
        return kept[1]

    def _about_judgment(
        self, questions: Mapping[str, QuestionFacts], judgment: JudgmentFacts
    ) -> list[CheckResult]:
        inputs = (judgment, *judgment_inputs(self.framework, questions, self._tallies, judgment))
        kept = self._judged.get(judgment.question_code)
        if kept is None or kept[0] != inputs:
            _judgment, question, kinds, causes = inputs
            kept = (inputs, judgment_results(judgment, question, kinds, self._scale, causes))
            self._judged[judgment.question_code] = kept
        return kept[1]
