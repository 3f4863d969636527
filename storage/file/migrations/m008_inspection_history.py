"""The eighth step: changes to the inspection's own details enter the change history.
Frozen as first shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def m008_inspection_history(db: Database) -> None:
    """Changes to the inspection's own details (title, force, period, fieldwork dates)
    are recorded in the change history, like changes to evidence.

    Written out in full rather than through the m004 helpers, so it stays as it is
    whatever later becomes of them. Other updates of the inspection row (a fieldwork
    copy's identity, a merge) change none of these fields and record nothing here.
    """
    rows = []
    for field in ("title", "force", "period", "fieldwork_start", "fieldwork_end"):
        rows.append(
            "INSERT INTO history (id, changed_at, actor, reason, replica_id, entity, entity_id,"
            " action, field, old_value, new_value, related_id) SELECT"
            " lower(hex(randomblob(16))), new.updated_at, c.actor, c.reason, new.replica_id,"
            f" 'inspection', new.id, 'changed', '{field}', old.{field}, new.{field}, NULL"
            f" FROM history_context c WHERE c.id = 1 AND old.{field} IS NOT new.{field};"
        )
    db.execute(
        "CREATE TRIGGER history_inspection_update AFTER UPDATE OF title, force, period,"
        " fieldwork_start, fieldwork_end ON inspection WHEN (SELECT recording FROM"
        f" history_context WHERE id = 1) BEGIN {' '.join(rows)} END"
    )
