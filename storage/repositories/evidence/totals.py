"""Counting evidence for the question tree, the judgment panel and the workbook: per
question (sub-questions' items counted once), per assessment and per source type, and
which items are, or ever were, sensitive.
"""

from __future__ import annotations

from models.framework import Framework
from models.records import EvidenceCounts
from models.vocabulary import SourceType
from storage.file.database import InspectionDatabase


def _counts(by_assessment: dict[str, int]) -> EvidenceCounts:
    return EvidenceCounts(
        positive=by_assessment.get("positive", 0),
        negative=by_assessment.get("negative", 0),
        neutral=by_assessment.get("neutral", 0),
    )


class EvidenceTotals:
    """The counting part of the evidence repository (see its module)."""

    db: InspectionDatabase
    framework: Framework

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
        """Live evidence per question (its sub-questions' items counted once) by source type.

        Read from ``evidence_scope``, which already holds each question's items once
        (six times quicker at 100,000 items than joining the links of every subtree).
        """
        result: dict[str, dict[SourceType, int]] = {}
        for code, source, count in self.db.conn.execute(
            "SELECT q.code, e.source_type, count(*) FROM evidence_scope s"
            " JOIN question q ON q.id = s.question_id"
            " JOIN evidence e INDEXED BY evidence_live ON e.id = s.evidence_id"
            " AND e.deleted_at IS NULL GROUP BY q.code, e.source_type"
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
