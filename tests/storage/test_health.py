"""Tests for checking an inspection file: healthy files pass unchanged, damage is reported.

The damage is made on purpose with raw SQLite, the way a crash, a bad copy or
another program could leave a file.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from models.records import Evidence, Finding
from storage.file.errors import InspectionNotFoundError, NewerSchemaError, NotAnInspectionError
from storage.file.inspection_file import InspectionFile
from storage.file.migrations import SCHEMA_VERSION
from storage.health.check import check_inspection


@pytest.fixture
def inspection_path(tmp_path, tiny_framework):
    """A closed inspection file with some evidence and a finding."""
    path = tmp_path / "checked.inspection"
    with InspectionFile.create(path, tiny_framework, force="Testshire Police") as inspection:
        ids = [
            inspection.evidence.add(
                Evidence(
                    id="",
                    author="JS",
                    summary=f"Item {i}",
                    notes="Custody records reviewed",
                    question_codes=("1.1",),
                )
            ).id
            for i in range(5)
        ]
        inspection.findings.add(
            Finding(question_code="1", statement="Custody is well run", evidence_ids=tuple(ids[:2]))
        )
    return path


def _damage(path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_healthy_file_passes_every_check(inspection_path):
    report = check_inspection(inspection_path)
    assert report.healthy, report.problems
    assert report.schema_version == SCHEMA_VERSION
    passed = " | ".join(report.checks_passed)
    for check in (
        "Evidence Review inspection",
        "Schema version",
        "Database integrity",
        "Links between records",
        "Inspection details",
        "Search index of evidence",
        "Search index of finding",
    ):
        assert check in passed


def test_checking_changes_nothing(inspection_path):
    before = _sha(inspection_path)
    check_inspection(inspection_path)
    assert _sha(inspection_path) == before
    with InspectionFile.open(inspection_path) as inspection:
        assert inspection.evidence.count() == 5


def test_the_demo_is_healthy(demo_path):
    assert check_inspection(demo_path).healthy


def test_an_open_inspection_can_be_checked(tiny_inspection):
    tiny_inspection.evidence.add(Evidence(id="", author="AB", summary="still open"))
    assert check_inspection(tiny_inspection.path).healthy
    assert tiny_inspection.evidence.count() == 1


def test_missing_file(tmp_path):
    with pytest.raises(InspectionNotFoundError):
        check_inspection(tmp_path / "nowhere.inspection")


def test_text_file_is_not_an_inspection(tmp_path):
    path = tmp_path / "notes.inspection"
    path.write_text("Interview notes, not a database\n" * 10)
    with pytest.raises(NotAnInspectionError):
        check_inspection(path)


def test_other_database_is_not_an_inspection(tmp_path):
    path = tmp_path / "other.inspection"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = _sha(path)
    with pytest.raises(NotAnInspectionError):
        check_inspection(path)
    assert _sha(path) == before


def test_newer_schema_version_is_refused(inspection_path):
    _damage(inspection_path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(NewerSchemaError):
        check_inspection(inspection_path)


def test_unknown_migration_is_a_newer_schema(inspection_path):
    _damage(
        inspection_path,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('evidence_review', 'm999_from_the_future', 'x')",
    )
    with pytest.raises(NewerSchemaError):
        check_inspection(inspection_path)


def test_newer_file_with_its_last_commits_only_in_the_log_is_refused_untouched(
    inspection_path, tmp_path
):
    """A newer app crashed with its schema change still in the -wal: the header looks current."""
    writer = sqlite3.connect(inspection_path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('evidence_review', 'm999_from_the_future', 'x')"
    )
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    copy = crashed / inspection_path.name
    for suffix in ("", "-wal"):  # what a power cut leaves on disk
        shutil.copyfile(f"{inspection_path}{suffix}", f"{copy}{suffix}")
    writer.close()
    log = Path(f"{copy}-wal")
    before = (_sha(copy), _sha(log))
    assert log.stat().st_size > 0
    with pytest.raises(NewerSchemaError):
        check_inspection(copy)
    assert (_sha(copy), _sha(log)) == before


def test_older_schema_version_passes_with_a_note(inspection_path):
    _damage(inspection_path, "PRAGMA user_version = 0")
    report = check_inspection(inspection_path)
    assert report.healthy
    assert any("older" in c for c in report.checks_passed)


def test_damaged_search_index_is_a_problem(inspection_path):
    _damage(inspection_path, "DELETE FROM evidence_fts_data WHERE id > 10")
    report = check_inspection(inspection_path)
    assert not report.healthy
    assert any("Search index of evidence" in p for p in report.problems)
    assert any("Search index of finding" in c for c in report.checks_passed)


def test_search_index_out_of_step_with_the_records_is_a_problem(inspection_path):
    _damage(
        inspection_path,
        "DROP TRIGGER evidence_au",
        "UPDATE evidence SET summary = 'rewritten behind the index'",
    )
    problems = check_inspection(inspection_path).problems
    assert any("missing trigger evidence_au" in p for p in problems)
    assert any("does not match the records" in p for p in problems)


def test_broken_link_is_a_problem(inspection_path):
    _damage(
        inspection_path,
        "INSERT INTO evidence_question (evidence_id, question_id, created_at, updated_at)"
        " VALUES ((SELECT min(id) FROM evidence), 'no-such-question',"
        " '2026-03-02T09:00:01.000Z', '2026-03-02T09:00:01.000Z')",
    )
    problems = check_inspection(inspection_path).problems
    assert problems == [
        "Links between records: 1 row(s) of evidence_question point to a "
        "question that does not exist"
    ]


def test_missing_inspection_row_is_a_problem(inspection_path):
    _damage(inspection_path, "DELETE FROM inspection")
    assert any("Inspection details" in p for p in check_inspection(inspection_path).problems)


def test_corrupt_pages_are_reported_not_raised(inspection_path):
    data = bytearray(inspection_path.read_bytes())
    page = 4096
    for start in range(2 * page, len(data) - page, 3 * page):
        data[start + 8 : start + 200] = b"\xff" * 192  # scribble over page contents
    inspection_path.write_bytes(bytes(data))
    report = check_inspection(inspection_path)
    assert not report.healthy


@pytest.mark.parametrize(
    "damage, words",
    [
        (
            [
                "DELETE FROM evidence_scope WHERE (question_id, evidence_id) IN"
                " (SELECT question_id, evidence_id FROM evidence_scope LIMIT 3)"
            ],
            "Evidence under each question: 3 entries disagree",
        ),
        (
            [
                "UPDATE evidence_scope SET links = links + 1 WHERE (question_id, evidence_id) IN"
                " (SELECT question_id, evidence_id FROM evidence_scope LIMIT 1)"
            ],
            "Evidence under each question: 2 entries disagree",
        ),
        (
            [
                "UPDATE evidence SET question_order = 999 WHERE rowid IN"
                " (SELECT rowid FROM evidence LIMIT 2)"
            ],
            "Evidence order by question: 2 items are out of step",
        ),
    ],
    ids=["scope-missing", "scope-miscounted", "order"],
)
def test_data_kept_for_speed_is_checked_against_the_links(demo_path, damage, words):
    assert check_inspection(demo_path).healthy
    _damage(demo_path, *damage)
    report = check_inspection(demo_path)
    assert not report.healthy
    assert any(words in p for p in report.problems), report.problems
