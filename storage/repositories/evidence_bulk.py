"""Writing many new evidence items at once, with their history, scope and search rows
written set-wise.

Normally the schema's triggers write, row by row, a history row for every new
item and link (migration m004), the ``evidence_scope`` rows of every link (m005)
and each item's words in the search index. For thousands of items at once
(imports, large inspections) that is most of the cost, so new items are written
with those triggers held back (``history_context.recording = 0`` and ``bulk = 1``;
the search index's since m016) and the same rows are then written by one
statement each, inside the same transaction (the items' question order, m007,
comes with the rows themselves). The rows are the ones the triggers would have
written; ``tests/storage/test_evidence_bulk.py`` checks that against the triggers
themselves.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Sequence

from storage.file.schema import SCOPE_OF_QUESTION

_HISTORY = (
    "INSERT INTO history (id, changed_at, actor, reason, replica_id, entity, entity_id,"
    " action, field, old_value, new_value, related_id)"
)


def insert_new_evidence(
    conn: sqlite3.Connection, columns: str, rows: Sequence[tuple], links: Sequence[tuple]
) -> None:
    """Insert new evidence ``rows`` (values of ``columns``) and their question ``links``
    ``(evidence_id, question_id, created_at, updated_at)``, inside the caller's transaction."""
    (recording,) = conn.execute("SELECT recording FROM history_context WHERE id = 1").fetchone()
    conn.execute("UPDATE history_context SET recording = 0, bulk = 1 WHERE id = 1")
    placeholders = ",".join("?" * len(columns.split(",")))
    conn.executemany(f"INSERT INTO evidence ({columns}) VALUES ({placeholders})", rows)
    conn.executemany(
        "INSERT INTO evidence_question (evidence_id, question_id, created_at,"
        " updated_at) VALUES (?, ?, ?, ?)",
        links,
    )
    ids = json.dumps([row[0] for row in rows])
    batch = "SELECT value FROM json_each(?)"
    conn.execute(
        "INSERT INTO evidence_fts (rowid, summary, notes, location)"
        f" SELECT rowid, summary, notes, location FROM evidence WHERE id IN ({batch})",
        [ids],
    )
    conn.execute(
        "INSERT INTO evidence_scope (question_id, evidence_id, links)"
        f" SELECT s.ancestor_id, eq.evidence_id, count(*) FROM evidence_question eq"
        f" JOIN ({SCOPE_OF_QUESTION}) s ON s.question_id = eq.question_id"
        f" WHERE eq.evidence_id IN ({batch}) AND eq.deleted_at IS NULL"
        " GROUP BY s.ancestor_id, eq.evidence_id"
        " ON CONFLICT (question_id, evidence_id) DO UPDATE SET links = links + excluded.links",
        [ids],
    )
    if recording:
        replica = "(SELECT replica_id FROM inspection LIMIT 1)"
        conn.execute(
            f"{_HISTORY} SELECT lower(hex(randomblob(16))), e.updated_at, c.actor, c.reason,"
            f" {replica}, 'evidence', e.id, 'created', NULL, NULL, e.ref, NULL"
            f" FROM evidence e JOIN history_context c ON c.id = 1"
            f" WHERE e.id IN ({batch}) ORDER BY e.rowid",
            [ids],
        )
        conn.execute(
            f"{_HISTORY} SELECT lower(hex(randomblob(16))), eq.updated_at, c.actor, c.reason,"
            f" {replica}, 'evidence', eq.evidence_id, 'linked', 'question', NULL, q.code,"
            f" eq.question_id FROM evidence_question eq JOIN question q ON q.id = eq.question_id"
            f" JOIN history_context c ON c.id = 1 WHERE eq.evidence_id IN ({batch})"
            " AND eq.deleted_at IS NULL",
            [ids],
        )
    conn.execute("UPDATE history_context SET recording = ?, bulk = 0 WHERE id = 1", [recording])


def keep_up_new_links(conn: sqlite3.Connection, new_links: str) -> None:
    """The scope rows and question order of links just inserted with ``bulk`` on (a merge
    bringing thousands): ``new_links`` selects their ``evidence_id, question_id``."""
    # CROSS JOIN keeps SQLite starting from the new links: left to itself it walked every
    # link of every question and measured three times slower at 25,000 new links.
    conn.execute(
        "INSERT INTO main.evidence_scope (question_id, evidence_id, links)"
        f" SELECT s.ancestor_id, n.evidence_id, count(*) FROM ({new_links}) n"
        " CROSS JOIN main.evidence_question eq ON eq.evidence_id = n.evidence_id"
        " AND eq.question_id = n.question_id"
        f" CROSS JOIN ({SCOPE_OF_QUESTION}) s ON s.question_id = n.question_id"
        " WHERE eq.deleted_at IS NULL GROUP BY s.ancestor_id, n.evidence_id"
        " ON CONFLICT (question_id, evidence_id) DO UPDATE SET links = links + excluded.links"
    )
    conn.execute(
        "UPDATE main.evidence SET question_order = (SELECT min(q.position)"
        " FROM main.evidence_question eq JOIN main.question q ON q.id = eq.question_id"
        " WHERE eq.evidence_id = evidence.id AND eq.deleted_at IS NULL)"
        f" WHERE id IN (SELECT evidence_id FROM ({new_links}))"
    )
