"""Every row a copy would bring into the target, held to the app's rules before the merge.

Runs inside the merge's transaction with the (private, schema-checked) copy
attached as ``merge_src``, so what is checked is exactly what is merged.
Incoming rows are the ones the target does not already hold as they are: new
rows and other versions of the merged tables, change history and conflicts
the target has not got, the copy's record of what it has merged, and the
content of attached files the target does not hold yet (whose fingerprint is
computed again). Besides each value's rules (``models.stored_values.rules``), the copy's
framework must be the target's, its rows must point at rows that exist, a
judgment must grade a graded question, a review note must be about something
one of the files holds, and an attachment's size must be its content's.
"""

from __future__ import annotations

import sqlite3
from typing import Callable, Iterator

from models.stored_values.safe_text import escaped
from storage.health.row_checks import RowProblem, table_problems
from storage.merge.case_review_checks import case_review_problems
from storage.merge.indicator_checks import indicator_problems
from storage.merge.source import SOURCE, MergeContext
from storage.merge.tables import MERGE_TABLES
from storage.repositories.attachment_blobs import fingerprint

#: Columns of the framework's tables that must be the same in every copy.
_FRAMEWORK = {
    "question": "id, code, parent_code, depth, position, subtree_end, graded",
    "grade": "id, position, name",
}
#: Stop looking after this many problems: the list is for a person to read.
MOST = 500


def incoming_problems(
    conn: sqlite3.Connection, ctx: MergeContext, is_cancelled: Callable[[], bool] = lambda: False
) -> tuple[list[str], int]:
    """``(the first problems as text, how many there are)``; empty when the copy is sound."""
    shown: list[str] = []
    total = 0
    for problem in _problems(conn, ctx, is_cancelled):
        total += 1
        if len(shown) < MOST:
            shown.append(problem if isinstance(problem, str) else problem.message)
    return shown, total


def _problems(conn, ctx: MergeContext, is_cancelled) -> Iterator[RowProblem | str]:
    for table, columns in _FRAMEWORK.items():
        differing = (
            conn.execute(
                f"SELECT count(*) FROM (SELECT {columns} FROM {SOURCE}.{table} EXCEPT"
                f" SELECT {columns} FROM main.{table})"
            ).fetchone()[0]
            + conn.execute(
                f"SELECT count(*) FROM (SELECT {columns} FROM main.{table} EXCEPT"
                f" SELECT {columns} FROM {SOURCE}.{table})"
            ).fetchone()[0]
        )
        if differing:
            yield (
                f"{table}: {differing} row(s) differ from the framework of the target, "
                "although both claim the same framework version"
            )
    for table, _rowid, parent, _ in conn.execute(f"PRAGMA {SOURCE}.foreign_key_check"):
        yield f"{table}: a row points to a {parent} that is not in the copy"
    for spec in MERGE_TABLES:
        if is_cancelled():
            return
        cols = ctx.columns[spec.table]
        same = " AND ".join(f"t.{c} IS r.{c}" for c in cols.values)
        yield from table_problems(
            conn,
            SOURCE,
            spec.table,
            f"WHERE NOT EXISTS (SELECT 1 FROM main.{spec.table} t WHERE {same})",
        )
    for table, key in (("history", "id"), ("merge_conflict", "id")):
        yield from table_problems(
            conn,
            SOURCE,
            table,
            f"WHERE NOT EXISTS (SELECT 1 FROM main.{table} t WHERE t.{key} = r.{key})",
        )
    yield from table_problems(conn, SOURCE, "replica_sync")
    yield from _judgment_problems(conn)
    yield from _note_problems(conn)
    yield from indicator_problems(conn)
    yield from case_review_problems(conn)
    yield from _content_problems(conn, is_cancelled)


def _note_problems(conn) -> Iterator[RowProblem]:
    """A note must be about an item, finding or judgment one of the two files holds."""
    for subject in ("evidence", "finding", "judgment"):
        for note_id, subject_id in conn.execute(
            f"SELECT n.id, n.subject_id FROM {SOURCE}.review_note n WHERE n.subject = ?"
            f" AND NOT EXISTS (SELECT 1 FROM {SOURCE}.{subject} s WHERE s.id = n.subject_id)"
            f" AND NOT EXISTS (SELECT 1 FROM main.{subject} s WHERE s.id = n.subject_id)",
            [subject],
        ):
            problem = f"is not a {subject} of either file"
            yield RowProblem("review_note", note_id, "subject_id", subject_id, problem)


def _judgment_problems(conn) -> Iterator[RowProblem]:
    for judgment_id, question_id in conn.execute(
        f"SELECT j.id, j.question_id FROM {SOURCE}.judgment j WHERE j.question_id IS NOT"
        f" NULL AND NOT EXISTS (SELECT 1 FROM main.question q WHERE q.id = j.question_id"
        " AND q.graded)"
    ):
        yield RowProblem(
            "judgment",
            judgment_id,
            "question_id",
            question_id,
            "is not a graded question of the framework",
        )
    for judgment_id, grade_id in conn.execute(
        f"SELECT j.id, j.grade_id FROM {SOURCE}.judgment j WHERE j.grade_id IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM main.grade g WHERE g.id = j.grade_id)"
    ):
        yield RowProblem(
            "judgment", judgment_id, "grade_id", grade_id, "is not a grade of the framework"
        )


def _content_problems(conn, is_cancelled) -> Iterator[RowProblem | str]:
    """New attached content: its rules, its fingerprint computed again, its size agreed."""
    new = "WHERE NOT EXISTS (SELECT 1 FROM main.attachment_content t WHERE t.sha256 = r.sha256)"
    bad = set()
    for problem in table_problems(conn, SOURCE, "attachment_content", new):
        bad.add(problem.key)
        yield problem
    for sha256, size in conn.execute(
        f"SELECT r.sha256, r.size FROM {SOURCE}.attachment_content r {new}"
        " AND typeof(r.data) = 'blob'"
    ).fetchall():
        if sha256 in bad or is_cancelled():
            continue
        actual, length = fingerprint(conn, sha256, SOURCE)
        if actual != sha256:
            yield RowProblem(
                "attachment_content",
                sha256,
                "data",
                f"<{length} bytes>",
                f"does not match its fingerprint (its SHA-256 is {actual})",
            )
        elif length != size:
            yield RowProblem(
                "attachment_content",
                sha256,
                "size",
                size,
                f"is not the content's length ({length} bytes)",
            )
    for attachment_id, size, stored in conn.execute(
        f"SELECT a.id, a.size, coalesce((SELECT c.size FROM {SOURCE}.attachment_content c"
        " WHERE c.sha256 = a.sha256), (SELECT c.size FROM main.attachment_content c"
        f" WHERE c.sha256 = a.sha256)) FROM {SOURCE}.attachment a"
    ):
        if stored is None:
            yield RowProblem(
                "attachment", attachment_id, "sha256", None, "names content that neither file holds"
            )
        elif size != stored:
            yield RowProblem(
                "attachment",
                attachment_id,
                "size",
                size,
                f"is not the size of its content ({escaped(stored)} bytes)",
            )
