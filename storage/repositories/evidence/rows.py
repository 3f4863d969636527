"""The shape of an evidence row: the columns read and written, and a row turned into an
:class:`Evidence` with its linked question codes (read for a whole page at once)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Sequence

from models.records import Evidence
from models.vocabulary import Assessment, SourceType

COLUMNS = (
    "id, ref, source_type, collected_on, location, participants, summary, notes,"
    " assessment, sensitive, author, created_at, updated_at, deleted_at"
)
#: :data:`COLUMNS` of ``evidence e``, for queries that join or alias the table.
ALIASED_COLUMNS = ", ".join("e." + c.strip() for c in COLUMNS.split(","))


def row_to_evidence(row: Sequence, codes: tuple[str, ...] = ()) -> Evidence:
    return Evidence(
        id=row[0],
        ref=row[1],
        source_type=SourceType(row[2]),
        collected_on=date.fromisoformat(row[3]) if row[3] else None,
        location=row[4],
        participants=tuple(json.loads(row[5] or "[]")),
        summary=row[6],
        notes=row[7],
        assessment=Assessment(row[8]),
        sensitive=bool(row[9]),
        author=row[10],
        question_codes=codes,
        created_at=row[11],
        updated_at=row[12],
        deleted_at=row[13],
    )


def row_values(e: Evidence) -> tuple:
    """An item's values in :data:`COLUMNS` order, as they are stored."""
    return (
        e.id,
        e.ref,
        e.source_type.value,
        e.collected_on.isoformat() if e.collected_on else None,
        e.location,
        json.dumps(list(e.participants), ensure_ascii=False),
        e.summary,
        e.notes,
        e.assessment.value,
        int(e.sensitive),
        e.author,
        e.created_at,
        e.updated_at,
        e.deleted_at,
    )


def codes_for(conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[str, ...]]:
    """Linked question codes, in framework order, for each of ``ids``."""
    result: dict[str, list[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for evidence_id, code in conn.execute(
            "SELECT eq.evidence_id, q.code FROM evidence_question eq JOIN question q"
            " ON q.id = eq.question_id WHERE eq.deleted_at IS NULL AND eq.evidence_id"
            f" IN ({','.join('?' * len(chunk))}) ORDER BY q.position",
            chunk,
        ):
            result.setdefault(evidence_id, []).append(code)
    return {k: tuple(v) for k, v in result.items()}
