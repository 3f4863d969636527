"""Evidence made from a checklist item's result, and keeping it up to date.

Making evidence records, beside the new item, the item's result sentence as the
evidence states it and the filters it was counted under. When more files are reviewed
(or answers change) the result counted again no longer matches that sentence: the
evidence is out of date, and updating it replaces the old sentence in its summary with
the new one. Each of these is one step whose undo is a write of the values before it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import date

from models.case_reviews.checklist import Checklist, ChecklistItem
from models.case_reviews.query import CaseFileQuery
from models.case_reviews.results import result_sentence
from models.records import Evidence, new_id, utc_now
from models.vocabulary import Assessment, SourceType
from storage.case_reviews.case_files import where_files
from storage.case_reviews.checklists import ChecklistStore
from storage.case_reviews.results import CaseReviewResults
from storage.file.database import InspectionDatabase
from storage.repositories.evidence_repository import EvidenceRepository


@dataclass(frozen=True)
class ResultEvidence:
    """An evidence item made from an item's result and whether it still states it.

    ``stated`` is the sentence the evidence states; ``current`` the sentence the files
    give now (``None`` when the checklist item has since been deleted).
    """

    evidence_id: str
    checklist_id: str
    item_id: str
    query: CaseFileQuery
    stated: str
    current: str | None

    @property
    def out_of_date(self) -> bool:
        return self.current is not None and self.current != self.stated


@dataclass(frozen=True)
class SummaryChange:
    """An update of a result's evidence: its summary and sentence before and after (what
    an undo puts back and a redo writes again)."""

    evidence_id: str
    summary_before: str
    summary_after: str
    sentence_before: str
    sentence_after: str


def summary_for(
    checklist: Checklist, item: ChecklistItem, query: CaseFileQuery, sentence: str
) -> str:
    """The summary of evidence made from a result: where it comes from, then the result."""
    narrowed = query.description()
    scope = f" ({narrowed})" if narrowed else ""
    return f"Case-file review, {checklist.title}{scope}, item {item.number}: {sentence}"


class ResultEvidenceStore:
    """The evidence items made from case-file review results."""

    def __init__(
        self,
        db: InspectionDatabase,
        checklists: ChecklistStore,
        results: CaseReviewResults,
        evidence: EvidenceRepository,
    ):
        self.db = db
        self.checklists = checklists
        self.results = results
        self.evidence = evidence

    def sentence(
        self,
        checklist: Checklist,
        item: ChecklistItem,
        query: CaseFileQuery,
        counted: dict | None = None,
    ) -> str:
        """The result sentence of ``item`` over the files ``query`` asks for, as of now.
        ``counted`` keeps results already counted, by checklist and filters, so items made
        under the same filters are counted once."""
        key = (checklist.id, checklist.version, query.filters_json())
        results = counted.get(key) if counted is not None else None
        if results is None:
            results = self.results.results(checklist, query)
            if counted is not None:
                counted[key] = results
        return result_sentence(results.of(item.id))

    def make(self, item_id: str, query: CaseFileQuery, author: str) -> Evidence:
        """A *case file review* evidence item stating the item's result (search words
        are not kept: a result is narrowed by filters only), linked to the checklist's
        questions, made in one step with its link to the result."""
        checklist, item = self.checklists.item(item_id)
        query = replace(query, checklist_id=checklist.id, search="")
        sentence = self.sentence(checklist, item, query)
        where, params = where_files(query)
        last = self.db.conn.execute(
            f"SELECT max(reviewed_on) FROM case_file f WHERE {where}", params
        ).fetchone()[0]
        made = Evidence(
            source_type=SourceType.CASE_FILE_REVIEW,
            collected_on=None if last is None else date.fromisoformat(last),
            summary=summary_for(checklist, item, query, sentence),
            notes=(
                f'Made from the results of the checklist "{checklist.title}"'
                f" (version {checklist.version}), item {item.number}."
            ),
            assessment=Assessment.NEUTRAL,
            author=author,
            question_codes=checklist.question_codes,
        )
        now = utc_now()
        with self.db.transaction(reason="Made evidence from a case-file review result") as conn:
            stored = self.evidence.insert_many(conn, [made])[0]
            conn.execute(
                "INSERT INTO case_review_evidence (id, evidence_id, item_id, filters, sentence,"
                " created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                [new_id(), stored.id, item.id, query.filters_json(), sentence, now, now],
            )
        return self.evidence.get(stored.id)

    def state(self, evidence_id: str, counted: dict | None = None) -> ResultEvidence | None:
        """How the evidence item stands against its result; ``None`` when it was not made
        from one (or the link is deleted). ``counted``: see :meth:`sentence`."""
        row = self.db.conn.execute(
            "SELECT l.item_id, l.filters, l.sentence, i.checklist_id FROM case_review_evidence l"
            " JOIN checklist_item i ON i.id = l.item_id WHERE l.evidence_id = ?"
            " AND l.deleted_at IS NULL ORDER BY l.created_at DESC LIMIT 1",
            [evidence_id],
        ).fetchone()
        if row is None:
            return None
        item_id, filters, stated, checklist_id = row
        query = CaseFileQuery(checklist_id).with_filters_json(filters)
        try:
            checklist, item = self.checklists.item(item_id)
        except KeyError:
            return ResultEvidence(evidence_id, checklist_id, item_id, query, stated, None)
        current = self.sentence(checklist, item, query, counted)
        return ResultEvidence(evidence_id, checklist_id, item_id, query, stated, current)

    def made_from(self, checklist_id: str) -> list[ResultEvidence]:
        """Every live evidence item made from the checklist's results, oldest first."""
        ids = [
            r[0]
            for r in self.db.conn.execute(
                "SELECT DISTINCT l.evidence_id FROM case_review_evidence l"
                " JOIN checklist_item i ON i.id = l.item_id"
                " JOIN evidence e ON e.id = l.evidence_id AND e.deleted_at IS NULL"
                " WHERE i.checklist_id = ? AND l.deleted_at IS NULL ORDER BY e.created_at, e.id",
                [checklist_id],
            )
        ]
        counted: dict = {}  # items made under the same filters share one count
        return [s for s in (self.state(i, counted) for i in ids) if s is not None]

    def update(self, evidence_id: str) -> SummaryChange | None:
        """State the current result in the evidence: the old sentence in its summary is
        replaced by the new one (a summary rewritten so it no longer holds the sentence
        gets the new one in front). ``None`` when it is up to date already."""
        state = self.state(evidence_id)
        if state is None or state.current is None or not state.out_of_date:
            return None
        before = self.evidence.get(evidence_id).summary
        if state.stated in before:
            after = before.replace(state.stated, state.current)
        else:
            after = f"{state.current}\n\n{before}"
        change = SummaryChange(evidence_id, before, after, state.stated, state.current)
        self.put_back(change, undo=False)
        return change

    def put_back(self, change: SummaryChange, *, undo: bool) -> None:
        """Write a change's summary and sentence as one step: the ones before it for an
        undo, the ones after it for a redo."""
        summary = change.summary_before if undo else change.summary_after
        sentence = change.sentence_before if undo else change.sentence_after
        reason = "Updated a case-file review result"
        with self.db.transaction(reason=reason) as conn:
            item = self.evidence.get(change.evidence_id)
            self.evidence.update_in(conn, replace(item, summary=summary))
            conn.execute(
                "UPDATE case_review_evidence SET sentence = ?, updated_at = ?"
                " WHERE evidence_id = ? AND deleted_at IS NULL",
                [sentence, utc_now(), change.evidence_id],
            )

    def set_made(self, evidence_id: str, made: bool) -> None:
        """Undo (``made=False``) or redo :meth:`make` as one step: the item and its link
        to the result deleted, or both brought back."""
        now = utc_now()
        with self.db.transaction() as conn:
            _set_deleted(conn, "evidence", "id", evidence_id, not made, now)
            _set_deleted(conn, "case_review_evidence", "evidence_id", evidence_id, not made, now)


def _set_deleted(
    conn: sqlite3.Connection, table: str, column: str, value: str, deleted: bool, now: str
) -> None:
    conn.execute(
        f"UPDATE {table} SET deleted_at = ?, updated_at = ? WHERE {column} = ?"
        " AND (deleted_at IS NULL) = ?",
        [now if deleted else None, now, value, int(deleted)],
    )


def filters_of(text: str) -> dict[str, object]:
    """The filters a link keeps, as a dict (for checks of a copy's rows)."""
    data = json.loads(text)
    return data if isinstance(data, dict) else {}
