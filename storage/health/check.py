"""Checking an inspection file for damage without changing it.

Used by the ``check`` command: SQLite's own integrity and foreign-key checks,
the schema against the one the app makes, every row against the app's rules,
the consistency of both full-text search indexes with the records they index,
attached files against their fingerprints, and whether this app can open the
file. Files that are missing, are not inspections or come from a newer app
raise the usual storage errors instead of being "checked".

The file is never opened by SQLite where it lies: it and its write-ahead log
are copied byte for byte into a private folder and the copy is checked
(:mod:`storage.file.file_snapshot`), so checking a file the app has open beside us
changes nothing, not even a checkpoint.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from storage.file import file_access
from storage.file.database import refuse_by_header
from storage.file.errors import NewerSchemaError, StorageError
from storage.file.file_snapshot import snapshot
from storage.file.migrations import MIGRATION_SET, SCHEMA_VERSION, known_migration_names
from storage.file.private_temp import private_folder
from storage.health.derived import derived_problems
from storage.health.rows import REPAIR_HINT, row_problems, schema_problems
from storage.repositories.attachment_blobs import content_problems

#: Full-text indexes and the records they index, as named in the schema.
_SEARCH_INDEXES = {"evidence_fts": "evidence", "finding_fts": "finding"}
#: The triggers that keep each index in step with its records.
_SEARCH_TRIGGERS = ("ai", "ad", "au")


@dataclass
class HealthReport:
    """The outcome of checking one file: what passed and what is wrong."""

    path: Path
    schema_version: int
    problems: list[str] = field(default_factory=list)
    checks_passed: list[str] = field(default_factory=list)
    #: Checks that could not run (for example on a read-only file).
    skipped: list[str] = field(default_factory=list)
    #: How to repair what was found, when ``check --repair`` can.
    repair_hint: str = ""

    @property
    def healthy(self) -> bool:
        return not self.problems


def check_inspection(path: Path) -> HealthReport:
    """Check the inspection file at ``path`` and report every problem found.

    Raises :class:`InspectionNotFoundError`, :class:`NotAnInspectionError` or
    :class:`NewerSchemaError` for files that are not ours to check.
    """
    path = Path(path)
    user_version = refuse_by_header(path, _newer_message(path))
    with private_folder("check") as folder:
        conn = _connect(snapshot(path, folder), path)
        try:
            # The copy is private, yet nothing is kept: everything runs in one
            # transaction that is rolled back (the search-index checks are INSERTs).
            conn.execute("BEGIN")
            try:
                return _checked(conn, path, user_version)
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        finally:
            conn.close()


def _checked(conn: sqlite3.Connection, path: Path, user_version: int) -> HealthReport:
    # The header can be stale when a newer app's last commits are still in the log.
    try:
        user_version = max(user_version, conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError:
        pass  # too damaged to tell; the checks describe the damage
    if user_version > SCHEMA_VERSION:
        raise NewerSchemaError(_newer_message(path))
    report = HealthReport(path, user_version)
    # Nothing is read from a table before the schema is known to be the app's.
    schema = _check_schema(conn, report)
    _refuse_newer(conn, path)
    report.checks_passed.append("The file is an Evidence Review inspection")
    _check_schema_version(report)
    if schema:
        report.checks_passed.append("Schema is the one this app makes")
    _check_integrity(conn, report)
    _check_foreign_keys(conn, report)
    _check_inspection_row(conn, report)
    _check_rows(conn, report)
    for index, table in _SEARCH_INDEXES.items():
        _check_search_index(conn, report, index, table)
    _check_attachments(conn, report)
    _check_derived(conn, report)
    return report


def _connect(copy: Path, path: Path) -> sqlite3.Connection:
    try:
        # The file's own schema is not trusted until it has been compared with the app's.
        return file_access.connect(copy, "rw", trusted_schema=False)
    except sqlite3.Error as e:
        raise StorageError(f"{path} cannot be opened to check it ({e}).") from None


def _refuse_newer(conn: sqlite3.Connection, path: Path) -> None:
    """Raise when a newer app's migrations are recorded in the file."""
    try:
        names = {
            n
            for (n,) in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
            )
        }
    except sqlite3.DatabaseError:
        return  # no migrations table, or damage: the checks report what is missing
    if names - set(known_migration_names()):
        raise NewerSchemaError(_newer_message(path))


def _check_schema(conn: sqlite3.Connection, report: HealthReport) -> bool:
    try:
        problems = schema_problems(conn, report.schema_version)
    except sqlite3.DatabaseError as e:
        report.problems.append(f"Schema: cannot be read ({e})")
        return False
    report.problems.extend(problems)
    return not problems


