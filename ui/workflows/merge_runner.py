"""File ▸ Merge a fieldwork copy…: preview, confirm, back up, merge — off the GUI thread.

The preview and the merge each run on a worker with its own connection to the
open inspection; the window reopens the inspection afterwards so every view
shows the merged data.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from models.merging.outcome import MergePlan
from storage.operations import (
    JobProgress,
    MergeOutcome,
    MergePreview,
    StorageError,
    merge_planned,
    preview_merge,
)
from ui.dialogs.merge_preview_dialog import MergePreviewDialog
from ui.dialogs.progress_dialog import close_progress, open_progress, show_progress
from ui.workflows.tasks import TaskHandle, run_task


class MergeRunner(QObject):
    """Plans a merge, shows the preview, and merges on confirmation."""

    finished = Signal(object)  # MergeOutcome, or None when cancelled, refused or failed

    def __init__(self, target: Path, window: QWidget):
        super().__init__(window)
        self.target = Path(target)
        self.window = window
        self.handle: TaskHandle | None = None
        self.progress: QProgressDialog | None = None
        self.confirm = self._ask  # tests replace this to answer the preview
        self.quiet = False  # tests: no message boxes
        #: Initials the change history records the merge under.
        self.actor = ""

    def start(self, source: Path) -> TaskHandle:
        target, source = self.target, Path(source)

        def plan(handle: TaskHandle) -> MergePreview:
            return preview_merge(target, [source])

        self._show_progress("Comparing the copy with this inspection…")
        self.handle = run_task(plan, self._planned, self._failed)
        return self.handle

    def _ask(self, plan: MergePlan) -> bool:
        answer = MergePreviewDialog(plan, self.window).exec()
        return answer == MergePreviewDialog.DialogCode.Accepted

    def _planned(self, preview: MergePreview) -> None:
        self._close_progress()
        # The preview is shown even when there is nothing to merge: it says so.
        if not self.confirm(preview.plans[0]) or not preview.needs_confirming:
            self.finished.emit(None)
            return
        target, actor = self.target, self.actor

        def merge(handle: TaskHandle) -> MergeOutcome:
            return merge_planned(
                target,
                preview.plans,
                actor=actor,
                progress=JobProgress(handle.report, lambda: handle.cancelled),
            )

        self._show_progress("Merging…")
        self.handle = run_task(merge, self._done, self._failed, self._progressed)
        self.progress.canceled.connect(self.handle.cancel)

    def _show_progress(self, text: str) -> None:
        self.progress = open_progress(self.window, "Merge", text)

    def _progressed(self, done: int, total: int) -> None:
        show_progress(self.progress, done, total)

    def _close_progress(self) -> None:
        close_progress(self.progress)
        self.progress = None

    def _done(self, outcome: MergeOutcome) -> None:
        self._close_progress()
        self.finished.emit(outcome)
        if not self.quiet:
            total = outcome.total
            renumbered = "".join(
                f" Finding {r.old_ref} renumbered {r.new_ref}: {r.old_ref} was already used here."
                for r in outcome.result.plan.renumbered
                if r.entity == "finding"
            )
            QMessageBox.information(
                self.window,
                "Merge finished",
                f"Merged {outcome.result.plan.source_path.name}: {total.added} added, "
                f"{total.updated} updated, {total.deleted} deleted, {total.conflicts} "
                f"conflict(s) to review.{renumbered} The inspection as it was before is "
                f"backed up at {outcome.backup}.",
            )

    def _failed(self, error: BaseException) -> None:
        self._close_progress()
        self.finished.emit(None)
        if self.handle is not None and self.handle.cancelled:
            return
        if not self.quiet:
            message = (
                str(error)
                if isinstance(error, StorageError)
                else (f"The merge failed unexpectedly ({error}); nothing was changed.")
            )
            QMessageBox.warning(self.window, "Not merged", message)
