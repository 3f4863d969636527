"""The fifteenth step: case-file review. Checklists (their items, each with an answer
type and an optional condition), the case files reviewed against them and each file's
answers, and the evidence items made from a checklist item's result. Frozen as first
shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_RECORDING = "(SELECT recording FROM history_context WHERE id = 1)"
#: One history row; ``{entity}``/``{entity_id}`` say what the change is recorded under.
_HISTORY = (
    "INSERT INTO history (id, changed_at, actor, reason, replica_id, entity, entity_id,"
    " action, field, old_value, new_value, related_id) SELECT lower(hex(randomblob(16))),"
    " {at}, c.actor, c.reason, (SELECT replica_id FROM inspection LIMIT 1),"
    " '{entity}', {entity_id}, {action}, {field}, {old}, {new}, {related}"
    " FROM history_context c WHERE c.id = 1{extra};"
)
_QUESTIONS = (
    "(SELECT group_concat(q.code, ', ') FROM json_each({row}.question_ids) j"
    " JOIN question q ON q.id = j.value)"
)
#: Recorded fields of each table and the history's name for them.
_CHECKLIST_FIELDS = {"title": "title", "theme": "theme", "questions": "question_ids"}
_ITEM_FIELDS = {
    "item_prompt": "prompt",
    "item_answer_type": "answer_type",
    "item_choices": "choices",
    "item_condition": "condition_item_id",
    "item_condition_value": "condition_value",
    "item_position": "position",
}
_FILE_FIELDS = {
    "case_reference": "case_reference",
    "crime_type": "crime_type",
    "reviewed_on": "reviewed_on",
    "reviewer": "reviewer",
    "notes": "notes",
    "sensitive": "sensitive",
    "checklist": "checklist_id",
}


def m015_case_reviews(db: Database) -> None:
    """Four tables merged by id (answers by their file and item) and one link table.

    ``checklist``: a title, a theme, the framework questions it bears on (a JSON list of
    question ids, as indicators keep theirs) and a version counted up whenever its items
    change. ``checklist_item``: one question of the checklist with its answer type, the
    choices of a choice item (a JSON list) and an optional condition: the item applies
    only when the earlier item ``condition_item_id`` was answered ``condition_value``.
    ``case_file``: one reviewed file; ``review_key`` is its checklist and case reference
    in one value (``checklist id/reference`` in lower case), which live files never share,
    so a merge finds the same file reviewed in two copies. ``case_answer``: one answer as text in the form
    the answer type keeps (``yes``, ``no``, ``partly``, ``n/a``, a number, a date, a
    choice, free text); an answer cleared is soft-deleted so the clearing can travel.
    ``case_review_evidence``: which evidence item was made from which item's result, with
    the filters it was made under and the sentence it stated, so the app can tell when
    the item no longer states the current result.

    Every change to a checklist or its items is recorded under the checklist, every
    change to a file or its answers under the file.
    """
    times = (
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT,"
        " origin_replica TEXT, origin_updated_at TEXT)"
    )
    db.execute(
        "CREATE TABLE checklist (id TEXT PRIMARY KEY, title TEXT NOT NULL,"
        " theme TEXT NOT NULL, question_ids TEXT NOT NULL, version INTEGER NOT NULL," + times
    )
    db.execute(
        "CREATE TABLE checklist_item (id TEXT PRIMARY KEY,"
        " checklist_id TEXT NOT NULL REFERENCES checklist(id),"
        " position INTEGER NOT NULL, prompt TEXT NOT NULL, answer_type TEXT NOT NULL,"
        " choices TEXT NOT NULL, condition_item_id TEXT, condition_value TEXT," + times
    )
    db.execute("CREATE INDEX checklist_item_order ON checklist_item(checklist_id, position)")
    db.execute(
        "CREATE TABLE case_file (id TEXT PRIMARY KEY,"
        " checklist_id TEXT NOT NULL REFERENCES checklist(id),"
        " case_reference TEXT NOT NULL, review_key TEXT NOT NULL, crime_type TEXT NOT NULL,"
        " reviewed_on TEXT, reviewer TEXT NOT NULL, notes TEXT NOT NULL,"
        " sensitive INTEGER NOT NULL," + times
    )
    db.execute(
        "CREATE INDEX case_file_order ON case_file(checklist_id, reviewed_on, case_reference)"
    )
    db.execute("CREATE INDEX case_file_review ON case_file(review_key) WHERE deleted_at IS NULL")
    db.execute(
        "CREATE TABLE case_answer ("
        " case_file_id TEXT NOT NULL REFERENCES case_file(id),"
        " item_id TEXT NOT NULL REFERENCES checklist_item(id),"
        " value TEXT NOT NULL,"
        + times.replace(")", ", PRIMARY KEY (case_file_id, item_id))")
        + " WITHOUT ROWID"
    )
    # Results count answers by item and value: this index answers them without the table.
    db.execute(
        "CREATE INDEX case_answer_by_item ON case_answer(item_id, value, case_file_id)"
        " WHERE deleted_at IS NULL"
    )
    db.execute(
        "CREATE TABLE case_review_evidence (id TEXT PRIMARY KEY,"
        " evidence_id TEXT NOT NULL REFERENCES evidence(id),"
        " item_id TEXT NOT NULL REFERENCES checklist_item(id),"
        " filters TEXT NOT NULL, sentence TEXT NOT NULL," + times
    )
    db.execute("CREATE INDEX case_review_evidence_item ON case_review_evidence(item_id)")
    db.execute("CREATE INDEX case_review_evidence_of ON case_review_evidence(evidence_id)")
    _record(db, "checklist", "checklist", "new.id", "NULL", "new.title", _CHECKLIST_FIELDS)
    _record(
        db,
        "checklist_item",
        "checklist",
        "new.checklist_id",
        "new.id",
        "new.prompt",
        _ITEM_FIELDS,
        created="'changed'",
        created_field="'item'",
    )
    _record(db, "case_file", "case_file", "new.id", "NULL", "new.case_reference", _FILE_FIELDS)
    _record_answers(db)
    _keep_counts(db)


def _shown(column: str, row: str) -> str:
    if column == "question_ids":
        return _QUESTIONS.format(row=row)
    if column == "sensitive" or column == "position":
        return f"CAST({row}.{column} AS TEXT)"
    return f"{row}.{column}"


def _record(
    db: Database,
    table: str,
    entity: str,
    entity_id: str,
    related: str,
    name: str,
    fields: dict[str, str],
    *,
    created: str = "'created'",
    created_field: str = "NULL",
) -> None:
    """History triggers for ``table``: made, each field changed, deleted and restored.
    A checklist's items are recorded under the checklist with the item as related."""

    def row(action: str, field: str, old: str, new: str, extra: str = "") -> str:
        return _HISTORY.format(
            at="new.updated_at",
            entity=entity,
            entity_id=entity_id,
            action=action,
            field=field,
            old=old,
            new=new,
            related=related,
            extra=extra,
        )

    made = row(created, created_field, "NULL", name)
    db.execute(
        f"CREATE TRIGGER history_{table}_insert AFTER INSERT ON {table}"
        f" WHEN {_RECORDING} BEGIN {made} END"
    )
    # An item deleted or brought back is a change of its checklist, not the checklist's
    # own deletion: the history reads "Changed item of checklist …: prompt → (empty)".
    item = created_field != "NULL"
    rows = [
        row(
            "'changed'" if item else "'deleted'",
            created_field,
            name.replace("new.", "old."),
            "NULL",
            " AND old.deleted_at IS NULL AND new.deleted_at IS NOT NULL",
        ),
        row(
            "'changed'" if item else "'restored'",
            created_field,
            "NULL",
            name,
            " AND old.deleted_at IS NOT NULL AND new.deleted_at IS NULL",
        ),
    ]
    for field, column in fields.items():
        rows.append(
            row(
                "'changed'",
                f"'{field}'",
                _shown(column, "old"),
                _shown(column, "new"),
                f" AND old.{column} IS NOT new.{column}",
            )
        )
    db.execute(
        f"CREATE TRIGGER history_{table}_update AFTER UPDATE ON {table}"
        f" WHEN {_RECORDING} BEGIN {' '.join(rows)} END"
    )


