"""What the judgment checks read of the findings, kept so that one finding's change is
one subtraction and one addition instead of a pass over every finding.

A judgment's checks need only two things from the findings: which kinds of finding
stand under its question (its subtree), and the causes of concern it carries (those
for which it is the nearest graded question). Both are kept here per question.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from models.framework import Framework
from models.review.facts import FindingFacts
from models.vocabulary import FindingKind


@dataclass(frozen=True)
class JudgmentBasis:
    """The findings' part of one judgment's checks. ``has_question`` is False when the
    judgment's question is not in the framework (nothing was gathered under it)."""

    has_question: bool
    kinds: frozenset[FindingKind]
    causes: tuple[FindingFacts, ...]


class FindingTallies:
    """Kinds of finding counted under every question, and causes of concern by the
    graded question they cap."""

    def __init__(self, framework: Framework, findings: Iterable[FindingFacts] = ()) -> None:
        self.framework = framework
        by_id = framework.ancestor_codes()
        self._above: dict[str, frozenset[str]] = {q.code: by_id[q.id] for q in framework.questions}
        self._kinds_under: dict[str, Counter[FindingKind]] = defaultdict(Counter)
        #: Every finding's kind, whatever its question: the overall judgment of a
        #: framework without one headline question stands on all of them.
        self._all_kinds: Counter[FindingKind] = Counter()
        self._causes: dict[str, dict[str, FindingFacts]] = defaultdict(dict)
        self._graded_above: dict[str, str | None] = {}
        for finding in findings:
            self.add(finding)

    def add(self, finding: FindingFacts) -> None:
        self._move(finding, 1)

    def remove(self, finding: FindingFacts) -> None:
        self._move(finding, -1)

    def touched_by(self, finding: FindingFacts) -> frozenset[str]:
        """The questions whose judgment basis this finding is part of."""
        return self._above.get(finding.question_code, frozenset())

    def basis(self, code: str | None) -> JudgmentBasis:
        """The findings' part of the checks of judgment ``code`` (``None``: overall)."""
        framework = self.framework
        if code is None:
            root = framework.headline
            if root is None:
                return JudgmentBasis(False, _present(self._all_kinds), ())
            code = root.code
        elif not framework.has_question(code):
            return JudgmentBasis(False, frozenset(), ())
        # In framework order, then by statement: the message names the first.
        causes = sorted(
            self._causes.get(code, {}).values(),
            key=lambda f: (framework.question(f.question_code).position, f.statement, f.id),
        )
        return JudgmentBasis(True, _present(self._kinds_under.get(code, Counter())), tuple(causes))

    def _move(self, finding: FindingFacts, n: int) -> None:
        self._all_kinds[finding.kind] += n
        for code in self._above.get(finding.question_code, ()):
            self._kinds_under[code][finding.kind] += n
        if finding.kind is FindingKind.CAUSE_OF_CONCERN:
            graded = self._nearest_graded(finding.question_code)
            if graded is not None:
                if n > 0:
                    self._causes[graded][finding.id] = finding
                else:
                    self._causes[graded].pop(finding.id, None)

    def _nearest_graded(self, code: str) -> str | None:
        """The graded question a finding under ``code`` is judged in: itself or its
        nearest graded ancestor (``None`` for a question outside the framework)."""
        if code not in self._graded_above:
            framework = self.framework
            found: str | None = None
            if framework.has_question(code):
                node = framework.question(code)
                while not node.graded and node.parent_code is not None:
                    node = framework.question(node.parent_code)
                found = node.code if node.graded else None
            self._graded_above[code] = found
        return self._graded_above[code]


def _present(counts: Counter[FindingKind]) -> frozenset[FindingKind]:
    return frozenset(kind for kind, n in counts.items() if n > 0)
