"""Automatic backups of the open inspection: when it is opened and every so often while it changes.

Each backup runs storage's backup use case on a worker with its own connection
(a backup of a large file takes seconds); it is followed by rotation, with the
keep-counts from the settings. Nothing is copied when the file has not changed since its newest
backup. Success is a quiet status-bar message; a failure (a full disk) is said
once in a message box and after that in the status bar, so it is never missed
but does not interrupt every half hour.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from storage.operations import OPENED, WHILE_WORKING, StorageError, back_up_if_changed
from ui.window.settings import AppSettings
from ui.workflows.tasks import TaskHandle, run_task

log = logging.getLogger(__name__)


class BackupScheduler(QObject):
    """Backs up one open file at a time; :meth:`start` on open, :meth:`stop` on close."""

    finished = Signal(object)  # the new backup's Path; None when nothing had changed or it failed

    def __init__(self, window: QMainWindow, settings: AppSettings):
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.path: Path | None = None
        self.handle: TaskHandle | None = None
        self.last_backup: Path | None = None
        self._failure_shown = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.backup_while_working)

    @property
    def running(self) -> bool:
        return self.handle is not None and self.handle.running

    def start(self, path: Path) -> TaskHandle | None:
        """Watch ``path`` from now on, backing it up at once if it changed since its last backup."""
        self.path = Path(path)
        self._failure_shown = False
        self.timer.start(self.settings.backup_interval_minutes * 60_000)
        return self.backup(OPENED)

    def stop(self) -> None:
        self.timer.stop()
        self.path = None

    def reschedule(self) -> None:
        """The interval setting changed: use it from now on while a file is watched."""
        if self.timer.isActive():
            self.timer.start(self.settings.backup_interval_minutes * 60_000)

    def wait(self, timeout_ms: int = 60_000) -> None:
        """Let a running backup finish (when the app quits)."""
        if self.running:
            QThreadPool.globalInstance().waitForDone(timeout_ms)

    def backup_while_working(self) -> TaskHandle | None:
        """The timer's slot: back up if anything changed since the last backup."""
        return self.backup(WHILE_WORKING)

    def backup(self, reason: str) -> TaskHandle | None:
        if self.path is None or self.running:
            return None  # a backup still running will be followed by the next tick's
        path = self.path
        keep_recent, keep_days = self.settings.backup_keep_recent, self.settings.backup_keep_days

        def work(_handle: TaskHandle) -> Path | None:
            return back_up_if_changed(path, reason, keep_recent=keep_recent, keep_days=keep_days)

        self.handle = run_task(work, self._done, self._failed)
        return self.handle

    def _done(self, made: Path | None) -> None:
        if made is not None:
            self.last_backup = made
            bar = self.window.statusBar()
            # Never push aside a message the person has yet to read (an import's result).
            if not bar.currentMessage():
                bar.showMessage(f"Backed up at {datetime.now().strftime('%H:%M')}", 10_000)
        self.finished.emit(made)

    def _failed(self, error: BaseException) -> None:
        log.warning("automatic backup of %s failed: %s", self.path, error)
        message = (
            str(error)
            if isinstance(error, StorageError)
            else (
                f"The automatic backup failed unexpectedly ({error}); the inspection itself is "
                "unchanged."
            )
        )
        self.window.statusBar().showMessage(f"Backup failed: {message}")
        if not self._failure_shown:
            self._failure_shown = True
            QMessageBox.warning(self.window, "Backup failed", message)
        self.finished.emit(None)
