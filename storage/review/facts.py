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
from models.review.facts import FindingFacts, JudgmentFacts
from models.review.run import ReviewFacts
from models.review.tallies import ItemKey, ItemTallies
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType
from storage.file.database import InspectionDatabase
from storage.repositories.planned_methods import PlannedMethodRepository

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

#: Items that back at least one live finding.
BACKING_A_FINDING = (
    "SELECT DISTINCT fe.evidence_id FROM finding_evidence fe JOIN finding f ON f.id = fe.finding_id"
    " WHERE fe.deleted_at IS NULL AND f.deleted_at IS NULL"
)

#: Changes to items and findings after a time, with the question a link change was about.
_CHANGED_SINCE = (
    "SELECT changed_at, entity, entity_id, related_id FROM history"
    " WHERE changed_at > ? AND entity IN ('evidence', 'finding')"
    # A review note is talk about an item or finding, not a change to it.
    " AND field IS NOT 'review_note'"
)

FINDINGS_OF = """
    SELECT f.id, q.code, f.kind, f.statement, f.recommendation, f.updated_at,
           f.reviewed_by, f.reviewed_at,
           e.assessment, e.source_type, e.author, count(e.id), max(e.updated_at), f.ref
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
class _Backing:
    """What backs one finding, while its rows come in."""

    by_assessment: dict[Assessment, int] = field(default_factory=lambda: defaultdict(int))
    sources: set[SourceType] = field(default_factory=set)
    people: set[str] = field(default_factory=set)

    def add(self, assessment: str | None, source: str | None, author: str | None, n: int) -> None:
        # A value the app never writes (from a crafted file) is left out, not trusted.
        a, s = _ASSESSMENTS.get(assessment or ""), _SOURCES.get(source or "")
        if a is None or s is None or n <= 0:
            return
        self.by_assessment[a] += n
        self.sources.add(s)
        if (author or "").strip():
            self.people.add((author or "").strip())

    @property
    def counts(self) -> EvidenceCounts:
        return EvidenceCounts(
            self.by_assessment[Assessment.POSITIVE],
            self.by_assessment[Assessment.NEGATIVE],
            self.by_assessment[Assessment.NEUTRAL],
        )


def questions_above(framework: Framework) -> dict[str, frozenset[str]]:
    """For each question code, the codes an item linked to it counts under."""
    by_id = framework.ancestor_codes()
    return {q.code: by_id[q.id] for q in framework.questions}


def item_key(
    above: dict[str, frozenset[str]],
    codes: Iterable[str],
    assessment: str,
    source: str,
    backed: bool,
) -> ItemKey | None:
    """What an item linked to ``codes`` adds to the counts (``above`` from
    :func:`questions_above`); ``None`` for an item the counts leave out: no links, or a
    value the app never writes, from a crafted file."""
    a, s = _ASSESSMENTS.get(assessment or ""), _SOURCES.get(source or "")
    under = frozenset().union(*(above.get(c, frozenset()) for c in codes))
    if a is None or s is None or not under:
        return None
    return (under, a, s, backed)


def tally_items(db: InspectionDatabase, framework: Framework) -> ItemTallies:
    """Every live item, counted by what it adds up to."""
    tallies = ItemTallies()
    by_id = {q.id: q.code for q in framework.questions}
    above = questions_above(framework)
    for links, assessment, source, backed, n in db.conn.execute(_ITEM_COMBINATIONS):
        codes = [by_id[i] for i in (links or "").split(",") if i in by_id]
        key = item_key(above, codes, assessment, source, bool(backed))
        if key is not None:
            tallies.add(key, n)
    return tallies


def gather(
    db: InspectionDatabase, framework: Framework, judgments: Iterable[JudgmentFacts]
) -> ReviewFacts:
    """Every question's, finding's and judgment's facts for one run of the checks."""
    judgments = tuple(judgments)
    findings = findings_of(db.conn.execute(FINDINGS_OF))
    latest = changed_since(db, framework, judgments)
    planned = PlannedMethodRepository(db, framework).plan()
    questions = tally_items(db, framework).question_facts(framework, latest, planned)
    return ReviewFacts(questions, judgments, tuple(findings))


