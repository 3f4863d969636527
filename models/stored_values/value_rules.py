"""What one stored value may be: the rules a column's values keep, one function each.

Each rule takes a stored value and returns ``None`` when it is fine, or a few words
saying what is wrong with it. :mod:`models.stored_values.rules` says which rule each
column of each table keeps.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, datetime
from enum import Enum
from typing import Any, Callable, Optional, cast

from models.records import format_finding_ref, parse_finding_ref, parse_ref

Rule = Callable[[object], Optional[str]]

#: Characters in a free text (notes, statements, rationale…): a whole report runs to
#: ~300,000, so ten million is room for any pasted document and still bounds a value.
TEXT_LIMIT = 10_000_000
#: Characters in one review note: a note is a comment, not a document.
NOTE_LIMIT = 2_000
#: Characters in a one-line value (a place, a name, a file name, a role).
LINE_LIMIT = 1_000
#: Roles in one item's participants.
ROLES_LIMIT = 500
_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,63}")
_INITIALS = re.compile(r"[A-Z]{1,4}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_MEDIA_PART = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
_MEDIA_TYPE = re.compile(f"{_MEDIA_PART}/{_MEDIA_PART}")


def optional(rule: Rule) -> Rule:
    return lambda value: None if value is None else rule(value)


def _text_problem(value: object, limit: int) -> str | None:
    if not isinstance(value, str):
        return "is not text"
    if "\x00" in value:
        return "holds a NUL character"
    if len(value) > limit:
        return f"is longer than {limit:,} characters"
    return None


def text(limit: int = TEXT_LIMIT, *, required: bool = False) -> Rule:
    """Free text: line breaks and tabs allowed, no NUL."""

    def rule(value: Any) -> str | None:
        problem = _text_problem(value, limit)
        if problem is None and required and not value.strip():
            return "is empty"
        return problem

    return rule


def line(limit: int = LINE_LIMIT, *, required: bool = False) -> Rule:
    """One line of text: no line breaks or other control characters (a tab is fine)."""

    def rule(value: Any) -> str | None:
        problem = text(limit, required=required)(value)
        if problem is None and any(unicodedata.category(c) == "Cc" and c != "\t" for c in value):
            return "holds a line break or a control character"
        return problem

    return rule


def time_stamp(value: object) -> str | None:
    """A UTC time as the app writes it: ``2026-03-02T09:00:01.000Z``."""
    if value.__class__ is not str or not _TIME.fullmatch(value):
        return "is not a time as the app writes it (like 2026-03-02T09:00:01.000Z)"
    if value in _REAL_TIMES:
        return None
    try:
        datetime.fromisoformat(value[:-1])
    except ValueError:
        return "is not a real time"
    if len(_REAL_TIMES) < 100_000:
        _REAL_TIMES.add(value)
    return None


#: Times already found real (many rows share the moment they were written).
_REAL_TIMES: set[str] = set()


def day(value: object) -> str | None:
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return "is not a date (like 2015-09-22)"
    try:
        date.fromisoformat(value)
    except ValueError:
        return "is not a real date"
    return None


def identifier(value: object) -> str | None:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return "is not an id as the app makes them"
    return None


def initials(value: object) -> str | None:
    if not isinstance(value, str) or not _INITIALS.fullmatch(value):
        return "is not initials (one to four capital letters)"
    return None


def ref(value: object) -> str | None:
    if not isinstance(value, str) or parse_ref(value) is None:
        return "is not an evidence ref (like JS-0042)"
    return None


def finding_ref(value: object) -> str | None:
    """A finding's ref exactly as storage gives it: ``F`` and a number, no padding."""
    number = parse_finding_ref(value) if isinstance(value, str) else None
    if number is None or value != format_finding_ref(number):
        return "is not a finding ref (like F12)"
    return None


def vocabulary(enum: type[Enum]) -> Rule:
    values = {m.value for m in enum}
    noun = enum.__name__

    def rule(value: object) -> str | None:
        if value not in values:
            return f"is not a {_NOUNS.get(noun, noun)} (one of {', '.join(sorted(values))})"
        return None

    return rule


def choice(*values: str) -> Rule:
    allowed = set(values)
    return lambda value: None if value in allowed else f"is not one of {', '.join(sorted(allowed))}"


def flag(value: object) -> str | None:
    return None if type(value) is int and value in (0, 1) else "is not 0 or 1"


def whole_number(value: object) -> str | None:
    if type(value) is not int or value < 0:
        return "is not a whole number of 0 or more"
    return None


def roles(value: object) -> str | None:
    """Participants: a JSON list of one-line roles."""
    problem = _text_problem(value, TEXT_LIMIT)
    if problem:
        return problem
    try:
        parsed = json.loads(cast(str, value))  # a text, as _text_problem found
    except ValueError:
        return "is not JSON"
    if not isinstance(parsed, list):
        return "is not a JSON list of roles"
    if len(parsed) > ROLES_LIMIT:
        return f"lists more than {ROLES_LIMIT} roles"
    if any(text(LINE_LIMIT)(role) for role in parsed):
        return "holds a role that is not text of at most 1,000 characters"
    return None


def sha256(value: object) -> str | None:
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        return "is not a SHA-256 fingerprint (64 hex digits)"
    return None


def media_type(value: object) -> str | None:
    if not isinstance(value, str) or not _MEDIA_TYPE.fullmatch(value):
        return "is not a media type (like application/pdf)"
    return None


def file_name(value: object) -> str | None:
    """An attached file's name: a name alone, never a path."""
    problem = line(255, required=True)(value)
    if problem:
        return problem
    name = cast(str, value)  # a line of text, as line() found
    if "/" in name or name.strip() in (".", ".."):
        return "is a path, not a file name"
    return None


def blob(value: object) -> str | None:
    return None if isinstance(value, bytes) else "is not file content"


def stored_value(value: object) -> str | None:
    """An old or new value in the history: as its field stores it (text, a number, nothing)."""
    if value is None or type(value) is int:
        return None
    return _text_problem(value, TEXT_LIMIT)


_NOUNS = {
    "SourceType": "source type",
    "Assessment": "assessment",
    "FindingKind": "finding kind",
    "JudgmentStatus": "judgment status",
    "TeamRole": "team role",
    "AnswerType": "answer type",
}
