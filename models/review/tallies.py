"""Evidence counted under every question, kept by what items add up to so that one item's
change is one subtraction and one addition, not a recount of 100,000 items."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping

from models.framework import Framework
from models.records import EvidenceCounts
from models.review.facts import QuestionFacts
from models.vocabulary import Assessment, SourceType

#: What an item adds to the counts: the questions it counts under (its links and every
#: question above them), its assessment and source type, and whether it backs a finding.
ItemKey = tuple[frozenset[str], Assessment, SourceType, bool]


class ItemTallies:
    """Live items counted under every question by assessment, source type and whether they
    back a finding; an item's change moves its counts under the questions it touches."""

    def __init__(self) -> None:
        self._under: dict[str, dict[tuple[Assessment, SourceType, bool], int]] = defaultdict(
            lambda: defaultdict(int)
        )

    def add(self, key: ItemKey, n: int = 1) -> None:
        codes, assessment, source, backed = key
        kind = (assessment, source, backed)
        for code in codes:
            counts = self._under[code]
            counts[kind] += n
            if counts[kind] <= 0:
                del counts[kind]

    def remove(self, key: ItemKey) -> None:
        self.add(key, -1)

    def by_source(self, code: str) -> dict[SourceType, int]:
        """Live items under question ``code`` by source type (each item once)."""
        found: dict[SourceType, int] = defaultdict(int)
        for (_assessment, source, _backed), n in self._under.get(code, {}).items():
            found[source] += n
        return dict(found)

    def question_facts(
        self,
        framework: Framework,
        latest: Mapping[str, str],
        planned: Mapping[str, frozenset[SourceType]] | None = None,
        only: Collection[str] | None = None,
    ) -> dict[str, QuestionFacts]:
        """Every question's facts (or those of the questions ``only`` names); ``latest`` is
        the last change under each question and ``planned`` the methods the team planned
        under each core question."""
        plan = planned or {}
        return {
            q.code: self._facts(
                q.code, q.graded, latest.get(q.code, ""), plan.get(q.code, frozenset())
            )
            for q in framework.questions
            if only is None or q.code in only
        }

    def _facts(
        self, code: str, graded: bool, latest: str, planned: frozenset[SourceType]
    ) -> QuestionFacts:
        by_assessment: dict[Assessment, int] = defaultdict(int)
        sources: set[SourceType] = set()
        unlinked = 0
        for (assessment, source, backed), n in self._under.get(code, {}).items():
            by_assessment[assessment] += n
            sources.add(source)
            unlinked += 0 if backed else n
        counts = EvidenceCounts(
            by_assessment[Assessment.POSITIVE],
            by_assessment[Assessment.NEGATIVE],
            by_assessment[Assessment.NEUTRAL],
        )
        return QuestionFacts(
            code,
            graded,
            counts,
            frozenset(sources),
            unlinked_evidence=unlinked,
            planned_methods=planned,
            last_change_at=latest,
        )