def _record_answers(db: Database) -> None:
    """An answer given, changed or cleared is a change of the file's ``answer`` field,
    naming the checklist item."""

    def row(old: str, new: str, extra: str = "") -> str:
        return _HISTORY.format(
            at="new.updated_at",
            entity="case_file",
            entity_id="new.case_file_id",
            action="'changed'",
            field="'answer'",
            old=old,
            new=new,
            related="new.item_id",
            extra=extra,
        )

    given = row("NULL", "new.value")
    db.execute(
        "CREATE TRIGGER history_case_answer_insert AFTER INSERT ON case_answer"
        f" WHEN {_RECORDING} BEGIN {given} END"
    )
    old = "CASE WHEN old.deleted_at IS NULL THEN old.value END"
    new = "CASE WHEN new.deleted_at IS NULL THEN new.value END"
    changed = row(old, new, f" AND {old} IS NOT {new}")
    db.execute(
        "CREATE TRIGGER history_case_answer_update AFTER UPDATE ON case_answer"
        f" WHEN {_RECORDING} BEGIN {changed} END"
    )


#: The file of the answer (``{row}``) is live.
_LIVE_FILE = (
    "EXISTS (SELECT 1 FROM case_file f WHERE f.id = {row}.case_file_id AND f.deleted_at IS NULL)"
)
_ADD = (
    "INSERT INTO case_answer_count (item_id, value, files) SELECT {row}.item_id, {row}.value,"
    " {step} WHERE {row}.deleted_at IS NULL AND {live}"
    " ON CONFLICT (item_id, value) DO UPDATE SET files = files + excluded.files;"
)


