"""The one base for every background job the window starts: a use case run off the GUI
thread with the progress dialog, Cancel, and one way of ending.

How to write a job on it::

    class ExportRunner(JobRunner):
        title = "Exporting"                       # the progress dialog's title
        failure_title = "Export failed"           # the failure message's title
        failure = "Nothing was written."          # said after an unexpected error
        stopped_text = "Export cancelled; no file was written."

        def start(self, out):
            source = self.source
            return self.run(
                lambda progress: export_judgment_summary(source, out, progress=progress),
                "Exporting the draft judgment summary…",
            )

        def done(self, result):                   # on the GUI thread: present it
            ...present the result...

``work`` runs on the thread pool and gets a :class:`JobProgress` bridged to the
worker's handle: the use case reports through it and learns of Cancel through it.
It must not touch widgets and must open its own connection to the inspection (the
use cases in ``storage.operations`` do). On the GUI thread the runner then

- hands the result to :meth:`done`, then emits ``finished(result)``;
- on :class:`Cancelled` (or any ending after Cancel was pressed) emits
  ``finished(None)`` and says quietly in the status bar that the job stopped and
  nothing changed;
- on any other error emits ``finished(None)``, then lets :meth:`failed` deal with
  the errors particular to the job (return True when it has), else shows the error
  in one message box titled :attr:`failure_title`: a storage error's own message, or
  "Something unexpected went wrong" with :attr:`failure`.

Only one job of a kind runs on one inspection at a time: starting a second while the
first runs shows the running one's progress again and starts nothing. Subclasses may
override :meth:`progressed` to show more than the bar (the import names its stage).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, ClassVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog, QWidget

from storage.operations import Cancelled, JobProgress, StorageError
from ui.dialogs.progress_dialog import close_progress, open_progress, show_progress
from ui.workflows.tasks import TaskHandle, run_task

#: How long the quiet "stopped" note stays in the status bar.
STOPPED_MESSAGE_MS = 8000


class JobRunner(QObject):
    """One background job of one kind for one inspection (see the module's docstring)."""

    finished = Signal(object)  # the use case's result, or None when cancelled or failed

    #: The progress dialog's title.
    title = "Working"
    #: The title of the message that says the job failed (default: :attr:`title`).
    failure_title = ""
    #: Said after an unexpected error.
    failure = "Nothing was changed."
    #: Said in the status bar when the person cancelled.
    stopped_text = "Stopped; nothing was changed."
    #: The running job of each kind and inspection, so a second is never started beside it.
    _running: ClassVar[dict[tuple[type, str, str], JobRunner]] = {}

    def __init__(self, window: QWidget, source: Path | None = None):
        super().__init__(window)
        self.window = window
        self.source = Path(source) if source is not None else None
        self.handle: TaskHandle | None = None
        self.progress: QProgressDialog | None = None
        self.show_messages = True  # tests: no message boxes

    @property
    def running(self) -> bool:
        return self.handle is not None and self.handle.running

    # -- starting ---------------------------------------------------------------------
    def run(
        self,
        work: Callable[[JobProgress], Any],
        text: str,
        maximum: int = 0,
        over: QWidget | None = None,
        then: Callable[[Any], None] | None = None,
    ) -> TaskHandle:
        """Start ``work(progress)`` on the thread pool with a progress dialog saying
        ``text`` over ``over`` (the window); returns the worker's handle.

        ``then`` takes the result of a first step in place of :meth:`done` (and no
        ``finished`` is emitted): the job goes on, e.g. once the person has chosen.
        """
        key = (type(self), self.title, str(self.source))
        other = JobRunner._running.get(key)
        if other is not None and other is not self and other.running and other.handle:
            # The job asked for is already under way: show it again, start nothing, and
            # end this runner at once so nobody waits for it.
            if other.progress is not None:
                other.progress.show()
            QTimer.singleShot(0, lambda: self.finished.emit(None))
            return other.handle
        self.progress = open_progress(over or self.window, self.title, text, maximum)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)

        def on_worker(handle: TaskHandle) -> Any:
            return work(JobProgress(handle.report, lambda: handle.cancelled))

        self.handle = run_task(
            on_worker, self._succeeded if then is None else self._step(then), self._failed
        )
        self.handle.progressed.connect(self.progressed)
        self.progress.canceled.connect(self.handle.cancel)
        JobRunner._running[key] = self
        self.handle.ended.connect(lambda: self._forget(key))
        return self.handle

    def _forget(self, key: tuple[type, str, str]) -> None:
        if JobRunner._running.get(key) is self:
            del JobRunner._running[key]

    # -- what subclasses say ----------------------------------------------------------
    def progressed(self, done: int, total: int) -> None:
        """Move the bar (on the GUI thread)."""
        show_progress(self.progress, done, total)

    def done(self, result: Any) -> None:
        """Present what the use case returned."""

    def failed(self, error: BaseException) -> bool:
        """Deal with an error particular to this job; True when it has been shown."""
        return False

    def stopped(self) -> None:
        """The person cancelled: say so quietly in the window's status bar."""
        widget: QWidget | None = self.window
        while widget is not None and not isinstance(widget, QMainWindow):
            widget = widget.parentWidget()
        if widget is not None:
            widget.statusBar().showMessage(self.stopped_text, STOPPED_MESSAGE_MS)

    def message_for(self, error: BaseException) -> str:
        """What the person is told about ``error``: storage's own sentence, or that
        something unexpected happened (the traceback is in the log file)."""
        if isinstance(error, StorageError):
            return str(error)
        return f"Something unexpected went wrong ({error}). {self.failure}"

    def message_parent(self) -> QWidget:
        """What messages show over."""
        return self.window

    # -- ending -----------------------------------------------------------------------
    def _step(self, then: Callable[[Any], None]) -> Callable[[Any], None]:
        def step_done(result: Any) -> None:
            self.close_progress()
            if self.handle is not None and self.handle.cancelled:
                self.finished.emit(None)  # stopped before the person had to choose anything
            else:
                then(result)

        return step_done

    def _succeeded(self, result: Any) -> None:
        self.close_progress()
        self.done(result)
        self.finished.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.close_progress()
        cancelled = isinstance(error, Cancelled) or (
            self.handle is not None and self.handle.cancelled
        )
        self.finished.emit(None)
        if cancelled:
            self.stopped()
        elif not self.failed(error) and self.show_messages:
            QMessageBox.warning(
                self.message_parent(), self.failure_title or self.title, self.message_for(error)
            )

    def close_progress(self) -> None:
        close_progress(self.progress)
        self.progress = None
