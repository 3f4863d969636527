"""``check``'s look at the schema and at every row, with the rules a merge holds copies to.

A file can break the app's rules without SQLite noticing: a value outside the
vocabulary, participants that are not JSON, a view where a table should be.
Such a file opens, then fails in a screen or an export; so ``check`` compares
the schema with the one the app makes and holds every row to the app's rules
(``models.stored_values.rules``), and says how to repair what it finds.

Objects the app did not make are dropped from the private copy being checked
once they are reported, so nothing a file brings runs during the check.
"""

from __future__ import annotations

import sqlite3

from models.stored_values.rules import RULES
from storage.file.migrations import MIGRATION_SET, SCHEMA_VERSION, known_migration_names
from storage.file.schema_check import expected_schema, read_schema, schema_differences
from storage.health.row_checks import RowProblem, table_problems

#: Rows listed one by one; the rest are counted.
SHOWN = 50
REPAIR_HINT = (
    "Repair a copy with: main.py check FILE --repair NEW.inspection (the file "
    "itself is left as it is), or restore a backup."
)


def applied_migrations(conn: sqlite3.Connection, actual: dict) -> int | None:
    """How many of this app's migrations the file records, read only from the app's own
    table (``None`` when that table is not as the app makes it)."""
    found, wanted = actual.get("_sqlite_migrations"), expected_schema(1)["_sqlite_migrations"]
    if found is None or (found.type, found.sql) != (wanted.type, wanted.sql):
        return None
    names = [
        n
        for (n,) in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
            [MIGRATION_SET],
        )
    ]
    known = known_migration_names()
    return len(names) if names == known[: len(names)] else None


def schema_problems(conn: sqlite3.Connection, version: int) -> list[str]:
    """How the schema differs from this app's for the migrations the file records (else
    ``version``); drops from the checked copy what the app did not make."""
    actual = read_schema(conn)
    applied = applied_migrations(conn, actual)
    expected = expected_schema(
        min(max(applied if applied is not None else version, 0), SCHEMA_VERSION)
    )
    problems = [f"Schema: {d}" for d in schema_differences(actual, expected)]
    for name, found in actual.items():
        wanted = expected.get(name)
        if (
            found.type in ("view", "trigger", "index")
            and found.sql is not None
            and (wanted is None or wanted.type != found.type or wanted.sql != found.sql)
        ):
            quoted = '"' + name.replace('"', '""') + '"'
            conn.execute(f"DROP {found.type.upper()} IF EXISTS {quoted}")
    return problems


def row_problems(conn: sqlite3.Connection) -> tuple[list[RowProblem], int]:
    """Rows breaking the app's rules: ``(the first ones, how many in all)``."""
    shown: list[RowProblem] = []
    total = 0
    existing = {
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    for table in RULES:
        if table not in existing:
            continue
        for problem in table_problems(conn, "main", table):
            total += 1
            if len(shown) < SHOWN:
                shown.append(problem)
    for problem in _cross_row(conn, existing):
        total += 1
        if len(shown) < SHOWN:
            shown.append(problem)
    return shown, total


def _cross_row(conn: sqlite3.Connection, existing: set[str]):
    if {"judgment", "question"} <= existing:
        for judgment_id, question_id in conn.execute(
            "SELECT j.id, j.question_id FROM judgment j WHERE j.question_id IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM question q WHERE q.id = j.question_id"
            " AND q.graded)"
        ):
            yield RowProblem(
                "judgment",
                judgment_id,
                "question_id",
                question_id,
                "is not a graded question of the framework",
            )
    if {"attachment", "attachment_content"} <= existing:
        for attachment_id, size, stored in conn.execute(
            "SELECT a.id, a.size, c.size FROM attachment a JOIN attachment_content c"
            " ON c.sha256 = a.sha256 WHERE a.size IS NOT c.size"
        ):
            yield RowProblem(
                "attachment",
                attachment_id,
                "size",
                size,
                f"is not the size of its content ({stored} bytes)",
            )
