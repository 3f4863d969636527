"""What the workbook's traceability needs from the inspection file, read set-wise.

The Finding evidence sheet lists each finding's items a few findings at a
time and the register asks for the findings of one batch of items at a time.
Nothing here loads every item.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from models.vocabulary import Assessment, SourceType

#: Findings whose items are read in one query, and item ids in one IN list.
FINDINGS_PER_QUERY = 50
IDS_PER_QUERY = 500

_LIVE_LINK = "fe.deleted_at IS NULL AND f.deleted_at IS NULL AND e.deleted_at IS NULL"


@dataclass(frozen=True)
class SupportingItem:
    """One evidence item as the Finding evidence sheet shows it beside its finding."""

    id: str
    ref: str
    collected_on: date | None
    source_type: SourceType
    location: str
    summary: str
    assessment: Assessment


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def supporting_items(conn, finding_ids: Sequence[str]) -> Iterator[tuple[str, SupportingItem]]:
    """(finding id, item) for the live items behind each finding, in the order of
    ``finding_ids`` and then in ref order (the register's order)."""
    ids = list(finding_ids)
    for start in range(0, len(ids), FINDINGS_PER_QUERY):
        chunk = ids[start : start + FINDINGS_PER_QUERY]
        found: dict[str, list[SupportingItem]] = {}
        for finding_id, *row in conn.execute(
            "SELECT fe.finding_id, e.id, e.ref, e.collected_on, e.source_type, e.location,"
            " e.summary, e.assessment FROM finding_evidence fe"
            " JOIN finding f ON f.id = fe.finding_id"
            " JOIN evidence e ON e.id = fe.evidence_id"
            f" WHERE {_LIVE_LINK} AND fe.finding_id IN ({','.join('?' * len(chunk))})"
            " ORDER BY e.ref",
            chunk,
        ):
            item_id, ref, collected_on, source, place, summary, assessment = row
            found.setdefault(finding_id, []).append(
                SupportingItem(
                    item_id,
                    ref,
                    _day(collected_on),
                    SourceType(source),
                    place or "",
                    summary or "",
                    Assessment(assessment),
                )
            )
        for finding_id in chunk:
            for item in found.get(finding_id, ()):
                yield finding_id, item


def findings_of_items(conn, item_ids: Sequence[str]) -> dict[str, list[str]]:
    """The live findings each of ``item_ids`` supports (finding ids), for one batch."""
    result: dict[str, list[str]] = {}
    ids = list(item_ids)
    for start in range(0, len(ids), IDS_PER_QUERY):
        chunk = ids[start : start + IDS_PER_QUERY]
        for item_id, finding_id in conn.execute(
            "SELECT fe.evidence_id, fe.finding_id FROM finding_evidence fe"
            " JOIN finding f ON f.id = fe.finding_id"
            " WHERE fe.deleted_at IS NULL AND f.deleted_at IS NULL"
            f" AND fe.evidence_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            result.setdefault(item_id, []).append(finding_id)
    return result
