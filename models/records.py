"""The records an inspection holds: the inspection itself, evidence, findings, judgments.

Records are immutable dataclasses; an edit is a new record made with
``dataclasses.replace``, which keeps undo (old record, new record) trivial.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Callable

from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType

_REF = re.compile(r"([A-Z]{1,4})-([0-9]{4,})")
_INITIALS = re.compile(r"[A-Z]{1,4}")
#: A finding's ref: "F" and its number, never zero-padded (see ``format_finding_ref``).
_FINDING_REF = re.compile(r"F([1-9][0-9]{0,6})")


def new_id() -> str:
    return str(uuid.uuid4())


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


#: Where every timestamp comes from. Tests replace it with a fake clock (so merge
#: rules can be tested with controlled, strictly increasing times, never sleeping).
clock: Callable[[], datetime] = system_clock


def utc_now() -> str:
    """Current UTC time (from :data:`clock`) as ISO 8601 with milliseconds and a ``Z``."""
    now = clock().astimezone(timezone.utc)
    return now.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def normalise_initials(text: str) -> str:
    """Upper-case initials, validated: one to four letters."""
    initials = "".join(str(text).split()).upper()
    if not _INITIALS.fullmatch(initials):
        raise ValueError(f"'{text}' is not valid initials: use one to four letters, like JS")
    return initials


def format_ref(initials: str, number: int) -> str:
    return f"{initials}-{number:04d}"


def parse_ref(ref: str) -> tuple[str, int] | None:
    """``("JS", 42)`` for ``"JS-0042"``; ``None`` when it is not a ref."""
    m = _REF.fullmatch(ref or "")
    return (m.group(1), int(m.group(2))) if m else None


def format_finding_ref(number: int) -> str:
    """``"F12"``: short enough to quote in a sentence of the report ("see F12"), and
    unlike an evidence ref (initials, a dash, four digits) at a glance. Findings are
    the team's rather than one inspector's, so they are numbered across the inspection.
    """
    return f"F{number}"


def parse_finding_ref(ref: str) -> int | None:
    """``12`` for ``"F12"`` (or a typed ``"f12"``); ``None`` when it is not a finding ref."""
    m = _FINDING_REF.fullmatch((ref or "").strip().upper())
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class Inspection:
    """One framework applied to one force for one period."""

    id: str
    title: str
    force: str
    framework_id: str
    framework_version: str
    period: str = ""
    fieldwork_start: date | None = None
    fieldwork_end: date | None = None
    created_at: str = ""
    updated_at: str = ""
    #: This file among the copies of the inspection (all copies share ``id``).
    replica_id: str = ""
    #: Initials of the inspector a fieldwork copy was made for; None in the master.
    copy_for: str | None = None
    #: When a fieldwork copy was made from its master.
    copied_at: str | None = None

    @property
    def default_author(self) -> str | None:
        """Initials new evidence is recorded under by default: a fieldwork copy's
        inspector; ``None`` in the master (the app asks for initials there)."""
        return self.copy_for


@dataclass(frozen=True)
class Evidence:
    """One recorded observation, linked to one or more framework questions by code."""

    id: str = field(default_factory=new_id)
    ref: str = ""
    source_type: SourceType = SourceType.INTERVIEW
    collected_on: date | None = None
    location: str = ""
    participants: tuple[str, ...] = ()
    summary: str = ""
    notes: str = ""
    assessment: Assessment = Assessment.NEUTRAL
    sensitive: bool = False
    author: str = ""
    question_codes: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None

    @property
    def participants_text(self) -> str:
        return "; ".join(self.participants)


def parse_participants(text: str) -> tuple[str, ...]:
    """Roles typed as one line, separated by semicolons or new lines."""
    parts = re.split(r"[;\n]", text or "")
    return tuple(p.strip() for p in parts if p.strip())


@dataclass(frozen=True)
class Finding:
    """A statement under one question, supported by evidence (by id)."""

    id: str = field(default_factory=new_id)
    question_code: str = ""
    kind: FindingKind = FindingKind.STRENGTH
    statement: str = ""
    recommendation: str = ""
    evidence_ids: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    #: The sign-off (see ``models.sign_off``): initials and UTC times, ``None`` when unknown.
    prepared_by: str | None = None
    prepared_at: str | None = None
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    #: The file's own name for the finding (``F12``), given by storage when it is made;
    #: "" until then.
    ref: str = ""

    @property
    def reviewed(self) -> bool:
        """Signed off by a reviewer (a draft until then, and again once it changes)."""
        return self.reviewed_by is not None


@dataclass(frozen=True)
class Judgment:
    """Grade and rationale for a graded question, or overall when ``question_code`` is None.

    ``grade`` is the grade's name from the framework's scale, or ``None`` when
    the question is not yet graded.
    """

    question_code: str | None
    grade: str | None = None
    rationale: str = ""
    status: JudgmentStatus = JudgmentStatus.DRAFT
    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""
    #: The sign-off (see ``models.sign_off``): initials and UTC times, ``None`` when unknown.
    prepared_by: str | None = None
    prepared_at: str | None = None
    reviewed_by: str | None = None
    reviewed_at: str | None = None


@dataclass(frozen=True)
class EvidenceCounts:
    """Evidence counted by assessment."""

    positive: int = 0
    negative: int = 0
    neutral: int = 0

    @property
    def total(self) -> int:
        return self.positive + self.negative + self.neutral


@dataclass(frozen=True)
class FindingBacking:
    """The source types and the inspectors whose evidence backs a finding."""

    sources: frozenset[SourceType] = frozenset()
    inspectors: frozenset[str] = frozenset()

    @property
    def triangulated(self) -> bool:
        """More than one kind of source and more than one inspector behind it."""
        return len(self.sources) > 1 and len(self.inspectors) > 1

    def short(self) -> str:
        """ "✓ 3 · 2" (sources · inspectors, ticked when triangulated), or "none"."""
        if not self.sources and not self.inspectors:
            return "none"
        text = f"{len(self.sources)} · {len(self.inspectors)}"
        return f"✓ {text}" if self.triangulated else text

    def words(self) -> str:
        """ "3 sources · 2 inspectors" (with a tick when triangulated), or "no evidence"."""
        if not self.sources and not self.inspectors:
            return "no evidence"
        s, p = len(self.sources), len(self.inspectors)
        text = f"{s} source{'s' if s != 1 else ''} · {p} inspector{'s' if p != 1 else ''}"
        return f"✓ {text}" if self.triangulated else text
