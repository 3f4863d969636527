"""The sixteenth step: new items written many at once are put in the search index
set-wise. Frozen as first shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def m016_bulk_writes(db: Database) -> None:
    """The search index's insert trigger stands aside for items written in bulk.

    Items written many at once (an import, a large inspection being built) are
    flagged by ``history_context.bulk``, as their scope rows and question order
    already are (m005, m007); the writer then adds the whole batch to the search
    index in one statement (``storage/repositories/evidence_bulk.py``): writing the
    items and their search words took 10–30% less processor time than with the
    trigger firing for each item. Every other insert, a merge's included, keeps
    the trigger as it was.
    """
    db.execute("DROP TRIGGER evidence_ai")
    db.execute(
        'CREATE TRIGGER "evidence_ai" AFTER INSERT ON "evidence"'
        " WHEN NOT (SELECT bulk FROM history_context WHERE id = 1) BEGIN"
        ' INSERT INTO "evidence_fts" (rowid, "summary", "notes", "location")'
        ' VALUES (new.rowid, new."summary", new."notes", new."location"); END'
    )
