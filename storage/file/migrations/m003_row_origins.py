"""The third step: which copy each merged row's current version was written in.
Frozen as first shipped, with its own copy of the tables merged at the time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


#: The tables merged between copies when this step was written, frozen here: it is
#: what this step gave origin columns to, on every file it is ever applied to. The
#: current list is the merge's own (``storage.merge.tables.MERGE_TABLES``), which
#: also holds attachments: m004 created that table with origin columns from the start.
MERGED_TABLES_AT_M003 = (
    "evidence",
    "evidence_question",
    "finding",
    "finding_evidence",
    "judgment",
    "team_member",
)


def m003_row_origins(db: Database) -> None:
    """Which copy each row's current version was written in, for merging copies.

    ``updated_at`` values come from different laptops' clocks, so "has the other
    copy seen this version?" cannot be told from them alone: a version that
    reached the master from one copy carries that copy's time. A merge stamps
    each row it writes with the copy the version was written in and that
    version's ``updated_at``; an edit in the app changes ``updated_at`` and so
    makes the version this file's own again, without the app knowing these
    columns. NULL means the version was written in this file.
    """
    for table in MERGED_TABLES_AT_M003:
        db.execute(f"ALTER TABLE {table} ADD COLUMN origin_replica TEXT")
        db.execute(f"ALTER TABLE {table} ADD COLUMN origin_updated_at TEXT")
