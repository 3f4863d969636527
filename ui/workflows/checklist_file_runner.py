"""Install checklist from workbook… and Save checklist template…: the workbook read or
written on a worker thread with progress and Cancel.

Reading changes nothing; the checklist it gives is then installed on the GUI thread as
one undoable step (a quick write). A workbook with problems installs nothing and the
problems are listed by row and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from models.case_reviews.checklist import Checklist
from models.framework import Framework
from storage.operations import read_checklist_file, write_checklist_file
from ui.workflows.job_runner import JobRunner
from ui.workflows.tasks import TaskHandle


class ChecklistReadRunner(JobRunner):
    """Reads one checklist workbook; ``install`` takes the checklist it describes."""

    title = "Reading a checklist workbook"
    failure_title = "Checklist not installed"
    failure = "Nothing was installed."
    stopped_text = "Stopped; no checklist was installed."

    def __init__(self, window: QWidget, install: Callable[[Checklist], None]):
        super().__init__(window)
        self.install = install

    def start(self, workbook: Path, framework: Framework) -> TaskHandle:
        self.source = path = Path(workbook)
        return self.run(
            lambda progress: read_checklist_file(path, framework, progress),
            f"Reading {path.name}…",
        )

    def done(self, checklist: Checklist) -> None:
        self.install(checklist)


class ChecklistTemplateRunner(JobRunner):
    """Writes the checklist workbook (blank, or filled with a checklist)."""

    title = "Writing a checklist workbook"
    failure_title = "Checklist workbook not written"
    failure = "Nothing was written."
    stopped_text = "Stopped; no workbook was written."

    def start(self, out: Path, checklist: Checklist | None) -> TaskHandle:
        self.source = path = Path(out)
        return self.run(
            lambda progress: write_checklist_file(path, checklist, progress),
            f"Writing {path.name}…",
        )

    def done(self, written: Path) -> None:
        window = self.window
        text = f"Wrote the checklist workbook {Path(written).name}."
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 10000)
        elif self.show_messages:
            QMessageBox.information(window, "Checklist workbook written", text)
