"""A full disk or a disk error during a save: a clear message, the change undone whole,
everything saved before intact, and the open file still usable afterwards.

A full disk is simulated with SQLite's own limit on the file's size
(``PRAGMA max_page_count`` set to the pages the file has now), a disk error
with the operating system's limit on file size (``RLIMIT_FSIZE``, so a write
that would grow the log fails with EFBIG and SQLite reports an I/O error).
Both are real failures of real writes; nothing of the storage layer is faked.
"""

from __future__ import annotations

import sqlite3
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from models.records import Evidence, Finding, Judgment
from storage.file.errors import DiskFullError, StorageError, WriteFailedError
from storage.health.check import check_inspection

BIG = "Notes of a long focus group with response officers. " * 6000  # ~300 KB


def snapshot(path: Path) -> dict:
    """Everything saved so far that a failed save could damage, read independently."""
    conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in (
                "evidence",
                "evidence_question",
                "finding",
                "finding_evidence",
                "judgment",
                "history",
            )
        }
    finally:
        conn.close()


@contextmanager
def disk_full(inspection):
    """No page can be added to the file until the block ends."""
    conn = inspection.db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    limit = conn.execute("PRAGMA max_page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA max_page_count = {limit}")


def first_item(inspection) -> Evidence:
    return next(inspection.evidence.iter_all())


ACTIONS = {
    "record evidence": lambda i: i.evidence.add(
        Evidence(author="TS", summary="Custody visit", notes=BIG, question_codes=("1.1",))
    ),
    "edit evidence": lambda i: i.evidence.update(
        replace(first_item(i), notes=BIG, question_codes=("2", "3"))
    ),
    "add a finding": lambda i: i.findings.add(
        Finding(question_code="1", statement=BIG, evidence_ids=(first_item(i).id,))
    ),
    "change a judgment": lambda i: i.judgments.save(
        Judgment(question_code="1", grade="Good", rationale=BIG)
    ),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_a_full_disk_refuses_the_save_whole_and_keeps_everything_saved(demo_inspection, action):
    path = demo_inspection.path
    before = snapshot(path)
    with disk_full(demo_inspection):
        with pytest.raises(DiskFullError) as refused:
            ACTIONS[action](demo_inspection)
        message = str(refused.value)
        assert message == (
            f"The disk holding {path} is full; nothing of this change was saved. "
            "Free some space on that disk and try again."
        )
        assert not demo_inspection.db.conn.in_transaction
        assert snapshot(path) == before  # nothing half done, not even a history row
        report = check_inspection(path)
        assert report.healthy, report.problems
    # Space again: the same connection saves the same change.
    ACTIONS[action](demo_inspection)
    after = snapshot(path)
    assert len(after["history"]) > len(before["history"])
    assert check_inspection(path).healthy


def test_a_full_disk_is_a_write_failure_and_a_storage_error():
    assert issubclass(DiskFullError, WriteFailedError)
    assert issubclass(WriteFailedError, StorageError)


def test_other_errors_inside_a_transaction_pass_through_unchanged(demo_inspection):
    class Refused(Exception):
        pass

    with pytest.raises(Refused):
        with demo_inspection.db.transaction():
            raise Refused
    with pytest.raises(sqlite3.IntegrityError):
        with demo_inspection.db.transaction() as conn:
            conn.execute("INSERT INTO inspection (id) VALUES (NULL)")
    assert not demo_inspection.db.conn.in_transaction


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX resource limits")
def test_a_disk_error_while_saving_is_explained_and_nothing_is_lost(demo_inspection):
    import resource
    import signal

    path = demo_inspection.path
    demo_inspection.evidence.add(
        Evidence(author="TS", summary="Saved before", notes="n", question_codes=("1",))
    )
    before = snapshot(path)
    sizes = [Path(f"{path}{suffix}").stat().st_size for suffix in ("", "-wal")]
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    # Past the limit, writes fail with EFBIG (instead of a signal that ends the process).
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (max(sizes) + 4096, hard))
    try:
        with pytest.raises(WriteFailedError) as failed:
            demo_inspection.evidence.add(
                Evidence(
                    author="TS", summary="Too big to save", notes=BIG * 10, question_codes=("1",)
                )
            )
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert not isinstance(failed.value, DiskFullError)
    assert str(failed.value) == (
        f"{path} could not be written because the disk reported an error; nothing of this "
        "change was saved. Check that the disk or drive is still connected and try again."
    )
    assert snapshot(path) == before
    assert check_inspection(path).healthy
    saved = demo_inspection.evidence.add(
        Evidence(author="TS", summary="After the error", question_codes=("1",))
    )
    assert demo_inspection.evidence.get(saved.id).summary == "After the error"
