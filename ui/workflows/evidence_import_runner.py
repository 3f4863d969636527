"""File ▸ Import evidence: read the log's columns, have them chosen, import in the background.

Both the first look at the log and the import itself run on worker threads
(a large workbook takes seconds to open). The import opens its own connection
to the inspection, reports progress through its stages and stops on Cancel with
nothing imported. When it has been written, the controller records it as one
undoable step and every view refreshes once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from storage.backups.automatic import BEFORE_IMPORT, create_backup
from storage.evidence_logs.importer import (
    PROGRESS_SCALE,
    EvidenceLogProblems,
    ImportResult,
    import_log_file,
    stage_of,
)
from storage.evidence_logs.reader import LogPreview, preview_log
from storage.file.errors import StorageError
from storage.operations import Cancelled, JobProgress
from ui.dialogs.import_evidence_dialog import ImportEvidenceDialog, ImportProblemsDialog
from ui.dialogs.progress_dialog import close_progress, open_progress
from ui.editing.inspection_controller import InspectionController
from ui.workflows.tasks import TaskHandle, run_task


class EvidenceImportRunner(QObject):
    """One import of one log into the controller's inspection."""

    dialog_opened = Signal(object)  # the ImportEvidenceDialog, once the log has been read
    finished = Signal(object)  # ImportResult, or None when cancelled, refused or failed

    def __init__(self, window: QWidget, controller: InspectionController, initials: str = ""):
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.initials = initials
        self.log_path: Path | None = None
        self.handle: TaskHandle | None = None
        self.progress: QProgressDialog | None = None
        self.dialog: ImportEvidenceDialog | None = None
        self.problems_dialog: ImportProblemsDialog | None = None
        self.show_messages = True
        self._attempted = False

    @property
    def running(self) -> bool:
        return self.handle is not None and self.handle.running

    # -- step 1: what the log holds -------------------------------------------------
    def start(self, log_path: Path) -> TaskHandle:
        """Read the log's header rows in the background, then show the column dialog."""
        self.log_path = path = Path(log_path)
        self._show_progress("Reading the columns of the log…", 0)
        self.handle = run_task(lambda handle: preview_log(path), self._previewed, self._failed)
        self.progress.canceled.connect(self.handle.cancel)
        return self.handle

    def _previewed(self, preview: LogPreview) -> None:
        self._close_progress()
        if self.handle.cancelled:
            self.finished.emit(None)
            return
        self.dialog = ImportEvidenceDialog(preview, self.initials, self.window)
        # The column dialog stays open until the import has succeeded: a log refused for
        # its rows or its columns can be mapped again or imported again once corrected.
        self.dialog.import_requested.connect(self._chosen)
        self.dialog.rejected.connect(self._dialog_closed)
        self.dialog.open()
        self.dialog_opened.emit(self.dialog)

    def _dialog_closed(self) -> None:
        if not self._attempted:
            self.finished.emit(None)  # closed without trying: the import is over

    # -- step 2: the import ---------------------------------------------------------
    def _chosen(self) -> None:
        dialog = self.dialog
        self._attempted = True
        dialog.import_button.setEnabled(False)
        self.import_log(
            dialog.chosen_sheet(),
            dialog.mapping(),
            dialog.current_sheet.headers,
            dialog.default_author(),
        )

    def import_log(self, sheet, mapping, headers, default_author: str) -> TaskHandle:
        source, log_path = self.controller.inspection.path, self.log_path
        actor = self.controller.inspection.actor

        def work(handle: TaskHandle) -> ImportResult:
            # An import can add hundreds of items: back the file up first, once the log is
            # known to be valid and to bring something in (not for a refused log).
            return import_log_file(
                source,
                log_path,
                sheet=sheet,
                mapping=mapping,
                expected_headers=headers,
                default_author=default_author,
                progress=JobProgress(handle.report, lambda: handle.cancelled),
                actor=actor,
                before_write=lambda: create_backup(source, BEFORE_IMPORT),
            )

        self._show_progress(f"{stage_of(0)}…", PROGRESS_SCALE)
        self.handle = run_task(work, self._done, self._failed, self._progressed)
        self.progress.canceled.connect(self.handle.cancel)
        return self.handle

    def _progressed(self, done: int, total: int) -> None:
        # A modal progress dialog handles events inside setValue, so a later report
        # can arrive before an earlier one has been shown: never step back.
        if self.progress is not None and done > self.progress.value():
            self.progress.setLabelText(f"{stage_of(done)}…")
            self.progress.setValue(min(done, total))

    def _done(self, result: ImportResult) -> None:
        self._close_progress()
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.accept()  # done: the columns are no longer needed
        still_open = getattr(self.window, "controller", None) is self.controller
        if result.imported and still_open:
            noun = "item" if result.imported == 1 else "items"
            self.controller.record_import(
                list(result.evidence_ids),
                f"Import {result.imported} evidence {noun} from {self.log_path.name}",
            )
        if still_open and hasattr(self.window, "statusBar"):
            self.window.statusBar().showMessage(result.message(), 15000)
        self.finished.emit(result)
        if self.show_messages:
            QMessageBox.information(self.window, "Evidence imported", result.message())

    def _failed(self, error: BaseException) -> None:
        self._close_progress()
        over = self._over()
        if self.dialog is not None:
            self.dialog.import_button.setEnabled(not self.dialog.problem_text())
        self.finished.emit(None)
        if isinstance(error, Cancelled) or (self.handle and self.handle.cancelled):
            return
        if isinstance(error, EvidenceLogProblems):
            self.problems_dialog = ImportProblemsDialog(
                error.source_name, error.lines(), error.total, over
            )
            self.problems_dialog.open()
            return
        message = (
            str(error)
            if isinstance(error, StorageError)
            else (f"The import failed unexpectedly ({error}). Nothing was imported.")
        )
        if self.show_messages:
            QMessageBox.warning(over, "Evidence not imported", message)

    # -- the progress dialog --------------------------------------------------------
    def _over(self) -> QWidget:
        """What messages and progress show over: the column dialog while it is open."""
        return self.dialog if self.dialog is not None and self.dialog.isVisible() else self.window

    def _show_progress(self, text: str, maximum: int) -> None:
        self.progress = open_progress(self._over(), "Importing evidence", text, maximum)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)

    def _close_progress(self) -> None:
        if self.progress is not None:
            close_progress(self.progress)
            self.progress = None
