"""Soft deletion: rows and many-to-many links that are marked deleted, never removed.

A link that is removed gets ``deleted_at``; adding it back revives the same
row. Links then merge as sets and a removal can travel between copies; the
same holds for evidence and findings (:func:`set_deleted`).
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

from models.records import utc_now

#: The link tables and their (owner column, member column).
LINK_TABLES = {
    "evidence_question": ("evidence_id", "question_id"),
    "finding_evidence": ("finding_id", "evidence_id"),
}


def set_deleted(conn: sqlite3.Connection, table: str, row_id: str, when: str | None) -> None:
    """Mark a row of ``table`` deleted at ``when``, or live again when ``None``."""
    if table not in ("evidence", "finding"):
        raise ValueError(f"{table} rows are not soft-deleted this way")
    cur = conn.execute(
        f"UPDATE {table} SET deleted_at = ?, updated_at = ? WHERE id = ?", [when, utc_now(), row_id]
    )
    if cur.rowcount != 1:
        raise KeyError(f"{table} {row_id} does not exist")


def set_links(
    conn: sqlite3.Connection, table: str, owner_id: str, wanted: Iterable[str], now: str
) -> None:
    """Make the live members of ``owner_id`` exactly ``wanted`` (inside a transaction)."""
    owner_col, member_col = LINK_TABLES[table]
    wanted = list(dict.fromkeys(wanted))
    existing = {
        member: deleted
        for member, deleted in conn.execute(
            f"SELECT {member_col}, deleted_at FROM {table} WHERE {owner_col} = ?", [owner_id]
        )
    }
    for member, deleted in existing.items():
        if member not in wanted and deleted is None:
            conn.execute(
                f"UPDATE {table} SET deleted_at = ?, updated_at = ? "
                f"WHERE {owner_col} = ? AND {member_col} = ?",
                [now, now, owner_id, member],
            )
    for member in wanted:
        if member not in existing:
            conn.execute(
                f"INSERT INTO {table} ({owner_col}, {member_col}, created_at, updated_at)"
                " VALUES (?, ?, ?, ?)",
                [owner_id, member, now, now],
            )
        elif existing[member] is not None:
            conn.execute(
                f"UPDATE {table} SET deleted_at = NULL, updated_at = ? "
                f"WHERE {owner_col} = ? AND {member_col} = ?",
                [now, owner_id, member],
            )
