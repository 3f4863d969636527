"""The export's reading thread: it reads what the export's own connection would, hands
failures over, and never outlives the export, whether it finishes, fails or is cancelled."""

from __future__ import annotations

import sqlite3
import threading
import zipfile
from dataclasses import replace
from datetime import datetime

import pytest
from openpyxl import load_workbook

from models.records import Evidence, Finding
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.operations.progress import Cancelled, JobProgress
from storage.review.checks import review
from storage.workbooks import summary_export
from storage.workbooks.summary import read_ahead as read_ahead_module
from storage.workbooks.summary import register_reading
from storage.workbooks.summary.read_ahead import InlineReading, ReadAhead, read_ahead
from storage.workbooks.summary_export import export_summary

THREAD = "export read-ahead"


def _reading_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == THREAD]


@pytest.fixture(autouse=True)
def no_thread_left_behind():
    yield
    assert _reading_threads() == []


@pytest.fixture
def fixed_clock(monkeypatch):
    """Every export made in the same second, so two workbooks can be compared whole."""

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 12, 6, 9, 30)

    monkeypatch.setattr(summary_export, "datetime", Clock)


def _in_line(monkeypatch) -> None:
    monkeypatch.setattr(summary_export, "read_ahead", InlineReading)


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _add(inspection, n: int, **fields) -> list[Evidence]:
    fields.setdefault("author", "JS")
    fields.setdefault("question_codes", ("1.1",))
    return [
        inspection.evidence.add(Evidence(id="", summary=f"item {i}", **fields)) for i in range(n)
    ]


def test_the_reading_thread_reads_what_the_export_connection_reads(demo_inspection):
    inline = InlineReading(demo_inspection)
    ahead = read_ahead(demo_inspection)
    assert isinstance(ahead, ReadAhead)
    try:
        assert ahead.checks() == inline.checks() == review(demo_inspection)
        assert ahead.coverage() == inline.coverage()
        items = list(ahead.items())
    finally:
        ahead.close()
    assert items == list(inline.items())
    assert [i.ref for i in items] == sorted(i.ref for i in demo_inspection.evidence.iter_all())


def test_register_items_carry_their_questions_files_and_findings_in_order(
    tiny_inspection, monkeypatch
):
    monkeypatch.setattr(register_reading, "BATCH", 3)  # several batches
    items = _add(tiny_inspection, 7, participants=("Sergeant", "Two PCSOs"))
    tiny_inspection.evidence.update(
        replace(items[4], question_codes=("2.1", "1.1"), notes="line one\nline two\t\x01")
    )
    finding = tiny_inspection.findings.add(
        Finding(question_code="1.1", statement="Good", evidence_ids=(items[4].id,))
    )
    read = list(InlineReading(tiny_inspection).items())
    assert len(read) == 7
    by_id = {item.id: item for item in read}
    expected = tiny_inspection.evidence.get(items[4].id)
    fifth = by_id[items[4].id]
    assert fifth.question_codes == ", ".join(expected.question_codes)
    assert fifth.notes == expected.notes
    assert fifth.participants == "Sergeant; Two PCSOs"
    assert fifth.finding_ids == [finding.id]
    assert fifth.source_type == expected.source_type.label
    assert fifth.assessment == expected.assessment.label
    assert all(by_id[i.id].finding_ids == [] for i in items if i.id != items[4].id)


def test_a_workbook_is_the_same_read_ahead_or_in_line(demo_path, tmp_path, fixed_clock):
    with InspectionFile.open(demo_path, readonly=True) as inspection:
        export_summary(inspection, tmp_path / "ahead.xlsx", generated_by="JS")
        with pytest.MonkeyPatch.context() as patch:
            _in_line(patch)
            export_summary(inspection, tmp_path / "in-line.xlsx", generated_by="JS")
    ahead, in_line = _parts(tmp_path / "ahead.xlsx"), _parts(tmp_path / "in-line.xlsx")
    assert ahead.keys() == in_line.keys()
    assert [n for n in ahead if ahead[n] != in_line[n]] == []


def test_an_open_transaction_is_read_in_line(tiny_inspection):
    tiny_inspection.db.conn.execute("BEGIN")
    try:
        assert isinstance(read_ahead(tiny_inspection), InlineReading)
    finally:
        tiny_inspection.db.conn.execute("ROLLBACK")