def _keep_counts(db: Database) -> None:
    """``case_answer_count``: how many live files gave each item each answer, kept by
    triggers so a checklist's results need not count every answer again. Every write
    keeps it: the app's, a merge's, a repair's (which may remove an answer)."""
    db.execute(
        "CREATE TABLE case_answer_count (item_id TEXT NOT NULL, value TEXT NOT NULL,"
        " files INTEGER NOT NULL, PRIMARY KEY (item_id, value)) WITHOUT ROWID"
    )

    def add(row: str, step: str) -> str:
        return _ADD.format(row=row, step=step, live=_LIVE_FILE.format(row=row))

    db.execute(
        "CREATE TRIGGER case_answer_count_insert AFTER INSERT ON case_answer"
        f" BEGIN {add('new', '1')} END"
    )
    db.execute(
        "CREATE TRIGGER case_answer_count_update AFTER UPDATE ON case_answer"
        f" BEGIN {add('old', '-1')} {add('new', '1')} END"
    )
    db.execute(
        "CREATE TRIGGER case_answer_count_delete AFTER DELETE ON case_answer"
        f" BEGIN {add('old', '-1')} END"
    )
    # A file deleted or brought back takes its answers out of the counts or puts them back.
    db.execute(
        "CREATE TRIGGER case_answer_count_file AFTER UPDATE OF deleted_at ON case_file"
        " WHEN (old.deleted_at IS NULL) != (new.deleted_at IS NULL) BEGIN"
        " INSERT INTO case_answer_count (item_id, value, files) SELECT a.item_id, a.value,"
        " CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END FROM case_answer a"
        " WHERE a.case_file_id = new.id AND a.deleted_at IS NULL"
        " ON CONFLICT (item_id, value) DO UPDATE SET files = files + excluded.files; END"
    )
