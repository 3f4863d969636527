"""Opening, creating and transacting on an inspection file (SQLite).

An inspection file is recognised by its ``application_id`` before SQLite ever
opens it for writing, and a file from a newer app is refused untouched. Every
user action is one ``BEGIN IMMEDIATE`` transaction (see :meth:`transaction`).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import struct
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from storage.file import file_access, open_checks
from storage.file.errors import (
    FileInUseError,
    InspectionNotFoundError,
    NewerSchemaError,
    NotAnInspectionError,
    StorageError,
)
from storage.file.migrations import (
    MIGRATION_SET,
    SCHEMA_VERSION,
    apply_migrations,
    known_migration_names,
)
from storage.file.open_checks import check_after_unclean_shutdown, damaged, is_damage
from storage.file.schema import APPLICATION_ID
from storage.file.write_failures import roll_back, write_failure

log = logging.getLogger(__name__)

FILE_SUFFIX = ".inspection"
_SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = file_access.BUSY_TIMEOUT_MS
#: New inspection files can be read by their owner only: they hold sensitive notes.
FILE_MODE = 0o600


def read_header(path: Path) -> tuple[int, int]:
    """``(application_id, user_version)`` read straight from the file header.

    Reading the header does not open the file with SQLite, so a file that is
    not ours is never touched; it is read through :mod:`storage.file.file_access`,
    so a connection this process has open to the file keeps its locks. Raises
    when the file is not SQLite at all.
    """
    try:
        with file_access.raw_file(path) as fd:
            header = file_access.read_at(fd, 100, 0)
    except FileNotFoundError:
        raise InspectionNotFoundError(f"{path} does not exist.") from None
    except file_access.NotARegularFileError as e:
        raise NotAnInspectionError(f"{e}, not an inspection file.") from None
    except OSError as e:
        raise StorageError(f"{path} cannot be read ({e.strerror or e}).") from None
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise NotAnInspectionError(f"{path} is not an inspection file (it is not a database).")
    (user_version,) = struct.unpack(">i", header[60:64])
    (application_id,) = struct.unpack(">i", header[68:72])
    return application_id, user_version


#: Page cache per connection, in KiB (SQLite's default of 2 MB thrashes on large files;
#: more than this costs memory for little gain).
CACHE_KIB = 16_384


def refuse_by_header(path: Path, newer_message: str | None = None) -> int:
    """Refuse a file whose header says it is not an inspection or is from a newer app.

    Returns the schema version the header records (it can be stale: see
    :meth:`InspectionDatabase.open`).
    """
    application_id, user_version = read_header(path)
    if application_id != APPLICATION_ID:
        raise NotAnInspectionError(
            f"{path} is a database but not an inspection file; open a .inspection file."
        )
    if user_version > SCHEMA_VERSION:
        raise NewerSchemaError(newer_message or _newer_message(path))
    return user_version


def _connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    conn = file_access.connect(path, "ro" if readonly else "rw")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return conn


class InspectionDatabase:
    """An open connection to one inspection file.

    A connection belongs to the thread that uses it: background workers open
    their own with :meth:`open`.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool = False):
        self.conn = conn
        self.path = Path(path)
        self.readonly = readonly
        #: Initials recorded in the change history as making this connection's changes.
        self.actor = ""
        #: True when a leftover write-ahead log had the whole file checked before opening.
        self.checked_after_unclean_shutdown = False
        #: True when the quick check of the whole file was left to a background check.
        self.verify_deferred = False

    # -- opening -----------------------------------------------------------
    @classmethod
    def create(cls, path: Path) -> "InspectionDatabase":
        """Create a new, empty inspection file; refuses to overwrite."""
        path = Path(path)
        if path.exists():
            raise StorageError(f"{path} already exists; choose another name.")
        if not path.parent.is_dir():
            raise StorageError(f"Cannot create {path}: the folder {path.parent} does not exist.")
        try:
            # Made empty first, so it is private from the start and never replaces a file.
            os.close(
                os.open(
                    path,
                    os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0),
                    FILE_MODE,
                )
            )
        except FileExistsError:
            raise StorageError(f"{path} already exists; choose another name.") from None
        except OSError as e:
            raise StorageError(f"Cannot create {path} ({e.strerror or e}).") from None
        try:
            conn = file_access.connect(path, "rw")
            try:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute("PRAGMA journal_mode = WAL")
            finally:
                conn.close()
        except sqlite3.Error as e:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise StorageError(f"Cannot create {path} ({e}).") from None
        return cls.open(path)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        readonly: bool = False,
        verify: bool = False,
        defer_verify: bool = False,
    ) -> "InspectionDatabase":
        """Open an existing inspection file, upgrading its schema if it is older.

        The header is read first (the one place it is checked on opening), so a
        file that is not SQLite, not ours or from a newer app is refused before
        SQLite ever opens it. With ``verify`` the whole file is then
        quick-checked, as the app does before a person edits it. The file is
        next examined through a read-only connection, so a file that is not ours
        or is newer than this app is refused before anything could write to it
        (the header alone can be stale while the newest commits still sit in the
        write-ahead log). A log left behind by an unclean shutdown first has the
        whole file checked (:attr:`checked_after_unclean_shutdown`); a damaged
        file raises :class:`~storage.file.errors.DamagedFileError` and is left
        as it is. That check is the thorough one, so the quick check is then not
        made as well.

        With ``defer_verify`` the quick check of ``verify`` is left to the caller,
        who runs it in the background (:attr:`verify_deferred`), but only when the
        file was closed properly last time and needs no migration: a migration
        writes, and nothing is ever written to a file before it is checked.
        """
        path = Path(path)
        refuse_by_header(path)
        checked = check_after_unclean_shutdown(path)
        conn = None
        deferred = False
        try:
            probe = _connect(path, readonly=True)
            try:
                pending = _examine(probe, path)
            finally:
                probe.close()
            if verify and not checked:
                if defer_verify and not pending:
                    deferred = True
                else:
                    open_checks.verify_file(path)
            if readonly and pending:
                raise StorageError(
                    f"{path} was saved by an older version of Evidence Review; "
                    "open it in the app once to bring it up to date."
                )
            conn = _connect(path, readonly=readonly)
            db = cls(conn, path, readonly)
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                if pending:
                    db._migrate()
        except sqlite3.DatabaseError as e:
            if conn is not None:
                conn.close()
            if "locked" in str(e) or "busy" in str(e):
                raise FileInUseError(
                    f"{path} is being written by another program; close it there and try again."
                ) from None
            if is_damage(e):
                raise damaged(path, e) from None
            raise NotAnInspectionError(f"{path} cannot be read as an inspection ({e}).") from None
        db.checked_after_unclean_shutdown = checked
        db.verify_deferred = deferred
        return db

    def _migrate(self) -> None:
        log.info("bringing %s up to schema version %d", self.path, SCHEMA_VERSION)
        apply_migrations(self.conn)
        self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "InspectionDatabase":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions ------------------------------------------------------
    @contextmanager
    def transaction(
        self, *, reason: str = "", record_history: bool = True
    ) -> Iterator[sqlite3.Connection]:
        """One user action: ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on error.

        IMMEDIATE takes the write lock up front, so a transaction never fails
        half-way with "database is locked" under WAL. Every change made inside
        is recorded in the change history under :attr:`actor` with ``reason``
        (by the schema's triggers, so in this same transaction); a merge, which
        brings the other copy's own history instead, passes
        ``record_history=False``.
        """
        if self.conn.in_transaction:
            raise RuntimeError("transactions do not nest; one user action is one transaction")
        if self.readonly:
            raise StorageError(f"{self.path} is open read-only; nothing can be changed.")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise write_failure(e, self.path) or FileInUseError(
                f"{self.path} is busy in another program ({e}); try again in a moment."
            ) from None
        try:
            self.conn.execute(
                "UPDATE history_context SET actor = ?, reason = ?, recording = ?,"
                " bulk = 0 WHERE id = 1",
                [self.actor, reason, int(record_history)],
            )
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as e:
            # A full disk or a disk error can surface from any statement or from
            # COMMIT; the whole action is undone and explained in plain words.
            # Every other error (a refused value, a bug) passes through as it is.
            roll_back(self.conn)
            failure = write_failure(e, self.path)
            if failure is None:
                raise
            raise failure from None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read inside sees the file as it was at the first of them (one read
        transaction), however other connections change it meanwhile: what a long
        output such as the draft judgment summary reads at its start and at its end
        agrees. Nothing is written inside. Within a transaction already open it is
        that transaction's view, and is left to it."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # only read: nothing to keep

    def query(self, sql: str, params=()) -> list[sqlite3.Row]:
        cur = self.conn.execute(sql, params)
        cur.row_factory = sqlite3.Row
        return cur.fetchall()

    def scalar(self, sql: str, params=()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None


def _examine(conn: sqlite3.Connection, path: Path) -> bool:
    """Refuse a file that is not ours or is newer; True when migrations are pending."""
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        raise NotAnInspectionError(
            f"{path} is a database but not an inspection file; open a .inspection file."
        )
    if conn.execute("PRAGMA user_version").fetchone()[0] > SCHEMA_VERSION:
        raise NewerSchemaError(_newer_message(path))
    try:
        applied = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
            )
        ]
    except sqlite3.OperationalError:
        applied = []
    known = known_migration_names()
    if any(name not in known for name in applied):
        raise NewerSchemaError(_newer_message(path))
    return len(applied) < len(known)


def _newer_message(path: Path) -> str:
    return f"{path} was saved by a newer version of Evidence Review; update the app to open it."
