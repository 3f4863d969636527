"""What the judgment checks look at, gathered by storage and handed over as plain values.

The checks never read a file: storage counts what they need (set-wise, so a whole
inspection of 100,000 items is gathered in one pass) and the rules here decide.
A question's facts cover it and its sub-questions, as its evidence count does.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.records import EvidenceCounts
from models.vocabulary import FindingKind, JudgmentStatus, SourceType


@dataclass(frozen=True)
class FindingFacts:
    """A finding as the checks see it: its kind and what backs it."""

    id: str
    question_code: str
    kind: FindingKind
    statement: str
    has_recommendation: bool
    evidence: EvidenceCounts
    source_types: frozenset[SourceType]
    inspectors: frozenset[str]
    changed_at: str = ""
    #: Who signed it off (``None`` while a draft) and when.
    reviewed_by: str | None = None
    reviewed_at: str = ""
    #: The latest change to a live item backing it ("" when none backs it).
    evidence_changed_at: str = ""
    #: The finding's ref (``F12``); "" for facts made without one.
    ref: str = ""

    @property
    def label(self) -> str:
        """How a message names the finding: its kind, its ref and the start of its
        statement (``area for improvement F3 “Calls wait…”``)."""
        words = " ".join(self.statement.split())
        short = words if len(words) <= 60 else words[:57].rstrip() + "…"
        named = f"{self.kind.label.lower()} {self.ref}".rstrip()
        return f"{named} “{short}”" if short else named


@dataclass(frozen=True)
class JudgmentFacts:
    """The judgment of a graded question (``question_code`` ``None``: overall)."""

    question_code: str | None
    grade: str | None
    rationale: str
    status: JudgmentStatus
    #: When it was last changed; for a reviewed judgment, when it was marked reviewed.
    changed_at: str = ""


@dataclass(frozen=True)
class QuestionFacts:
    """A question with its sub-questions: the evidence and findings under it."""

    code: str
    graded: bool
    evidence: EvidenceCounts
    source_types: frozenset[SourceType]
    #: Items under the question that back none of its findings.
    unlinked_evidence: int = 0
    #: Source types the team planned to use under this question.
    planned_methods: frozenset[SourceType] = frozenset()
    #: The latest change to an item or finding under the question (ISO time, "" if none).
    last_change_at: str = ""
