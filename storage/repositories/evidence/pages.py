"""Reading evidence: one item, items by ref, and the evidence list's pages, counts and
row positions, filtered, searched and sorted in SQL.

A page of rows fetches its linked question codes with one extra query, never one per
row; counting answers the common cases from indexes alone.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from models.evidence.query import EvidenceMarks, EvidenceQuery, EvidenceSort, fts_match_expression
from models.framework import Framework
from models.records import Evidence, format_finding_ref, parse_finding_ref
from storage.file.database import InspectionDatabase
from storage.repositories.evidence.rows import ALIASED_COLUMNS, COLUMNS, codes_for, row_to_evidence
from storage.repositories.evidence_marks import USED as _USED
from storage.repositories.evidence_marks import evidence_marks

# Sort keys never NULL, so ordering and row positions (see ``position_of``) agree.
_SORT_SQL = {
    EvidenceSort.REF: "e.ref",
    EvidenceSort.DATE: "ifnull(e.collected_on, '')",
    EvidenceSort.SOURCE: "e.source_type",
    EvidenceSort.SUMMARY: "e.summary COLLATE NOCASE",
    EvidenceSort.ASSESSMENT: "e.assessment",
    EvidenceSort.AUTHOR: "e.author",
    EvidenceSort.QUESTIONS: "ifnull(e.question_order, -1)",  # kept by triggers (m007)
}


#: Items whose words match a search, whose ref is what was typed, or that back the
#: finding whose ref was typed (``F12``: the evidence to quote for it) (rowids).
_TEXT_MATCHES = (
    "SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ?"
    " UNION ALL SELECT rowid FROM evidence WHERE ref = ?"
    " UNION ALL SELECT e.rowid FROM finding f INDEXED BY finding_by_ref"
    " JOIN finding_evidence fe ON fe.finding_id = f.id AND fe.deleted_at IS NULL"
    " JOIN evidence e ON e.id = fe.evidence_id WHERE f.ref = ? AND f.deleted_at IS NULL"
)


def _text_params(match: str, text: str) -> list:
    """The parameters of :data:`_TEXT_MATCHES` for a search typed as ``text``."""
    number = parse_finding_ref(text)
    finding_ref = format_finding_ref(number) if number is not None else None
    return [match, text.strip().upper(), finding_ref]


#: A list of at least this many items is read by walking the sort order.
LARGE_SCOPE = 2000


class EvidencePages:
    """The listing part of the evidence repository (see its module)."""

    db: InspectionDatabase
    framework: Framework

    def get(self, evidence_id: str) -> Evidence:
        row = self.db.conn.execute(
            f"SELECT {COLUMNS} FROM evidence WHERE id = ?", [evidence_id]
        ).fetchone()
        if row is None:
            raise KeyError(f"evidence {evidence_id} does not exist")
        return row_to_evidence(row, codes_for(self.db.conn, [evidence_id]).get(evidence_id, ()))

    def find_by_refs(self, refs: Sequence[str]) -> dict[str, Evidence]:
        """The items holding any of ``refs``, deleted ones included, by ref."""
        found: dict[str, Evidence] = {}
        refs = list(dict.fromkeys(refs))
        for start in range(0, len(refs), 500):
            chunk = refs[start : start + 500]
            rows = self.db.conn.execute(
                f"SELECT {COLUMNS} FROM evidence WHERE ref IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            codes = codes_for(self.db.conn, [r[0] for r in rows])
            found.update((r[1], row_to_evidence(r, codes.get(r[0], ()))) for r in rows)
        return found

    def _where(self, query: EvidenceQuery, walk: bool = False) -> tuple[str, list]:
        """SQL conditions on ``evidence e`` for ``query``.

        A question's scope and a search can each be written two ways: ``walk``
        checks each item met in sort order against them (best when many items
        match, so a page fills quickly); otherwise the matching items are listed
        first and then sorted (best when few match).
        """
        clauses, params = ["e.deleted_at IS NULL"], []
        if query.question_code:
            q = self.framework.question(query.question_code)
            clauses.append(
                "EXISTS (SELECT 1 FROM evidence_scope s WHERE s.question_id = ?"
                " AND s.evidence_id = e.id)"
                if walk
                else "e.id IN (SELECT evidence_id FROM evidence_scope WHERE question_id = ?)"
            )
            params.append(q.id)
        if query.source_types:
            values = sorted(s.value for s in query.source_types)
            clauses.append(f"e.source_type IN ({','.join('?' * len(values))})")
            params += values
        if query.assessments:
            values = sorted(a.value for a in query.assessments)
            clauses.append(f"e.assessment IN ({','.join('?' * len(values))})")
            params += values
        if query.author:
            clauses.append("e.author = ?")
            params.append("".join(query.author.split()).upper())
        if query.unused_only:
            clauses.append(f"NOT {_USED}")
        match = fts_match_expression(query.text)
        if match:
            # "+" keeps SQLite from starting with the matches when walking: it then walks
            # the sort order and looks each item up among them.
            clauses.append(f"{'+' if walk else ''}e.rowid IN ({_TEXT_MATCHES})")
            params += _text_params(match, query.text)
        return " AND ".join(clauses), params

    def _scope_is_large(self, query: EvidenceQuery) -> bool:
        """Whether the query's question holds enough items that walking the list in
        sort order fills a page sooner than listing the question's items first."""
        if not query.question_code:
            return False
        q = self.framework.question(query.question_code)
        return (
            self.db.scalar(
                "SELECT count(*) FROM (SELECT 1 FROM evidence_scope WHERE question_id = ? LIMIT ?)",
                [q.id, LARGE_SCOPE],
            )
            >= LARGE_SCOPE
        )

    def count(self, query: EvidenceQuery = EvidenceQuery()) -> int:
        """How many live items match ``query``.

        The common cases are answered from indexes alone (an item's row holds
        its notes, so reading rows is what makes counting slow): everything,
        a question's items, and a search on its own.
        """
        filtered = bool(
            query.source_types or query.assessments or query.author or query.unused_only
        )
        match = fts_match_expression(query.text)
        deleted = "SELECT rowid FROM evidence WHERE deleted_at IS NOT NULL"
        if query.question_code and not (match or filtered):
            q = self.framework.question(query.question_code)
            return self.db.scalar(
                "SELECT count(*) FROM evidence_scope s WHERE s.question_id = ? AND"
                " s.evidence_id NOT IN (SELECT id FROM evidence WHERE deleted_at IS NOT NULL)",
                [q.id],
            )
        if match and not (query.question_code or filtered):
            return self.db.scalar(
                f"SELECT count(DISTINCT rowid) FROM ({_TEXT_MATCHES}) WHERE rowid NOT IN"
                f" ({deleted})",
                _text_params(match, query.text),
            )
        where, params = self._where(query)
        # Every condition can be answered from evidence_live without reading items.
        return self.db.scalar(
            f"SELECT count(*) FROM evidence e INDEXED BY evidence_live WHERE {where}", params
        )

    def page(
        self,
        query: EvidenceQuery = EvidenceQuery(),
        offset: int = 0,
        limit: int = 200,
        total: int | None = None,
    ) -> list[Evidence]:
        """One page of live evidence matching ``query``, in its sort order.

        With ``total`` (the query's count), a page past the middle is read from
        the other end of the list, so the last page costs what the first does.
        """
        reverse = False
        if total is not None and total // 2 < offset < total:
            reverse = True
            limit = min(limit, total - offset)
            offset = total - offset - limit
        walk = total >= LARGE_SCOPE if total is not None else self._scope_is_large(query)
        where, params = self._where(query, walk=walk)
        direction = "DESC" if query.descending != reverse else "ASC"
        key = _SORT_SQL[query.sort]
        order = (
            f"{key} {direction}"
            if query.sort is EvidenceSort.REF
            else f"{key} {direction}, e.ref {direction}"
        )
        cols = ALIASED_COLUMNS
        if walk:
            sql = f"SELECT {cols} FROM evidence e WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
        else:
            # Few match: pick and sort them in evidence_live (no item is read for that),
            # then read only the page's items.
            sql = (
                f"SELECT {cols} FROM evidence e WHERE e.rowid IN (SELECT e.rowid FROM"
                f" evidence e INDEXED BY evidence_live WHERE {where} ORDER BY {order}"
                f" LIMIT ? OFFSET ?) ORDER BY {order}"
            )
        rows = self.db.conn.execute(sql, params + [limit, offset]).fetchall()
        if reverse:
            rows.reverse()
        codes = codes_for(self.db.conn, [r[0] for r in rows])
        return [row_to_evidence(r, codes.get(r[0], ())) for r in rows]

    def position_of(self, query: EvidenceQuery, evidence_id: str) -> int | None:
        """Row number of an item in the list ``query`` describes; ``None`` when not in it."""
        where, params = self._where(query)
        key = _SORT_SQL[query.sort]
        row = self.db.conn.execute(
            f"SELECT {key}, e.ref FROM evidence e WHERE {where} AND e.id = ?",
            params + [evidence_id],
        ).fetchone()
        if row is None:
            return None
        before = ">" if query.descending else "<"
        if query.sort is EvidenceSort.REF:
            return self.db.scalar(
                f"SELECT count(*) FROM evidence e WHERE {where} AND e.ref {before} ?",
                params + [row[1]],
            )
        # Spelled out with a bound on the key rather than as a row value, so SQLite
        # searches the sort's index up to the item instead of reading every item
        # (milliseconds rather than a third of a second at 100,000 items).
        return self.db.scalar(
            f"SELECT count(*) FROM evidence e WHERE {where} AND {key} {before}= ?"
            f" AND ({key} {before} ? OR e.ref {before} ?)",
            params + [row[0], row[0], row[1]],
        )

    def marks(self, ids: Sequence[str]) -> dict[str, EvidenceMarks]:
        """How many live findings and files each of ``ids`` has (see evidence_marks)."""
        return evidence_marks(self.db.conn, ids)

    def iter_all(self, batch: int = 1000) -> Iterator[Evidence]:
        """Every live item in ref order, fetched in keyset-paged batches."""
        last = ""
        cols = ALIASED_COLUMNS
        while True:
            rows = self.db.conn.execute(
                f"SELECT {cols} FROM evidence e WHERE e.deleted_at IS NULL AND e.ref > ?"
                " ORDER BY e.ref LIMIT ?",
                [last, batch],
            ).fetchall()
            if not rows:
                return
            codes = codes_for(self.db.conn, [r[0] for r in rows])
            yield from (row_to_evidence(r, codes.get(r[0], ())) for r in rows)
            last = rows[-1][1]