def _check_rows(conn: sqlite3.Connection, report: HealthReport) -> None:
    try:
        shown, total = row_problems(conn)
    except sqlite3.DatabaseError as e:
        report.problems.append(f"Values the app keeps: cannot be checked ({e})")
        return
    if not total:
        report.checks_passed.append("Every value is one the app writes")
        return
    report.problems.extend(f"Value: {p.message}" for p in shown)
    if total > len(shown):
        report.problems.append(
            f"Value: … and {total - len(shown)} more values the app never writes"
        )
    report.repair_hint = REPAIR_HINT


def _newer_message(path: Path) -> str:
    return f"{path} was saved by a newer version of Evidence Review; update the app to check it."


def _check_schema_version(report: HealthReport) -> None:
    if report.schema_version == SCHEMA_VERSION:
        report.checks_passed.append(f"Schema version {report.schema_version} matches this app")
    else:
        report.checks_passed.append(
            f"Schema version {report.schema_version} is older than this app's "
            f"{SCHEMA_VERSION}; it will be brought up to date when opened in the app"
        )


def _check_integrity(conn: sqlite3.Connection, report: HealthReport) -> None:
    try:
        rows = [r for (r,) in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as e:
        report.problems.append(f"Database integrity: the file is damaged ({e})")
        return
    if rows == ["ok"]:
        report.checks_passed.append("Database integrity")
    else:
        shown = "; ".join(rows[:5]) + (f" (and {len(rows) - 5} more)" if len(rows) > 5 else "")
        report.problems.append(f"Database integrity: {shown}")


def _check_foreign_keys(conn: sqlite3.Connection, report: HealthReport) -> None:
    try:
        rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as e:
        report.problems.append(f"Links between records could not be checked ({e})")
        return
    if not rows:
        report.checks_passed.append("Links between records")
        return
    broken: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _fk in rows:
        broken[(table, parent)] = broken.get((table, parent), 0) + 1
    for (table, parent), count in sorted(broken.items()):
        report.problems.append(
            f"Links between records: {count} row(s) of {table} point to a "
            f"{parent} that does not exist"
        )


def _check_inspection_row(conn: sqlite3.Connection, report: HealthReport) -> None:
    try:
        count = conn.execute("SELECT count(*) FROM inspection").fetchone()[0]
    except sqlite3.DatabaseError as e:
        report.problems.append(f"Inspection details cannot be read ({e})")
        return
    if count == 1:
        report.checks_passed.append("Inspection details")
    else:
        report.problems.append(f"Inspection details: expected one inspection, found {count}")


def _check_search_index(
    conn: sqlite3.Connection, report: HealthReport, index: str, table: str
) -> None:
    label = f"Search index of {table} records"
    try:
        triggers = {
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", [table]
            )
        }
    except sqlite3.DatabaseError as e:
        report.problems.append(f"{label}: cannot be checked ({e})")
        return
    missing = [f"{table}_{s}" for s in _SEARCH_TRIGGERS if f"{table}_{s}" not in triggers]
    if missing:
        report.problems.append(
            f"{label}: it is no longer kept up to date (missing trigger {', '.join(missing)})"
        )
    try:
        # rank = 1 also compares the index with the records it was built from.
        conn.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.OperationalError as e:
        if "readonly" in str(e):
            report.skipped.append(f"{label}: the file is read-only, so it cannot be checked")
        elif "locked" in str(e) or "busy" in str(e):
            report.skipped.append(
                f"{label}: another program is saving to the file; check again in a moment"
            )
        else:
            report.problems.append(f"{label}: cannot be checked ({e})")
        return
    except sqlite3.DatabaseError:
        report.problems.append(
            f"{label}: it does not match the records; search results may be wrong or missing"
        )
        return
    if not missing:
        report.checks_passed.append(label)


def _check_derived(conn: sqlite3.Connection, report: HealthReport) -> None:
    try:
        problems = derived_problems(conn)
    except sqlite3.DatabaseError as e:
        report.problems.append(f"Evidence by question: cannot be checked ({e})")
        return
    if problems:
        report.problems.extend(problems)
    else:
        report.checks_passed.append("Evidence by question agrees with the question links")


def _check_attachments(conn: sqlite3.Connection, report: HealthReport) -> None:
    """Every attached file's content against the SHA-256 fingerprint it was stored under."""
    try:
        if not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachment_content'"
        ).fetchone():
            return  # saved before files could be attached
        problems = content_problems(conn)
    except sqlite3.DatabaseError as e:
        report.problems.append(f"Attached files: cannot be checked ({e})")
        return
    if problems:
        report.problems.extend(f"Attached files: {p.message}" for p in problems)
    else:
        report.checks_passed.append("Attached files match their fingerprints")
