"""What the evidence register reads: every live item in ref order, a batch at a time.

Each batch is one query answering one JSON document: the items' own values with
their linked question codes (in framework order), the names of their attached
files (in the order the app lists them) and the findings they support. SQLite
builds the document without Python's interpreter lock, so when the export reads
ahead on a thread of its own (:mod:`storage.workbooks.summary.read_ahead`) that
thread takes the lock once per batch instead of once per row and link: read row
by row, it waited for the lock at every row while the sheets were written, and
the register waited for it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from models.vocabulary import Assessment, SourceType

#: Items read in one query.
BATCH = 500

_SOURCE_LABELS = {s.value: s.label for s in SourceType}
_ASSESSMENT_LABELS = {a.value: a.label for a in Assessment}

_BATCH_QUERY = """
SELECT json_group_array(json_array(
    e.id, e.ref, e.collected_on, e.source_type, e.author, e.location,
    (SELECT group_concat(p.value, '; ') FROM json_each(e.participants) p),
    e.assessment, e.summary, e.notes, e.sensitive,
    json((SELECT json_group_array(code) FROM (
        SELECT q.code FROM evidence_question eq JOIN question q ON q.id = eq.question_id
        WHERE eq.evidence_id = e.id AND eq.deleted_at IS NULL ORDER BY q.position))),
    json((SELECT json_group_array(name) FROM (
        SELECT a.name FROM attachment a WHERE a.evidence_id = e.id AND a.deleted_at IS NULL
        ORDER BY a.name COLLATE NOCASE, a.created_at, a.id))),
    json((SELECT json_group_array(fe.finding_id) FROM finding_evidence fe
        JOIN finding f ON f.id = fe.finding_id
        WHERE fe.evidence_id = e.id AND fe.deleted_at IS NULL AND f.deleted_at IS NULL))
)), max(e.ref), count(*)
FROM (SELECT * FROM evidence e INDEXED BY evidence_by_ref
      WHERE e.deleted_at IS NULL AND e.ref > ? ORDER BY e.ref LIMIT ?) e
"""


class RegisterItem(NamedTuple):
    """One item as the register shows it, its lists already joined for a cell."""

    id: str
    ref: str
    collected_on: date | None
    source_type: str  # its label
    author: str
    location: str
    participants: str
    assessment: str  # its label
    summary: str
    notes: str
    sensitive: bool
    question_codes: str
    attachments: str
    finding_ids: list[str]


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:  # a crafted date is left out, as on the Finding evidence sheet
        return None


def _label(labels: dict[str, str], kind, value: str) -> str:
    label = labels.get(value)
    return label if label is not None else kind(value).label  # unknown: refused by the type


def _item(values: list) -> RegisterItem:
    (id_, ref, day, source, author, place, people, assessment, summary, notes, sensitive,
     codes, names, findings) = values  # fmt: skip
    return RegisterItem(
        id_,
        ref,
        _day(day),
        _label(_SOURCE_LABELS, SourceType, source),
        author or "",
        place or "",
        people or "",
        _label(_ASSESSMENT_LABELS, Assessment, assessment),
        summary or "",
        notes or "",
        bool(sensitive),
        ", ".join(codes),
        "; ".join(names),
        findings,
    )


def register_batches(conn: sqlite3.Connection) -> Iterator[list[RegisterItem]]:
    """Every live item in ref order, :data:`BATCH` at a time."""
    last = ""
    while True:
        document, last_ref, count = conn.execute(_BATCH_QUERY, [last, BATCH]).fetchone()
        if not count:
            return
        yield [_item(values) for values in json.loads(document)]
        last = last_ref
