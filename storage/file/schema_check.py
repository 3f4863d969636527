"""The schema an inspection file should have, and every way a file's own schema differs.

A file from elsewhere can carry schema objects of its own: a view where a table
should be (reading it runs whatever query it holds), a trigger, an index, a
table. SQLite runs them as part of the file, so nothing is read from a file
before its ``sqlite_master`` is compared with the schema this app creates for
that version. The expected schema is not written out by hand: it is built by
applying the same migrations to an empty database in memory, so it cannot
drift from what the app really makes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from models.stored_values.safe_text import escaped
from storage.file import file_access
from storage.file.migrations import SCHEMA_VERSION, apply_migrations
from storage.file.schema import APPLICATION_ID

_KINDS = {"table": "table", "index": "index", "trigger": "trigger", "view": "view"}


@dataclass(frozen=True)
class SchemaObject:
    """One row of ``sqlite_master``, its SQL with whitespace evened out."""

    type: str
    name: str
    table: str
    sql: str | None


def _normalised(sql) -> str | None:
    return " ".join(str(sql).split()) if sql is not None else None


def read_schema(conn: sqlite3.Connection, schema: str = "main") -> dict[str, SchemaObject]:
    """Every object of a database's schema, by name (names are unique in a schema)."""
    return {
        name: SchemaObject(str(kind), name, str(table), _normalised(sql))
        for kind, name, table, sql in conn.execute(
            f"SELECT type, name, tbl_name, sql FROM {schema}.sqlite_master"
        )
    }


@lru_cache(maxsize=None)
def expected_schema(version: int = SCHEMA_VERSION) -> dict[str, SchemaObject]:
    """The schema of an inspection file of schema ``version``, as this app builds it."""
    if not 0 <= version <= SCHEMA_VERSION:
        raise ValueError(f"no schema version {version}")
    conn = file_access.memory_database()
    try:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if version:
            apply_migrations(conn, version)
        return read_schema(conn)
    finally:
        conn.close()


def schema_differences(
    actual: dict[str, SchemaObject], expected: dict[str, SchemaObject]
) -> list[str]:
    """Each object that is extra, missing or not as the app makes it, in words."""
    found = []
    for name in sorted(set(actual) | set(expected)):
        mine, theirs = expected.get(name), actual.get(name)
        shown = escaped(name, 60)
        if mine is None:
            theirs = cast(SchemaObject, theirs)  # in one of the two, and not in mine
            kind = _KINDS.get(theirs.type, escaped(theirs.type, 20))
            found.append(f"{kind} {shown} is not part of an inspection file")
        elif theirs is None:
            found.append(f"{mine.type} {shown} is missing")
        elif theirs.type != mine.type:
            kind = _KINDS.get(theirs.type, escaped(theirs.type, 20))
            found.append(f"{shown} is a {kind} where the app keeps a {mine.type}")
        elif (theirs.table, theirs.sql) != (mine.table, mine.sql):
            found.append(f"{mine.type} {shown} is not as the app makes it")
    return found
