"""The second step: the team, fieldwork copies and their merges, and evidence imports.
Frozen as first shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def m002_team_copies_and_merging(db: Database) -> None:
    """The inspection team, fieldwork copies and merging them back, and evidence imports."""
    import uuid

    db.execute("""
        CREATE TABLE team_member (
            id TEXT PRIMARY KEY,
            initials TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT 'inspector',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )""")
    db.execute(
        "CREATE UNIQUE INDEX team_member_initials ON team_member(initials) WHERE deleted_at IS NULL"
    )
    # Every copy of an inspection shares inspection.id; replica_id tells the
    # files apart. copy_for and copied_at describe a fieldwork copy: whose it
    # is and when it left the master (the base for telling who changed what).
    db.execute("ALTER TABLE inspection ADD COLUMN replica_id TEXT")
    db.execute("ALTER TABLE inspection ADD COLUMN copy_for TEXT")
    db.execute("ALTER TABLE inspection ADD COLUMN copied_at TEXT")
    db.execute("UPDATE inspection SET replica_id = ?", [str(uuid.uuid4())])
    # How far this file has taken in each other copy's changes: source_mark is
    # the newest change seen from that copy, target_mark this file's own time
    # of that merge. A row changed after both marks was changed on both sides.
    db.execute("""
        CREATE TABLE replica_sync (
            replica_id TEXT PRIMARY KEY,
            source_mark TEXT NOT NULL,
            target_mark TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE merge_conflict (
            id TEXT PRIMARY KEY,
            entity TEXT NOT NULL,
            row_key TEXT NOT NULL,
            current_json TEXT NOT NULL,
            other_json TEXT NOT NULL,
            other_replica TEXT,
            detected_at TEXT NOT NULL,
            resolved_at TEXT,
            resolution TEXT,
            UNIQUE (entity, row_key, other_json)
        )""")
    db.execute("""
        CREATE TABLE merge_log (
            id TEXT PRIMARY KEY,
            merged_at TEXT NOT NULL,
            source_path TEXT NOT NULL,
            source_replica TEXT,
            summary_json TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE ref_change (
            evidence_id TEXT NOT NULL REFERENCES evidence(id),
            old_ref TEXT NOT NULL,
            new_ref TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (evidence_id, old_ref)
        )""")
    db.execute("""
        CREATE TABLE evidence_import (
            fingerprint TEXT PRIMARY KEY,
            evidence_id TEXT NOT NULL REFERENCES evidence(id),
            source_name TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL
        )""")
