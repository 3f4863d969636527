"""The tenth step: who prepared and who reviewed each finding and judgment, and when.
Frozen as first shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

#: The sign-off columns each table gains: initials and UTC times, all optional.
_COLUMNS = ("prepared_by", "prepared_at", "reviewed_by", "reviewed_at")


def m010_sign_off(db: Database) -> None:
    """Findings and judgments carry a sign-off: the initials of whoever prepared them
    (made or last changed them) and of whoever reviewed them, each with its time.

    Rows made before this step have no sign-off (NULL); a judgment already marked
    reviewed keeps its status, with no reviewer known.

    A change of reviewer enters the change history, so the history shows who signed
    off and when a sign-off was taken back. Written out in full here, as m008 does,
    so it stays as it is whatever later becomes of the history triggers.
    """
    for table in ("finding", "judgment"):
        for column in _COLUMNS:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
        db.execute(
            f"CREATE TRIGGER history_{table}_sign_off AFTER UPDATE OF reviewed_by ON {table}"
            " WHEN (SELECT recording FROM history_context WHERE id = 1)"
            " AND old.reviewed_by IS NOT new.reviewed_by BEGIN"
            " INSERT INTO history (id, changed_at, actor, reason, replica_id, entity,"
            " entity_id, action, field, old_value, new_value, related_id) SELECT"
            " lower(hex(randomblob(16))), new.updated_at, c.actor, c.reason,"
            f" (SELECT replica_id FROM inspection LIMIT 1), '{table}', new.id, 'changed',"
            " 'reviewed_by', old.reviewed_by, new.reviewed_by, NULL"
            " FROM history_context c WHERE c.id = 1; END"
        )
