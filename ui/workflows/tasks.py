"""Background work: one ``run_task`` helper over the global QThreadPool.

A task is a plain function run on a worker thread. It must not touch widgets
and must open its own database connection. It may report progress through the
``TaskHandle`` it receives and should return soon after ``handle.cancelled``
turns true. Results, errors and progress come back on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class TaskHandle(QObject):
    """What a running task and the GUI share: progress, cancellation, outcome.

    The handle lives on the GUI thread; the worker emits the private signals,
    which Qt queues to the handle's slots, so callbacks always run on the GUI
    thread.
    """

    progressed = Signal(int, int)  # done, total (GUI thread)
    ended = Signal()  # after the done or error callback ran (GUI thread)
    _result = Signal(object)
    _error = Signal(object)
    _progress = Signal(int, int)

    def __init__(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]):
        super().__init__()
        self._cancel = threading.Event()
        self._on_done, self._on_error = on_done, on_error
        self.running = True
        self._result.connect(self._deliver_result)
        self._error.connect(self._deliver_error)
        self._progress.connect(self.progressed)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def report(self, done: int, total: int) -> None:
        """Called by the task on its worker thread."""
        self._progress.emit(done, total)

    @Slot(object)
    def _deliver_result(self, result) -> None:
        self.running = False
        try:
            self._on_done(result)
        finally:
            self.ended.emit()

    @Slot(object)
    def _deliver_error(self, error) -> None:
        self.running = False
        try:
            self._on_error(error)
        finally:
            self.ended.emit()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[TaskHandle], Any], handle: TaskHandle):
        super().__init__()
        self.fn, self.handle = fn, handle

    def run(self) -> None:
        try:
            result = self.fn(self.handle)
        except BaseException as e:  # handed to the GUI, never lost on the thread
            if not self.handle.cancelled:
                log.exception("background task failed")
            self.handle._error.emit(e)
        else:
            self.handle._result.emit(result)


_running: set[TaskHandle] = set()


def run_task(
    fn: Callable[[TaskHandle], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    on_progress: Callable[[int, int], None] | None = None,
) -> TaskHandle:
    """Run ``fn(handle)`` on the thread pool; the callbacks run on the GUI thread."""
    handle = TaskHandle(on_done, on_error)
    if on_progress is not None:
        handle.progressed.connect(on_progress)
    _running.add(handle)  # keep the handle alive until the task has reported back
    handle.ended.connect(lambda: _running.discard(handle))
    QThreadPool.globalInstance().start(_Runnable(fn, handle))
    return handle
