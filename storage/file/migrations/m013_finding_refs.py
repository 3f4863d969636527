"""The thirteenth step: every finding gets a short reference a report writer can quote.
Frozen as first shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def m013_finding_refs(db: Database) -> None:
    """Findings are referred to as ``F1``, ``F2``… in the order they were made.

    The ref is the file's own name for a finding, like an evidence item's ref:
    unique among all the file's findings (deleted ones included, so a ref is
    never given to another finding when one is deleted and restored), given by
    storage when the finding is made, and changed only when a merge brings in a
    finding whose ref is already used here (recorded in ``finding_ref_change``).

    Findings made before this step are numbered by when they were made, then by
    id, so every copy of a file numbers them alike. A change of ref enters the
    change history, written out here as m008 and m010 do.
    """
    # SQLite adds a NOT NULL column only with a default; every row is numbered next,
    # and the unique index refuses a second finding left without one.
    db.execute("ALTER TABLE finding ADD COLUMN ref TEXT NOT NULL DEFAULT ''")
    db.execute(
        "UPDATE finding SET ref = 'F' || (SELECT n FROM (SELECT id, row_number() OVER"
        " (ORDER BY created_at, id) AS n FROM finding) numbered WHERE numbered.id = finding.id)"
    )
    db.execute("CREATE UNIQUE INDEX finding_by_ref ON finding(ref)")
    db.execute("""
        CREATE TABLE finding_ref_change (
            finding_id TEXT NOT NULL REFERENCES finding(id),
            old_ref TEXT NOT NULL,
            new_ref TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (finding_id, old_ref)
        )""")
    db.execute(
        "CREATE TRIGGER history_finding_ref AFTER UPDATE OF ref ON finding"
        " WHEN (SELECT recording FROM history_context WHERE id = 1)"
        " AND old.ref IS NOT new.ref BEGIN"
        " INSERT INTO history (id, changed_at, actor, reason, replica_id, entity,"
        " entity_id, action, field, old_value, new_value, related_id) SELECT"
        " lower(hex(randomblob(16))), new.updated_at, c.actor, c.reason,"
        " (SELECT replica_id FROM inspection LIMIT 1), 'finding', new.id, 'changed',"
        " 'ref', old.ref, new.ref, NULL FROM history_context c WHERE c.id = 1; END"
    )
