"""Import case reviews…: a log of reviewed files imported under a checklist in the
background, with progress and Cancel.

The use case (``import_case_reviews``) opens its own connection to the inspection,
checks every row of the log before writing anything, skips files already reviewed
under the checklist and backs the file up before it writes. Once written, the files
it added are one undoable step, and the window says what it added and skipped; a
refused log lists every problem by row and column and imports nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from storage.operations import CaseReviewLogProblems, CaseReviewsImported, import_case_reviews
from ui.dialogs.import_evidence_dialog import ImportProblemsDialog
from ui.workflows.job_runner import JobRunner
from ui.workflows.tasks import TaskHandle

#: References listed by name in the message, at most.
LISTED = 10


class CaseReviewImportRunner(JobRunner):
    """One import of one log into one checklist of the window's inspection."""

    title = "Importing case reviews"
    failure_title = "Case reviews not imported"
    failure = "Nothing was imported."
    stopped_text = "Import cancelled; nothing was imported."

    def __init__(
        self,
        window: QWidget,
        inspection_path: Path,
        record: Callable[[CaseReviewsImported, str], None],
    ):
        """``record(imported, log name)`` makes what was written one undo step."""
        super().__init__(window, inspection_path)
        self.inspection_path = Path(inspection_path)
        self.record = record
        self.log_path: Path | None = None
        self.problems_dialog: ImportProblemsDialog | None = None
        self.report = ""

    def start(self, log_path: Path, checklist_id: str, actor: str) -> TaskHandle:
        self.log_path = path = Path(log_path)
        source = self.inspection_path
        return self.run(
            lambda progress: import_case_reviews(
                source, path, checklist_id, actor=actor, default_reviewer=actor, progress=progress
            ),
            f"Importing {path.name}…",
        )

    def done(self, imported: CaseReviewsImported) -> None:
        name = self.log_path.name if self.log_path else "the log"
        self.record(imported, name)
        self.report = report(imported, name)
        window = self.window
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(self.report.splitlines()[0], 15000)
        if self.show_messages:
            QMessageBox.information(window, "Case reviews imported", self.report)

    def failed(self, error: BaseException) -> bool:
        if isinstance(error, CaseReviewLogProblems):
            self.problems_dialog = ImportProblemsDialog.shown_for(
                error, self.message_parent(), "Case reviews not imported"
            )
            return True
        return False


def report(imported: CaseReviewsImported, name: str) -> str:
    """What an import did, in a few lines: the first says it all."""
    added, skipped = len(imported.added), len(imported.skipped)
    first = f"Imported {added} reviewed file{'s' if added != 1 else ''} from {name}"
    if skipped == 1:
        first += "; 1 already reviewed under the checklist was left as it was"
    elif skipped:
        first += f"; {skipped} already reviewed under the checklist were left as they were"
    lines = [first + "."]
    if imported.name_like:
        shown = ", ".join(imported.name_like[:LISTED])
        more = len(imported.name_like) - LISTED
        lines.append(
            "These case references read like a person's name; check them: "
            + shown
            + (f" and {more} more" if more > 0 else "")
            + "."
        )
    if imported.backup is not None:
        lines.append(f"The inspection was backed up first ({imported.backup.name}).")
    if added:
        lines.append("Edit ▸ Undo takes the imported files out again.")
    return "\n".join(lines)
