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
from models.review.facts import FindingFacts, JudgmentFacts, QuestionFacts
from models.review.kept_checks import KeptChecks
from models.review.results import CheckResult
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
        self._tallies = taken.tallies
        self._backed, self._latest, self._judgments = taken.backed, taken.latest, taken.judgments
        self._planned = taken.planned
        self._checks = KeptChecks(inspection.framework, taken.findings.values())
        #: Each question's facts as last worked out, and the questions a change has
        #: reached since (``None``: all of them).
        self._questions: dict[str, QuestionFacts] = {}
        self._stale: set[str] | None = None

    # -- what the checks say --------------------------------------------------------
    def results(self) -> list[CheckResult]:
        """Every check's results now, most serious first. Only the questions a change
        reached have their facts worked out again, and only the checks whose facts
        differ from last time run again."""
        framework = self.inspection.framework
        if self._stale is None:
            self._questions = self._tallies.question_facts(framework, self._latest, self._planned)
        elif self._stale:
            moved = self._tallies.question_facts(
                framework, self._latest, self._planned, only=self._stale
            )
            self._questions.update(moved)
        self._stale = set()
        return self._checks.results(self._questions, self._judgments)

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
            self._count(old, -1)
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
            self._count(new, 1)
            self._touch(now, new[0])
        item = after or before
        if item is not None:  # the findings it backs now rest on its new version
            rows = self.inspection.db.conn.execute(_FINDINGS_BACKED_BY, [item.id])
            self._refresh_findings({row[0] for row in rows})

    def finding_replaced(self, finding_id: str, evidence_ids: Iterable[str] = ()) -> None:
        """A finding was added, saved, deleted or brought back; ``evidence_ids`` are the
        items it was or is backed by (whose "backs a finding" may have changed)."""
        now = utc_now()
        findings = self._checks.findings
        before = findings.get(finding_id)
        self._refresh_findings({finding_id})
        for finding in (before, findings.get(finding_id)):
            if finding is not None:
                self._touch(now, self._above.get(finding.question_code, frozenset()))
        self._rebacked(list(dict.fromkeys(evidence_ids)))

    def judgments_changed(self) -> None:
        self._judgments = judgment_facts(self.inspection)

    def plan_changed(self) -> None:
        """The team's planned methods were changed."""
        self._planned = self.inspection.planned_methods.plan()
        self._stale = None

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
                        self._count(old, -1)
                        self._count(new, 1)
                (self._backed.discard if was else self._backed.add)(evidence_id)

    def _refresh_findings(self, finding_ids: set[str]) -> None:
        ids = list(finding_ids)
        fresh: dict[str, FindingFacts] = {}
        for chunk in _chunks(ids):
            query = FINDINGS_OF.replace(
                "WHERE f.deleted_at IS NULL",
                f"WHERE f.deleted_at IS NULL AND f.id IN ({','.join('?' * len(chunk))})",
            )
            rows = self.inspection.db.conn.execute(query, chunk)
            fresh.update((f.id, f) for f in findings_of(rows))
        for finding_id in ids:
            self._checks.finding_changed(finding_id, fresh.get(finding_id))

    def _count(self, key: ItemKey, n: int) -> None:
        self._tallies.add(key, n)
        if self._stale is not None:
            self._stale.update(key[0])

    def _touch(self, at: str, *codes: frozenset[str]) -> None:
        for group in codes:
            for code in group:
                self._latest[code] = max(self._latest.get(code, ""), at)
            if self._stale is not None:
                self._stale.update(group)