def changed_since(
    db: InspectionDatabase, framework: Framework, judgments: Sequence[JudgmentFacts]
) -> dict[str, str]:
    """The latest change to an item or finding under each question, read from the change
    history after the earliest review (nothing is read when no judgment is reviewed).
    Deleted items and findings count: taking one away is a change too."""
    reviewed = [
        j.changed_at for j in judgments if j.status is JudgmentStatus.REVIEWED and j.changed_at
    ]
    if not reviewed:
        return {}
    by_id = {q.id: q.code for q in framework.questions}
    changed: dict[tuple[str, str], str] = {}  # (entity, id) -> latest change
    touched: dict[str, str] = {}  # question code -> latest change
    for at, entity, entity_id, related_id in db.conn.execute(_CHANGED_SINCE, [min(reviewed)]):
        changed[entity, entity_id] = max(changed.get((entity, entity_id), ""), at)
        if entity == "evidence" and related_id in by_id:  # linked to or unlinked from a question
            code = by_id[related_id]
            touched[code] = max(touched.get(code, ""), at)
    codes_of = {
        **_codes(db, _ITEM_QUESTIONS, [i for e, i in changed if e == "evidence"]),
        **_codes(db, _FINDING_QUESTION, [i for e, i in changed if e == "finding"]),
    }
    for (_entity, entity_id), at in changed.items():
        for code in codes_of.get(entity_id, ()):
            touched[code] = max(touched.get(code, ""), at)
    latest: dict[str, str] = {}
    above = questions_above(framework)
    for code, at in touched.items():
        for up in above.get(code, ()):
            latest[up] = max(latest.get(up, ""), at)
    return latest


#: The questions items are linked to now, and the question of findings, deleted or not.
_ITEM_QUESTIONS = (
    "SELECT eq.evidence_id, q.code FROM evidence_question eq JOIN question q"
    " ON q.id = eq.question_id WHERE eq.deleted_at IS NULL AND eq.evidence_id IN ({marks})"
)
_FINDING_QUESTION = (
    "SELECT f.id, q.code FROM finding f JOIN question q ON q.id = f.question_id"
    " WHERE f.id IN ({marks})"
)


def _codes(db: InspectionDatabase, query: str, ids: list[str]) -> dict[str, list[str]]:
    """``query`` run over ``ids`` in chunks SQLite accepts: each id's question codes."""
    result: dict[str, list[str]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row_id, code in db.conn.execute(query.format(marks=",".join("?" * len(chunk))), chunk):
            result[row_id].append(code)
    return result


def findings_of(rows: Iterable[tuple[Any, ...]]) -> list[FindingFacts]:
    """Findings from the rows of ``FINDINGS_OF`` (one row per finding and kind of backing)."""
    found: dict[str, tuple[str, FindingKind, str, bool, str, str | None, str, str]] = {}
    backing: dict[str, _Backing] = defaultdict(_Backing)
    evidence_changed: dict[str, str] = defaultdict(str)
    for row in rows:
        fid, code, kind, statement, recommendation, changed, reviewed_by, reviewed_at = row[:8]
        assessment, source, author, n, latest, ref = row[8:14]
        member = _KINDS.get(kind or "")
        if member is None:
            continue
        found[fid] = (
            code,
            member,
            statement or "",
            bool((recommendation or "").strip()),
            changed or "",
            reviewed_by,
            reviewed_at or "",
            str(ref or ""),
        )
        backing[fid].add(assessment, source, author, n)
        evidence_changed[fid] = max(evidence_changed[fid], latest or "")
    return [
        FindingFacts(
            fid,
            code,
            kind,
            statement,
            has_recommendation,
            backing[fid].counts,
            frozenset(backing[fid].sources),
            frozenset(backing[fid].people),
            changed,
            ref=ref,
            reviewed_by=reviewed_by,
            reviewed_at=reviewed_at,
            evidence_changed_at=evidence_changed[fid],
        )
        for fid, (
            code,
            kind,
            statement,
            has_recommendation,
            changed,
            reviewed_by,
            reviewed_at,
            ref,
        ) in found.items()
    ]
