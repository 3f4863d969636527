"""Moving attached files in and out off the GUI thread: attaching, opening a copy, saving.

Each job runs on a worker with its own connection to the inspection file, shows
the progress dialog with Cancel when it takes more than a moment, and says in
a message box what went wrong if it fails. Attached files are recorded as one
undoable step when the worker has written them. Opening writes a private copy
(readable by this user only, in a private folder removed when the app exits)
and hands it to the system's default application.
"""

from __future__ import annotations

import atexit
import tempfile
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from models.attachment import Attachment, base_name, limit_bytes
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.file.private_temp import PrivateFolder
from storage.operations import Cancelled
from ui.dialogs.progress_dialog import close_progress, open_progress, show_progress
from ui.editing.attachment_commands import actions_for
from ui.editing.inspection_controller import InspectionController
from ui.window.settings import AppSettings
from ui.workflows.tasks import TaskHandle, run_task

_private_folder: PrivateFolder | None = None


def _in_kib(handle: TaskHandle) -> Callable[[int, int], None]:
    """Progress in KiB, so files of any size fit the progress signal's integers."""
    return lambda done, total: handle.report(done >> 10, max(total >> 10, 1))


def private_folder() -> Path:
    """This run's private folder for opened copies (only this user can enter it; marked in
    use while the app runs, so the next start removes it if the app crashed)."""
    global _private_folder
    if _private_folder is None or not _private_folder.path.is_dir():
        _private_folder = PrivateFolder("attachments")
        atexit.register(_private_folder.remove)
    return _private_folder.path


def safe_file_name(name: str) -> str:
    """The name alone, so it stays inside its folder (names can come from other systems)."""
    return base_name(name)


class AttachmentJob(QObject):
    """One background job on attachments, with its progress dialog and error message."""

    finished = Signal(object)  # what the job produced, or None when cancelled or failed

    def __init__(self, window: QWidget, title: str, failure: str):
        super().__init__(window)
        self.window, self.title, self.failure = window, title, failure
        self.handle: TaskHandle | None = None
        self.progress: QProgressDialog | None = None
        self.show_messages = True

    @property
    def running(self) -> bool:
        return self.handle is not None and self.handle.running

    def start(
        self, text: str, work: Callable[[TaskHandle], Any], on_done: Callable[[Any], None]
    ) -> AttachmentJob:
        self.progress = open_progress(self.window, self.title, text)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)

        def done(result) -> None:
            self._close()
            on_done(result)
            self.finished.emit(result)

        self.handle = run_task(
            work, done, self._failed, lambda d, t: show_progress(self.progress, d, t)
        )
        self.progress.canceled.connect(self.handle.cancel)
        return self

    def _failed(self, error: BaseException) -> None:
        self._close()
        self.finished.emit(None)
        if isinstance(error, Cancelled) or (self.handle and self.handle.cancelled):
            return
        message = (
            str(error)
            if isinstance(error, StorageError)
            else (f"Something unexpected went wrong ({error}). {self.failure}")
        )
        if self.show_messages:
            QMessageBox.warning(self.window, self.title, message)

    def _close(self) -> None:
        close_progress(self.progress)
        self.progress = None


def attach_files(
    window: QWidget,
    controller: InspectionController,
    evidence_id: str,
    paths: list[Path],
    limit_mb: int | None = None,
) -> AttachmentJob | None:
    """Attach ``paths`` to an item in the background; one undoable step when written.

    Refused (with a message) when the inspection is open read-only.
    """
    if controller.inspection.db.readonly:
        QMessageBox.information(
            window,
            "Attach files",
            f"{controller.inspection.path.name} is open read-only, so "
            "nothing can be attached to it here.",
        )
        return None
    source, actor = controller.inspection.path, controller.inspection.actor
    limit = limit_bytes(limit_mb if limit_mb is not None else AppSettings().attachment_limit_mb)
    paths = [Path(p) for p in paths]

    def work(handle: TaskHandle) -> list[Attachment]:
        with InspectionFile.open(source) as inspection:
            inspection.actor = actor
            return inspection.attachments.add_files(
                evidence_id, paths, _in_kib(handle), lambda: handle.cancelled, limit
            )

    def done(attachments: list[Attachment]) -> None:
        # The inspection may have been closed while the files were being read.
        if getattr(window, "controller", controller) is controller:
            actions_for(controller).record_added(attachments)

    what = f'"{paths[0].name}"' if len(paths) == 1 else f"{len(paths)} files"
    job = AttachmentJob(window, "Attach files", "Nothing was attached.")
    return job.start(f"Attaching {what}…", work, done)


def write_out(
    window: QWidget,
    controller: InspectionController,
    attachment: Attachment,
    dest: Path,
    *,
    private: bool = False,
) -> AttachmentJob:
    """Write an attachment out as the file ``dest`` in the background (``private``: 0600)."""
    source, dest = controller.inspection.path, Path(dest)

    def work(handle: TaskHandle) -> Path:
        with InspectionFile.open(source, readonly=True) as inspection:
            return inspection.attachments.read_to(
                attachment.id,
                dest,
                _in_kib(handle),
                lambda: handle.cancelled,
                mode=0o600 if private else 0o666,
            )

    job = AttachmentJob(
        window, "Save attachment" if not private else "Open attachment", "The file was not written."
    )
    return job.start(f'Writing "{attachment.name}"…', work, lambda _path: None)


def open_copy(
    window: QWidget, controller: InspectionController, attachment: Attachment
) -> AttachmentJob:
    """Write a private copy of an attachment and open it with the default application."""
    folder = Path(tempfile.mkdtemp(dir=private_folder()))
    job = write_out(
        window, controller, attachment, folder / safe_file_name(attachment.name), private=True
    )

    def opened(path) -> None:
        if path is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(
                window,
                "Open attachment",
                f'No application on this computer opens "{attachment.name}"; '
                "use Save as… and open it from there.",
            )

    job.finished.connect(opened)
    return job
