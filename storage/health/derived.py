"""Checking the data the schema keeps for speed against the records it is made from.

``evidence_scope`` (the items under each question) and ``evidence.question_order``
(an item's place in framework order) are kept by triggers. They are never typed
by anyone, but the evidence list, its counts and its sorting rely on them, so
``check`` recomputes both from the live links and reports any difference; so too the
answers of case-file review counted per item and answer (``case_answer_count``).
"""

from __future__ import annotations

import sqlite3

from storage.file.schema import SCOPE_OF_QUESTION

_SCOPE_FROM_LINKS = (
    "SELECT s.ancestor_id, eq.evidence_id, count(*) FROM evidence_question eq"
    f" JOIN ({SCOPE_OF_QUESTION}) s ON s.question_id = eq.question_id"
    " WHERE eq.deleted_at IS NULL GROUP BY s.ancestor_id, eq.evidence_id"
)
_SCOPE_KEPT = "SELECT question_id, evidence_id, links FROM evidence_scope"


def _has(conn: sqlite3.Connection, table: str, column: str | None = None) -> bool:
    columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
    return bool(columns) and (column is None or column in columns)


def derived_problems(conn: sqlite3.Connection) -> list[str]:
    """What is out of step (empty when all agrees, or the file predates these)."""
    problems = []
    if _has(conn, "evidence_scope"):
        missing = conn.execute(
            f"SELECT count(*) FROM ({_SCOPE_FROM_LINKS} EXCEPT {_SCOPE_KEPT})"
        ).fetchone()[0]
        extra = conn.execute(
            f"SELECT count(*) FROM ({_SCOPE_KEPT} EXCEPT {_SCOPE_FROM_LINKS})"
        ).fetchone()[0]
        if missing or extra:
            problems.append(
                f"Evidence under each question: {missing + extra} entries disagree "
                "with the items' question links, so counts and lists by question "
                "can be wrong. Restore a backup, or ask for help repairing it."
            )
    if _has(conn, "evidence", "question_order"):
        wrong = conn.execute(
            "SELECT count(*) FROM evidence e WHERE e.question_order IS NOT (SELECT"
            " min(q.position) FROM evidence_question eq JOIN question q ON q.id = eq.question_id"
            " WHERE eq.evidence_id = e.id AND eq.deleted_at IS NULL)"
        ).fetchone()[0]
        if wrong:
            problems.append(
                f"Evidence order by question: {wrong} items are out of step with "
                "their question links, so sorting by Questions can be wrong."
            )
    if _has(conn, "case_answer_count"):
        problems.extend(_answer_count_problems(conn))
    return problems


#: How many live files gave each item each answer, from the answers themselves.
_COUNTS_FROM_ANSWERS = (
    "SELECT a.item_id, a.value, count(*) FROM case_answer a JOIN case_file f"
    " ON f.id = a.case_file_id AND f.deleted_at IS NULL WHERE a.deleted_at IS NULL"
    " GROUP BY a.item_id, a.value"
)
_COUNTS_KEPT = "SELECT item_id, value, files FROM case_answer_count WHERE files != 0"


def _answer_count_problems(conn: sqlite3.Connection) -> list[str]:
    """The kept counts of case-file review answers against the answers."""
    differ = (
        conn.execute(
            f"SELECT count(*) FROM ({_COUNTS_FROM_ANSWERS} EXCEPT {_COUNTS_KEPT})"
        ).fetchone()[0]
        + conn.execute(
            f"SELECT count(*) FROM ({_COUNTS_KEPT} EXCEPT {_COUNTS_FROM_ANSWERS})"
        ).fetchone()[0]
    )
    if not differ:
        return []
    return [
        f"Case-file review counts: {differ} entries disagree with the reviewed files'"
        " answers, so checklist results can be wrong. Restore a backup, or ask for help"
        " repairing it."
    ]
