"""Findings under questions and the evidence that supports each of them."""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from models.evidence.query import fts_match_expression
from models.framework import Framework
from models.records import (
    Finding,
    FindingBacking,
    format_finding_ref,
    new_id,
    parse_finding_ref,
    utc_now,
)
from models.sign_off import review_finding, sign_finding
from models.stored_values.rules import require_valid, without_nul
from models.vocabulary import FindingKind, SourceType
from storage.file.database import InspectionDatabase
from storage.repositories.finding_refs import next_finding_ref
from storage.repositories.soft_delete import set_deleted, set_links

_SELECT = (
    "SELECT f.id, q.code, f.kind, f.statement, f.recommendation, f.created_at,"
    " f.updated_at, f.deleted_at, f.prepared_by, f.prepared_at, f.reviewed_by, f.reviewed_at,"
    " f.ref FROM finding f JOIN question q ON q.id = f.question_id"
)
#: The sign-off columns, in the order the writes below give them.
_SIGN_OFF = ("prepared_by", "prepared_at", "reviewed_by", "reviewed_at")

# Causes of concern first, then areas for improvement, strengths, notable practice.
_KIND_ORDER = (
    "CASE f.kind "
    + " ".join(f"WHEN '{k.value}' THEN {i}" for i, k in enumerate(FindingKind))
    + " END"
)


