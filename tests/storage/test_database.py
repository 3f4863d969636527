"""The inspection file on disk: header, pragmas, refusing foreign or newer files untouched,
transactions and migrations."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import struct
from pathlib import Path

import pytest
from sqlite_utils import Database

from models.records import Evidence
from storage.file.database import FILE_SUFFIX, InspectionDatabase, read_header
from storage.file.errors import (
    FileInUseError,
    InspectionNotFoundError,
    NewerSchemaError,
    NotAnInspectionError,
    StorageError,
)
from storage.file.inspection_file import InspectionFile
from storage.file.migrations import (
    MIGRATIONS,
    SCHEMA_VERSION,
    known_migration_names,
)
from storage.file.schema import APPLICATION_ID

EXPECTED_TABLES = {
    "inspection",
    "question",
    "grade",
    "evidence",
    "evidence_question",
    "finding",
    "finding_evidence",
    "judgment",
    "evidence_fts",
    "finding_fts",
}


def file_state(path: Path) -> dict[str, str | None]:
    """Hashes of the database and its write-ahead log.

    A missing and an empty ``-wal`` are the same state: neither holds data that
    could later be checkpointed into the file. The ``-shm`` file is only an
    index SQLite rebuilds from the log, so it is not compared.
    """

    def digest(p: Path) -> str | None:
        if not p.exists() or (p.name.endswith("-wal") and p.stat().st_size == 0):
            return None
        return hashlib.sha256(p.read_bytes()).hexdigest()

    return {"db": digest(path), "wal": digest(Path(str(path) + "-wal"))}


def sibling_files(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir() if p.name.startswith(path.name)}


@pytest.fixture
def closed_file(tmp_path, tiny_framework) -> Path:
    """A complete, closed inspection file."""
    path = tmp_path / f"closed{FILE_SUFFIX}"
    InspectionFile.create(path, tiny_framework, force="Testshire Police").close()
    return path


def tamper(path: Path, *statements: str) -> None:
    """Change a closed file with plain SQLite, as another program would."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def assert_refused_untouched(path: Path, error: type[Exception], **open_args) -> Exception:
    before_state, before_files = file_state(path), sibling_files(path)
    with pytest.raises(error) as info:
        InspectionDatabase.open(path, **open_args)
    assert file_state(path) == before_state
    # A read-only WAL connection may leave an empty log and its index behind.
    left = sibling_files(path) - before_files
    assert left <= {path.name + "-wal", path.name + "-shm"}
    message = str(info.value)
    assert str(path) in message and "Traceback" not in message
    return info.value


