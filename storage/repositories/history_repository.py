"""Reading the change history: one item's, or the whole inspection's a page at a time.

History is only ever read here; rows are written by the schema's triggers and
cannot be changed. An inspection can hold hundreds of thousands of rows, so
the whole history is counted, filtered and paged in SQL (newest first) and
streamed for export, never loaded at once. Each entry carries what it was
made to (evidence ref, finding ref and statement, question code) as that item reads
now, deleted or not.
"""

from __future__ import annotations

from typing import Iterator

from models.history import HistoryEntry, HistoryFilter
from storage.file.database import InspectionDatabase

# Newest first; rowid keeps the order of rows written at the same moment (a
# judgment's creation and its first grade) and is in every index, so the
# time and actor indexes serve the ORDER BY without sorting.
_ORDER = "h.changed_at DESC, h.rowid DESC"

_SUBJECT = (
    "SELECT h.id, h.changed_at, h.actor, h.reason, h.entity, h.entity_id, h.action, h.field,"
    " h.old_value, h.new_value, h.related_id,"
    " CASE h.entity WHEN 'evidence' THEN ev.ref WHEN 'finding' THEN f.statement"
    " WHEN 'indicator' THEN ind.name || ' (' || ind.period || ')'"
    " WHEN 'checklist' THEN cl.title WHEN 'case_file' THEN cf.case_reference END,"
    " CASE h.entity WHEN 'finding' THEN fq.code WHEN 'judgment' THEN jq.code END, f.ref"
    " FROM {rows} h"
    " LEFT JOIN evidence ev ON h.entity = 'evidence' AND ev.id = h.entity_id"
    " LEFT JOIN finding f ON h.entity = 'finding' AND f.id = h.entity_id"
    " LEFT JOIN question fq ON fq.id = f.question_id"
    " LEFT JOIN judgment j ON h.entity = 'judgment' AND j.id = h.entity_id"
    " LEFT JOIN question jq ON jq.id = j.question_id"
    " LEFT JOIN indicator ind ON h.entity = 'indicator' AND ind.id = h.entity_id"
    " LEFT JOIN checklist cl ON h.entity = 'checklist' AND cl.id = h.entity_id"
    " LEFT JOIN case_file cf ON h.entity = 'case_file' AND cf.id = h.entity_id"
    f" ORDER BY {_ORDER}"
)


def _where(history_filter: HistoryFilter) -> tuple[str, list]:
    clauses, params = [], []
    if history_filter.actor is not None:
        clauses.append("h.actor = ?")
        params.append(history_filter.actor)
    start, end = history_filter.time_bounds()
    if start is not None:
        clauses.append("h.changed_at >= ?")
        params.append(start)
    if end is not None:
        clauses.append("h.changed_at < ?")
        params.append(end)
    if history_filter.entity is not None:
        clauses.append("h.entity = ?")
        params.append(history_filter.entity)
    if history_filter.entity_id is not None:
        clauses.append("(h.entity_id = ? OR h.related_id = ?)")
        params += [history_filter.entity_id, history_filter.entity_id]
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


class HistoryRepository:
    """Reads the append-only change history of one inspection file."""

    def __init__(self, db: InspectionDatabase):
        self.db = db

    def page(
        self,
        history_filter: HistoryFilter = HistoryFilter(),
        offset: int = 0,
        limit: int | None = 200,
    ) -> list[HistoryEntry]:
        """Entries matching the filter, newest first, ``limit`` from ``offset``."""
        where, params = _where(history_filter)
        # The page's rows are picked from the history alone, then joined to what
        # they describe: rows skipped by OFFSET are never joined.
        rows = (
            f"(SELECT h.rowid AS rowid, h.* FROM history h{where} ORDER BY {_ORDER}"
            " LIMIT ? OFFSET ?)"
        )
        params += [-1 if limit is None else limit, offset]
        return [
            HistoryEntry(*row) for row in self.db.conn.execute(_SUBJECT.format(rows=rows), params)
        ]

    def count(self, history_filter: HistoryFilter = HistoryFilter()) -> int:
        where, params = _where(history_filter)
        return self.db.conn.execute(f"SELECT count(*) FROM history h{where}", params).fetchone()[0]

    def iter_rows(
        self, history_filter: HistoryFilter = HistoryFilter(), batch: int = 1000
    ) -> Iterator[HistoryEntry]:
        """Every matching entry, newest first, read from one cursor as it is consumed."""
        where, params = _where(history_filter)
        rows = f"(SELECT h.rowid AS rowid, h.* FROM history h{where})"
        cursor = self.db.conn.execute(_SUBJECT.format(rows=rows), params)
        try:
            while chunk := cursor.fetchmany(batch):
                yield from (HistoryEntry(*row) for row in chunk)
        finally:
            cursor.close()

    def actors(self) -> list[str]:
        """The initials that appear in the history, in order.

        Steps from one initials to the next through the actor index, so the
        cost is per person, not per row.
        """
        return [
            actor
            for (actor,) in self.db.conn.execute(
                "WITH RECURSIVE a(actor) AS (SELECT min(actor) FROM history UNION ALL"
                " SELECT (SELECT min(actor) FROM history WHERE actor > a.actor) FROM a"
                " WHERE a.actor IS NOT NULL) SELECT actor FROM a WHERE actor IS NOT NULL"
            )
        ]

    def last_change(self, entity_id: str, field: str) -> HistoryEntry | None:
        """The newest change of one field of one item (why a judgment is a draft again)."""
        rows = (
            "(SELECT h.rowid AS rowid, h.* FROM history h WHERE h.entity_id = ?"
            f" AND h.action = 'changed' AND h.field = ? ORDER BY {_ORDER} LIMIT 1)"
        )
        row = self.db.conn.execute(_SUBJECT.format(rows=rows), [entity_id, field]).fetchone()
        return HistoryEntry(*row) if row else None
