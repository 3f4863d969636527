"""The rules every stored value keeps, column by column: what the app writes, and no more.

The rules themselves, one function each, are in :mod:`models.stored_values.value_rules`;
this module says which one each column of each table keeps.

The app's own input is checked with these rules before it is saved, and every
row arriving from a file made elsewhere (a fieldwork copy being merged) or
found in a file by ``check`` is held to the same ones: vocabulary values,
initials and refs, UTC times as the app writes them, JSON of the right shape,
lengths, no NUL characters. SQLite itself would store anything in any column,
so without these a crafted or damaged row reaches screens and exports that
cannot show it.
"""

from __future__ import annotations

from typing import Mapping

from models.case_reviews import stored_rules as case_review
from models.case_reviews.answers import AnswerType
from models.indicators.indicator import Better, IndicatorUnit
from models.stored_values.figures import id_list, number, series, threshold
from models.stored_values.value_rules import (
    LINE_LIMIT,
    NOTE_LIMIT,
    Rule,
    blob,
    choice,
    day,
    file_name,
    finding_ref,
    flag,
    identifier,
    initials,
    line,
    media_type,
    optional,
    ref,
    roles,
    sha256,
    stored_value,
    text,
    time_stamp,
    vocabulary,
    whole_number,
)
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType, TeamRole

_TIMES = {"created_at": time_stamp, "updated_at": time_stamp, "deleted_at": optional(time_stamp)}
_ORIGIN = {"origin_replica": optional(identifier), "origin_updated_at": optional(time_stamp)}
#: Who prepared and who reviewed a finding or judgment, and when (none of them required).
_SIGN_OFF = {
    "prepared_by": optional(initials),
    "prepared_at": optional(time_stamp),
    "reviewed_by": optional(initials),
    "reviewed_at": optional(time_stamp),
}

#: Every table's rules, column by column. A column missing here is not checked.
RULES: dict[str, dict[str, Rule]] = {
    "inspection": {
        "id": identifier,
        "title": text(LINE_LIMIT, required=True),
        "force": text(LINE_LIMIT, required=True),
        "period": text(LINE_LIMIT),
        "fieldwork_start": optional(day),
        "fieldwork_end": optional(day),
        "framework_id": line(200, required=True),
        "framework_name": text(LINE_LIMIT),
        "framework_version": line(200, required=True),
        "framework_description": text(),
        "framework_cause_of_concern_cap": optional(line(200)),
        "created_at": time_stamp,
        "updated_at": time_stamp,
        "replica_id": identifier,
        "copy_for": optional(initials),
        "copied_at": optional(time_stamp),
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
        "collected_on": optional(day),
        "location": text(LINE_LIMIT),
        "participants": roles,
        "summary": text(),
        "notes": text(),
        "assessment": vocabulary(Assessment),
        "sensitive": flag,
        "author": initials,
        **_TIMES,
        **_ORIGIN,
        "question_order": optional(whole_number),
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
        "question_id": optional(identifier),
        "grade_id": optional(identifier),
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
        "reply_to": optional(identifier),
        "author": initials,
        "body": text(NOTE_LIMIT, required=True),
        "resolved_by": optional(initials),
        "resolved_at": optional(time_stamp),
        **_TIMES,
        **_ORIGIN,
    },
    "indicator": {
        "id": identifier,
        "name": line(LINE_LIMIT, required=True),
        "group_name": line(LINE_LIMIT, required=True),
        "unit": vocabulary(IndicatorUnit),
        "force_value": number,
        "comparator_value": optional(number),
        "comparator_name": line(LINE_LIMIT),
        "period": line(LINE_LIMIT, required=True),
        "source": text(LINE_LIMIT),
        "better": vocabulary(Better),
        "series": series,
        "question_ids": id_list,
        "note": text(),
        "threshold": threshold,
        "evidence_id": optional(identifier),
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
        "condition_item_id": optional(identifier),
        "condition_value": optional(line(200, required=True)),
        **_TIMES,
        **_ORIGIN,
    },
    "case_file": {
        "id": identifier,
        "checklist_id": identifier,
        "case_reference": line(60, required=True),
        "review_key": line(200, required=True),
        "crime_type": line(200),
        "reviewed_on": optional(day),
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
        "field": optional(line(40)),
        "old_value": stored_value,
        "new_value": stored_value,
        "related_id": optional(identifier),
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
        "other_replica": optional(identifier),
        "detected_at": time_stamp,
        "resolved_at": optional(time_stamp),
        "resolution": optional(line()),
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
