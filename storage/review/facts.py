"""Gathering the facts the judgment checks read, in a few set-wise queries.

Each question's facts cover it and its sub-questions through ``evidence_scope``
(kept by triggers as items are linked), so a whole inspection of 100,000 items
is counted without reading an item into Python. Values the app never writes
(a crafted file's unknown source type, say) are left out of the counts rather
than trusted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from models.framework import Framework
from models.records import EvidenceCounts
from models.review.facts import FindingFacts, JudgmentFacts, QuestionFacts
from models.review.run import ReviewFacts
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType
from storage.file.database import InspectionDatabase

#: Live items grouped by what they add up to: the questions they are linked to, their
#: assessment and source type, and whether they back a live finding. SQLite walks the
#: links once, through the covering ``evidence_live`` index, and hands back a few
#: thousand combinations instead of 100,000 items.
_ITEM_COMBINATIONS = """
    SELECT links, assessment, source_type, backed, count(*) FROM (
        SELECT group_concat(eq.question_id) AS links, e.assessment, e.source_type,
               EXISTS (
                   SELECT 1 FROM finding_evidence fe JOIN finding f ON f.id = fe.finding_id
                   WHERE fe.evidence_id = eq.evidence_id
                     AND fe.deleted_at IS NULL AND f.deleted_at IS NULL
               ) AS backed
        FROM evidence_question eq
        JOIN evidence e INDEXED BY evidence_live ON e.id = eq.evidence_id AND e.deleted_at IS NULL
        WHERE eq.deleted_at IS NULL
        GROUP BY eq.evidence_id
    ) GROUP BY 1, 2, 3, 4
"""

#: Changes to items and findings after a time, with the question a link change was about.
_CHANGED_SINCE = (
    "SELECT changed_at, entity, entity_id, related_id FROM history"
    " WHERE changed_at > ? AND entity IN ('evidence', 'finding')"
)

_FINDINGS = """
    SELECT f.id, q.code, f.kind, f.statement, f.recommendation, f.updated_at,
           e.assessment, e.source_type, e.author, count(e.id)
    FROM finding f
    JOIN question q ON q.id = f.question_id
    LEFT JOIN finding_evidence fe ON fe.finding_id = f.id AND fe.deleted_at IS NULL
    LEFT JOIN evidence e INDEXED BY evidence_live ON e.id = fe.evidence_id AND e.deleted_at IS NULL
    WHERE f.deleted_at IS NULL
    GROUP BY f.id, e.assessment, e.source_type, e.author
"""


_ASSESSMENTS = {m.value: m for m in Assessment}
_SOURCES = {m.value: m for m in SourceType}
_KINDS = {m.value: m for m in FindingKind}


@dataclass
class _Tally:
    """Counts for one question or finding while the rows come in."""

    by_assessment: dict[Assessment, int] = field(default_factory=lambda: defaultdict(int))
    sources: set[SourceType] = field(default_factory=set)
    people: set[str] = field(default_factory=set)

    def add(self, assessment: str | None, source: str | None, n: int) -> None:
        # A value the app never writes (from a crafted file) is left out, not trusted.
        a, s = _ASSESSMENTS.get(assessment or ""), _SOURCES.get(source or "")
        if a is None or s is None or n <= 0:
            return
        self.by_assessment[a] += n
        self.sources.add(s)

    @property
    def counts(self) -> EvidenceCounts:
        return EvidenceCounts(
            self.by_assessment[Assessment.POSITIVE],
            self.by_assessment[Assessment.NEGATIVE],
            self.by_assessment[Assessment.NEUTRAL],
        )


def gather(
    db: InspectionDatabase, framework: Framework, judgments: Iterable[JudgmentFacts]
) -> ReviewFacts:
    """Every question's, finding's and judgment's facts for one run of the checks."""
    judgments = tuple(judgments)
    conn = db.conn
    ancestors = framework.ancestor_codes()
    # The combinations are spread over the questions each counts under, first grouped
    # by that set of questions (items linked alike share it), then by question.
    by_codes: dict[tuple[frozenset[str], str, str, bool], int] = defaultdict(int)
    for links, assessment, source, backed, n in conn.execute(_ITEM_COMBINATIONS):
        ids = (links or "").split(",")
        codes = frozenset().union(*(ancestors.get(i, frozenset()) for i in ids))
        by_codes[codes, assessment, source, bool(backed)] += n
    per_question: dict[tuple[str, str, str], int] = defaultdict(int)
    unlinked: dict[str, int] = defaultdict(int)
    for (codes, assessment, source, backed), n in by_codes.items():
        for code in codes:
            per_question[code, assessment, source] += n
            if not backed:
                unlinked[code] += n
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for (code, assessment, source), n in per_question.items():
        tallies[code].add(assessment, source, n)
    findings = _findings(conn.execute(_FINDINGS))
    latest = _changed_since(db, framework, judgments, findings)
    questions = {
        q.code: QuestionFacts(
            q.code,
            q.graded,
            tallies[q.code].counts,
            frozenset(tallies[q.code].sources),
            unlinked_evidence=unlinked.get(q.code, 0),
            last_change_at=latest.get(q.code, ""),
        )
        for q in framework.questions
    }
    return ReviewFacts(questions, judgments, tuple(findings))


