"""Import data return…: a data return imported in the background with progress and Cancel.

The use case (``import_indicators``) opens its own connection to the inspection,
checks the whole return before writing and backs the file up first when the
return brings something new. Once written, the import is one undoable step and
the window says what it added and changed; a refused return lists every problem.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from storage.operations import IndicatorReturnProblems, IndicatorsImported, import_indicators
from ui.dialogs.import_evidence_dialog import ImportProblemsDialog
from ui.editing.inspection_controller import InspectionController
from ui.workflows.job_runner import JobRunner
from ui.workflows.tasks import TaskHandle


class IndicatorImportRunner(JobRunner):
    """One import of one data return into the controller's inspection."""

    title = "Importing a data return"
    failure_title = "Data return not imported"
    failure = "Nothing was imported."
    stopped_text = "Import cancelled; nothing was imported."

    def __init__(self, window: QWidget, controller: InspectionController):
        super().__init__(window, controller.inspection.path)
        self.controller = controller
        self.return_path: Path | None = None
        self.problems_dialog: ImportProblemsDialog | None = None
        self.report = ""
        self._before = []

    def start(self, return_path: Path) -> TaskHandle:
        self.return_path = path = Path(return_path)
        source, actor = self.controller.inspection.path, self.controller.inspection.actor
        # The versions before, for the undo step once the import is written.
        self._before = self.controller.indicators.all()
        return self.run(
            lambda progress: import_indicators(source, path, actor=actor, progress=progress),
            f"Importing {path.name}…",
        )

    def done(self, imported: IndicatorsImported) -> None:
        result = imported.result
        name = self.return_path.name if self.return_path else "the return"
        still_open = getattr(self.window, "controller", None) is self.controller
        if result.wrote and still_open:
            changed = {(c.name, c.period) for c in result.changed}
            before = [i for i in self._before if (i.name, i.period) in changed]
            self.controller.indicators.record_import(
                before, list(result.added_ids), f"Import {name}"
            )
        lines = [result.message(name)]
        lines += [f"Added {a}" for a in result.added[:20]]
        lines += [f"Updated {c}" for c in result.changed[:20]]
        more = len(result.added) + len(result.changed) - 40
        if more > 0:
            lines.append(f"… and {more} more")
        self.report = "\n".join(lines)
        if still_open and hasattr(self.window, "statusBar"):
            self.window.statusBar().showMessage(lines[0], 15000)
        if self.show_messages:
            QMessageBox.information(self.window, "Data return imported", self.report)

    def failed(self, error: BaseException) -> bool:
        if isinstance(error, IndicatorReturnProblems):
            self.problems_dialog = ImportProblemsDialog.shown_for(
                error, self.message_parent(), "Data return not imported"
            )
            return True
        return False
