"""What ``check --repair`` puts in place of a value the app never writes, column by column.

Each repair keeps as much of what was there as it can (text is cleaned, not
dropped; participants that are not JSON become one role holding the text) and
otherwise takes the most neutral value the vocabulary has. A value that
cannot be replaced without guessing at someone's work (an id, a fingerprint,
file content) has no repair here: the row is then listed as left as it was.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Callable

from models.evidence.attachment import base_name, guess_media_type
from models.records import normalise_initials
from models.stored_values.value_rules import LINE_LIMIT, NOTE_LIMIT, TEXT_LIMIT
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType, TeamRole

#: A repair takes the bad value and the time of the repair, and gives the new value.
Repair = Callable[[object, str], object]
UNKNOWN_AUTHOR = "UNK"


def as_text(value: object, limit: int = TEXT_LIMIT) -> str:
    """Any stored value as text without NUL characters, cut at ``limit``."""
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("utf-8", errors="replace")
    return str(value).replace("\x00", "")[:limit]


def as_line(value: object, limit: int = LINE_LIMIT) -> str:
    return "".join(
        " " if unicodedata.category(c) == "Cc" and c != "\t" else c for c in as_text(value, limit)
    )


def as_roles(value: object) -> str:
    try:
        parsed = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    roles = parsed if isinstance(parsed, list) else [as_text(value)]
    cleaned = [as_line(r) for r in roles if as_line(r).strip()]
    return json.dumps(cleaned[:500], ensure_ascii=False)


def as_file_name(value: object) -> str:
    return base_name(as_line(value, 255))


def as_initials(value: object) -> str:
    try:
        return normalise_initials(as_line(value))
    except ValueError:
        return UNKNOWN_AUTHOR


def as_flag(value: object) -> int:
    return 1 if value not in (0, "0", "", None, b"", 0.0, "false", "False", "no") else 0


def _now(_value: object, now: str) -> str:
    return now


def _nothing(_value: object, _now: str) -> None:
    return None


def _fixed(value: object) -> Repair:
    return lambda _value, _now: value


_TEXT: Repair = lambda v, _now: as_text(v)  # noqa: E731
_LINE: Repair = lambda v, _now: as_line(v)  # noqa: E731
_TIMES = {
    "created_at": _now,
    "updated_at": _now,
    "deleted_at": _now,
    "origin_replica": _nothing,
    "origin_updated_at": _nothing,
}
#: A sign-off that is not initials and a time is taken away rather than guessed at:
#: no one is named as having prepared or reviewed work they may never have seen.
_SIGN_OFF = {
    "prepared_by": _nothing,
    "prepared_at": _nothing,
    "reviewed_by": _nothing,
    "reviewed_at": _nothing,
}

#: The repair of each column that has one.
REPAIRS: dict[str, dict[str, Repair]] = {
    "inspection": {
        "title": lambda v, _n: as_text(v, LINE_LIMIT) or "Inspection",
        "force": lambda v, _n: as_text(v, LINE_LIMIT) or "Unknown force",
        "period": lambda v, _n: as_text(v, LINE_LIMIT),
        "framework_name": lambda v, _n: as_text(v, LINE_LIMIT),
        "framework_description": _TEXT,
        "framework_cause_of_concern_cap": _nothing,
        "fieldwork_start": _nothing,
        "fieldwork_end": _nothing,
        "created_at": _now,
        "updated_at": _now,
        "copied_at": _nothing,
    },
    "team_member": {
        "name": lambda v, _n: as_line(v, 200) or "(no name)",
        "role": _fixed(TeamRole.INSPECTOR.value),
        "initials": lambda v, _n: as_initials(v),
        **_TIMES,
    },
    "evidence": {
        "source_type": _fixed(SourceType.OTHER.value),
        "assessment": _fixed(Assessment.NEUTRAL.value),
        "collected_on": _nothing,
        "location": lambda v, _n: as_text(v, LINE_LIMIT),
        "participants": lambda v, _n: as_roles(v),
        "summary": _TEXT,
        "notes": _TEXT,
        "sensitive": lambda v, _n: as_flag(v),
        "author": lambda v, _n: as_initials(v),
        "question_order": _nothing,
        **_TIMES,
    },
    "evidence_question": dict(_TIMES),
    "finding": {
        "kind": _fixed(FindingKind.AREA_FOR_IMPROVEMENT.value),
        "statement": _TEXT,
        "recommendation": _TEXT,
        **_TIMES,
        **_SIGN_OFF,
    },
    "finding_evidence": dict(_TIMES),
    "judgment": {
        "rationale": _TEXT,
        "status": _fixed(JudgmentStatus.DRAFT.value),
        **_TIMES,
        **_SIGN_OFF,
    },
    "attachment": {"name": lambda v, _n: as_file_name(v), **_TIMES},
    "history": {
        "actor": lambda v, _n: as_line(v, 40),
        "reason": _LINE,
        "field": lambda v, _n: as_line(v, 40),
        "old_value": _TEXT,
        "new_value": _TEXT,
    },
    "merge_conflict": {"resolution": _LINE, "resolved_at": _now},
    # A note's subject, thread and author cannot be guessed: such a note is removed.
    "review_note": {
        "body": lambda v, _n: as_text(v, NOTE_LIMIT).strip() or "(empty note)",
        "resolved_by": _nothing,
        "resolved_at": _nothing,
        **_TIMES,
    },
    # An indicator's own figure cannot be guessed and is left; what describes it is
    # cleaned, and a series or question list that cannot be read is emptied.
    "indicator": {
        "name": lambda v, _n: as_text(v, LINE_LIMIT) or "(no name)",
        "group_name": lambda v, _n: as_text(v, LINE_LIMIT) or "(no group)",
        "unit": _fixed("count"),
        "comparator_value": _nothing,
        "comparator_name": lambda v, _n: as_text(v, LINE_LIMIT),
        "period": lambda v, _n: as_text(v, LINE_LIMIT) or "(no period)",
        "source": lambda v, _n: as_text(v, LINE_LIMIT),
        "better": _fixed("neither"),
        "series": _fixed("[]"),
        "question_ids": _fixed("[]"),
        "note": _TEXT,
        "threshold": _fixed(10.0),
        "evidence_id": _nothing,
        "position": _fixed(0),
        **_TIMES,
    },
    # Case-file review: what describes a checklist, an item or a file is cleaned; an item
    # whose type cannot be read takes free text (any answer), a condition that cannot be
    # read is dropped, a date that cannot is left out and an unreadable sensitive flag
    # keeps the file's notes out of outputs.
    "checklist": {
        "title": lambda v, _n: as_line(v, 200) or "(no title)",
        "theme": lambda v, _n: as_line(v, 200),
        "question_ids": _fixed("[]"),
        "version": _fixed(1),
        **_TIMES,
    },
    "checklist_item": {
        "position": _fixed(0),
        "prompt": lambda v, _n: as_line(v) or "(no question)",
        "answer_type": _fixed("text"),
        "choices": _fixed("[]"),
        "condition_item_id": _nothing,
        "condition_value": _nothing,
        **_TIMES,
    },
    "case_file": {
        "case_reference": lambda v, _n: as_line(v, 60) or "(no reference)",
        "crime_type": lambda v, _n: as_line(v, 200),
        "reviewed_on": _nothing,
        "reviewer": lambda v, _n: as_initials(v),
        "notes": lambda v, _n: as_text(v, 20_000),
        "sensitive": _fixed(1),
        **_TIMES,
    },
    "case_answer": {**_TIMES},
    "case_review_evidence": {"filters": _fixed("{}"), "sentence": _TEXT, **_TIMES},
}


def media_type_for(name: object) -> str:
    return guess_media_type(as_file_name(name))
