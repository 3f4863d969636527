"""Checking an inspection file for damage without changing it.

Used by the ``check`` command (and later after an unclean shutdown): SQLite's
own integrity and foreign-key checks, the consistency of both full-text search
indexes with the records they index, and whether this app can open the file.
Files that are missing, are not inspections or come from a newer app raise the
usual storage errors instead of being "checked".
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from storage.attachment_blobs import content_problems
from storage.database import BUSY_TIMEOUT_MS, refuse_by_header
from storage.errors import NewerSchemaError, StorageError
from storage.health_derived import derived_problems
from storage.migrations import MIGRATION_SET, SCHEMA_VERSION, known_migration_names

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
    # The header can be stale when a newer app's last commits are still in the
    # -wal, so ask SQLite as well, read-only: a read-write connection would
    # fold that log into the file on close and change a file we must refuse.
    user_version = max(user_version, _refuse_newer(path))
    report = HealthReport(path, user_version)
    report.checks_passed.append("The file is an Evidence Review inspection")
    conn = _connect(path, "rw")
    try:
        # Everything runs in one transaction that is rolled back, so even the
        # search-index checks (which SQLite words as INSERTs) change nothing.
        conn.execute("BEGIN")
        try:
            _check_schema_version(report)
            _check_integrity(conn, report)
            _check_foreign_keys(conn, report)
            _check_inspection_row(conn, report)
            for index, table in _SEARCH_INDEXES.items():
                _check_search_index(conn, report, index, table)
            _check_attachments(conn, report)
            _check_derived(conn, report)
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    finally:
        conn.close()
    return report


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + f"?mode={mode}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as e:
        raise StorageError(f"{path} cannot be opened to check it ({e}).") from None
    return conn


def _refuse_newer(path: Path) -> int:
    """The schema version SQLite reports; raises when a newer app wrote the file."""
    conn = _connect(path, "ro")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        try:
            names = {n for n, in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                [MIGRATION_SET])}
        except sqlite3.OperationalError:
            names = set()  # no migrations table: the checks report what is missing
    except sqlite3.DatabaseError:
        return 0  # too damaged to tell; the checks describe the damage
    finally:
        conn.close()
    if version > SCHEMA_VERSION or names - set(known_migration_names()):
        raise NewerSchemaError(_newer_message(path))
    return version


def _newer_message(path: Path) -> str:
    return (f"{path} was saved by a newer version of Evidence Review; "
            "update the app to check it.")


def _check_schema_version(report: HealthReport) -> None:
    if report.schema_version == SCHEMA_VERSION:
        report.checks_passed.append(f"Schema version {report.schema_version} matches this app")
    else:
        report.checks_passed.append(
            f"Schema version {report.schema_version} is older than this app's "
            f"{SCHEMA_VERSION}; it will be brought up to date when opened in the app")


def _check_integrity(conn: sqlite3.Connection, report: HealthReport) -> None:
    try:
        rows = [r for r, in conn.execute("PRAGMA integrity_check")]
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
        report.problems.append(f"Links between records: {count} row(s) of {table} point to a "
                               f"{parent} that does not exist")


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


def _check_search_index(conn: sqlite3.Connection, report: HealthReport, index: str,
                        table: str) -> None:
    label = f"Search index of {table} records"
    try:
        triggers = {name for name, in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", [table])}
    except sqlite3.DatabaseError as e:
        report.problems.append(f"{label}: cannot be checked ({e})")
        return
    missing = [f"{table}_{s}" for s in _SEARCH_TRIGGERS if f"{table}_{s}" not in triggers]
    if missing:
        report.problems.append(f"{label}: it is no longer kept up to date "
                               f"(missing trigger {', '.join(missing)})")
    try:
        # rank = 1 also compares the index with the records it was built from.
        conn.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.OperationalError as e:
        if "readonly" in str(e):
            report.skipped.append(f"{label}: the file is read-only, so it cannot be checked")
        elif "locked" in str(e) or "busy" in str(e):
            report.skipped.append(f"{label}: another program is saving to the file; "
                                  "check again in a moment")
        else:
            report.problems.append(f"{label}: cannot be checked ({e})")
        return
    except sqlite3.DatabaseError:
        report.problems.append(f"{label}: it does not match the records; search results "
                               "may be wrong or missing")
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
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'"
                            " AND name = 'attachment_content'").fetchone():
            return  # saved before files could be attached
        problems = content_problems(conn)
    except sqlite3.DatabaseError as e:
        report.problems.append(f"Attached files: cannot be checked ({e})")
        return
    if problems:
        report.problems.extend(f"Attached files: {p.message}" for p in problems)
    else:
        report.checks_passed.append("Attached files match their fingerprints")
