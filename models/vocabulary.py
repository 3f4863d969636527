"""Enumerations of the inspection vocabulary with the labels users see.

Each enum's value is what is stored on disk; ``label`` is the wording shown in
the app and the export. Keep values stable: files and merges depend on them.
"""

from __future__ import annotations

from enum import Enum
from typing import Self


class LabelledEnum(str, Enum):
    """A string enum whose members carry a human label."""

    label: str

    # ``label`` has a default only so that a lookup by value, ``SourceType("interview")``,
    # type-checks: the enum machinery calls this with both when it makes the members.
    def __new__(cls, value: str, label: str = "") -> Self:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def from_text(cls, text: str) -> Self:
        """Parse a stored value or a label, case- and space-insensitively."""
        if isinstance(text, cls):
            return text
        key = " ".join(str(text).replace("_", " ").replace("-", " ").split()).lower()
        for member in cls:
            if key in (member.value.replace("_", " "), member.label.lower()):
                return member
        raise ValueError(
            f"'{text}' is not a known {_NOUNS.get(cls.__name__, 'value')} "
            f"(expected one of: {', '.join(m.label for m in cls)})"
        )


class SourceType(LabelledEnum):
    """Source type of an evidence item."""

    INTERVIEW = ("interview", "Interview")
    FOCUS_GROUP = ("focus_group", "Focus group")
    REALITY_TESTING = ("reality_testing", "Reality testing")
    CASE_FILE_REVIEW = ("case_file_review", "Case file review")
    DOCUMENT_REVIEW = ("document_review", "Document review")
    DATA_RETURN = ("data_return", "Data return")
    PUBLIC_SURVEY = ("public_survey", "Public survey")
    PARTNER_SURVEY = ("partner_survey", "Partner survey")
    OBSERVATION = ("observation", "Observation")
    OTHER = ("other", "Other")


class Assessment(LabelledEnum):
    """Assessment of what an evidence item points to."""

    POSITIVE = ("positive", "Positive")
    NEGATIVE = ("negative", "Negative")
    NEUTRAL = ("neutral", "Neutral")


class FindingKind(LabelledEnum):
    """Kind of a finding, in the order report writers read them."""

    CAUSE_OF_CONCERN = ("cause_of_concern", "Cause of concern")
    AREA_FOR_IMPROVEMENT = ("area_for_improvement", "Area for improvement")
    STRENGTH = ("strength", "Strength")
    NOTABLE_PRACTICE = ("notable_practice", "Notable practice")

    @property
    def needs_recommendation(self) -> bool:
        return self is FindingKind.CAUSE_OF_CONCERN

    def counted(self, n: int) -> str:
        """ "1 strength", "3 areas for improvement", "2 causes of concern"."""
        return f"{n} {self.label.lower() if n == 1 else _KIND_PLURALS[self.value]}"


_KIND_PLURALS = {
    "cause_of_concern": "causes of concern",
    "area_for_improvement": "areas for improvement",
    "strength": "strengths",
    "notable_practice": "notable practices",
}


class JudgmentStatus(LabelledEnum):
    """Review status of a judgment."""

    DRAFT = ("draft", "Draft")
    REVIEWED = ("reviewed", "Reviewed")


class TeamRole(LabelledEnum):
    """Role of a member of the inspection team."""

    LEAD = ("lead", "Lead")
    INSPECTOR = ("inspector", "Inspector")


#: What users call a value of each vocabulary, for error messages.
_NOUNS = {
    "SourceType": "source type",
    "Assessment": "assessment",
    "FindingKind": "finding kind",
    "JudgmentStatus": "judgment status",
    "TeamRole": "team role",
}
