"""The judgment checks kept current while the inspection changes, without a recount.

The window gathers a :class:`ReviewSnapshot` when a file opens (on a worker, with
its own read-only connection) and hands it to a :class:`ReviewState` on its own
thread. From then on it tells the state about each change as the controller
reports it: an item replaced by its new version, a finding saved with the items
it was and is backed by, a judgment saved. Only those items' and findings' part
of the facts moves; an import or a merge, which touch many rows, gathers afresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.records import Evidence, utc_now
from models.review.facts import FindingFacts, JudgmentFacts
from models.review.finding_checks import finding_results
from models.review.results import CheckResult
from models.review.run import ReviewFacts, in_framework_order, question_results
from models.review.tallies import ItemKey, ItemTallies
from models.vocabulary import SourceType
from storage.file.inspection_file import InspectionFile
from storage.review.checks import judgment_facts
from storage.review.facts import (
    BACKING_A_FINDING,
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
    "  WHERE eq.evidence_id = e.id AND eq.deleted_at IS NULL)"
    " FROM evidence e WHERE e.id IN ({marks})"
)
_BACKED = (
    "SELECT DISTINCT fe.evidence_id FROM finding_evidence fe JOIN finding f ON f.id = fe.finding_id"
    " WHERE fe.deleted_at IS NULL AND f.deleted_at IS NULL AND fe.evidence_id IN ({marks})"
)
_FINDINGS_BACKED_BY = (
    "SELECT DISTINCT finding_id FROM finding_evidence WHERE evidence_id = ? AND deleted_at IS NULL"
)


@dataclass
class ReviewSnapshot:
    """Everything the checks count, gathered in one pass over a file."""

    tallies: ItemTallies
    findings: dict[str, FindingFacts]
    backed: set[str]
    latest: dict[str, str]
    judgments: list[JudgmentFacts]
    planned: dict[str, frozenset[SourceType]]


def take_snapshot(inspection: InspectionFile) -> ReviewSnapshot:
    """Gather every fact the checks read (set-wise; about a second at 100,000 items)."""
    framework = inspection.framework
    judgments = judgment_facts(inspection)
    conn = inspection.db.conn
    return ReviewSnapshot(
        tally_items(inspection.db, framework),
        {f.id: f for f in findings_of(conn.execute(FINDINGS_OF))},
        {row[0] for row in conn.execute(BACKING_A_FINDING)},
        changed_since(inspection.db, framework, judgments),
        judgments,
        inspection.planned_methods.plan(),
    )


def _chunks(ids: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class ReviewState:
    """The facts behind the checks for one open inspection, and the checks' results."""

    def __init__(self, inspection: InspectionFile, snapshot: ReviewSnapshot | None = None):
        self.inspection = inspection
        self._above = questions_above(inspection.framework)
        taken = snapshot or take_snapshot(inspection)
        self._tallies, self._findings = taken.tallies, taken.findings
        self._backed, self._latest, self._judgments = taken.backed, taken.latest, taken.judgments
        self._planned = taken.planned
        self._finding_results = {i: finding_results(f) for i, f in self._findings.items()}
        #: The findings' own results in reading order, until one of them changes.
        self._finding_results_in_order: list[CheckResult] | None = None

    # -- what the checks say --------------------------------------------------------
    def results(self) -> list[CheckResult]:
        """Every check's results now, most serious first. A finding's own results are
        kept from when it last changed; the questions' are worked out afresh (cheap)."""
        framework = self.inspection.framework
        facts = ReviewFacts(
            self._tallies.question_facts(framework, self._latest, self._planned),
            tuple(self._judgments),
            tuple(self._findings.values()),
        )
        if self._finding_results_in_order is None:
            about_findings = [r for rs in self._finding_results.values() for r in rs]
            self._finding_results_in_order = in_framework_order(framework, about_findings)
        # Thousands of findings are put in order once, not at every change of an item; the
        # sort then only merges the questions' results in (the same order, as it is stable).
        return in_framework_order(
            framework, self._finding_results_in_order + question_results(framework, facts)
        )

    def coverage(self) -> dict[str, dict[SourceType, int]]:
        """Live items under each question (its sub-questions' once each) by source type."""
        return {
            q.code: self._tallies.by_source(q.code) for q in self.inspection.framework.questions
        }

    # -- changes, as the controller reports them -----------------------------------
    def item_replaced(self, before: Evidence | None, after: Evidence | None) -> None:
        """An item was added (``before`` None), changed, or deleted (``after`` None)."""
        now = utc_now()
        old = self._key(before)
        if old is not None:
            self._tallies.remove(old)
            self._touch(now, old[0])
        if after is not None:
            # Whether it backs a finding is read afresh: findings may have changed while
            # it was deleted, and a deleted item's links are not told to the state.
            conn = self.inspection.db.conn
            if conn.execute(_BACKED.format(marks="?"), [after.id]).fetchone():
                self._backed.add(after.id)
            else:
                self._backed.discard(after.id)
        new = self._key(after)
        if new is not None:
            self._tallies.add(new)
            self._touch(now, new[0])
        item = after or before
        if item is not None:  # the findings it backs now rest on its new version
            rows = self.inspection.db.conn.execute(_FINDINGS_BACKED_BY, [item.id])
            self._refresh_findings({row[0] for row in rows})

    def finding_replaced(self, finding_id: str, evidence_ids: Iterable[str] = ()) -> None:
        """A finding was added, saved, deleted or brought back; ``evidence_ids`` are the
        items it was or is backed by (whose "backs a finding" may have changed)."""
        now = utc_now()
        before = self._findings.get(finding_id)
        self._refresh_findings({finding_id})
        for finding in (before, self._findings.get(finding_id)):
            if finding is not None:
                self._touch(now, self._above.get(finding.question_code, frozenset()))
        self._rebacked(list(dict.fromkeys(evidence_ids)))

    def judgments_changed(self) -> None:
        self._judgments = judgment_facts(self.inspection)

    def plan_changed(self) -> None:
        """The team's planned methods were changed."""
        self._planned = self.inspection.planned_methods.plan()

    # -- keeping the facts -----------------------------------------------------------
    def _key(self, item: Evidence | None) -> ItemKey | None:
        if item is None or item.deleted_at is not None:
            return None
        return item_key(
            self._above,
            item.question_codes,
            item.assessment.value,
            item.source_type.value,
            item.id in self._backed,
        )

    def _rebacked(self, evidence_ids: list[str]) -> None:
        """Move the items whose backing of a finding changed to their new counts."""
        conn = self.inspection.db.conn
        backed_now: set[str] = set()
        for chunk in _chunks(evidence_ids):
            marks = ",".join("?" * len(chunk))
            backed_now.update(row[0] for row in conn.execute(_BACKED.format(marks=marks), chunk))
        flipped = [i for i in evidence_ids if (i in self._backed) != (i in backed_now)]
        for chunk in _chunks(flipped):
            rows = conn.execute(_ITEMS.format(marks=",".join("?" * len(chunk))), chunk)
            for evidence_id, assessment, source, live, codes in rows:
                was = evidence_id in self._backed
                if live:
                    under = (codes or "").split(",")
                    old = item_key(self._above, under, assessment, source, was)
                    new = item_key(self._above, under, assessment, source, not was)
                    if old is not None and new is not None:
                        self._tallies.remove(old)
                        self._tallies.add(new)
                (self._backed.discard if was else self._backed.add)(evidence_id)

    def _refresh_findings(self, finding_ids: set[str]) -> None:
        ids = list(finding_ids)
        if ids:
            self._finding_results_in_order = None
        fresh: dict[str, FindingFacts] = {}
        for chunk in _chunks(ids):
            query = FINDINGS_OF.replace(
                "WHERE f.deleted_at IS NULL",
                f"WHERE f.deleted_at IS NULL AND f.id IN ({','.join('?' * len(chunk))})",
            )
            rows = self.inspection.db.conn.execute(query, chunk)
            fresh.update((f.id, f) for f in findings_of(rows))
        for finding_id in ids:
            if finding_id in fresh:
                self._findings[finding_id] = fresh[finding_id]
                self._finding_results[finding_id] = finding_results(fresh[finding_id])
            else:
                self._findings.pop(finding_id, None)
                self._finding_results.pop(finding_id, None)

    def _touch(self, at: str, *codes: frozenset[str]) -> None:
        for group in codes:
            for code in group:
                self._latest[code] = max(self._latest.get(code, ""), at)