class FindingRepository:
    """Reads and writes findings and finding↔evidence links."""

    def __init__(self, db: InspectionDatabase, framework: Framework):
        self.db = db
        self.framework = framework

    def add(self, finding: Finding) -> Finding:
        return self.add_many([finding])[0]

    def add_many(self, findings: Sequence[Finding]) -> list[Finding]:
        """Add new findings with their evidence, all in one transaction (all or none)."""
        checked = [(self._question(f), self._normalised(f)) for f in findings]
        stored = []
        with self.db.transaction() as conn:
            now = utc_now()
            for question, finding in checked:
                self._check_evidence(conn, finding.evidence_ids)
                finding = replace(
                    sign_finding(None, finding, self.db.actor, now),
                    id=finding.id or new_id(),
                    ref=next_finding_ref(conn),
                    created_at=now,
                    updated_at=now,
                    deleted_at=None,
                )
                conn.execute(
                    "INSERT INTO finding (id, ref, question_id, kind, statement,"
                    " recommendation, created_at, updated_at, prepared_by, prepared_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [
                        finding.id,
                        finding.ref,
                        question.id,
                        finding.kind.value,
                        finding.statement,
                        finding.recommendation,
                        now,
                        now,
                        finding.prepared_by,
                        finding.prepared_at,
                    ],
                )
                set_links(conn, "finding_evidence", finding.id, finding.evidence_ids, now)
                stored.append(finding)
        return stored

    def update(
        self, finding: Finding, *, as_recorded: bool = False, at: str | None = None
    ) -> Finding:
        """Save the finding's fields and make its evidence exactly ``evidence_ids``.

        The sign-off is worked out by ``models.sign_off`` with this file's actor as the
        one saving (a change takes a review away); ``as_recorded`` writes it exactly as
        ``finding`` holds it, as an undo or redo puts back a version saved before. ``at``
        is the time of the change when the caller has already stamped it (a sign-off).
        """
        question = self._question(finding)
        finding = self._normalised(finding)
        now = at or utc_now()
        if not as_recorded:
            finding = sign_finding(self.get(finding.id), finding, self.db.actor, now)
        sign_off = [getattr(finding, column) for column in _SIGN_OFF]
        require_valid("finding", dict(zip(_SIGN_OFF, sign_off)))
        with self.db.transaction() as conn:
            self._check_evidence(conn, finding.evidence_ids)
            fields = [question.id, finding.kind.value, finding.statement, finding.recommendation]
            stored = conn.execute(
                "SELECT question_id, kind, statement, recommendation, prepared_by, prepared_at,"
                " reviewed_by, reviewed_at, updated_at FROM finding WHERE id = ?",
                [finding.id],
            ).fetchone()
            if stored is None:
                raise KeyError(f"finding {finding.id} does not exist")
            # As for evidence: changing only the linked evidence leaves the finding's time
            # (unless it takes a review away).
            stamp = now if list(stored[:8]) != fields + sign_off else stored[8]
            if stamp == now:
                conn.execute(
                    "UPDATE finding SET question_id=?, kind=?, statement=?, recommendation=?,"
                    " prepared_by=?, prepared_at=?, reviewed_by=?, reviewed_at=?, updated_at=?"
                    " WHERE id=?",
                    fields + sign_off + [now, finding.id],
                )
            # ``evidence_ids`` lists live evidence only: links to items deleted for now are
            # kept as they are, so undoing an item's deletion brings its findings back too.
            resting = [
                i
                for (i,) in conn.execute(
                    "SELECT fe.evidence_id FROM finding_evidence fe JOIN evidence e"
                    " ON e.id = fe.evidence_id AND e.deleted_at IS NOT NULL"
                    " WHERE fe.finding_id = ? AND fe.deleted_at IS NULL",
                    [finding.id],
                )
            ]
            set_links(
                conn,
                "finding_evidence",
                finding.id,
                tuple(dict.fromkeys(finding.evidence_ids + tuple(resting))),
                now,
            )
        return replace(finding, updated_at=stamp)

    def sign_off(self, finding_id: str) -> Finding:
        """Mark the finding reviewed by this file's actor (refused for their own work in a
        team, or without initials); the finding as it is now stored."""
        finding = self.get(finding_id)
        if finding.reviewed:
            return finding  # signed off already: the first sign-off stands
        team = self.db.conn.execute(
            "SELECT count(*) FROM team_member WHERE deleted_at IS NULL"
        ).fetchone()[0]
        # One time for the sign-off and the change it is, not two a moment apart.
        when = utc_now()
        reviewed = review_finding(finding, self.db.actor, when, int(team))
        return self.update(reviewed, as_recorded=True, at=when)

    def take_back_sign_off(self, finding_id: str) -> Finding:
        """Make a reviewed finding a draft again (its preparer stays)."""
        finding = self.get(finding_id)
        return self.update(replace(finding, reviewed_by=None, reviewed_at=None), as_recorded=True)

    def delete(self, finding_id: str) -> None:
        self._set_deleted(finding_id, utc_now())

    def restore(self, finding_id: str) -> None:
        self._set_deleted(finding_id, None)

    def _set_deleted(self, finding_id: str, when: str | None) -> None:
        with self.db.transaction() as conn:
            set_deleted(conn, "finding", finding_id, when)

    @staticmethod
    def _check_evidence(conn, evidence_ids) -> None:
        """Refuse links to evidence that is not in this file."""
        ids = list(evidence_ids)
        known: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            known.update(
                i
                for (i,) in conn.execute(
                    f"SELECT id FROM evidence WHERE id IN ({','.join('?' * len(chunk))})", chunk
                )
            )
        missing = [i for i in ids if i not in known]
        if missing:
            raise ValueError(f"Evidence {', '.join(missing[:3])} is not in this inspection.")

    def _question(self, finding: Finding):
        if not self.framework.has_question(finding.question_code):
            raise ValueError(f"Question {finding.question_code} is not in this framework.")
        return self.framework.question(finding.question_code)

    @staticmethod
    def _normalised(finding: Finding) -> Finding:
        """The finding exactly as it will be stored (only causes of concern keep a
        recommendation; each piece of evidence counts once)."""
        normalised = replace(
            finding,
            statement=without_nul(finding.statement).strip(),
            recommendation=without_nul(finding.recommendation).strip()
            if finding.kind.needs_recommendation
            else "",
            evidence_ids=tuple(dict.fromkeys(finding.evidence_ids)),
        )
        require_valid(
            "finding",
            {"statement": normalised.statement, "recommendation": normalised.recommendation},
        )
        return normalised

    def get(self, finding_id: str) -> Finding:
        findings = self._load(f"{_SELECT} WHERE f.id = ?", [finding_id])
        if not findings:
            raise KeyError(f"finding {finding_id} does not exist")
        return findings[0]

    def for_question(self, code: str | None = None, matching: str = "") -> list[Finding]:
        """Live findings under ``code`` and its sub-questions (all when ``None``),
        in framework order, then by kind, then oldest first.

        ``matching`` narrows them to what a search box holds: the finding with that
        ref (``F12``, typed in any case) and findings whose statement or
        recommendation has every word typed (the last as the start of a word).
        """
        where = "f.deleted_at IS NULL"
        params: list[object] = []
        if code is not None:
            q = self.framework.question(code)
            where += " AND q.position BETWEEN ? AND ?"
            params = [q.position, q.subtree_end]
        number, words = parse_finding_ref(matching), fts_match_expression(matching)
        found = []
        if number is not None:
            found.append("f.ref = ?")
            params.append(format_finding_ref(number))
        if words is not None:
            found.append("f.rowid IN (SELECT rowid FROM finding_fts WHERE finding_fts MATCH ?)")
            params.append(words)
        if found:
            where += f" AND ({' OR '.join(found)})"
        return self._load(
            f"{_SELECT} WHERE {where} ORDER BY q.position, {_KIND_ORDER}, f.created_at, f.rowid",
            params,
        )

    def kinds_under(self, code: str) -> tuple[dict[FindingKind, tuple[str, ...]], int]:
        """The refs of the live findings under ``code`` and its sub-questions by kind (every
        kind listed, refs in number order), and how many have no live supporting evidence."""
        q = self.framework.question(code)
        kinds: dict[FindingKind, tuple[str, ...]] = {k: () for k in FindingKind}
        unsupported = 0
        for kind, refs, without in self.db.conn.execute(
            "SELECT f.kind, group_concat(f.ref, ' '), sum(NOT EXISTS (SELECT 1"
            " FROM finding_evidence fe JOIN evidence e INDEXED BY evidence_live"
            " ON e.id = fe.evidence_id AND e.deleted_at IS NULL WHERE fe.finding_id = f.id"
            " AND fe.deleted_at IS NULL)) FROM finding f JOIN question q"
            " ON q.id = f.question_id WHERE f.deleted_at IS NULL"
            " AND q.position BETWEEN ? AND ? GROUP BY f.kind",
            [q.position, q.subtree_end],
        ):
            kinds[FindingKind(kind)] = tuple(
                sorted(str(refs).split(), key=lambda r: parse_finding_ref(r) or 0)
            )
            unsupported += without
        return kinds, unsupported

    def _load(self, sql: str, params: Sequence) -> list[Finding]:
        rows = self.db.conn.execute(sql, params).fetchall()
        links = self._evidence_for([r[0] for r in rows])
        return [
            Finding(
                id=r[0],
                question_code=r[1],
                kind=FindingKind(r[2]),
                statement=r[3],
                recommendation=r[4],
                evidence_ids=links.get(r[0], ()),
                created_at=r[5],
                updated_at=r[6],
                deleted_at=r[7],
                prepared_by=r[8],
                prepared_at=r[9],
                reviewed_by=r[10],
                reviewed_at=r[11],
                ref=r[12],
            )
            for r in rows
        ]

    def _evidence_for(self, finding_ids: list[str]) -> dict[str, tuple[str, ...]]:
        """Live supporting evidence ids per finding, in ref order."""
        result: dict[str, list[str]] = {}
        for start in range(0, len(finding_ids), 500):
            chunk = finding_ids[start : start + 500]
            for finding_id, evidence_id in self.db.conn.execute(
                "SELECT fe.finding_id, fe.evidence_id FROM finding_evidence fe"
                " JOIN evidence e INDEXED BY evidence_live ON e.id = fe.evidence_id"
                " AND e.deleted_at IS NULL"
                f" WHERE fe.deleted_at IS NULL AND fe.finding_id IN"
                f" ({','.join('?' * len(chunk))}) ORDER BY e.ref",
                chunk,
            ):
                result.setdefault(finding_id, []).append(evidence_id)
        return {k: tuple(v) for k, v in result.items()}

    def support(self, finding_ids: Sequence[str]) -> dict[str, list[tuple[str, SourceType]]]:
        """(ref, source type) of the live evidence behind each finding, in ref order."""
        result: dict[str, list[tuple[str, SourceType]]] = {}
        ids = list(finding_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for finding_id, ref, source in self.db.conn.execute(
                "SELECT fe.finding_id, e.ref, e.source_type FROM finding_evidence fe"
                " JOIN evidence e INDEXED BY evidence_live ON e.id = fe.evidence_id"
                " AND e.deleted_at IS NULL"
                " WHERE fe.deleted_at IS NULL AND fe.finding_id IN"
                f" ({','.join('?' * len(chunk))}) ORDER BY e.ref",
                chunk,
            ):
                result.setdefault(finding_id, []).append((ref, SourceType(source)))
        return result

    def backing(self, finding_ids: Sequence[str]) -> dict[str, FindingBacking]:
        """The source types and the inspectors of the live evidence behind each finding
        (findings with none are left out): how well each is triangulated."""
        found: dict[str, tuple[set[SourceType], set[str]]] = {}
        sources = {s.value: s for s in SourceType}
        ids = list(finding_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for finding_id, source, author in self.db.conn.execute(
                "SELECT DISTINCT fe.finding_id, e.source_type, e.author FROM finding_evidence fe"
                " JOIN evidence e INDEXED BY evidence_live ON e.id = fe.evidence_id"
                " AND e.deleted_at IS NULL"
                " WHERE fe.deleted_at IS NULL AND fe.finding_id IN"
                f" ({','.join('?' * len(chunk))})",
                chunk,
            ):
                kinds, people = found.setdefault(finding_id, (set(), set()))
                if source in sources:  # a value the app never writes is left out
                    kinds.add(sources[source])
                if (author or "").strip():
                    people.add(author.strip())
        return {i: FindingBacking(frozenset(k), frozenset(p)) for i, (k, p) in found.items()}

    def for_evidence(self, evidence_id: str) -> list[Finding]:
        """Live findings that ``evidence_id`` supports, in framework then kind order."""
        return self._load(
            f"{_SELECT} WHERE f.deleted_at IS NULL AND f.id IN (SELECT"
            " fe.finding_id FROM finding_evidence fe WHERE fe.evidence_id = ?"
            f" AND fe.deleted_at IS NULL) ORDER BY q.position, {_KIND_ORDER},"
            " f.created_at, f.rowid",
            [evidence_id],
        )

    def counts_by_evidence(self) -> dict[str, int]:
        """Live findings per evidence id (only ids that support at least one)."""
        return dict(
            self.db.conn.execute(
                "SELECT fe.evidence_id, count(*) FROM finding_evidence fe JOIN finding f"
                " ON f.id = fe.finding_id WHERE fe.deleted_at IS NULL AND f.deleted_at IS NULL"
                " GROUP BY fe.evidence_id"
            ).fetchall()
        )
