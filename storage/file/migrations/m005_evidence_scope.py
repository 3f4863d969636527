"""The fifth step: which items fall under each question, kept by triggers.
Frozen as first shipped, with its own copy of the scope SQL its triggers hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


#: The questions a link to question ``{link}.question_id`` falls under: itself and
#: every question above it.
_SCOPE_OF_LINK = (
    "SELECT a.id FROM question d JOIN question a ON a.position <= d.position"
    " AND a.subtree_end >= d.position WHERE d.id = {link}.question_id"
)


def _scope_add(link: str) -> str:
    return (
        "INSERT INTO evidence_scope (question_id, evidence_id, links)"
        f" SELECT id, {link}.evidence_id, 1 FROM ({_SCOPE_OF_LINK.format(link=link)}) WHERE 1"
        " ON CONFLICT (question_id, evidence_id) DO UPDATE SET links = links + 1;"
    )


def _scope_remove(link: str) -> str:
    under = _SCOPE_OF_LINK.format(link=link)
    return (
        f"UPDATE evidence_scope SET links = links - 1 WHERE evidence_id = {link}.evidence_id"
        f" AND question_id IN ({under});"
        f" DELETE FROM evidence_scope WHERE evidence_id = {link}.evidence_id"
        f" AND question_id IN ({under}) AND links <= 0;"
    )


def m005_evidence_scope(db: Database) -> None:
    """Which items fall under each question, kept by triggers, and indexes for counting.

    Listing or counting the evidence under a question meant walking every link
    of its subtree and de-duplicating items, hundreds of milliseconds at 100,000
    items. ``evidence_scope`` holds one row per question and item that has at
    least one live link in the question's subtree (``links`` says how many), so
    "the items under 3" is one index range. Triggers on the links keep it exact
    in the same transaction as every link change, whoever makes it.

    An item's row holds its notes, so each lookup of a row by id reads a page;
    ``evidence_live`` answers "is it live, what is its ref, assessment, source,
    author and date?" from the index alone, and ``evidence_deleted`` lists the few
    deleted items.
    """
    db.execute(
        "CREATE INDEX evidence_live ON evidence(id, ref, assessment, source_type,"
        " author, ifnull(collected_on, '')) WHERE deleted_at IS NULL"
    )
    db.execute("CREATE INDEX evidence_deleted ON evidence(id) WHERE deleted_at IS NOT NULL")
    db.execute("""
        CREATE TABLE evidence_scope (
            question_id TEXT NOT NULL,
            evidence_id TEXT NOT NULL,
            links INTEGER NOT NULL,
            PRIMARY KEY (question_id, evidence_id)
        ) WITHOUT ROWID""")
    db.execute(
        "INSERT INTO evidence_scope (question_id, evidence_id, links)"
        " SELECT a.id, eq.evidence_id, count(*) FROM evidence_question eq"
        " JOIN question d ON d.id = eq.question_id JOIN question a"
        " ON a.position <= d.position AND a.subtree_end >= d.position"
        " WHERE eq.deleted_at IS NULL GROUP BY a.id, eq.evidence_id"
    )
    # New items written many at once get their scope rows set-wise instead
    # (storage/repositories/evidence_bulk.py), flagged by history_context.bulk.
    db.execute("ALTER TABLE history_context ADD COLUMN bulk INTEGER NOT NULL DEFAULT 0")
    db.execute(
        "CREATE TRIGGER evidence_scope_link_added AFTER INSERT ON evidence_question"
        " WHEN new.deleted_at IS NULL AND NOT (SELECT bulk FROM history_context"
        f" WHERE id = 1) BEGIN {_scope_add('new')} END"
    )
    db.execute(
        "CREATE TRIGGER evidence_scope_link_removed AFTER UPDATE OF deleted_at"
        " ON evidence_question WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL"
        f" BEGIN {_scope_remove('new')} END"
    )
    db.execute(
        "CREATE TRIGGER evidence_scope_link_revived AFTER UPDATE OF deleted_at"
        " ON evidence_question WHEN old.deleted_at IS NOT NULL AND new.deleted_at IS NULL"
        f" BEGIN {_scope_add('new')} END"
    )
    db.execute(
        "CREATE TRIGGER evidence_scope_link_erased AFTER DELETE ON evidence_question"
        f" WHEN old.deleted_at IS NULL BEGIN {_scope_remove('old')} END"
    )
