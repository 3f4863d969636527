"""File ▸ Import evidence: read the log's columns, have them chosen, import in the background.

Both the first look at the log and the import itself (``import_evidence``, which
backs the file up first when the log brings something in) run on worker threads
(a large workbook takes seconds to open). The import opens its own connection
to the inspection, reports progress through its stages and stops on Cancel with
nothing imported. When it has been written, the controller records it as one
undoable step and every view refreshes once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from storage.operations import (
    PROGRESS_SCALE,
    EvidenceLogProblems,
    ImportResult,
    LogPreview,
    import_evidence,
    preview_log,
    stage_of,
)
from ui.dialogs.import_evidence_dialog import ImportEvidenceDialog, ImportProblemsDialog
from ui.editing.inspection_controller import InspectionController
from ui.workflows.job_runner import JobRunner
from ui.workflows.tasks import TaskHandle


class EvidenceImportRunner(JobRunner):
    """One import of one log into the controller's inspection."""

    title = "Importing evidence"
    failure_title = "Evidence not imported"
    failure = "Nothing was imported."
    stopped_text = "Import cancelled; nothing was imported."

    dialog_opened = Signal(object)  # the ImportEvidenceDialog, once the log has been read
    # finished: the ImportResult, or None when cancelled, refused or failed (from JobRunner)

    def __init__(self, window: QWidget, controller: InspectionController, initials: str = ""):
        super().__init__(window, controller.inspection.path)
        self.controller = controller
        self.initials = initials
        self.log_path: Path | None = None
        self.dialog: ImportEvidenceDialog | None = None
        self.problems_dialog: ImportProblemsDialog | None = None
        self._attempted = False

    # -- step 1: what the log holds -------------------------------------------------
    def start(self, log_path: Path) -> TaskHandle:
        """Read the log's header rows in the background, then show the column dialog."""
        self.log_path = path = Path(log_path)
        return self.run(
            lambda _progress: preview_log(path),
            "Reading the columns of the log…",
            then=self._previewed,
        )

    def _previewed(self, preview: LogPreview) -> None:
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
        return self.run(
            lambda progress: (
                import_evidence(
                    source,
                    log_path,
                    sheet=sheet,
                    mapping=mapping,
                    expected_headers=headers,
                    default_author=default_author,
                    actor=actor,
                    progress=progress,
                ).result
            ),
            f"{stage_of(0)}…",
            PROGRESS_SCALE,
            over=self.message_parent(),
        )

    def progressed(self, done: int, total: int) -> None:
        # A modal progress dialog handles events inside setValue, so a later report
        # can arrive before an earlier one has been shown: never step back.
        if self.progress is not None and done > self.progress.value():
            self.progress.setLabelText(f"{stage_of(done)}…")
            self.progress.setValue(min(done, total))

    # -- the ends ---------------------------------------------------------------------
    def done(self, result: ImportResult) -> None:
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
        if self.show_messages:
            QMessageBox.information(self.window, "Evidence imported", result.message())

    def failed(self, error: BaseException) -> bool:
        if self.dialog is not None:
            self.dialog.import_button.setEnabled(not self.dialog.problem_text())
        if isinstance(error, EvidenceLogProblems):
            self.problems_dialog = ImportProblemsDialog.shown_for(error, self.message_parent())
            return True
        return False

    def stopped(self) -> None:
        if self.dialog is not None:
            self.dialog.import_button.setEnabled(not self.dialog.problem_text())
        super().stopped()

    def message_parent(self) -> QWidget:
        """Messages and progress show over the column dialog while it is open."""
        return self.dialog if self.dialog is not None and self.dialog.isVisible() else self.window
