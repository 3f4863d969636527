"""What an indicator arriving from a copy must point at, beyond its own values' rules.

Its questions must be questions of the framework both files share (a crafted copy
could name any id in its JSON list), and the evidence item it was made into must
be one that one of the two files holds. The data columns listed here are the
ones whose every change the change history records, so a copy's own change to
any of them must come with its history (see ``claims``).
"""

from __future__ import annotations

import sqlite3
from typing import Iterator

from storage.health.row_checks import RowProblem
from storage.merge.source import SOURCE

#: The columns whose changes the history records (all of an indicator's data but its place
#: in the list, which is set once when it is added).
INDICATOR_RECORDED = (
    "name",
    "group_name",
    "unit",
    "force_value",
    "comparator_value",
    "comparator_name",
    "period",
    "source",
    "better",
    "series",
    "question_ids",
    "note",
    "threshold",
    "evidence_id",
    "deleted_at",
)


def indicator_problems(conn: sqlite3.Connection) -> Iterator[RowProblem]:
    """Indicators of the copy naming a question or an evidence item that is not there.

    Only rows the target does not hold as they are; a list that is not JSON is left to
    the value rules, which name it, so ``json_each`` here reads well-formed lists only.
    """
    for indicator_id, question_id in conn.execute(
        f"SELECT i.id, j.value FROM {SOURCE}.indicator i, json_each(i.question_ids) j"
        " WHERE json_valid(i.question_ids) AND json_type(i.question_ids) = 'array'"
        " AND NOT EXISTS (SELECT 1 FROM main.question q WHERE q.id = j.value)"
        " AND NOT EXISTS (SELECT 1 FROM main.indicator t WHERE t.id = i.id"
        " AND t.updated_at IS i.updated_at AND t.question_ids IS i.question_ids)"
    ):
        yield RowProblem(
            "indicator",
            indicator_id,
            "question_ids",
            question_id,
            "is not a question of the framework",
        )
    for indicator_id, evidence_id in conn.execute(
        f"SELECT i.id, i.evidence_id FROM {SOURCE}.indicator i WHERE i.evidence_id IS NOT NULL"
        f" AND NOT EXISTS (SELECT 1 FROM {SOURCE}.evidence e WHERE e.id = i.evidence_id)"
        " AND NOT EXISTS (SELECT 1 FROM main.evidence e WHERE e.id = i.evidence_id)"
    ):
        yield RowProblem(
            "indicator", indicator_id, "evidence_id", evidence_id, "is not evidence of either file"
        )
