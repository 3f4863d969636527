"""The fourth step: the append-only change history (written by triggers) and files
attached to evidence. Frozen as first shipped, with the triggers' SQL written out here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


# The history triggers are written out here, frozen with the migration: a later
# change to what is recorded is a later migration.

#: Fields whose changes are recorded, per table, and how a value is shown:
#: ``None`` records the column as it is, otherwise an SQL expression over
#: ``{row}`` (``old`` or ``new``) that gives a readable value.
_HISTORY_FIELDS: dict[str, dict[str, str | None]] = {
    "evidence": {
        f: None
        for f in (
            "ref",
            "source_type",
            "collected_on",
            "location",
            "participants",
            "summary",
            "notes",
            "assessment",
            "sensitive",
            "author",
        )
    },
    "finding": {
        "question": "(SELECT code FROM question WHERE id = {row}.question_id)",
        "kind": None,
        "statement": None,
        "recommendation": None,
    },
    "judgment": {
        "grade": "(SELECT name FROM grade WHERE id = {row}.grade_id)",
        "rationale": None,
        "status": None,
    },
}
_HISTORY_COLUMNS = {"question": "question_id", "grade": "grade_id"}
_HISTORY_CREATED = {
    "evidence": "new.ref",
    "finding": "new.statement",
    "judgment": "(SELECT name FROM grade WHERE id = new.grade_id)",
}

_HISTORY_INSERT = (
    "INSERT INTO history (id, changed_at, actor, reason, replica_id, entity, entity_id,"
    " action, field, old_value, new_value, related_id) SELECT lower(hex(randomblob(16))),"
    " {when}, c.actor, c.reason, (SELECT replica_id FROM inspection LIMIT 1), '{entity}',"
    " {entity_id}, '{action}', {field}, {old}, {new}, {related} FROM history_context c"
    " WHERE c.id = 1{extra}"
)


def _history_row(
    entity: str,
    entity_id: str,
    action: str,
    *,
    when: str = "new.updated_at",
    field: str = "NULL",
    old: str = "NULL",
    new: str = "NULL",
    related: str = "NULL",
    extra: str = "",
) -> str:
    return (
        _HISTORY_INSERT.format(
            when=when,
            entity=entity,
            entity_id=entity_id,
            action=action,
            field=field,
            old=old,
            new=new,
            related=related,
            extra=extra,
        )
        + ";"
    )


def _history_triggers(db: Database) -> None:
    recording = "(SELECT recording FROM history_context WHERE id = 1)"
    for table, fields in _HISTORY_FIELDS.items():
        created = [_history_row(table, "new.id", "created", new=_HISTORY_CREATED[table])]
        if table == "judgment":
            created += [
                _history_row(
                    table,
                    "new.id",
                    "changed",
                    field=f"'{name}'",
                    new=(shown or "new.{col}").format(row="new", col=name),
                    extra=f" AND new.{_HISTORY_COLUMNS.get(name, name)}"
                    " IS NOT NULL AND new.{c} != ''".format(c=_HISTORY_COLUMNS.get(name, name)),
                )
                for name, shown in fields.items()
            ]
        db.execute(
            f"CREATE TRIGGER history_{table}_insert AFTER INSERT ON {table}"
            f" WHEN {recording} BEGIN {' '.join(created)} END"
        )
        changed = [
            _history_row(
                table,
                "new.id",
                "deleted",
                extra=" AND old.deleted_at IS NULL AND new.deleted_at IS NOT NULL",
            ),
            _history_row(
                table,
                "new.id",
                "restored",
                extra=" AND old.deleted_at IS NOT NULL AND new.deleted_at IS NULL",
            ),
        ]
        for name, shown in fields.items():
            column = _HISTORY_COLUMNS.get(name, name)
            old = shown.format(row="old") if shown else f"old.{column}"
            new = shown.format(row="new") if shown else f"new.{column}"
            changed.append(
                _history_row(
                    table,
                    "new.id",
                    "changed",
                    field=f"'{name}'",
                    old=old,
                    new=new,
                    extra=f" AND old.{column} IS NOT new.{column}",
                )
            )
        db.execute(
            f"CREATE TRIGGER history_{table}_update AFTER UPDATE ON {table}"
            f" WHEN {recording} BEGIN {' '.join(changed)} END"
        )
    # Links are recorded on their owner: an item's questions on the item, a
    # finding's evidence on the finding (and found from the item by related_id).
    links = {
        "evidence_question": (
            "evidence",
            "new.evidence_id",
            "question",
            "new.question_id",
            "(SELECT code FROM question WHERE id = new.question_id)",
        ),
        "finding_evidence": (
            "finding",
            "new.finding_id",
            "evidence",
            "new.evidence_id",
            "(SELECT ref FROM evidence WHERE id = new.evidence_id)",
        ),
        "attachment": ("evidence", "new.evidence_id", "attachment", "new.id", "new.name"),
    }
    for table, (entity, owner, field, related, shown) in links.items():
        added, removed = (
            ("attached", "detached") if table == "attachment" else ("linked", "unlinked")
        )
        db.execute(
            f"CREATE TRIGGER history_{table}_insert AFTER INSERT ON {table} WHEN {recording}"
            f" BEGIN {_history_row(entity, owner, added, field=repr(field), new=shown, related=related, extra=' AND new.deleted_at IS NULL')} END"
        )
        db.execute(
            f"CREATE TRIGGER history_{table}_update AFTER UPDATE OF deleted_at ON {table}"
            f" WHEN {recording} BEGIN "
            + _history_row(
                entity,
                owner,
                removed,
                field=repr(field),
                old=shown,
                related=related,
                extra=" AND old.deleted_at IS NULL AND new.deleted_at IS NOT NULL",
            )
            + " "
            + _history_row(
                entity,
                owner,
                added,
                field=repr(field),
                new=shown,
                related=related,
                extra=" AND old.deleted_at IS NOT NULL AND new.deleted_at IS NULL",
            )
            + " END"
        )


def m004_history_and_attachments(db: Database) -> None:
    """An append-only change history, and files attached to evidence.

    History rows are written by triggers, so a change and its history share one
    transaction whoever makes it. Who and why come from ``history_context``, set
    at the start of every transaction by the connection; a merge turns recording
    off and brings the other copy's own history rows instead.

    Attachments are stored once per content (``attachment_content``, keyed by
    SHA-256); ``attachment`` rows tie a named file to an item and are
    soft-deleted and merged like every other row.
    """
    db.execute("""
        CREATE TABLE history (
            id TEXT PRIMARY KEY,
            changed_at TEXT NOT NULL,
            actor TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            replica_id TEXT,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            action TEXT NOT NULL,
            field TEXT,
            old_value,
            new_value,
            related_id TEXT
        )""")
    db.execute("CREATE INDEX history_by_entity ON history(entity_id, changed_at)")
    db.execute(
        "CREATE INDEX history_by_related ON history(related_id) WHERE related_id IS NOT NULL"
    )
    db.execute("CREATE INDEX history_by_time ON history(changed_at)")
    db.execute("CREATE INDEX history_by_actor ON history(actor, changed_at)")
    db.execute(
        "CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history"
        " BEGIN SELECT RAISE(ABORT, 'the change history cannot be edited'); END"
    )
    db.execute(
        "CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history"
        " BEGIN SELECT RAISE(ABORT, 'the change history cannot be deleted'); END"
    )
    db.execute("""
        CREATE TABLE history_context (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            actor TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            recording INTEGER NOT NULL DEFAULT 1
        )""")
    db.execute("INSERT INTO history_context (id) VALUES (1)")
    db.execute("""
        CREATE TABLE attachment_content (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            data BLOB NOT NULL
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE attachment (
            id TEXT PRIMARY KEY,
            evidence_id TEXT NOT NULL REFERENCES evidence(id),
            sha256 TEXT NOT NULL REFERENCES attachment_content(sha256),
            name TEXT NOT NULL,
            media_type TEXT NOT NULL DEFAULT 'application/octet-stream',
            size INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            origin_replica TEXT,
            origin_updated_at TEXT
        )""")
    db.execute(
        "CREATE INDEX attachment_by_evidence ON attachment(evidence_id) WHERE deleted_at IS NULL"
    )
    db.execute("CREATE INDEX attachment_by_content ON attachment(sha256)")
    _history_triggers(db)
