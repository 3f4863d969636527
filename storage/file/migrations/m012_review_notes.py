"""The twelfth step: review notes, the short threaded comments a team leaves on each
other's items, findings and judgments. Frozen as first shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

#: A history row for a note: recorded on the note's subject, naming the note.
_HISTORY = (
    "INSERT INTO history (id, changed_at, actor, reason, replica_id, entity, entity_id,"
    " action, field, old_value, new_value, related_id) SELECT lower(hex(randomblob(16))),"
    " new.updated_at, c.actor, c.reason, (SELECT replica_id FROM inspection LIMIT 1),"
    " new.subject, new.subject_id, {action}, 'review_note', {old}, {new}, new.id"
    " FROM history_context c WHERE c.id = 1"
)
_RECORDING = "(SELECT recording FROM history_context WHERE id = 1)"


def m012_review_notes(db: Database) -> None:
    """One row per note. A thread is a first note and its replies (``reply_to`` names the
    first note); open or resolved is the first note's state. The subject is an evidence
    item, a finding or a judgment, by id.

    Notes are merged by id like every other row, so a note added in two copies is two
    notes, and each enters the change history of its subject: added, resolved, reopened,
    changed and deleted. Written out in full here so it stays as it is whatever later
    becomes of the history triggers.
    """
    db.execute(
        "CREATE TABLE review_note ("
        " id TEXT PRIMARY KEY,"
        " subject TEXT NOT NULL,"
        " subject_id TEXT NOT NULL,"
        " reply_to TEXT REFERENCES review_note(id),"
        " author TEXT NOT NULL,"
        " body TEXT NOT NULL,"
        " resolved_by TEXT,"
        " resolved_at TEXT,"
        " created_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL,"
        " deleted_at TEXT,"
        " origin_replica TEXT,"
        " origin_updated_at TEXT)"
    )
    db.execute("CREATE INDEX review_note_subject ON review_note(subject_id, created_at)")
    db.execute("CREATE INDEX review_note_thread ON review_note(reply_to)")
    db.execute(
        "CREATE INDEX review_note_open ON review_note(created_at)"
        " WHERE reply_to IS NULL AND resolved_at IS NULL AND deleted_at IS NULL"
    )
    added = _HISTORY.format(action="'noted'", old="NULL", new="new.body")
    db.execute(
        "CREATE TRIGGER history_review_note_insert AFTER INSERT ON review_note"
        f" WHEN {_RECORDING} BEGIN {added}; END"
    )
    resolved = _HISTORY.format(
        action="CASE WHEN new.resolved_by IS NULL THEN 'reopened' ELSE 'resolved' END",
        old="NULL",
        new="new.body",
    )
    db.execute(
        "CREATE TRIGGER history_review_note_resolve AFTER UPDATE OF resolved_by ON review_note"
        f" WHEN {_RECORDING} AND old.resolved_by IS NOT new.resolved_by BEGIN {resolved}; END"
    )
    changed = _HISTORY.format(action="'changed'", old="old.body", new="new.body")
    db.execute(
        "CREATE TRIGGER history_review_note_change AFTER UPDATE OF body ON review_note"
        f" WHEN {_RECORDING} AND old.body IS NOT new.body BEGIN {changed}; END"
    )
    removed = _HISTORY.format(
        action="CASE WHEN new.deleted_at IS NULL THEN 'restored' ELSE 'deleted' END",
        old="old.body",
        new="NULL",
    )
    db.execute(
        "CREATE TRIGGER history_review_note_delete AFTER UPDATE OF deleted_at ON review_note"
        f" WHEN {_RECORDING} AND (old.deleted_at IS NULL) != (new.deleted_at IS NULL)"
        f" BEGIN {removed}; END"
    )
