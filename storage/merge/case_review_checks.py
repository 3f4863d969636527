"""What case-file review rows arriving from a copy must hold, beyond their own values'
rules and the copy's foreign keys.

A checklist's questions must be questions of the shared framework; an item's condition
must name an item of the same checklist; a reviewed file's review key must be the one
its checklist and case reference give (the merge keeps two live reviews of one file
apart by it); an answer must be one its item takes, to an item of its file's checklist.
The columns listed here are the ones whose every change the change history records, so
a copy's own change to any of them must come with its history (see ``claims``).
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Iterator

from models.case_reviews.answers import stored_answer_problem
from models.case_reviews.case_file import review_key
from storage.health.row_checks import RowProblem
from storage.merge.source import SOURCE

if TYPE_CHECKING:
    from storage.merge.plan import MergeWork

#: Table → (the row the history records a change on, the row it names, recorded columns).
CASE_REVIEW_RECORDED = {
    "checklist": ("s.id", None, ("title", "theme", "question_ids", "deleted_at")),
    "checklist_item": (
        "s.checklist_id",
        "s.id",
        (
            "prompt",
            "answer_type",
            "choices",
            "condition_item_id",
            "condition_value",
            "position",
            "deleted_at",
        ),
    ),
    "case_answer": ("s.case_file_id", "s.item_id", ("value", "deleted_at")),
}


#: The same for reviewed files, which are merged in Python (see ``unrecorded_file_changes``).
CASE_FILE_RECORDED = (
    "checklist_id",
    "case_reference",
    "crime_type",
    "reviewed_on",
    "reviewer",
    "notes",
    "sensitive",
    "deleted_at",
)


def unrecorded_file_changes(work: MergeWork) -> Iterator[RowProblem]:
    """Reviewed files the copy changed itself whose change has no history in the copy
    (reviewed files are merged in Python, so the versions it would write are looked at)."""
    mine = work.small_targets.get("case_file", {})
    for key, (version, _exists) in work.small_writes.get("case_file", {}).items():
        if version.replica != work.ctx.source_replica:
            continue
        before = mine.get(key)
        if before is not None and all(
            before.values.get(c) == version.values.get(c) for c in CASE_FILE_RECORDED
        ):
            continue
        found = work.conn.execute(
            f"SELECT 1 FROM {SOURCE}.history h WHERE h.entity_id = ? AND h.changed_at = ?",
            [key, version.updated_at],
        ).fetchone()
        if not found:
            yield RowProblem(
                "case_file",
                key,
                "updated_at",
                version.updated_at,
                "is a change made in the copy that has no history",
            )


def _incoming(table: str, keys: str = "id") -> str:
    """Rows of the copy's ``table`` (alias ``s``) the target does not hold as they are."""
    match = " AND ".join(f"t.{k} = s.{k}" for k in keys.split(", "))
    return (
        f"{SOURCE}.{table} s WHERE NOT EXISTS (SELECT 1 FROM main.{table} t WHERE {match}"
        " AND t.updated_at IS s.updated_at)"
    )


def case_review_problems(conn: sqlite3.Connection) -> Iterator[RowProblem]:
    """Every broken cross-row rule of the copy's incoming case-file review rows."""
    # A list that is not JSON is left to the value rules, which name it.
    for checklist_id, question_id in conn.execute(
        f"SELECT s.id, j.value FROM {SOURCE}.checklist s, json_each(s.question_ids) j"
        " WHERE json_valid(s.question_ids) AND json_type(s.question_ids) = 'array'"
        " AND NOT EXISTS (SELECT 1 FROM main.question q WHERE q.id = j.value)"
        " AND NOT EXISTS (SELECT 1 FROM main.checklist t WHERE t.id = s.id"
        " AND t.updated_at IS s.updated_at)"
    ):
        yield RowProblem(
            "checklist",
            checklist_id,
            "question_ids",
            question_id,
            "is not a question of the framework",
        )
    for item_id, condition in conn.execute(
        f"SELECT s.id, s.condition_item_id FROM {_incoming('checklist_item')}"
        " AND s.condition_item_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
        f" {SOURCE}.checklist_item c WHERE c.id = s.condition_item_id"
        " AND c.checklist_id = s.checklist_id AND c.position < s.position)"
    ):
        yield RowProblem(
            "checklist_item",
            item_id,
            "condition_item_id",
            condition,
            "is not an earlier item of the same checklist",
        )
    for file_id, checklist_id, reference, key in conn.execute(
        f"SELECT s.id, s.checklist_id, s.case_reference, s.review_key FROM {_incoming('case_file')}"
    ):
        if isinstance(reference, str) and key != review_key(str(checklist_id), reference):
            yield RowProblem(
                "case_file",
                file_id,
                "review_key",
                key,
                "is not the checklist and case reference of the file",
            )
    yield from _answer_problems(conn)


def _answer_problems(conn: sqlite3.Connection) -> Iterator[RowProblem]:
    """An answer must be to an item of its file's checklist and one that item takes."""
    rows = conn.execute(
        "SELECT s.case_file_id, s.item_id, s.value, i.answer_type, i.choices,"
        " i.checklist_id = f.checklist_id FROM "
        + _incoming("case_answer", "case_file_id, item_id").replace(
            f"{SOURCE}.case_answer s WHERE",
            f"{SOURCE}.case_answer s JOIN {SOURCE}.checklist_item i ON i.id = s.item_id"
            f" JOIN {SOURCE}.case_file f ON f.id = s.case_file_id WHERE",
        )
        + " AND s.deleted_at IS NULL"
    )
    for file_id, item_id, value, answer_type, choices, same in rows:
        key = f"{file_id}/{item_id}"
        if not same:
            yield RowProblem(
                "case_answer",
                key,
                "item_id",
                item_id,
                "is an item of another checklist than its file's",
            )
            continue
        try:
            offered = json.loads(choices) if isinstance(choices, str) else []
        except ValueError:
            continue  # the item's own rules name it
        if not isinstance(offered, list):
            continue
        problem = stored_answer_problem(str(answer_type), tuple(str(c) for c in offered), value)
        if problem:
            yield RowProblem("case_answer", key, "value", value, problem)
