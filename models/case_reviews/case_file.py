"""A reviewed case file: who reviewed which file when, its answers, and the warning a
case reference earns when it looks like a person's name.

A case reference is the force's own reference for the file (a crime number such as
``44150123456`` or ``HC/15/001234``). Victims and suspects must never be named in an
inspection file's lists, so a reference that reads like a name is flagged for the
reviewer to look at again; it is a warning, not a refusal, as some forces' references
hold letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from models.case_reviews.checklist import Checklist, applies
from models.records import new_id

#: Characters in a case reference and in a crime type.
REFERENCE_LIMIT = 60
CRIME_TYPE_LIMIT = 200
#: Characters in a file's notes.
NOTES_LIMIT = 20_000

_NAME_WORD = re.compile(r"[A-Za-z][a-z'’-]+|[A-Z]\.?")
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "mx"}


@dataclass(frozen=True)
class CaseFile:
    """One reviewed case file and its answers (checklist item id → stored answer)."""

    checklist_id: str
    case_reference: str
    crime_type: str = ""
    reviewed_on: date | None = None
    reviewer: str = ""
    notes: str = ""
    sensitive: bool = False
    answers: Mapping[str, str] = field(default_factory=dict)
    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None


@dataclass(frozen=True)
class Progress:
    """How far a file's review has gone: answered of the items that apply to it."""

    answered: int
    applicable: int

    @property
    def complete(self) -> bool:
        return self.answered >= self.applicable

    @property
    def text(self) -> str:
        return f"{self.answered} of {self.applicable}"


def progress(checklist: Checklist, answers: Mapping[str, str]) -> Progress:
    """The items of ``checklist`` that apply to a file with ``answers``, and how many of
    those are answered (not applicable counts as an answer)."""
    items = {item.id: item for item in checklist.items}
    applicable = [item for item in checklist.items if applies(item, answers, items)]
    return Progress(sum(1 for item in applicable if item.id in answers), len(applicable))


def review_key(checklist_id: str, reference: str) -> str:
    """The value no two live reviews share: the checklist and the case reference, in
    lower case with spaces tidied (``HC/15/1`` and ``hc/15/1`` are the same file)."""
    return f"{checklist_id}/{' '.join(reference.split()).casefold()}"


def reference_warning(reference: str) -> str | None:
    """A sentence when ``reference`` looks like a person's name rather than a force
    reference (two or more words of letters, no digits; or a title such as *Mrs*)."""
    text = " ".join(reference.split())
    if not text:
        return None
    words = text.replace(",", " ").split()
    has_digit = any(c.isdigit() for c in text)
    titled = words[0].lower().rstrip(".") in _TITLES
    name_like = len(words) >= 2 and all(_NAME_WORD.fullmatch(w) for w in words)
    if titled or (name_like and not has_digit):
        return (
            "This case reference looks like a person's name. Use the force's reference "
            "for the file (a crime or occurrence number), never a victim's or suspect's name."
        )
    return None
