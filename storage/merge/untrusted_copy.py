"""A copy of an inspection from elsewhere, checked before anything in it is read.

A fieldwork copy arrives by USB stick or e-mail and may have been crafted. It
is never opened where it lies: its bytes are copied into a private folder
(:mod:`storage.file.file_snapshot`), and that private copy is what is checked and
then merged, so nothing can change between the checks and the merge, and
nothing is written beside the original. Before any table is read:

- it is opened with ``trusted_schema`` off (SQLite runs nothing the file's
  own schema names that could have side effects, and checks cell sizes);
  Python 3.11 cannot switch on SQLite's defensive mode, so the equivalent
  checks follow;
- its header must say it is an inspection of this app's schema version;
- its ``sqlite_master`` must be exactly the schema this app creates for that
  version: any view, trigger, table or index the app did not make is refused
  by name, before anything could run it;
- SQLite's own quick check must pass;
- its migrations and its one inspection row must be the app's.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from models.records import Inspection
from models.stored_values.safe_text import escaped
from storage.file import file_access
from storage.file.database import read_header
from storage.file.errors import NewerSchemaError, NotAnInspectionError
from storage.file.file_snapshot import snapshot
from storage.file.migrations import (
    MIGRATION_SET,
    SCHEMA_VERSION,
    known_migration_names,
)
from storage.file.private_temp import private_folder
from storage.file.schema import APPLICATION_ID
from storage.file.schema_check import expected_schema, read_schema, schema_differences
from storage.health.row_checks import table_problems
from storage.merge.errors import MergeRefusedError, SchemaMismatchError

#: Problems listed in a refusal; the rest are counted.
SHOWN = 20


class UnsafeCopyError(MergeRefusedError):
    """The copy breaks the app's rules; ``problems`` lists every one found (as text)."""

    def __init__(
        self, name: str, problems: list[str], total: int | None = None, target: str | None = None
    ):
        self.problems = list(problems)
        self.total = total if total is not None else len(self.problems)
        unchanged = f" {target} was not changed." if target else ""
        head = (
            f"{escaped(name)} cannot be merged: it holds what this app never writes "
            f"({self.total} problem{'' if self.total == 1 else 's'} found), so it may "
            f"have been altered or damaged. Nothing was merged.{unchanged}"
        )
        more = self.total - min(self.total, SHOWN)
        lines = [f"- {p}" for p in self.problems[:SHOWN]]
        if more:
            lines.append(f"- … and {more} more")
        self.head = head
        super().__init__("\n".join([head, *lines]))


@dataclass(frozen=True)
class CheckedCopy:
    """The private, checked copy of a file from elsewhere and its inspection row."""

    original: Path
    path: Path
    inspection: Inspection


@contextmanager
def checked_copy(path: Path) -> Iterator[CheckedCopy]:
    """A private copy of the inspection at ``path``, checked as above; removed afterwards.

    Raises the usual storage errors for a file that is missing, not an
    inspection or newer, :class:`SchemaMismatchError` for an older one and
    :class:`UnsafeCopyError` for one that breaks the app's rules.
    """
    path = Path(path)
    with private_folder("merge") as folder:
        copy = snapshot(path, folder, "copy.inspection")
        try:
            read_header(copy)
        except NotAnInspectionError:
            raise NotAnInspectionError(
                f"{path} is not an inspection file (it is not a database)."
            ) from None
        conn = file_access.connect(copy, "rw", trusted_schema=False)
        try:
            inspection = _checked(conn, path)
            # One self-contained file, so it can be attached without its log.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.DatabaseError as e:
            raise NotAnInspectionError(
                f"{path} cannot be read as an inspection; it may be damaged ({escaped(e)})."
            ) from None
        finally:
            conn.close()
        yield CheckedCopy(path, copy, inspection)


def _checked(conn: sqlite3.Connection, path: Path) -> Inspection:
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        raise NotAnInspectionError(f"{path} is not an inspection file.")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path} was saved by a newer version of Evidence Review; update the app to merge it."
        )
    if version < SCHEMA_VERSION:
        raise SchemaMismatchError(
            f"{path} was saved by an older version of Evidence Review; "
            "open it in this version of the app once, then merge it."
        )
    differences = schema_differences(read_schema(conn), expected_schema(version))
    if differences:
        raise UnsafeCopyError(path.name, [f"schema: {d}" for d in differences])
    verdict = [str(r) for (r,) in conn.execute("PRAGMA quick_check")]
    if verdict != ["ok"]:
        raise UnsafeCopyError(path.name, [f"the file is damaged: {escaped(v)}" for v in verdict])
    names = [
        n
        for (n,) in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            [MIGRATION_SET],
        )
    ]
    if (
        names != known_migration_names()[:version]
        or conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] != version
    ):
        raise UnsafeCopyError(path.name, ["its record of schema changes is not this app's"])
    rows = conn.execute("SELECT count(*) FROM inspection").fetchone()[0]
    if rows != 1:
        raise UnsafeCopyError(path.name, [f"it holds {rows} inspections instead of one"])
    problems = [p.message for p in table_problems(conn, "main", "inspection")]
    if problems:
        raise UnsafeCopyError(path.name, problems)
    return _inspection(conn)


def _inspection(conn: sqlite3.Connection) -> Inspection:
    cur = conn.execute(
        "SELECT id, title, force, framework_id, framework_version, period,"
        " fieldwork_start, fieldwork_end, created_at, updated_at, replica_id,"
        " copy_for, copied_at FROM inspection"
    )
    (
        iid,
        title,
        force,
        framework_id,
        version,
        period,
        start,
        end,
        created,
        updated,
        replica,
        copy_for,
        copied_at,
    ) = cur.fetchone()
    return Inspection(
        iid,
        title,
        force,
        framework_id,
        version,
        period,
        date.fromisoformat(start) if start else None,
        date.fromisoformat(end) if end else None,
        created,
        updated,
        replica,
        copy_for,
        copied_at,
    )
