"""Reading and writing the inspection's indicators ("force in numbers").

Indicators are few (tens, at most a few thousand in a very full data return), so
the list is read whole; everything else about them — the questions each bears
on, the evidence made from it — is found in SQL. Every write is one transaction
whose changes the schema's triggers record in the history. Correcting a value
corrects the summary of the evidence item made from the indicator in the same
transaction, so the item never states a figure the file no longer holds.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from typing import Iterable, Sequence

from models.framework import Framework
from models.indicators.indicator import (
    Better,
    Indicator,
    IndicatorUnit,
    SeriesPoint,
    evidence_summary,
)
from models.records import Evidence, new_id, utc_now
from models.stored_values.rules import require_valid, without_nul
from models.vocabulary import Assessment, SourceType
from storage.file.database import InspectionDatabase
from storage.repositories.evidence_repository import EvidenceRepository

_COLUMNS = (
    "id, name, group_name, unit, force_value, comparator_value, comparator_name, period,"
    " source, better, series, question_ids, note, threshold, evidence_id, position,"
    " created_at, updated_at, deleted_at"
)
_DATA = _COLUMNS.split(", ")[1:15]


class IndicatorRepository:
    """The indicators of one inspection file."""

    def __init__(self, db: InspectionDatabase, framework: Framework, evidence: EvidenceRepository):
        self.db = db
        self.framework = framework
        self.evidence = evidence
        self._code_of = {q.id: q.code for q in framework.questions}

    # -- reading -------------------------------------------------------------------
    def all(self, *, include_deleted: bool = False) -> list[Indicator]:
        """The live indicators in the order they were given (a data return's order)."""
        where = "" if include_deleted else " WHERE deleted_at IS NULL"
        rows = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM indicator{where} ORDER BY position, name, period, id"
        )
        return [self._indicator(r) for r in rows]

    def get(self, indicator_id: str) -> Indicator:
        row = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM indicator WHERE id = ?", [indicator_id]
        ).fetchone()
        if row is None:
            raise KeyError(indicator_id)
        return self._indicator(row)

    def count(self) -> int:
        return int(
            self.db.conn.execute(
                "SELECT count(*) FROM indicator WHERE deleted_at IS NULL"
            ).fetchone()[0]
        )

    def for_question(self, code: str) -> list[Indicator]:
        """The live indicators that bear on the question ``code`` itself."""
        if not self.framework.has_question(code):
            return []
        question_id = self.framework.question(code).id
        rows = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM indicator i WHERE deleted_at IS NULL AND EXISTS"
            " (SELECT 1 FROM json_each(i.question_ids) j WHERE j.value = ?)"
            " ORDER BY position, name, period, id",
            [question_id],
        )
        return [self._indicator(r) for r in rows]

    def for_evidence(self, evidence_id: str) -> Indicator | None:
        """The live indicator an evidence item was made from, if any."""
        row = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM indicator WHERE evidence_id = ? AND deleted_at IS NULL"
            " ORDER BY position LIMIT 1",
            [evidence_id],
        ).fetchone()
        return None if row is None else self._indicator(row)

    # -- writing -------------------------------------------------------------------
    def add(self, indicator: Indicator) -> Indicator:
        with self.db.transaction() as conn:
            return self.insert_in(conn, [indicator])[0]

    def insert_in(
        self, conn: sqlite3.Connection, indicators: Iterable[Indicator]
    ) -> list[Indicator]:
        """New indicators, after the last one, inside a transaction the caller holds."""
        now = utc_now()
        last = conn.execute("SELECT coalesce(max(position), -1) FROM indicator").fetchone()[0]
        stored = []
        for offset, indicator in enumerate(indicators, start=1):
            ind = replace(
                self._normalised(indicator),
                id=indicator.id or new_id(),
                position=int(last) + offset,
                created_at=now,
                updated_at=now,
                deleted_at=None,
            )
            values = self._values(ind)
            conn.execute(
                f"INSERT INTO indicator ({_COLUMNS}) VALUES ({', '.join('?' * 19)})",
                [ind.id, *values, ind.position, now, now, None],
            )
            stored.append(ind)
        return stored

    def update(self, indicator: Indicator) -> Indicator:
        """Save every field of an indicator (and its evidence item's summary)."""
        with self.db.transaction() as conn:
            return self.update_in(conn, indicator)

    def update_in(self, conn: sqlite3.Connection, indicator: Indicator) -> Indicator:
        """:meth:`update` inside a transaction the caller holds."""
        old = self.get(indicator.id)
        new = replace(self._normalised(indicator), position=old.position)
        values = self._values(new)
        if values == self._values(old):
            return old
        now = utc_now()
        conn.execute(
            f"UPDATE indicator SET {', '.join(f'{c} = ?' for c in _DATA)}, updated_at = ?"
            " WHERE id = ?",
            [*values, now, new.id],
        )
        if new.evidence_id and new.evidence_id == old.evidence_id:
            self._follow(conn, old, new)
        return self.get(new.id)

    def set_deleted(self, indicator_ids: Sequence[str], deleted: bool) -> None:
        """Delete or bring back indicators as one step (the evidence made from them stays)."""
        now = utc_now()
        with self.db.transaction() as conn:
            for indicator_id in indicator_ids:
                conn.execute(
                    "UPDATE indicator SET deleted_at = ?, updated_at = ? WHERE id = ?"
                    " AND (deleted_at IS NULL) = ?",
                    [now if deleted else None, now, indicator_id, int(deleted)],
                )

    def put_back(self, versions: Sequence[Indicator], deleted_ids: Sequence[str] = ()) -> None:
        """Make ``versions`` the current ones (live) and delete ``deleted_ids``, as one step:
        an undo or redo of a correction or an import."""
        now = utc_now()
        with self.db.transaction() as conn:
            for version in versions:
                self.update_in(conn, version)
                conn.execute(
                    "UPDATE indicator SET deleted_at = NULL, updated_at = ? WHERE id = ?"
                    " AND deleted_at IS NOT NULL",
                    [now, version.id],
                )
            for indicator_id in deleted_ids:
                conn.execute(
                    "UPDATE indicator SET deleted_at = ?, updated_at = ? WHERE id = ?"
                    " AND deleted_at IS NULL",
                    [now, now, indicator_id],
                )

    # -- evidence ------------------------------------------------------------------
    def make_evidence(self, indicator_ids: Sequence[str], author: str) -> list[Evidence]:
        """One *data return* evidence item per indicator, linked to its questions and
        stating force against comparator, in one transaction. An indicator that has a
        live item already keeps it (nothing is made twice)."""
        force = self.db.conn.execute("SELECT force FROM inspection LIMIT 1").fetchone()[0]
        made: list[Evidence] = []
        with self.db.transaction(reason="Made evidence from indicators") as conn:
            for indicator_id in indicator_ids:
                ind = self.get(indicator_id)
                if ind.deleted_at is not None or self._live_evidence(conn, ind.evidence_id):
                    continue
                item = Evidence(
                    source_type=SourceType.DATA_RETURN,
                    location=ind.source,
                    summary=evidence_summary(ind, str(force or "")),
                    notes=ind.note,
                    assessment=Assessment(ind.assessment_hint),
                    author=author,
                    question_codes=ind.question_codes,
                )
                stored = self.evidence.insert_many(conn, [item])[0]
                conn.execute(
                    "UPDATE indicator SET evidence_id = ?, updated_at = ? WHERE id = ?",
                    [stored.id, utc_now(), ind.id],
                )
                made.append(stored)
        return made

    def set_evidence_made(self, links: dict[str, str], made: bool) -> None:
        """Undo or redo :meth:`make_evidence` as one step: the items (``links`` maps each
        indicator to the item made from it) deleted and the indicators back to having
        none, or the items brought back and linked again."""
        now = utc_now()
        with self.db.transaction() as conn:
            for indicator_id, evidence_id in links.items():
                conn.execute(
                    "UPDATE evidence SET deleted_at = ?, updated_at = ? WHERE id = ?"
                    " AND (deleted_at IS NULL) = ?",
                    [None if made else now, now, evidence_id, int(not made)],
                )
                linked = evidence_id if made else None
                conn.execute(
                    "UPDATE indicator SET evidence_id = ?, updated_at = ? WHERE id = ?"
                    " AND evidence_id IS NOT ?",
                    [linked, now, indicator_id, linked],
                )

    @staticmethod
    def _live_evidence(conn: sqlite3.Connection, evidence_id: str | None) -> bool:
        return evidence_id is not None and bool(
            conn.execute(
                "SELECT 1 FROM evidence WHERE id = ? AND deleted_at IS NULL", [evidence_id]
            ).fetchone()
        )

    def _follow(self, conn: sqlite3.Connection, old: Indicator, new: Indicator) -> None:
        """The item made from an indicator states its corrected figures: the sentence
        made from the old figures is replaced wherever it stands in the summary; a
        summary rewritten by hand so that it no longer holds it is left as written."""
        if not self._live_evidence(conn, new.evidence_id):
            return
        force = str(conn.execute("SELECT force FROM inspection LIMIT 1").fetchone()[0] or "")
        before, after = evidence_summary(old, force), evidence_summary(new, force)
        item = self.evidence.get(str(new.evidence_id))
        if before == after or before not in item.summary:
            return
        self.evidence.update_in(conn, replace(item, summary=item.summary.replace(before, after)))

    # -- rows ------------------------------------------------------------------------
    def _normalised(self, ind: Indicator) -> Indicator:
        for code in ind.question_codes:
            if not self.framework.has_question(code):
                raise ValueError(f"Question {code} is not in this inspection's framework.")
        codes = sorted(set(ind.question_codes), key=lambda c: self.framework.question(c).position)
        clean = replace(
            ind,
            name=" ".join(without_nul(ind.name).split()),
            group=" ".join(without_nul(ind.group).split()),
            comparator_name=" ".join(without_nul(ind.comparator_name).split()),
            period=" ".join(without_nul(ind.period).split()),
            source=without_nul(ind.source).strip(),
            note=without_nul(ind.note),
            question_codes=tuple(codes),
            force_value=float(ind.force_value),
            comparator_value=None if ind.comparator_value is None else float(ind.comparator_value),
            threshold=float(ind.threshold),
        )
        require_valid("indicator", dict(zip(_DATA, self._values(clean))))
        return clean

    def _values(self, ind: Indicator) -> list[object]:
        """The data columns of ``ind`` as stored, in ``_DATA`` order."""
        ids = [self.framework.question(c).id for c in ind.question_codes]
        series = [[p.period, p.force, p.comparator] for p in ind.series]
        return [
            ind.name,
            ind.group,
            IndicatorUnit(ind.unit).value,
            ind.force_value,
            ind.comparator_value,
            ind.comparator_name,
            ind.period,
            ind.source,
            Better(ind.better).value,
            json.dumps(series, ensure_ascii=False),
            json.dumps(ids),
            ind.note,
            ind.threshold,
            ind.evidence_id,
        ]

    def _indicator(self, row: Sequence) -> Indicator:
        series = tuple(
            SeriesPoint(str(p), float(f), None if c is None else float(c))
            for p, f, c in json.loads(row[10])
        )
        codes = tuple(self._code_of[q] for q in json.loads(row[11]) if q in self._code_of)
        return Indicator(
            id=row[0],
            name=row[1],
            group=row[2],
            unit=IndicatorUnit(row[3]),
            force_value=float(row[4]),
            comparator_value=None if row[5] is None else float(row[5]),
            comparator_name=row[6],
            period=row[7],
            source=row[8],
            better=Better(row[9]),
            series=series,
            question_codes=codes,
            note=row[12],
            threshold=float(row[13]),
            evidence_id=row[14],
            position=int(row[15]),
            created_at=row[16],
            updated_at=row[17],
            deleted_at=row[18],
        )
