"""Reading the inspection ahead of the sheets that need it, on the laptop's other core.

Most of an export's time is Python writing cells, which holds the interpreter;
most of reading the inspection is SQLite's own work, which lets go of it. So an
export reads ahead: a thread of its own, with its own read-only connection to
the file, works out the judgment checks' results and the coverage counts, then
reads the register's items a batch at a time, at most a few batches ahead of the
rows being written, while the earlier sheets are written. It reads what is
committed, as the export's own connection does, but not in that connection's
snapshot: a change the window commits during an export may show in the checks,
the coverage or the register's items and nowhere else. No link rests on them:
the register lists an item's findings only where the Finding evidence sheet,
read in the export's snapshot, lists the item.

An inspection that cannot be read a second time (its connection holds an open
transaction, it is not a file on disk, or it will not open again) is read in
line, by the export's own connection, through the same calls.

The thread's connection keeps a small page cache, since its reads go through the
file once; the export is measured against a memory ceiling.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from models.review.results import CheckResult
from models.vocabulary import SourceType
from storage.file.inspection_file import InspectionFile
from storage.review.checks import review
from storage.workbooks.summary.register_reading import RegisterItem, register_batches

log = logging.getLogger(__name__)

#: Batches read before the register has taken them (about 2,000 items' worth of memory).
BATCHES_AHEAD = 4
#: The reading thread's page cache, in KiB: it reads the file through once.
CACHE_KIB = 2_048

Coverage = tuple[dict[str, dict[SourceType, int]], dict[SourceType, int]]


def coverage_of(inspection: InspectionFile) -> Coverage:
    """Live evidence per question by source type, and the whole inspection's."""
    return inspection.evidence.coverage(), inspection.evidence.counts_by_source()


class InlineReading:
    """The same readings made when asked, by the export's own connection."""

    def __init__(self, inspection: InspectionFile):
        self._inspection = inspection

    def checks(self) -> list[CheckResult]:
        return review(self._inspection)

    def coverage(self) -> Coverage:
        return coverage_of(self._inspection)

    def items(self) -> Iterator[RegisterItem]:
        for batch in register_batches(self._inspection.db.conn):
            yield from batch

    def close(self) -> None:
        """Nothing runs beside the export."""


class _Stopped(Exception):
    """The export ended (finished, failed or cancelled) before the reading did."""


class _Unavailable(Exception):
    """The file could not be opened a second time; the export reads in line instead."""


class ReadAhead:
    """The readings made on a thread of their own, in the order the sheets need them:
    the checks, the coverage, then the register's items. Should the file not open a
    second time (moved meanwhile, say), they are read in line after all. :meth:`close`
    stops the thread (interrupting a query under way) and waits for it; always call it."""

    def __init__(self, inspection: InspectionFile):
        self._in_line = InlineReading(inspection)
        self._path = Path(inspection.db.path)
        self._checks: Future[list[CheckResult]] = Future()
        self._coverage: Future[Coverage] = Future()
        self._batches: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=BATCHES_AHEAD)
        self._stop = threading.Event()
        self._conn: sqlite3.Connection | None = None
        self._conn_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="export read-ahead", daemon=True)
        self._thread.start()

    # -- on the export's thread ------------------------------------------------
    def checks(self) -> list[CheckResult]:
        try:
            return self._checks.result()
        except _Unavailable:
            return self._in_line.checks()

    def coverage(self) -> Coverage:
        try:
            return self._coverage.result()
        except _Unavailable:
            return self._in_line.coverage()

    def items(self) -> Iterator[RegisterItem]:
        while True:
            kind, value = self._batches.get()
            if kind == "end":
                return
            if kind == "unavailable":
                yield from self._in_line.items()
                return
            if kind == "failed":
                raise value
            yield from value

    def close(self) -> None:
        self._stop.set()
        while self._thread.is_alive():
            with self._conn_lock:
                if self._conn is not None:
                    # A query under way ends at once; asked again until the thread has
                    # ended, since one begun just after an interrupt would not see it.
                    self._conn.interrupt()
            try:  # room for a batch the thread is handing over
                self._batches.get(timeout=0.05)
            except queue.Empty:
                pass
        self._thread.join()

    # -- on the reading thread ---------------------------------------------------
    def _run(self) -> None:
        pending: list[Future] = [self._checks, self._coverage]
        try:
            try:
                opened = InspectionFile.open(self._path, readonly=True)
            except Exception as e:
                log.info("the export reads %s in line: %s", self._path.name, e)
                raise _Unavailable(str(e)) from None
            with opened as inspection:
                conn = inspection.db.conn
                conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
                with self._conn_lock:
                    if self._stop.is_set():
                        raise _Stopped
                    self._conn = conn
                try:
                    self._settle(pending, self._checks, lambda: review(inspection))
                    self._settle(pending, self._coverage, lambda: coverage_of(inspection))
                    for batch in register_batches(conn):
                        self._hand_over(("batch", batch))
                    self._hand_over(("end", None))
                finally:
                    with self._conn_lock:
                        self._conn = None
        except _Stopped:
            pass
        except _Unavailable as e:
            self._give_up(pending, e, ("unavailable", None))
        except BaseException as e:  # raised where the export asks for what failed
            self._give_up(pending, e, ("failed", e))
        finally:
            for future in pending:  # stopped before these were read
                if not future.done():
                    future.set_exception(_Stopped("the export ended first"))

    def _settle(self, pending: list[Future], future: Future, read) -> None:
        if self._stop.is_set():
            raise _Stopped
        future.set_result(read())
        pending.remove(future)

    def _hand_over(self, message: tuple[str, Any]) -> None:
        while True:
            if self._stop.is_set():
                raise _Stopped
            try:
                self._batches.put(message, timeout=0.05)
                return
            except queue.Full:
                continue

    def _give_up(self, pending: list[Future], error: BaseException, message) -> None:
        """Everything not yet read answers ``error``; the register is told ``message``."""
        for future in pending:
            future.set_exception(error)
        pending.clear()
        try:
            self._hand_over(message)
        except _Stopped:
            pass


def read_ahead(inspection: InspectionFile) -> ReadAhead | InlineReading:
    """Readings for one export: on a thread of their own when the file can be opened a
    second time and would show the same as the export's connection, else in line."""
    path = Path(inspection.db.path)
    if inspection.db.conn.in_transaction or not path.is_file():
        return InlineReading(inspection)
    return ReadAhead(inspection)
