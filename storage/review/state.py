"""The judgment checks kept current while the inspection changes, without a recount.

The window builds one :class:`ReviewState` when a file opens (a full gathering,
off the window's thread) and then tells it about each change: the items and
findings a change touches are read before and after it, and only their part of
the counts moves. A merge, an import or anything that touches many rows simply
builds a new state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from models.records import utc_now
from models.review.facts import FindingFacts, JudgmentFacts
from models.review.finding_checks import finding_results
from models.review.results import CheckResult
from models.review.run import ReviewFacts, in_framework_order, question_results
from models.review.tallies import ItemKey, ItemTallies
from models.vocabulary import SourceType
from storage.file.inspection_file import InspectionFile
from storage.review.checks import judgment_facts
from storage.review.facts import (
    FINDINGS_OF,
    changed_since,
    findings_of,
    item_key,
    questions_above,
    tally_items,
)

_ITEMS = (
    "SELECT e.id, e.assessment, e.source_type, e.deleted_at IS NULL,"
    " (SELECT group_concat(q.code) FROM evidence_question eq"
    "  JOIN question q ON q.id = eq.question_id"
    "  WHERE eq.evidence_id = e.id AND eq.deleted_at IS NULL),"
    " EXISTS (SELECT 1 FROM finding_evidence fe JOIN finding f ON f.id = fe.finding_id"
    "  WHERE fe.evidence_id = e.id AND fe.deleted_at IS NULL AND f.deleted_at IS NULL)"
    " FROM evidence e WHERE e.id IN ({marks})"
)


class ReviewState:
    """The facts behind the checks for one open inspection, and the checks' results."""

    def __init__(self, inspection: InspectionFile):
        self.inspection = inspection
        framework = inspection.framework
        self._above = questions_above(framework)
        self._judgments = judgment_facts(inspection)
        self._findings = {f.id: f for f in findings_of(inspection.db.conn.execute(FINDINGS_OF))}
        self._finding_results = {i: finding_results(f) for i, f in self._findings.items()}
        self._latest = changed_since(inspection.db, framework, self._judgments)
        self._tallies: ItemTallies = tally_items(inspection.db, framework)

    # -- what the checks say --------------------------------------------------------
    def results(self) -> list[CheckResult]:
        """Every check's results now, most serious first. A finding's own results are
        kept from when it last changed; the questions' are worked out afresh (cheap)."""
        framework = self.inspection.framework
        facts = ReviewFacts(
            self._tallies.question_facts(framework, self._latest),
            tuple(self._judgments),
            tuple(self._findings.values()),
        )
        about_findings = [r for rs in self._finding_results.values() for r in rs]
        return in_framework_order(framework, about_findings + question_results(framework, facts))

    def coverage(self) -> dict[str, dict[SourceType, int]]:
        """Live items under each question (its sub-questions' once each) by source type."""
        return {
            q.code: self._tallies.by_source(q.code) for q in self.inspection.framework.questions
        }

    # -- changes --------------------------------------------------------------------
    @contextmanager
    def changing(
        self, evidence_ids: Iterable[str] = (), finding_ids: Iterable[str] = ()
    ) -> Iterator[None]:
        """Wrap a change to these items and findings (and their links): their counts are
        read before it and after it, and moved. Judgments are always read again."""
        evidence_ids, finding_ids = list(dict.fromkeys(evidence_ids)), list(finding_ids)
        before = self._keys(evidence_ids)
        findings_before = [self._findings.get(i) for i in finding_ids]
        yield
        after = self._keys(evidence_ids)
        now = utc_now()
        for evidence_id in evidence_ids:
            old, new = before.get(evidence_id), after.get(evidence_id)
            if old == new:
                continue
            if old is not None:
                self._tallies.remove(old)
            if new is not None:
                self._tallies.add(new)
            self._touch(now, *(k[0] for k in (old, new) if k is not None))
        self._refresh_findings(set(finding_ids) | self._findings_backed_by(evidence_ids))
        for finding in [*findings_before, *(self._findings.get(i) for i in finding_ids)]:
            if finding is not None:
                self._touch(now, self._above.get(finding.question_code, frozenset()))
        self._judgments = judgment_facts(self.inspection)

    def added(self, evidence_ids: Iterable[str] = (), finding_ids: Iterable[str] = ()) -> None:
        """Count items and findings that did not exist before (told after they are made;
        wrap the items a new finding is backed by in :meth:`changing` as it is made)."""
        evidence_ids, finding_ids = list(dict.fromkeys(evidence_ids)), list(finding_ids)
        now = utc_now()
        for key in self._keys(evidence_ids).values():
            if key is not None:
                self._tallies.add(key)
                self._touch(now, key[0])
        self._refresh_findings(set(finding_ids))
        for finding_id in finding_ids:
            if finding_id in self._findings:
                self._touch(
                    now, self._above.get(self._findings[finding_id].question_code, frozenset())
                )

    def _touch(self, at: str, *codes: frozenset[str]) -> None:
        for group in codes:
            for code in group:
                self._latest[code] = max(self._latest.get(code, ""), at)

    def _keys(self, evidence_ids: list[str]) -> dict[str, ItemKey | None]:
        keys: dict[str, ItemKey | None] = {}
        for start in range(0, len(evidence_ids), 500):
            chunk = evidence_ids[start : start + 500]
            rows = self.inspection.db.conn.execute(
                _ITEMS.format(marks=",".join("?" * len(chunk))), chunk
            )
            for evidence_id, assessment, source, live, codes, backed in rows:
                keys[evidence_id] = (
                    item_key(
                        self._above, (codes or "").split(","), assessment, source, bool(backed)
                    )
                    if live
                    else None
                )
        return keys

    def _findings_backed_by(self, evidence_ids: list[str]) -> set[str]:
        """Findings these items back or backed (removed links included)."""
        found: set[str] = set()
        for start in range(0, len(evidence_ids), 500):
            chunk = evidence_ids[start : start + 500]
            found.update(
                row[0]
                for row in self.inspection.db.conn.execute(
                    "SELECT DISTINCT finding_id FROM finding_evidence WHERE evidence_id IN"
                    f" ({','.join('?' * len(chunk))})",
                    chunk,
                )
            )
        return found

    def _refresh_findings(self, finding_ids: set[str]) -> None:
        ids = list(finding_ids)
        fresh: dict[str, FindingFacts] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            query = FINDINGS_OF.replace(
                "WHERE f.deleted_at IS NULL",
                f"WHERE f.deleted_at IS NULL AND f.id IN ({','.join('?' * len(chunk))})",
            )
            fresh.update(
                (f.id, f) for f in findings_of(self.inspection.db.conn.execute(query, chunk))
            )
        for finding_id in ids:
            if finding_id in fresh:
                self._findings[finding_id] = fresh[finding_id]
                self._finding_results[finding_id] = finding_results(fresh[finding_id])
            else:
                self._findings.pop(finding_id, None)
                self._finding_results.pop(finding_id, None)

    @property
    def judgments(self) -> list[JudgmentFacts]:
        return list(self._judgments)