def test_a_cancelled_export_stops_its_reading_thread(tiny_inspection, tmp_path, monkeypatch):
    monkeypatch.setattr(register_reading, "BATCH", 5)  # the thread is still handing batches over
    _add(tiny_inspection, 400)
    asked = []

    def is_cancelled():
        asked.append(True)
        return len(asked) > 3  # part-way through the register

    with pytest.raises(Cancelled):
        export_summary(
            tiny_inspection, tmp_path / "s.xlsx", progress=JobProgress(is_cancelled=is_cancelled)
        )
    assert not (tmp_path / "s.xlsx").exists()


def test_closing_while_the_thread_waits_to_hand_over_a_batch(tiny_inspection, monkeypatch):
    monkeypatch.setattr(register_reading, "BATCH", 2)
    _add(tiny_inspection, 30)  # far more batches than are read ahead
    ahead = ReadAhead(tiny_inspection)
    ahead.checks()
    ahead.coverage()
    items = ahead.items()
    next(items)
    ahead.close()  # returns although the thread was waiting for room
    assert _reading_threads() == []


def test_closing_interrupts_a_query_under_way(tiny_inspection, monkeypatch):
    started = threading.Event()

    def endless_review(inspection):
        started.set()
        inspection.db.conn.execute(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
        ).fetchone()

    monkeypatch.setattr(read_ahead_module, "review", endless_review)
    ahead = ReadAhead(tiny_inspection)
    assert started.wait(timeout=30)
    ahead.close()
    assert _reading_threads() == []
    with pytest.raises(sqlite3.OperationalError, match="interrupt"):
        ahead.checks()


def test_a_failure_on_the_reading_thread_fails_the_export(tiny_inspection, tmp_path, monkeypatch):
    def failing_review(inspection):
        raise RuntimeError("the checks could not be read")

    monkeypatch.setattr(read_ahead_module, "review", failing_review)
    with pytest.raises(RuntimeError, match="could not be read"):
        export_summary(tiny_inspection, tmp_path / "s.xlsx")
    assert not (tmp_path / "s.xlsx").exists()


def test_a_failure_reading_the_register_fails_the_export(tiny_inspection, tmp_path, monkeypatch):
    _add(tiny_inspection, 3)

    def failing_batches(conn):
        raise RuntimeError("the register could not be read")
        yield  # a generator, as the real one

    monkeypatch.setattr(read_ahead_module, "register_batches", failing_batches)
    with pytest.raises(RuntimeError, match="register could not be read"):
        export_summary(tiny_inspection, tmp_path / "s.xlsx")
    assert not (tmp_path / "s.xlsx").exists()


def test_a_link_made_while_the_register_is_written_is_left_out_whole(
    tiny_inspection, tmp_path, monkeypatch
):
    """The Finding evidence sheet lists what was linked when the export began; an item
    linked while the register is being written must not point at a row that is not there."""
    _in_line(monkeypatch)  # the register's items are read after the change below
    items = _add(tiny_inspection, 3)
    finding = tiny_inspection.findings.add(
        Finding(question_code="1.1", statement="Good", evidence_ids=(items[0].id,))
    )
    linked = []

    def link_once(done, total):
        if not linked:
            with InspectionFile.open(tiny_inspection.path) as other:
                other.findings.update(replace(finding, evidence_ids=(items[0].id, items[1].id)))
            linked.append(True)

    export_summary(tiny_inspection, tmp_path / "s.xlsx", progress=JobProgress(link_once))
    workbook = load_workbook(tmp_path / "s.xlsx", read_only=True)
    rows = list(workbook["Evidence register"].iter_rows(values_only=True))
    findings_by_ref = {r[0]: r[8] for r in rows[1:]}
    assert findings_by_ref[items[0].ref] == finding.ref
    assert findings_by_ref[items[1].ref] is None
    traced = [r[3] for r in list(workbook["Finding evidence"].iter_rows(values_only=True))[1:]]
    assert traced == [items[0].ref]
    workbook.close()


def test_a_file_that_will_not_open_again_is_read_in_line(
    demo_path, tmp_path, fixed_clock, monkeypatch
):
    class Unopenable:
        @staticmethod
        def open(path, **options):
            raise StorageError(f"{path} cannot be read")

    with InspectionFile.open(demo_path, readonly=True) as inspection:
        with pytest.MonkeyPatch.context() as patch:
            _in_line(patch)
            export_summary(inspection, tmp_path / "in-line.xlsx", generated_by="JS")
        monkeypatch.setattr(read_ahead_module, "InspectionFile", Unopenable)
        export_summary(inspection, tmp_path / "fallen-back.xlsx", generated_by="JS")
    assert _parts(tmp_path / "fallen-back.xlsx") == _parts(tmp_path / "in-line.xlsx")
