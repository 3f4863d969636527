"""The whole-file check of a file opened after a clean shutdown, made while the person works.

A file that was closed properly last time is shown at once; its quick check runs on a
worker with a read-only connection of its own (storage's ``check_opened_file``), so a
large inspection opens without waiting for it. Its automatic backup waits for the
check: a damaged file is never copied over the good backups. When the check finds
damage the window says so in the status bar, where it stays, and in a dialog; what
is being typed is saved first (it is the person's work, and the damage is elsewhere in
the file), then the file is shown read-only, so nothing more is written to it, and the
latest good backup is offered. Nothing is closed or thrown away: the person can still
read everything, copy what they need, and restore the backup into a new file.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject

from storage.operations import Cancelled, DamagedFileError, JobProgress, check_opened_file
from ui.workflows.tasks import TaskHandle, run_task

if TYPE_CHECKING:
    from storage.operations import OpenedInspection

log = logging.getLogger(__name__)


class BackgroundFileCheck(QObject):
    """Checks the open file on a worker; tells the window when it finds damage."""

    def __init__(self, safety, parent: QObject | None = None):
        super().__init__(parent)
        self.safety = safety  # the window's FileSafety: read-only mode and backups
        self.window = safety.window
        self.handle: TaskHandle | None = None
        #: The damage found in the file shown now, if any.
        self.damage: DamagedFileError | None = None
        self._opened: OpenedInspection | None = None

    @property
    def running(self) -> bool:
        return self.handle is not None and self.handle.running

    def start(self, opened: OpenedInspection, passed: Callable[[], None]) -> TaskHandle:
        """Check ``opened`` in the background; ``passed`` is called once it is found sound."""
        self.stop()
        self.damage = None
        self._opened = opened
        path = opened.path

        def work(handle: TaskHandle) -> None:
            check_opened_file(path, JobProgress(handle.report, lambda: handle.cancelled))

        def done(_result: None) -> None:
            if self._opened is opened:
                passed()

        def failed(error: BaseException) -> None:
            if self._opened is opened:
                self._failed(opened, error)

        self.handle = run_task(work, done, failed)
        return self.handle

    def stop(self) -> None:
        """The file is closing: its check is of no use any more."""
        self._opened = None
        if self.handle is not None and self.handle.running:
            self.handle.cancel()

    def _failed(self, opened: OpenedInspection, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            return
        if not isinstance(error, DamagedFileError):
            # The check itself could not run (the disk went away): say so, keep working.
            log.warning("the background check of %s failed: %s", opened.path.name, error)
            self.window.statusBar().showMessage(
                f"{opened.path.name} could not be checked for damage ({error})."
            )
            return
        self.damage = error
        log.warning("the background check found %s damaged", opened.path.name)
        view = self.window.view
        if view is not None and not opened.readonly:
            view.commit_pending()  # what is being typed is kept, as every edit is
        self.safety.damaged_while_open(opened)
        self.window.statusBar().showMessage(
            f"{opened.path.name} is damaged: it is open read-only and nothing more is "
            "saved to it. Restore the latest good backup into a new file."
        )
        found = f" ({error.detail})" if error.detail else ""
        self.safety.offer_backup(
            opened.path,
            error,
            f"The check of {opened.path} made after it opened found it damaged{found}. It "
            "is now open read-only: nothing more is saved to it, and what it shows can "
            "still be read and copied. Restore the latest good backup into a new file to "
            "go on working.",
        )