def _changed_since(
    db: InspectionDatabase,
    framework: Framework,
    judgments: Sequence[JudgmentFacts],
    findings: Sequence[FindingFacts],
) -> dict[str, str]:
    """The latest change to an item or finding under each question, read from the change
    history after the earliest review (nothing is read when no judgment is reviewed)."""
    reviewed = [
        j.changed_at for j in judgments if j.status is JudgmentStatus.REVIEWED and j.changed_at
    ]
    if not reviewed:
        return {}
    by_id = {q.id: q.code for q in framework.questions}
    finding_question = {f.id: f.question_code for f in findings}
    changed: dict[str, str] = {}  # item or finding id -> latest change
    touched: dict[str, str] = {}  # question code -> latest change, from link changes
    for at, entity, entity_id, related_id in db.conn.execute(_CHANGED_SINCE, [min(reviewed)]):
        changed[entity_id] = max(changed.get(entity_id, ""), at)
        if entity == "evidence" and related_id in by_id:  # linked to or unlinked from a question
            code = by_id[related_id]
            touched[code] = max(touched.get(code, ""), at)
    codes_of = _question_codes(db, [i for i in changed if i not in finding_question])
    for entity_id, at in changed.items():
        codes = (
            [finding_question[entity_id]]
            if entity_id in finding_question
            else codes_of.get(entity_id, ())
        )
        for code in codes:
            touched[code] = max(touched.get(code, ""), at)
    latest: dict[str, str] = {}
    for code, at in touched.items():
        if framework.has_question(code):
            for above in framework.codes_counted_under([code]):
                latest[above] = max(latest.get(above, ""), at)
    return latest


def _question_codes(db: InspectionDatabase, evidence_ids: list[str]) -> dict[str, list[str]]:
    """The questions each of ``evidence_ids`` is linked to now (in chunks SQLite accepts)."""
    result: dict[str, list[str]] = defaultdict(list)
    for start in range(0, len(evidence_ids), 500):
        chunk = evidence_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for evidence_id, code in db.conn.execute(
            "SELECT eq.evidence_id, q.code FROM evidence_question eq JOIN question q"
            " ON q.id = eq.question_id WHERE eq.deleted_at IS NULL"
            f" AND eq.evidence_id IN ({marks})",
            chunk,
        ):
            result[evidence_id].append(code)
    return result


def _findings(rows: Iterable[tuple[Any, ...]]) -> list[FindingFacts]:
    found: dict[str, tuple[str, FindingKind, str, bool, str]] = {}
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for fid, code, kind, statement, recommendation, changed, assessment, source, author, n in rows:
        member = _KINDS.get(kind or "")
        if member is None:
            continue
        found[fid] = (
            code,
            member,
            statement or "",
            bool((recommendation or "").strip()),
            changed or "",
        )
        tally = tallies[fid]
        tally.add(assessment, source, n)
        if n and (author or "").strip():
            tally.people.add(author.strip())
    return [
        FindingFacts(
            fid,
            code,
            kind,
            statement,
            has_recommendation,
            tallies[fid].counts,
            frozenset(tallies[fid].sources),
            frozenset(tallies[fid].people),
            changed,
        )
        for fid, (code, kind, statement, has_recommendation, changed) in found.items()
    ]