# -- creating ---------------------------------------------------------------
def test_create_writes_header_and_schema(tmp_path):
    path = tmp_path / "new.inspection"
    with InspectionDatabase.create(path) as db:
        assert db.path == path
        tables = {
            r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert EXPECTED_TABLES <= tables
    assert read_header(path) == (APPLICATION_ID, SCHEMA_VERSION)
    header = path.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\x00")
    assert struct.unpack(">i", header[68:72])[0] == APPLICATION_ID
    assert struct.unpack(">i", header[60:64])[0] == SCHEMA_VERSION
    assert header[18:20] == b"\x02\x02"  # WAL mode recorded in the file itself


def test_application_id_spells_evrv():
    assert struct.pack(">i", APPLICATION_ID) == b"EvRv"


def test_create_refuses_an_existing_path_and_leaves_it_alone(tmp_path):
    path = tmp_path / "taken.inspection"
    path.write_text("someone's notes")
    with pytest.raises(StorageError, match="already exists"):
        InspectionDatabase.create(path)
    assert path.read_text() == "someone's notes"
    assert sibling_files(path) == {"taken.inspection"}


def test_create_refuses_a_missing_folder(tmp_path):
    path = tmp_path / "no-such-folder" / "x.inspection"
    with pytest.raises(StorageError, match="does not exist"):
        InspectionDatabase.create(path)
    assert not path.parent.exists()


def test_opened_connection_is_durable_and_enforces_foreign_keys(closed_file):
    with InspectionDatabase.open(closed_file) as db:
        assert db.scalar("PRAGMA journal_mode") == "wal"
        assert db.scalar("PRAGMA synchronous") == 2
        assert db.scalar("PRAGMA foreign_keys") == 1
        assert db.scalar("PRAGMA busy_timeout") > 0
        assert db.scalar("PRAGMA application_id") == APPLICATION_ID
        assert db.scalar("PRAGMA user_version") == SCHEMA_VERSION
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            with db.transaction() as conn:
                conn.execute(
                    "INSERT INTO evidence_question (evidence_id, question_id,"
                    " created_at, updated_at) VALUES ('no', 'such', 'x', 'x')"
                )


def test_file_round_trips_with_unusual_characters_in_the_path(tmp_path, tiny_framework):
    folder = tmp_path / "Fieldwork #2 ?%20 Ünïcode & more"
    folder.mkdir()
    path = folder / "Hampshire; 2015.inspection"
    InspectionFile.create(path, tiny_framework, force="Hampshire").close()
    with InspectionFile.open(path) as reopened:
        assert reopened.inspection.force == "Hampshire"
    assert sibling_files(path) == {path.name}


# -- refusing what is not ours ---------------------------------------------
def test_missing_file_is_not_found(tmp_path):
    path = tmp_path / "gone.inspection"
    with pytest.raises(InspectionNotFoundError, match="does not exist"):
        InspectionDatabase.open(path)
    assert not path.exists() and sibling_files(path) == set()


def test_folder_is_not_an_inspection(tmp_path):
    folder = tmp_path / "looks.inspection"
    folder.mkdir()
    with pytest.raises(NotAnInspectionError, match="folder"):
        InspectionDatabase.open(folder)


@pytest.mark.parametrize(
    "content", [b"", b"Interview notes\n" * 20, b"SQLite format 3\x00", b"\x00" * 4096]
)
def test_non_database_file_is_refused_untouched(tmp_path, content):
    path = tmp_path / "notes.inspection"
    path.write_bytes(content)
    error = assert_refused_untouched(path, NotAnInspectionError)
    assert "not a database" in str(error)


def test_other_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    tamper(path, "PRAGMA journal_mode = WAL", "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)")
    error = assert_refused_untouched(path, NotAnInspectionError)
    assert "not an inspection" in str(error)
    assert_refused_untouched(path, NotAnInspectionError, readonly=True)


def test_database_with_another_application_id_is_refused_untouched(tmp_path):
    path = tmp_path / "other.inspection"
    tamper(path, "PRAGMA application_id = 1234", "CREATE TABLE inspection (x)")
    assert_refused_untouched(path, NotAnInspectionError)


def test_inspection_file_open_refuses_a_non_inspection(tmp_path):
    path = tmp_path / "other.db"
    tamper(path, "CREATE TABLE t (x)")
    with pytest.raises(NotAnInspectionError):
        InspectionFile.open(path)


def test_file_with_higher_user_version_is_refused_untouched(closed_file):
    tamper(closed_file, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    error = assert_refused_untouched(closed_file, NewerSchemaError)
    assert "newer version" in str(error)
    assert_refused_untouched(closed_file, NewerSchemaError, readonly=True)
    with pytest.raises(NewerSchemaError):
        InspectionFile.open(closed_file)


def test_file_with_an_unknown_migration_is_refused_untouched(closed_file):
    tamper(
        closed_file,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('evidence_review', 'm999_from_the_future', '2030-01-01')",
    )
    assert read_header(closed_file) == (APPLICATION_ID, SCHEMA_VERSION)
    error = assert_refused_untouched(closed_file, NewerSchemaError)
    assert "newer version" in str(error)
    assert_refused_untouched(closed_file, NewerSchemaError, readonly=True)


def test_migrations_of_another_set_do_not_count_as_newer(closed_file):
    tamper(
        closed_file,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('some_plugin', 'm999_other', '2030-01-01')",
    )
    with InspectionFile.open(closed_file) as reopened:
        assert reopened.inspection.force == "Testshire Police"


def test_newer_file_with_unsaved_log_is_refused_untouched(tmp_path, closed_file):
    """A newer app crashed (or is still running) with its last commits only in the -wal."""
    writer = sqlite3.connect(closed_file, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('evidence_review', 'm999_from_the_future', '2030-01-01')"
    )
    writer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    copy = crashed / closed_file.name
    for suffix in ("", "-wal"):  # what a power cut leaves on disk
        shutil.copyfile(str(closed_file) + suffix, str(copy) + suffix)
    writer.close()
    assert Path(str(copy) + "-wal").stat().st_size > 0
    before = file_state(copy)
    with pytest.raises(NewerSchemaError):
        InspectionDatabase.open(copy)
    assert file_state(copy) == before


def test_older_file_is_not_upgraded_when_opened_read_only(tmp_path):
    path = tmp_path / "old.inspection"
    tamper(path, f"PRAGMA application_id = {APPLICATION_ID}", "CREATE TABLE placeholder (x)")
    error = assert_refused_untouched(path, StorageError, readonly=True)
    assert "older version" in str(error)
    assert not isinstance(error, (NotAnInspectionError, NewerSchemaError))


def test_damaged_inspection_is_refused_with_a_storage_error(closed_file):
    data = bytearray(closed_file.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    closed_file.write_bytes(bytes(data))
    before = file_state(closed_file)
    with pytest.raises(NotAnInspectionError, match="cannot be read"):
        InspectionFile.open(closed_file)
    assert file_state(closed_file) == before


def test_file_in_use_by_another_writer_is_reported(closed_file):
    with InspectionDatabase.open(closed_file) as db:
        other = sqlite3.connect(closed_file, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            db.conn.execute("PRAGMA busy_timeout = 0")  # fail at once instead of waiting
            with pytest.raises(FileInUseError, match="busy"):
                with db.transaction():
                    pass  # pragma: no cover - never reached
            assert not db.conn.in_transaction
            other.execute("ROLLBACK")
        finally:
            other.close()
        with db.transaction() as conn:  # usable again once the other writer is done
            conn.execute("UPDATE inspection SET period = 'after'")
        assert db.scalar("SELECT period FROM inspection") == "after"


# -- transactions -----------------------------------------------------------
def test_transaction_commits_on_success(closed_file):
    with InspectionDatabase.open(closed_file) as db:
        with db.transaction() as conn:
            conn.execute("UPDATE inspection SET period = 'committed'")
    with InspectionDatabase.open(closed_file) as db:
        assert db.scalar("SELECT period FROM inspection") == "committed"


def test_transaction_rolls_back_everything_on_error(closed_file):
    with InspectionDatabase.open(closed_file) as db:
        with pytest.raises(ZeroDivisionError):
            with db.transaction() as conn:
                conn.execute("UPDATE inspection SET period = 'half-done'")
                conn.execute("INSERT INTO grade VALUES ('g', 99, 'Extra', '')")
                1 / 0  # noqa: B018 (the error is the point)
        assert not db.conn.in_transaction
        assert db.scalar("SELECT period FROM inspection") == ""
        assert db.scalar("SELECT count(*) FROM grade WHERE id = 'g'") == 0
    with InspectionDatabase.open(closed_file) as db:
        assert db.scalar("SELECT count(*) FROM grade") == 2


def test_transactions_do_not_nest(closed_file):
    with InspectionDatabase.open(closed_file) as db:
        with pytest.raises(RuntimeError, match="nest"):
            with db.transaction() as conn:
                conn.execute("UPDATE inspection SET period = 'outer'")
                with db.transaction():
                    pass  # pragma: no cover - never reached
        assert not db.conn.in_transaction
        assert db.scalar("SELECT period FROM inspection") == ""


def test_transaction_takes_the_write_lock_up_front(closed_file):
    with InspectionDatabase.open(closed_file) as db, db.transaction():
        other = sqlite3.connect(closed_file, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_query_and_scalar_helpers(closed_file):
    with InspectionDatabase.open(closed_file) as db:
        rows = db.query("SELECT name, position FROM grade ORDER BY position")
        assert [(r["name"], r["position"]) for r in rows] == [("Good", 0), ("Poor", 1)]
        assert db.scalar("SELECT count(*) FROM question") == 7
        assert db.scalar("SELECT name FROM grade WHERE 0") is None


# -- migrations -------------------------------------------------------------
def test_schema_version_counts_the_known_migrations():
    names = known_migration_names()
    assert SCHEMA_VERSION == len(names) >= 1
    assert names == sorted(names) and len(set(names)) == len(names)
    assert names[0] == "m001_initial_schema"
    assert MIGRATIONS.name == "evidence_review"


def test_migrations_from_empty_create_every_table_index_and_trigger(tmp_path):
    db = Database(tmp_path / "plain.db")
    assert MIGRATIONS.pending(db)
    MIGRATIONS.apply(db)
    assert not MIGRATIONS.pending(db)
    assert EXPECTED_TABLES <= set(db.table_names())
    assert db["evidence"].detect_fts() == "evidence_fts"
    assert db["finding"].detect_fts() == "finding_fts"
    triggers = {t.name for t in db.triggers}
    for table in ("evidence", "finding"):
        assert {f"{table}_ai", f"{table}_ad", f"{table}_au"} <= triggers
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "judgment_one_per_question" in indexes
    applied = [
        r[0]
        for r in db.execute(
            "SELECT name FROM _sqlite_migrations WHERE "
            "migration_set = 'evidence_review' ORDER BY id"
        )
    ]
    assert applied == known_migration_names()
    MIGRATIONS.apply(db)  # applying again changes nothing
    assert db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_opening_an_empty_inspection_database_applies_the_migrations(tmp_path):
    path = tmp_path / "bare.inspection"
    tamper(path, f"PRAGMA application_id = {APPLICATION_ID}", "PRAGMA journal_mode = WAL")
    assert read_header(path) == (APPLICATION_ID, 0)
    with InspectionDatabase.open(path) as db:
        tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master")}
        assert EXPECTED_TABLES <= tables
    assert read_header(path) == (APPLICATION_ID, SCHEMA_VERSION)
    with pytest.raises(NotAnInspectionError, match="holds no inspection"):
        InspectionFile.open(path)  # schema but no inspection row yet


def test_fts_tables_follow_inserts_updates_and_deletes(closed_file):
    with InspectionDatabase.open(closed_file) as db:
        with db.transaction() as conn:
            conn.execute(
                "INSERT INTO evidence (id, ref, source_type, summary, notes, location,"
                " assessment, created_at, updated_at) VALUES ('e1', 'JS-0001',"
                " 'interview', 'Custody suite', 'busy night', 'Basingstoke',"
                " 'neutral', 'x', 'x')"
            )

        def hits(word):
            return db.scalar("SELECT count(*) FROM evidence_fts WHERE evidence_fts MATCH ?", [word])

        assert hits("custody") == hits("busy") == hits("basingstoke") == 1
        with db.transaction() as conn:
            conn.execute("UPDATE evidence SET summary = 'Control room' WHERE id = 'e1'")
        assert hits("custody") == 0 and hits("control") == 1
        with db.transaction() as conn:
            conn.execute("DELETE FROM evidence WHERE id = 'e1'")
        assert hits("control") == 0


def test_a_snapshot_reads_the_file_as_it_was_at_its_first_read(tmp_path, tiny_framework):
    path = tmp_path / "s.inspection"
    InspectionFile.create(path, tiny_framework, force="Testshire Police").close()
    with (
        InspectionDatabase.open(path, readonly=True) as reader,
        InspectionFile.open(path) as writer,
    ):
        count = "SELECT count(*) FROM evidence"
        with reader.snapshot():
            assert reader.scalar(count) == 0
            writer.evidence.add(Evidence(id="", author="JS", question_codes=("1.1",)))
            assert reader.scalar(count) == 0  # committed elsewhere, not yet seen here
        assert not reader.conn.in_transaction
        assert reader.scalar(count) == 1


def test_a_snapshot_inside_a_transaction_leaves_it_to_that_transaction(closed_file):
    with InspectionDatabase.open(closed_file) as db:
        db.conn.execute("BEGIN")
        with db.snapshot():
            pass
        assert db.conn.in_transaction
        db.conn.execute("ROLLBACK")
