"""Evidence items: create, edit, soft-delete, and paged, filtered, sorted listing.

Filtering, searching, sorting and counting all happen in SQL; a page of rows
fetches its linked question codes with one extra query, never one per row.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date
from typing import Iterable, Sequence

from models.evidence_query import EvidenceMarks, EvidenceQuery, EvidenceSort, fts_match_expression
from models.framework import Framework
from models.records import (
    Evidence,
    EvidenceCounts,
    format_ref,
    new_id,
    normalise_initials,
    parse_ref,
    utc_now,
)
from models.row_rules import require_valid, without_nul
from models.vocabulary import Assessment, SourceType
from storage.file.database import InspectionDatabase
from storage.repositories.evidence_bulk import insert_new_evidence
from storage.repositories.evidence_marks import USED as _USED
from storage.repositories.evidence_marks import evidence_marks
from storage.repositories.soft_delete import set_deleted, set_links

_COLUMNS = (
    "id, ref, source_type, collected_on, location, participants, summary, notes,"
    " assessment, sensitive, author, created_at, updated_at, deleted_at"
)

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


def _row_to_evidence(row: Sequence, codes: tuple[str, ...] = ()) -> Evidence:
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


def _counts(by_assessment: dict[str, int]) -> EvidenceCounts:
    return EvidenceCounts(
        positive=by_assessment.get("positive", 0),
        negative=by_assessment.get("negative", 0),
        neutral=by_assessment.get("neutral", 0),
    )


#: Items whose words match a search, or whose ref is what was typed (rowids).
_TEXT_MATCHES = (
    "SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ?"
    " UNION ALL SELECT rowid FROM evidence WHERE ref = ?"
)
#: A list of at least this many items is read by walking the sort order.
LARGE_SCOPE = 2000


class EvidenceRepository:
    """All reads and writes of evidence and its links to questions."""

    def __init__(self, db: InspectionDatabase, framework: Framework):
        self.db = db
        self.framework = framework

    # -- writing -----------------------------------------------------------
    def add(self, evidence: Evidence) -> Evidence:
        """Insert a new item; gives it the author's next ref when it has none."""
        return self.add_many([evidence])[0]

    def add_many(self, items: Iterable[Evidence]) -> list[Evidence]:
        """Insert several new items in one transaction (all or none), as stored.

        Refs are handed out per author in order, after the highest ref each
        author already has (in the file or among the explicit refs given).
        """
        checked = self._checked(items)
        with self.db.transaction() as conn:
            return self._insert(conn, *checked)

    def insert_many(self, conn: sqlite3.Connection, items: Iterable[Evidence]) -> list[Evidence]:
        """:meth:`add_many` inside a transaction the caller holds, for an action that
        writes more than evidence (an import records where its rows came from)."""
        return self._insert(conn, *self._checked(items))

    def _checked(self, items: Iterable[Evidence]) -> tuple[list[Evidence], list[str]]:
        items = [self._normalised(e) for e in items]
        explicit = [e.ref for e in items if e.ref]
        for ref in explicit:
            if parse_ref(ref) is None:
                raise ValueError(f"'{ref}' is not a valid reference (like JS-0042).")
        repeated = (
            {r for r in explicit if explicit.count(r) > 1}
            if len(set(explicit)) != len(explicit)
            else set()
        )
        if repeated:
            raise ValueError(f"Reference {sorted(repeated)[0]} is given twice.")
        return items, explicit

    def _insert(
        self, conn: sqlite3.Connection, items: list[Evidence], explicit: list[str]
    ) -> list[Evidence]:
        stored: list[Evidence] = []
        self._refuse_used_refs(conn, explicit)
        now = utc_now()
        highest: dict[str, int] = {}
        for ref in explicit:
            author, number = parse_ref(ref)
            highest[author] = max(highest.get(author, 0), number)
        checked: set[str] = set()
        for e in items:
            if not e.ref:
                if e.author not in checked:
                    checked.add(e.author)
                    highest[e.author] = max(
                        highest.get(e.author, 0), self._highest_number(conn, e.author)
                    )
                highest[e.author] += 1
                e = replace(e, ref=format_ref(e.author, highest[e.author]))
            stored.append(
                replace(e, id=e.id or new_id(), created_at=now, updated_at=now, deleted_at=None)
            )
        insert_new_evidence(
            conn,
            _COLUMNS + ", question_order",
            [self._values(e) + (self._first_position(e.question_codes),) for e in stored],
            [(e.id, qid, now, now) for e in stored for qid in self._question_ids(e.question_codes)],
        )
        return stored

    @staticmethod
    def _refuse_used_refs(conn: sqlite3.Connection, refs: list[str]) -> None:
        for start in range(0, len(refs), 500):
            chunk = refs[start : start + 500]
            used = conn.execute(
                f"SELECT ref FROM evidence WHERE ref IN ({','.join('?' * len(chunk))}) LIMIT 1",
                chunk,
            ).fetchone()
            if used:
                raise ValueError(f"Reference {used[0]} is already used in this inspection.")

    def update(self, evidence: Evidence) -> Evidence:
        """Save every field and the question links of an existing item."""
        evidence = self._normalised(evidence)
        with self.db.transaction() as conn:
            return self._update(conn, evidence)

    def update_in(self, conn: sqlite3.Connection, evidence: Evidence) -> Evidence:
        """:meth:`update` inside a transaction the caller holds."""
        return self._update(conn, self._normalised(evidence))

    def _update(self, conn: sqlite3.Connection, evidence: Evidence) -> Evidence:
        now = utc_now()
        fields = self._values(evidence)[2:11]
        stored = conn.execute(
            "SELECT source_type, collected_on, location, participants, summary, notes,"
            " assessment, sensitive, author, updated_at FROM evidence WHERE id = ?",
            [evidence.id],
        ).fetchone()
        if stored is None:
            raise KeyError(f"evidence {evidence.id} does not exist")
        # Only a change to the item itself gives it a new time; a change of its question
        # links alone is stamped on the links, so a copy that only relinked an item does
        # not look, when merged, as if it had rewritten the item.
        changed = tuple(stored[:9]) != fields
        if changed:
            conn.execute(
                "UPDATE evidence SET source_type=?, collected_on=?, location=?, participants=?,"
                " summary=?, notes=?, assessment=?, sensitive=?, author=?, updated_at=?"
                " WHERE id=?",
                fields + (now, evidence.id),
            )
        evidence = replace(evidence, updated_at=now if changed else stored[9])
        set_links(
            conn, "evidence_question", evidence.id, self._question_ids(evidence.question_codes), now
        )
        return evidence

    def delete(self, evidence_id: str) -> None:
        """Soft-delete: the item disappears from every list but can be restored."""
        self._set_deleted(evidence_id, utc_now())

    def restore(self, evidence_id: str) -> None:
        self._set_deleted(evidence_id, None)

    def _set_deleted(self, evidence_id: str, when: str | None) -> None:
        with self.db.transaction() as conn:
            set_deleted(conn, "evidence", evidence_id, when)

    def _normalised(self, evidence: Evidence) -> Evidence:
        """The record exactly as it will be stored; refuses unknown question codes."""
        for code in evidence.question_codes:
            if not self.framework.has_question(code):
                raise ValueError(f"Question {code} is not in this inspection's framework.")
        codes = sorted(
            set(evidence.question_codes), key=lambda c: self.framework.question(c).position
        )
        roles = (without_nul(p).strip() for p in evidence.participants)
        normalised = replace(
            evidence,
            author=normalise_initials(evidence.author),
            location=without_nul(evidence.location).strip(),
            question_codes=tuple(codes),
            participants=tuple(r for r in roles if r),
            summary=without_nul(evidence.summary),
            notes=without_nul(evidence.notes),
        )
        # The same rules a copy from elsewhere is held to when it is merged.
        require_valid(
            "evidence",
            {
                "location": normalised.location,
                "summary": normalised.summary,
                "notes": normalised.notes,
                "participants": json.dumps(list(normalised.participants), ensure_ascii=False),
            },
        )
        return normalised

    def _first_position(self, codes: Sequence[str]) -> int | None:
        """The framework position of the first of ``codes`` (the Questions sort key)."""
        return min((self.framework.question(c).position for c in codes), default=None)

    def _question_ids(self, codes: Sequence[str]) -> list[str]:
        return [self.framework.question(c).id for c in codes]

    @staticmethod
    def _values(e: Evidence) -> tuple:
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

    @staticmethod
    def _highest_number(conn: sqlite3.Connection, author: str) -> int:
        """The highest ref number ``author`` has used (deleted items included)."""
        # A range on the unique ref index: refs of one author sort between
        # "JS-" and "JS." ("." follows "-" in ASCII).
        highest = conn.execute(
            "SELECT max(CAST(substr(ref, ?) AS INTEGER)) FROM evidence WHERE ref >= ? AND ref < ?",
            [len(author) + 2, author + "-", author + "."],
        ).fetchone()[0]
        return highest or 0

    def next_ref(self, author: str) -> str:
        """The ref the next item by ``author`` would get."""
        author = normalise_initials(author)
        return format_ref(author, self._highest_number(self.db.conn, author) + 1)

    # -- reading -----------------------------------------------------------
    def get(self, evidence_id: str) -> Evidence:
        row = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM evidence WHERE id = ?", [evidence_id]
        ).fetchone()
        if row is None:
            raise KeyError(f"evidence {evidence_id} does not exist")
        return _row_to_evidence(row, self._codes_for([evidence_id]).get(evidence_id, ()))

    def id_for_ref(self, ref: str) -> str | None:
        return self.db.scalar("SELECT id FROM evidence WHERE ref = ? AND deleted_at IS NULL", [ref])

    def find_by_refs(self, refs: Sequence[str]) -> dict[str, Evidence]:
        """The items holding any of ``refs``, deleted ones included, by ref."""
        found: dict[str, Evidence] = {}
        refs = list(dict.fromkeys(refs))
        for start in range(0, len(refs), 500):
            chunk = refs[start : start + 500]
            rows = self.db.conn.execute(
                f"SELECT {_COLUMNS} FROM evidence WHERE ref IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            codes = self._codes_for([r[0] for r in rows])
            found.update((r[1], _row_to_evidence(r, codes.get(r[0], ()))) for r in rows)
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
            params += [match, query.text.strip().upper()]
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
                [match, query.text.strip().upper()],
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
        reverse = total is not None and offset > total // 2 and offset < total
        if reverse:
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
        cols = ", ".join("e." + c.strip() for c in _COLUMNS.split(","))
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
        codes = self._codes_for([r[0] for r in rows])
        return [_row_to_evidence(r, codes.get(r[0], ())) for r in rows]

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
        return self.db.scalar(
            f"SELECT count(*) FROM evidence e WHERE {where} AND ({key}, e.ref) {before} (?, ?)",
            params + list(row),
        )

    def marks(self, ids: Sequence[str]) -> dict[str, EvidenceMarks]:
        """How many live findings and files each of ``ids`` has (see evidence_marks)."""
        return evidence_marks(self.db.conn, ids)

    def _codes_for(self, ids: list[str]) -> dict[str, tuple[str, ...]]:
        """Linked question codes, in framework order, for each of ``ids``."""
        result: dict[str, list[str]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for evidence_id, code in self.db.conn.execute(
                "SELECT eq.evidence_id, q.code FROM evidence_question eq JOIN question q"
                " ON q.id = eq.question_id WHERE eq.deleted_at IS NULL AND eq.evidence_id"
                f" IN ({','.join('?' * len(chunk))}) ORDER BY q.position",
                chunk,
            ):
                result.setdefault(evidence_id, []).append(code)
        return {k: tuple(v) for k, v in result.items()}

    def counts_by_question(self) -> dict[str, int]:
        """Live evidence per question, counting its sub-questions' evidence once each."""
        return {code: c.total for code, c in self.assessments_by_question().items()}

    def assessments_by_question(self) -> dict[str, EvidenceCounts]:
        """Live evidence per question and assessment, each item counted once per question
        however many of the question's sub-questions it is linked to.

        One pass over the links in item order, reading items only through the
        ``evidence_live`` index: each item adds one to every question its links
        fall under. At 100,000 items this is many times faster than a distinct
        count per subtree in SQL.
        """
        ancestors = self.framework.ancestor_codes()
        counts: dict[str, dict[str, int]] = {}
        current, assessment, under = None, "", set[str]()

        def add() -> None:
            for code in under:
                per = counts.setdefault(code, {})
                per[assessment] = per.get(assessment, 0) + 1

        rows = self.db.conn.execute(
            "SELECT eq.evidence_id, eq.question_id, e.assessment FROM evidence_question eq"
            " JOIN evidence e INDEXED BY evidence_live ON e.id = eq.evidence_id"
            " AND e.deleted_at IS NULL WHERE eq.deleted_at IS NULL ORDER BY eq.evidence_id"
        )
        for evidence_id, question_id, item_assessment in rows:
            if evidence_id != current:
                add()
                current, assessment, under = evidence_id, item_assessment, set()
            under |= ancestors.get(question_id, frozenset())
        add()
        return {code: _counts(per) for code, per in counts.items()}

    def coverage(self) -> dict[str, dict[SourceType, int]]:
        """Live evidence per question (its sub-questions' items counted once) by source type."""
        result: dict[str, dict[SourceType, int]] = {}
        for code, source, count in self.db.conn.execute(
            "SELECT q.code, e.source_type, count(DISTINCT e.id) FROM question q"
            " JOIN question d ON d.position BETWEEN q.position AND q.subtree_end"
            " JOIN evidence_question eq ON eq.question_id = d.id AND eq.deleted_at IS NULL"
            " JOIN evidence e ON e.id = eq.evidence_id AND e.deleted_at IS NULL"
            " GROUP BY q.code, e.source_type"
        ):
            result.setdefault(code, {})[SourceType(source)] = count
        return result

    def counts_by_source(self) -> dict[SourceType, int]:
        """Live evidence of the whole inspection by source type."""
        return {
            SourceType(s): n
            for s, n in self.db.conn.execute(
                "SELECT source_type, count(*) FROM evidence WHERE deleted_at IS NULL"
                " GROUP BY source_type"
            )
        }

    def assessment_counts(self, question_code: str | None = None) -> EvidenceCounts:
        """Live evidence by assessment, for a question subtree or the whole inspection."""
        if question_code is None:
            rows = self.db.conn.execute(
                "SELECT assessment, count(*) FROM evidence INDEXED BY evidence_by_assessment"
                " WHERE deleted_at IS NULL GROUP BY assessment"
            )
        else:
            rows = self.db.conn.execute(
                "SELECT e.assessment, count(*) FROM evidence_scope s JOIN evidence e"
                " INDEXED BY evidence_live ON e.id = s.evidence_id AND e.deleted_at IS NULL"
                " WHERE s.question_id = ? GROUP BY e.assessment",
                [self.framework.question(question_code).id],
            )
        return _counts(dict(rows.fetchall()))

    def sensitive_ids(self) -> set[str]:
        """Ids of every item that is, or ever was, marked sensitive, deleted ones included.

        What is withheld from an output is decided over all of them: a deleted
        item's notes are still in its history, and notes written while an item
        was marked sensitive stay sensitive after the mark is taken off.
        """
        return {
            i
            for (i,) in self.db.conn.execute(
                "SELECT id FROM evidence WHERE sensitive UNION SELECT entity_id FROM history"
                " WHERE entity = 'evidence' AND field = 'sensitive'"
                " AND (new_value IN (1, '1') OR old_value IN (1, '1'))"
            )
        }

    def authors(self) -> list[str]:
        return [
            a
            for (a,) in self.db.conn.execute(
                "SELECT DISTINCT author FROM evidence WHERE deleted_at IS NULL ORDER BY author"
            )
        ]

    def iter_all(self, batch: int = 1000):
        """Every live item in ref order, fetched in keyset-paged batches."""
        last = ""
        cols = ", ".join("e." + c.strip() for c in _COLUMNS.split(","))
        while True:
            rows = self.db.conn.execute(
                f"SELECT {cols} FROM evidence e WHERE e.deleted_at IS NULL AND e.ref > ?"
                " ORDER BY e.ref LIMIT ?",
                [last, batch],
            ).fetchall()
            if not rows:
                return
            codes = self._codes_for([r[0] for r in rows])
            yield from (_row_to_evidence(r, codes.get(r[0], ())) for r in rows)
            last = rows[-1][1]
