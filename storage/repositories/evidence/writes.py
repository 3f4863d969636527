"""Writing evidence: new items (one or many, with refs handed out per author), edits of
an item and its question links, and soft deletion.

Every write is one transaction; the ``…_in``/``insert_many`` forms run inside one the
caller holds, for an action that writes more than evidence.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from typing import Iterable, Sequence

from models.framework import Framework
from models.records import Evidence, format_ref, new_id, normalise_initials, parse_ref, utc_now
from models.stored_values.rules import require_valid, without_nul
from storage.file.database import InspectionDatabase
from storage.repositories.evidence.rows import COLUMNS, row_values
from storage.repositories.evidence_bulk import insert_new_evidence
from storage.repositories.soft_delete import set_deleted, set_links


class EvidenceWrites:
    """The writing part of the evidence repository (see its module)."""

    db: InspectionDatabase
    framework: Framework

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
            parsed = parse_ref(ref)
            if parsed is not None:  # always: ``_checked`` refused refs that do not parse
                author, number = parsed
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
            ref = e.ref or format_ref(e.author, highest[e.author])
            stored.append(
                replace(
                    e, ref=ref, id=e.id or new_id(), created_at=now, updated_at=now, deleted_at=None
                )
            )
        insert_new_evidence(
            conn,
            COLUMNS + ", question_order",
            [row_values(e) + (self._first_position(e.question_codes),) for e in stored],
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
        fields = row_values(evidence)[2:11]
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
