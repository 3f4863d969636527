"""``check --repair``: a damaged or altered inspection repaired into a new file.

The file itself is never changed. Its bytes are copied into a private folder,
the copy is repaired, and the result is written to a new file the person
names (readable by them only) and checked again. What is repaired:

- schema objects the app does not make (views, triggers, indexes, tables)
  are removed;
- values the app never writes get the repair ``models.stored_values.repairs`` gives
  them (text cleaned, the most neutral vocabulary value, the time of the
  repair for an unreadable time); changes to evidence, findings and judgments
  are recorded in the history with the reason;
- change history, conflicts and sync records that cannot be read, and links
  that point to nothing, are removed;
- a judgment of a question that is not graded is marked deleted;
- an attachment's recorded size is set to its content's;
- both search indexes, the evidence kept under each question and the
  questions order of each item are built again.

What cannot be repaired without guessing (a row's id, an attached file whose
content no longer matches its fingerprint, a missing table) is listed as left
as it was; a backup is then the way back.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from models.records import utc_now
from models.stored_values.repairs import REPAIRS, media_type_for
from storage.backups.automatic import copy_checked
from storage.file import file_access
from storage.file.database import FILE_MODE, InspectionDatabase, refuse_by_header
from storage.file.durable_files import move_into_place
from storage.file.errors import StorageError
from storage.file.file_snapshot import snapshot
from storage.file.migrations import SCHEMA_VERSION
from storage.file.private_temp import private_folder
from storage.file.schema import SCOPE_OF_QUESTION
from storage.file.schema_check import expected_schema
from storage.health.row_checks import KEYS, RowProblem, table_problems
from storage.health.rows import schema_problems
from storage.repositories.finding_refs import next_finding_ref

REASON = "Repaired by check --repair"
#: Rows that only record or speed things up: removed when they cannot be repaired.
_REMOVABLE = (
    "evidence_question",
    "finding_evidence",
    "history",
    "merge_conflict",
    "replica_sync",
    # A note about something unknown, or by no one known, is talk that cannot be placed.
    "review_note",
    # An answer that cannot be read cannot be guessed: the file has no answer there.
    "case_answer",
)
#: Triggers set aside while values are repaired (the history's guards, the search
#: indexes' upkeep, both rebuilt afterwards; a review note's history would be recorded
#: on a subject that may itself be what is wrong).
_SET_ASIDE = (
    "history_review_note_insert",
    "history_review_note_resolve",
    "history_review_note_change",
    "history_review_note_delete",
    # Reads the question list as JSON, which the repair may be mending.
    "history_indicator_update",
    "history_checklist_update",
    "history_is_append_only_update",
    "history_is_append_only_delete",
    "evidence_ai",
    "evidence_ad",
    "evidence_au",
    "finding_ai",
    "finding_ad",
    "finding_au",
)


@dataclass
class RepairReport:
    """What a repair did, and what it had to leave as it was."""

    out: Path
    repaired: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)


def repair_into(path: Path, out: Path) -> RepairReport:
    """Repair a copy of the inspection at ``path`` into the new file ``out``."""
    path, out = Path(path), Path(out)
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{out}{suffix}").exists():
            raise StorageError(f"{out} already exists; repair into a new file.")
    if not out.parent.is_dir():
        raise StorageError(f"Cannot write {out}: the folder {out.parent} does not exist.")
    version = refuse_by_header(path)
    report = RepairReport(out)
    with private_folder("repair") as folder:
        copy = snapshot(path, folder)
        conn = file_access.connect(copy, "rw", trusted_schema=False)
        try:
            conn.execute("PRAGMA foreign_keys = OFF")
            dropped = schema_problems(conn, version)
            report.repaired += [f"{p} (removed)" for p in dropped if "not part of" in p]
            report.left += [p for p in dropped if "not part of" not in p]
            if not report.left:  # the schema is the app's own now: its triggers may run
                conn.execute("PRAGMA trusted_schema = ON")
                _repair_rows(conn, report)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        _write(copy, out, path)
    InspectionDatabase.open(out).close()  # brings it up to date and back to the app's log mode
    return report


def _repair_rows(conn: sqlite3.Connection, report: RepairReport) -> None:
    now = utc_now()
    expected = expected_schema(min(_version(conn), SCHEMA_VERSION))
    conn.execute("BEGIN IMMEDIATE")
    try:
        for name in _SET_ASIDE:
            conn.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        conn.execute(
            "UPDATE history_context SET actor = '', reason = ?, recording = 1,"
            " bulk = 0 WHERE id = 1",
            [REASON],
        )
        tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in [t for t in REPAIRS if t in tables] + ["attachment_content", "replica_sync"]:
            for problem in list(table_problems(conn, "main", table)):
                _repair(conn, problem, now, report)
        _repair_links(conn, report, now)
        for name in _SET_ASIDE:
            sql = expected[name].sql if name in expected else None
            if sql is not None:  # always, for the triggers set aside
                conn.execute(sql)
        _rebuild(conn, tables)
        conn.execute("UPDATE history_context SET reason = '' WHERE id = 1")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _version(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]


def _where(table: str) -> str:
    return " AND ".join(f"{k} = ?" for k in KEYS.get(table, ("id",)))


def _repair(conn, problem: RowProblem, now: str, report: RepairReport) -> None:
    table, column = problem.table, problem.column
    keys = problem.key.split("/")
    repair = REPAIRS.get(table, {}).get(column)
    value: object
    if table == "attachment" and column == "media_type":
        name = conn.execute("SELECT name FROM attachment WHERE id = ?", keys).fetchone()[0]
        value = media_type_for(name)
    elif table == "finding" and column == "ref":
        value = next_finding_ref(conn)  # a number no other finding has had
    elif repair is not None:
        value = repair(problem.value, now)
    elif table in _REMOVABLE:
        conn.execute(f"DELETE FROM {table} WHERE {_where(table)}", keys)
        report.repaired.append(f"{problem.message} (the row was removed)")
        return
    else:
        report.left.append(f"{problem.message} (left as it was)")
        return
    touched = (
        ", updated_at = ?"
        if column != "updated_at"
        and table in REPAIRS
        and "updated_at" in REPAIRS[table]
        and table != "inspection"
        else ""
    )
    try:
        conn.execute(
            f"UPDATE {table} SET {column} = ?{touched} WHERE {_where(table)}",
            [value, *([now] if touched else []), *keys],
        )
    except sqlite3.IntegrityError as e:
        report.left.append(f"{problem.message} (left as it was: {e})")
        return
    report.repaired.append(f"{problem.message} (now {value!r:.60})")


def _repair_links(conn, report: RepairReport, now: str) -> None:
    for table, _rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall():
        if table in ("evidence_question", "finding_evidence"):
            column = (
                "question_id"
                if parent == "question"
                else ("evidence_id" if parent == "evidence" else "finding_id")
            )
            removed = conn.execute(
                f"DELETE FROM {table} WHERE {column} NOT IN (SELECT id FROM {parent})"
            ).rowcount
            if removed:
                report.repaired.append(
                    f"{table}: {removed} link(s) to a {parent} that does not exist (removed)"
                )
        elif table == "review_note":  # a reply whose thread is gone cannot be read in place
            removed = conn.execute(
                "DELETE FROM review_note WHERE reply_to IS NOT NULL"
                " AND reply_to NOT IN (SELECT id FROM review_note)"
            ).rowcount
            if removed:
                report.repaired.append(
                    f"review_note: {removed} repl(ies) to a note that does not exist (removed)"
                )
        else:
            report.left.append(
                f"{table}: a row points to a {parent} that does not exist (left as it was)"
            )
    for (judgment_id,) in conn.execute(
        "SELECT j.id FROM judgment j WHERE j.deleted_at IS NULL AND j.question_id IS NOT"
        " NULL AND NOT EXISTS (SELECT 1 FROM question q WHERE q.id = j.question_id AND"
        " q.graded)"
    ).fetchall():
        conn.execute(
            "UPDATE judgment SET deleted_at = ?, updated_at = ? WHERE id = ?",
            [now, now, judgment_id],
        )
        report.repaired.append(
            f"judgment {judgment_id}: of a question that is not graded (marked deleted)"
        )
    fixed = conn.execute(
        "UPDATE attachment SET size = (SELECT c.size FROM attachment_content c"
        " WHERE c.sha256 = attachment.sha256) WHERE size IS NOT (SELECT c.size"
        " FROM attachment_content c WHERE c.sha256 = attachment.sha256) AND"
        " EXISTS (SELECT 1 FROM attachment_content c WHERE c.sha256 ="
        " attachment.sha256)"
    ).rowcount
    if fixed:
        report.repaired.append(f"attachment: {fixed} recorded size(s) set to the content's")


def _rebuild(conn, tables: set[str]) -> None:
    for index in ("evidence_fts", "finding_fts"):
        if index in tables:
            conn.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")
    if "evidence_scope" in tables:
        conn.execute("DELETE FROM evidence_scope")
        conn.execute(
            "INSERT INTO evidence_scope (question_id, evidence_id, links)"
            " SELECT s.ancestor_id, eq.evidence_id, count(*) FROM evidence_question eq"
            f" JOIN ({SCOPE_OF_QUESTION}) s ON s.question_id = eq.question_id"
            " WHERE eq.deleted_at IS NULL GROUP BY s.ancestor_id, eq.evidence_id"
        )
    conn.execute(
        "UPDATE evidence SET question_order = (SELECT min(q.position)"
        " FROM evidence_question eq JOIN question q ON q.id = eq.question_id"
        " WHERE eq.evidence_id = evidence.id AND eq.deleted_at IS NULL)"
        " WHERE question_order IS NOT (SELECT min(q.position) FROM evidence_question eq"
        " JOIN question q ON q.id = eq.question_id WHERE eq.evidence_id = evidence.id"
        " AND eq.deleted_at IS NULL)"
    )


def _write(copy: Path, out: Path, path: Path) -> None:
    temp = out.with_name(f".{out.name}.repairing")
    try:
        os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
        source = file_access.connect(copy, "ro")
        try:
            ok = copy_checked(source, temp)
        finally:
            source.close()
        if not ok:
            raise StorageError(
                f"The repaired copy of {path.name} did not verify; nothing was "
                "written. Restore a backup instead."
            )
        move_into_place(temp, out)
    except BaseException:
        for leftover in (temp, Path(f"{temp}-journal")):
            leftover.unlink(missing_ok=True)
        raise
