"""What a row of the evidence list marks about an item: the findings it supports, its files.

Read for a page of rows at once (one query per 500 ids), each count answered from
the indexes on finding links and on attachments by item, never a query per row.
"""

from __future__ import annotations

import sqlite3
from typing import Sequence

from models.evidence.query import EvidenceMarks

#: Items that support a live finding (an SQL condition on ``evidence e``).
USED = (
    "EXISTS (SELECT 1 FROM finding_evidence fe JOIN finding f ON f.id = fe.finding_id"
    " AND f.deleted_at IS NULL WHERE fe.evidence_id = e.id AND fe.deleted_at IS NULL)"
)


def evidence_marks(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, EvidenceMarks]:
    """How many live findings and attached files each of ``ids`` has."""
    result: dict[str, EvidenceMarks] = {}
    ids = list(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for evidence_id, findings, attachments in conn.execute(
            "SELECT e.id, (SELECT count(*) FROM finding_evidence fe JOIN finding f"
            " ON f.id = fe.finding_id AND f.deleted_at IS NULL"
            " WHERE fe.evidence_id = e.id AND fe.deleted_at IS NULL),"
            " (SELECT count(*) FROM attachment a WHERE a.evidence_id = e.id"
            " AND a.deleted_at IS NULL) FROM evidence e WHERE e.id IN"
            f" ({','.join('?' * len(chunk))})",
            chunk,
        ):
            result[evidence_id] = EvidenceMarks(findings, attachments)
    return result
