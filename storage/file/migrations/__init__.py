"""The inspection file's schema, as one ordered set of migrations, one module each.

Migrations are applied on open. Never edit a migration that has shipped: add a new
module and list it below. Each step keeps its own frozen copy of any SQL or list it
needs, so a later change to the current definitions (``storage.file.schema``, the
merge's tables) never alters what an old step does. ``SCHEMA_VERSION`` is the number of
migrations this app knows; a file that has applied migrations this app does not know
is newer and refused.

sqlite-utils is imported only when migrations are applied: opening a file that is up
to date (nearly every start of the app) does not pay for importing it.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from storage.file.migrations.m001_initial_schema import m001_initial_schema
from storage.file.migrations.m002_team_copies_and_merging import m002_team_copies_and_merging
from storage.file.migrations.m003_row_origins import m003_row_origins
from storage.file.migrations.m004_history_and_attachments import m004_history_and_attachments
from storage.file.migrations.m005_evidence_scope import m005_evidence_scope
from storage.file.migrations.m006_search_prefixes import m006_search_prefixes
from storage.file.migrations.m007_question_order import m007_question_order
from storage.file.migrations.m008_inspection_history import m008_inspection_history
from storage.file.migrations.m009_lead_review import m009_lead_review
from storage.file.migrations.m010_sign_off import m010_sign_off
from storage.file.migrations.m011_planned_methods import m011_planned_methods
from storage.file.migrations.m012_review_notes import m012_review_notes
from storage.file.migrations.m013_finding_refs import m013_finding_refs
from storage.file.migrations.m014_indicators import m014_indicators
from storage.file.migrations.m015_case_reviews import m015_case_reviews
from storage.file.migrations.m016_bulk_writes import m016_bulk_writes

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

log = logging.getLogger(__name__)

#: The name this app's migrations are recorded under in ``_sqlite_migrations``.
MIGRATION_SET = "evidence_review"

#: Every migration in the order it is applied; each is recorded under its function's name.
_STEPS: tuple[Callable[[Database], None], ...] = (
    m001_initial_schema,
    m002_team_copies_and_merging,
    m003_row_origins,
    m004_history_and_attachments,
    m005_evidence_scope,
    m006_search_prefixes,
    m007_question_order,
    m008_inspection_history,
    m009_lead_review,
    m010_sign_off,
    m011_planned_methods,
    m012_review_notes,
    m013_finding_refs,
    m014_indicators,
    m015_case_reviews,
    m016_bulk_writes,
)

SCHEMA_VERSION = len(_STEPS)


def known_migration_names() -> list[str]:
    return [step.__name__ for step in _STEPS]


def migration_set(count: int | None = None) -> Migrations:
    """Every migration (or the first ``count``), as the sqlite-utils set that applies them."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in _STEPS[:count]:
        migrations(name=step.__name__)(step)
    return migrations


def apply_migrations(conn: sqlite3.Connection, count: int | None = None) -> None:
    """Apply the migrations ``conn``'s file has not had yet (up to the first ``count``).

    Each migration runs in its own transaction with the record of it. The steps the
    file took are logged once they are recorded, read back after the run (also when a
    step fails), so the log never names a step the file did not take.
    """
    from sqlite_utils import Database

    db = Database(conn, execute_plugins=False)
    migrations = migration_set(count)
    file_name = _file_name(conn)
    if not file_name:  # the reference schema built in memory is no file of anyone's
        migrations.apply(db)
        return
    pending = [migration.name for migration in migrations.pending(db)]
    try:
        migrations.apply(db)
    finally:
        if pending:
            _log_steps_taken(migrations, db, file_name, pending)


def _log_steps_taken(
    migrations: Migrations, db: Database, file_name: str, pending: list[str]
) -> None:
    try:
        recorded = {migration.name for migration in migrations.applied(db)}
    except sqlite3.Error:
        return  # the failure itself is what the caller reports
    names = known_migration_names()
    for name in pending:
        if name in recorded:
            step = names.index(name)
            log.info(
                "migrated %s from schema version %d to %d (%s)", file_name, step, step + 1, name
            )


def _file_name(conn: sqlite3.Connection) -> str:
    """The name of the file ``conn`` has open as ``main`` ("" for a database in memory)."""
    for _, schema, path in conn.execute("PRAGMA database_list"):
        if schema == "main":
            return Path(path).name if path else ""
    return ""


def __getattr__(name: str) -> Migrations:
    if name == "MIGRATIONS":  # built on first use, see the module's docstring
        return migration_set()
    raise AttributeError(name)
