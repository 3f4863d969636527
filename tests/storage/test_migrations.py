"""The migrations package: one frozen module per step, a runner that logs each step a
file takes, and current code that shares definitions with no frozen step."""

from __future__ import annotations

import ast
import logging
import sqlite3
from pathlib import Path

import pytest

from storage.file.database import InspectionDatabase
from storage.file.migrations import (
    _STEPS,
    SCHEMA_VERSION,
    apply_migrations,
    known_migration_names,
)
from storage.file.migrations.m003_row_origins import MERGED_TABLES_AT_M003
from storage.file.schema_check import expected_schema
from storage.merge.tables import MERGE_TABLES, ORIGIN_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "storage" / "file" / "migrations"


def _steps_logged(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "storage.file.migrations" and r.levelno == logging.INFO
    ]


def test_each_migration_is_a_module_named_as_it_is_recorded():
    modules = sorted(p.stem for p in PACKAGE.glob("m[0-9][0-9][0-9]_*.py"))
    assert len(modules) == SCHEMA_VERSION == len(_STEPS)
    assert modules == known_migration_names()
    assert "m013_finding_refs" in known_migration_names()


def test_a_new_file_logs_every_step_with_its_name_and_versions(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="storage.file.migrations")
    caplog.clear()
    InspectionDatabase.create(tmp_path / "new.inspection").close()
    logged = _steps_logged(caplog)
    assert len(logged) == SCHEMA_VERSION
    for version, (message, name) in enumerate(zip(logged, known_migration_names())):
        assert message == (
            f"migrated new.inspection from schema version {version} to {version + 1} ({name})"
        )


def test_an_older_file_logs_only_the_steps_it_takes(tmp_path, caplog):
    path = tmp_path / "older.inspection"
    conn = sqlite3.connect(path)
    apply_migrations(conn, 3)
    caplog.set_level(logging.INFO, logger="storage.file.migrations")
    caplog.clear()  # only what the second call logs
    apply_migrations(conn)
    applied = [n for (n,) in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    conn.close()
    assert applied == known_migration_names()
    logged = _steps_logged(caplog)
    assert len(logged) == SCHEMA_VERSION - 3
    assert logged[0] == (
        "migrated older.inspection from schema version 3 to 4 (m004_history_and_attachments)"
    )
    assert logged[-1].endswith(f"to {SCHEMA_VERSION} ({_STEPS[-1].__name__})")


def test_the_schema_built_in_memory_for_checks_logs_nothing(caplog):
    expected_schema.cache_clear()
    caplog.set_level(logging.INFO, logger="storage.file.migrations")
    caplog.clear()
    assert "evidence" in expected_schema(SCHEMA_VERSION)
    assert _steps_logged(caplog) == []


def test_a_failing_step_is_rolled_back_logged_never_and_stays_pending(tmp_path, caplog):
    path = tmp_path / "half.inspection"
    conn = sqlite3.connect(path)
    apply_migrations(conn, 4)
    # A table in the way of m005 makes that step fail part-way through.
    conn.execute("CREATE TABLE evidence_scope (x)")
    conn.commit()
    caplog.set_level(logging.INFO, logger="storage.file.migrations")
    caplog.clear()  # only what the failing call logs
    with pytest.raises(sqlite3.OperationalError, match="evidence_scope"):
        apply_migrations(conn)
    applied = [n for (n,) in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    indexes = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    conn.close()
    assert applied == known_migration_names()[:4]
    assert "evidence_live" not in indexes  # m005's first statement was undone
    assert _steps_logged(caplog) == []


def test_every_table_the_merge_carries_has_origin_columns(tmp_path):
    conn = sqlite3.connect(tmp_path / "plain.db")
    apply_migrations(conn)
    merged = [spec.table for spec in MERGE_TABLES]
    assert len(merged) == 14
    for table in merged:
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        assert set(ORIGIN_COLUMNS) <= columns, table
    conn.close()
    # The frozen list of m003 is what was merged then; attachments, review notes,
    # indicators and case-file review came later with their origin columns from the start.
    assert set(merged) - set(MERGED_TABLES_AT_M003) == {
        "attachment",
        "review_note",
        "indicator",
        "checklist",
        "checklist_item",
        "case_file",
        "case_answer",
        "case_review_evidence",
    }


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_current_code_imports_no_frozen_step_and_steps_import_no_current_code():
    sources = [
        p
        for folder in ("storage", "ui", "models", "benchmarks")
        for p in (ROOT / folder).rglob("*.py")
        if PACKAGE not in p.parents
    ] + [ROOT / "main.py"]
    assert len(sources) > 100
    for path in sources:
        frozen = {m for m in _imported_modules(path) if m.startswith("storage.file.migrations.")}
        assert not frozen, f"{path.relative_to(ROOT)} imports {frozen}"
    steps = sorted(PACKAGE.glob("m[0-9][0-9][0-9]_*.py"))
    assert len(steps) == SCHEMA_VERSION
    for path in steps:
        ours = {
            m for m in _imported_modules(path) if m.split(".")[0] in {"storage", "models", "ui"}
        }
        assert not ours, f"{path.name} imports {ours}"
