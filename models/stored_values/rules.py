"""The rules every stored value keeps, column by column: what the app writes, and no more.

The app's own input is checked with these rules before it is saved, and every
row arriving from a file made elsewhere (a fieldwork copy being merged) or
found in a file by ``check`` is held to the same ones: vocabulary values,
initials and refs, UTC times as the app writes them, JSON of the right shape,
lengths, no NUL characters. SQLite itself would store anything in any column,
so without these a crafted or damaged row reaches screens and exports that
cannot show it.

Each rule takes a stored value and returns ``None`` when it is fine, or a few
words saying what is wrong with it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, datetime
from enum import Enum
from typing import Any, Callable, Mapping, Optional, cast

from models.case_reviews import stored_rules as case_review
from models.case_reviews.answers import AnswerType
from models.indicators.indicator import Better, IndicatorUnit
from models.records import format_finding_ref, parse_finding_ref, parse_ref
from models.stored_values.figures import id_list, number, series, threshold
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType, TeamRole

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


def _optional(rule: Rule) -> Rule:
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

_TIMES = {"created_at": time_stamp, "updated_at": time_stamp, "deleted_at": _optional(time_stamp)}
_ORIGIN = {"origin_replica": _optional(identifier), "origin_updated_at": _optional(time_stamp)}
#: Who prepared and who reviewed a finding or judgment, and when (none of them required).
_SIGN_OFF = {
    "prepared_by": _optional(initials),
    "prepared_at": _optional(time_stamp),
    "reviewed_by": _optional(initials),
    "reviewed_at": _optional(time_stamp),
}

#: Every table's rules, column by column. A column missing here is not checked.
RULES: dict[str, dict[str, Rule]] = {
    "inspection": {
        "id": identifier,
        "title": text(LINE_LIMIT, required=True),
        "force": text(LINE_LIMIT, required=True),
        "period": text(LINE_LIMIT),
        "fieldwork_start": _optional(day),
        "fieldwork_end": _optional(day),
        "framework_id": line(200, required=True),
        "framework_name": text(LINE_LIMIT),
        "framework_version": line(200, required=True),
        "framework_description": text(),
        "framework_cause_of_concern_cap": _optional(line(200)),
        "created_at": time_stamp,
        "updated_at": time_stamp,
        "replica_id": identifier,
        "copy_for": _optional(initials),
        "copied_at": _optional(time_stamp),
    },
    "planned_method": {"question_id": identifier, "source_type": vocabulary(SourceType)},
    "team_member": {
        "id": identifier,
        "initials": initials,
        "name": line(200, required=True),
        "role": vocabulary(TeamRole),
        **_TIMES,
        **_ORIGIN,
    },
    "evidence": {
        "id": identifier,
        "ref": ref,
        "source_type": vocabulary(SourceType),
        "collected_on": _optional(day),
        "location": text(LINE_LIMIT),
        "participants": roles,
        "summary": text(),
        "notes": text(),
        "assessment": vocabulary(Assessment),
        "sensitive": flag,
        "author": initials,
        **_TIMES,
        **_ORIGIN,
        "question_order": _optional(whole_number),
    },
    "evidence_question": {
        "evidence_id": identifier,
        "question_id": identifier,
        **_TIMES,
        **_ORIGIN,
    },
    "finding": {
        "id": identifier,
        "ref": finding_ref,
        "question_id": identifier,
        "kind": vocabulary(FindingKind),
        "statement": text(),
        "recommendation": text(),
        **_TIMES,
        **_ORIGIN,
        **_SIGN_OFF,
    },
    "finding_evidence": {"finding_id": identifier, "evidence_id": identifier, **_TIMES, **_ORIGIN},
    "judgment": {
        "id": identifier,
        "question_id": _optional(identifier),
        "grade_id": _optional(identifier),
        "rationale": text(),
        "status": vocabulary(JudgmentStatus),
        **_TIMES,
        **_ORIGIN,
        **_SIGN_OFF,
    },
    "attachment": {
        "id": identifier,
        "evidence_id": identifier,
        "sha256": sha256,
        "name": file_name,
        "media_type": media_type,
        "size": whole_number,
        **_TIMES,
        **_ORIGIN,
    },
    "attachment_content": {"sha256": sha256, "size": whole_number, "data": blob},
    "review_note": {
        "id": identifier,
        "subject": choice("evidence", "finding", "judgment"),
        "subject_id": identifier,
        "reply_to": _optional(identifier),
        "author": initials,
        "body": text(NOTE_LIMIT, required=True),
        "resolved_by": _optional(initials),
        "resolved_at": _optional(time_stamp),
        **_TIMES,
        **_ORIGIN,
    },
    "indicator": {
        "id": identifier,
        "name": line(LINE_LIMIT, required=True),
        "group_name": line(LINE_LIMIT, required=True),
        "unit": vocabulary(IndicatorUnit),
        "force_value": number,
        "comparator_value": _optional(number),
        "comparator_name": line(LINE_LIMIT),
        "period": line(LINE_LIMIT, required=True),
        "source": text(LINE_LIMIT),
        "better": vocabulary(Better),
        "series": series,
        "question_ids": id_list,
        "note": text(),
        "threshold": threshold,
        "evidence_id": _optional(identifier),
        "position": whole_number,
        **_TIMES,
        **_ORIGIN,
    },
    # Case-file review: checklists, their items, reviewed files, answers, result evidence.
    "checklist": {
        "id": identifier,
        "title": line(200, required=True),
        "theme": line(200),
        "question_ids": id_list,
        "version": whole_number,
        **_TIMES,
        **_ORIGIN,
    },
    "checklist_item": {
        "id": identifier,
        "checklist_id": identifier,
        "position": whole_number,
        "prompt": line(LINE_LIMIT, required=True),
        "answer_type": vocabulary(AnswerType),
        "choices": case_review.choices,
        "condition_item_id": _optional(identifier),
        "condition_value": _optional(line(200, required=True)),
        **_TIMES,
        **_ORIGIN,
    },
    "case_file": {
        "id": identifier,
        "checklist_id": identifier,
        "case_reference": line(60, required=True),
        "review_key": line(200, required=True),
        "crime_type": line(200),
        "reviewed_on": _optional(day),
        "reviewer": initials,
        "notes": text(20_000),
        "sensitive": flag,
        **_TIMES,
        **_ORIGIN,
    },
    "case_answer": {
        "case_file_id": identifier,
        "item_id": identifier,
        "value": case_review.answer,
        **_TIMES,
        **_ORIGIN,
    },
    "case_review_evidence": {
        "id": identifier,
        "evidence_id": identifier,
        "item_id": identifier,
        "filters": case_review.filters,
        "sentence": text(),
        **_TIMES,
        **_ORIGIN,
    },
    "history": {
        "id": identifier,
        "changed_at": time_stamp,
        "actor": line(40),
        "reason": line(),
        "replica_id": identifier,
        "entity": choice(
            "evidence", "finding", "judgment", "inspection", "indicator", "checklist", "case_file"
        ),
        "entity_id": identifier,
        "action": choice(
            "created",
            "changed",
            "deleted",
            "restored",
            "linked",
            "unlinked",
            "attached",
            "detached",
            "merged",
            "noted",
            "resolved",
            "reopened",
        ),
        "field": _optional(line(40)),
        "old_value": stored_value,
        "new_value": stored_value,
        "related_id": _optional(identifier),
    },
    "merge_conflict": {
        "id": identifier,
        "entity": choice(
            "team_member",
            "evidence",
            "evidence_question",
            "attachment",
            "finding",
            "finding_evidence",
            "judgment",
            "review_note",
            "indicator",
            "checklist",
            "checklist_item",
            "case_file",
            "case_answer",
            "case_review_evidence",
        ),
        "row_key": line(200, required=True),
        "current_json": text(),
        "other_json": text(),
        "other_replica": _optional(identifier),
        "detected_at": time_stamp,
        "resolved_at": _optional(time_stamp),
        "resolution": _optional(line()),
    },
    "replica_sync": {
        "replica_id": identifier,
        "source_mark": lambda v: None if v == "" else time_stamp(v),
        "target_mark": time_stamp,
    },
}


def row_problems(table: str, values: Mapping[str, object]) -> list[tuple[str, str]]:
    """``(column, what is wrong)`` for each value of one row that breaks its rule."""
    rules = RULES.get(table, {})
    return [
        (column, problem)
        for column, value in values.items()
        if column in rules and (problem := rules[column](value)) is not None
    ]


def without_nul(text: str) -> str:
    """Typed or pasted text as the app stores it: a NUL character is never kept (pasted
    from another system, it would cut the text short in other programs)."""
    return text.replace("\x00", "")


def require_valid(table: str, values: Mapping[str, object]) -> None:
    """Raise ``ValueError`` naming the first value of a row the app would not store."""
    for column, problem in row_problems(table, values):
        raise ValueError(f"The {column.replace('_', ' ')} field {problem}.")
