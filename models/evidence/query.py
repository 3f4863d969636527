"""What the evidence list asks for: filters, search text and sort order.

A query is a value; storage turns it into SQL, the UI keeps one per view.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from models.vocabulary import Assessment, SourceType


class EvidenceSort(str, Enum):
    """Columns the evidence list can be sorted by."""

    REF = "ref"
    DATE = "collected_on"
    SOURCE = "source_type"
    SUMMARY = "summary"
    ASSESSMENT = "assessment"
    QUESTIONS = "questions"
    AUTHOR = "author"


@dataclass(frozen=True)
class EvidenceQuery:
    """Filters for the evidence list; empty fields mean "no filter"."""

    question_code: str | None = None  # this question and its sub-questions
    source_types: frozenset[SourceType] = frozenset()
    assessments: frozenset[Assessment] = frozenset()
    author: str | None = None
    text: str = ""
    #: Only items that support no live finding yet (gaps to close before reporting).
    unused_only: bool = False
    sort: EvidenceSort = EvidenceSort.REF
    descending: bool = False

    @property
    def filtered(self) -> bool:
        """Whether anything besides the question narrows the list."""
        return bool(
            self.source_types
            or self.assessments
            or self.author
            or self.text.strip()
            or self.unused_only
        )


@dataclass(frozen=True)
class EvidenceMarks:
    """What a row of the evidence list marks about an item besides its fields."""

    findings: int = 0  # live findings it supports
    attachments: int = 0  # files attached to it

    def in_words(self, sensitive: bool) -> str:
        """The marks in words, as a tooltip or a screen reader gives them: "Sensitive ·
        2 files attached · supports 1 finding"."""
        parts = ["Sensitive" if sensitive else ""]
        if self.attachments:
            plural = "s" if self.attachments != 1 else ""
            parts.append(f"{self.attachments} file{plural} attached")
        parts.append(
            f"supports {self.findings} finding{'s' if self.findings != 1 else ''}"
            if self.findings
            else "not yet used in a finding"
        )
        text = " · ".join(p for p in parts if p)
        return text[0].upper() + text[1:]


def fts_match_expression(text: str) -> str | None:
    """A safe FTS5 MATCH expression for what a user typed in a search box.

    Every word must occur; the last word also matches as a prefix so results
    follow typing. Quotes are doubled so no input is FTS syntax.
    """
    # Split where the index's tokenizer splits (anything not a letter or digit), so
    # every term is one word: the index answers words, not phrases.
    words = "".join(c if c.isalnum() else " " for c in text).split()
    if not words:
        return None
    terms = ['"' + w.replace('"', '""') + '"' for w in words]
    terms[-1] += "*"
    return " ".join(terms)
