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

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from models.evidence.attachment import Attachment, base_name, limit_bytes
from storage.operations import FilesAttached, JobProgress, PrivateFolder, save_attachment
from storage.operations import attach_files as attach_files_to
from ui.editing.attachment_commands import actions_for
from ui.editing.inspection_controller import InspectionController
from ui.window.settings import AppSettings
from ui.workflows.job_runner import JobRunner

_private_folder: PrivateFolder | None = None


def _in_kib(progress: JobProgress) -> JobProgress:
    """Progress in KiB, so files of any size fit the progress signal's integers."""
    return JobProgress(
        lambda done, total: progress.report(done >> 10, max(total >> 10, 1)),
        progress.is_cancelled,
    )


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


class AttachmentJob(JobRunner):
    """One background job on attachments, with its progress dialog and error message."""

    def __init__(self, window: QWidget, source: Path, title: str, failure: str, stopped: str):
        super().__init__(window, source)
        # Attaching, saving and opening differ only in their words.
        self.title, self.failure, self.stopped_text = title, failure, stopped
        self._on_done: Callable[[Any], None] = lambda _result: None

    def start(
        self, text: str, work: Callable[[JobProgress], Any], on_done: Callable[[Any], None]
    ) -> AttachmentJob:
        self._on_done = on_done
        self.run(lambda progress: work(_in_kib(progress)), text)
        return self

    def done(self, result: Any) -> None:
        self._on_done(result)


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

    def work(progress: JobProgress) -> FilesAttached:
        return attach_files_to(
            source, evidence_id, paths, actor=actor, limit_bytes=limit, progress=progress
        )

    def done(attached: FilesAttached) -> None:
        # The inspection may have been closed while the files were being read.
        if getattr(window, "controller", controller) is controller:
            actions_for(controller).record_added(list(attached.attachments))

    what = f'"{paths[0].name}"' if len(paths) == 1 else f"{len(paths)} files"
    job = AttachmentJob(
        window,
        source,
        "Attach files",
        "Nothing was attached.",
        "Attaching cancelled; nothing was attached.",
    )
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

    def work(progress: JobProgress) -> Path:
        return save_attachment(source, attachment.id, dest, private=private, progress=progress)

    job = AttachmentJob(
        window,
        source,
        "Save attachment" if not private else "Open attachment",
        "The file was not written.",
        "Cancelled; the file was not written.",
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
