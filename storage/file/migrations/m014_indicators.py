"""The fourteenth step: indicators, the force's figures beside a comparator's ("force in
numbers"), kept with the file and in its change history. Frozen as first shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

#: The fields whose changes the history records, as the history names them, and their column.
#: Questions and the evidence item are recorded as a person reads them (codes, a ref);
#: figures as text, as the history keeps values.
_SHOWN = {
    "force_value": "CAST({row}.force_value AS TEXT)",
    "comparator_value": "CAST({row}.comparator_value AS TEXT)",
    "threshold": "CAST({row}.threshold AS TEXT)",
    "question_ids": "(SELECT group_concat(q.code, ', ') FROM json_each({row}.question_ids) j"
    " JOIN question q ON q.id = j.value)",
    "evidence_id": "(SELECT ref FROM evidence WHERE id = {row}.evidence_id)",
}
_FIELDS = {
    "name": "name",
    "group": "group_name",
    "unit": "unit",
    "force_value": "force_value",
    "comparator_value": "comparator_value",
    "comparator_name": "comparator_name",
    "period": "period",
    "source": "source",
    "better": "better",
    "series": "series",
    "questions": "question_ids",
    "note": "note",
    "threshold": "threshold",
    "evidence": "evidence_id",
}
_HISTORY = (
    "INSERT INTO history (id, changed_at, actor, reason, replica_id, entity, entity_id,"
    " action, field, old_value, new_value, related_id) SELECT lower(hex(randomblob(16))),"
    " new.updated_at, c.actor, c.reason, (SELECT replica_id FROM inspection LIMIT 1),"
    " 'indicator', new.id, {action}, {field}, {old}, {new}, NULL"
    " FROM history_context c WHERE c.id = 1{extra};"
)
_RECORDING = "(SELECT recording FROM history_context WHERE id = 1)"


def m014_indicators(db: Database) -> None:
    """One row per indicator. Values are numbers (``REAL``); the time series and the
    questions an indicator bears on are JSON lists kept in the row, so an indicator
    travels through a merge as one version, matched by id like every other row.

    ``evidence_id`` names the evidence item made from the indicator, whose summary
    follows a corrected value. Every change enters the change history under the
    entity ``indicator``: created, each field changed, deleted and restored.
    """
    db.execute(
        "CREATE TABLE indicator ("
        " id TEXT PRIMARY KEY,"
        " name TEXT NOT NULL,"
        " group_name TEXT NOT NULL,"
        " unit TEXT NOT NULL,"
        " force_value REAL NOT NULL,"
        " comparator_value REAL,"
        " comparator_name TEXT NOT NULL,"
        " period TEXT NOT NULL,"
        " source TEXT NOT NULL,"
        " better TEXT NOT NULL,"
        " series TEXT NOT NULL,"
        " question_ids TEXT NOT NULL,"
        " note TEXT NOT NULL,"
        " threshold REAL NOT NULL,"
        " evidence_id TEXT,"
        " position INTEGER NOT NULL,"
        " created_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL,"
        " deleted_at TEXT,"
        " origin_replica TEXT,"
        " origin_updated_at TEXT)"
    )
    db.execute("CREATE INDEX indicator_name_period ON indicator(name, period)")
    db.execute("CREATE INDEX indicator_evidence ON indicator(evidence_id)")
    db.execute("CREATE INDEX indicator_order ON indicator(position, name)")
    created = _HISTORY.format(
        action="'created'", field="NULL", old="NULL", new="new.name", extra=""
    )
    db.execute(
        "CREATE TRIGGER history_indicator_insert AFTER INSERT ON indicator"
        f" WHEN {_RECORDING} BEGIN {created} END"
    )
    rows = [
        _HISTORY.format(
            action="'deleted'",
            field="NULL",
            old="NULL",
            new="NULL",
            extra=" AND old.deleted_at IS NULL AND new.deleted_at IS NOT NULL",
        ),
        _HISTORY.format(
            action="'restored'",
            field="NULL",
            old="NULL",
            new="NULL",
            extra=" AND old.deleted_at IS NOT NULL AND new.deleted_at IS NULL",
        ),
    ]
    for field, column in _FIELDS.items():
        rows.append(
            _HISTORY.format(
                action="'changed'",
                field=f"'{field}'",
                old=_SHOWN.get(column, "{row}." + column).format(row="old"),
                new=_SHOWN.get(column, "{row}." + column).format(row="new"),
                extra=f" AND old.{column} IS NOT new.{column}",
            )
        )
    db.execute(
        "CREATE TRIGGER history_indicator_update AFTER UPDATE ON indicator"
        f" WHEN {_RECORDING} BEGIN {' '.join(rows)} END"
    )
