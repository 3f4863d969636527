"""The seventh step: each item's place in framework order, kept by triggers.
Frozen as first shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


_ORDER_OF = (
    "UPDATE evidence SET question_order = (SELECT min(q.position)"
    " FROM evidence_question eq JOIN question q ON q.id = eq.question_id"
    " WHERE eq.evidence_id = {link}.evidence_id AND eq.deleted_at IS NULL)"
    " WHERE id = {link}.evidence_id;"
)


def m007_question_order(db: Database) -> None:
    """Each item's place in framework order, so the list sorts by Questions on an index.

    ``question_order`` is the position of the first question an item is linked
    to (NULL when it has none), kept by triggers on the links in the same
    transaction as each link change; it belongs to this file and is never
    merged. Sorting by the Questions column used a subquery per item (about a
    second at 100,000 items). The search index's update trigger now fires only
    when text it indexes changes, so keeping the order never re-indexes an item.
    """
    db.execute("DROP TRIGGER evidence_au")
    db.execute(
        'CREATE TRIGGER "evidence_au" AFTER UPDATE OF summary, notes, location'
        ' ON "evidence" BEGIN'
        ' INSERT INTO "evidence_fts" ("evidence_fts", rowid, "summary", "notes",'
        ' "location") VALUES (\'delete\', old.rowid, old."summary", old."notes",'
        ' old."location");'
        ' INSERT INTO "evidence_fts" (rowid, "summary", "notes", "location")'
        ' VALUES (new.rowid, new."summary", new."notes", new."location"); END'
    )
    db.execute("ALTER TABLE evidence ADD COLUMN question_order INTEGER")
    db.execute(
        "UPDATE evidence SET question_order = (SELECT min(q.position)"
        " FROM evidence_question eq JOIN question q ON q.id = eq.question_id"
        " WHERE eq.evidence_id = evidence.id AND eq.deleted_at IS NULL)"
    )
    db.execute(
        "CREATE INDEX evidence_by_question_order ON evidence"
        "(ifnull(question_order, -1), ref) WHERE deleted_at IS NULL"
    )
    # New items written many at once get their order with the insert itself
    # (storage/repositories/evidence_bulk.py), flagged by history_context.bulk.
    db.execute(
        "CREATE TRIGGER evidence_order_link_added AFTER INSERT ON evidence_question"
        " WHEN NOT (SELECT bulk FROM history_context WHERE id = 1)"
        f" BEGIN {_ORDER_OF.format(link='new')} END"
    )
    db.execute(
        "CREATE TRIGGER evidence_order_link_changed AFTER UPDATE OF deleted_at"
        f" ON evidence_question BEGIN {_ORDER_OF.format(link='new')} END"
    )
    db.execute(
        "CREATE TRIGGER evidence_order_link_erased AFTER DELETE ON evidence_question"
        f" BEGIN {_ORDER_OF.format(link='old')} END"
    )
