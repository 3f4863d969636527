"""Install checklist from workbook… and Save checklist template… for the Case files tab:
the file asked for, the workbook read or written in the background, and a checklist
read installed as one undoable step and chosen in the tab."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from models.case_reviews.checklist import Checklist
from ui.workflows.checklist_file_runner import ChecklistReadRunner, ChecklistTemplateRunner

if TYPE_CHECKING:
    from ui.window.case_review_tabs import CaseReviewTabs

WORKBOOK_FILTER = "Excel workbooks (*.xlsx *.xlsm);;All files (*)"


class ChecklistWorkbooks(QObject):
    """The two workbook actions of one open inspection's Case files tab."""

    def __init__(self, tabs: CaseReviewTabs):
        super().__init__(tabs)
        self.tabs = tabs
        self.runner: ChecklistReadRunner | ChecklistTemplateRunner | None = None

    def install(self, workbook: Path | None = None) -> ChecklistReadRunner | None:
        """Read a checklist workbook (asks which) and install what it describes."""
        tabs = self.tabs
        window = tabs.view.window()
        if workbook is None:
            picked = (
                window.pick_file("Install checklist from workbook", WORKBOOK_FILTER)
                if hasattr(window, "pick_file")
                else None
            )
            if picked is None:
                return None
            workbook = Path(picked)
        if not tabs.form.commit():
            return None
        runner = ChecklistReadRunner(window, self._installed)
        runner.show_messages = tabs.show_messages
        runner.start(Path(workbook), tabs.controller.framework)
        self.runner = runner
        return runner

    def _installed(self, checklist: Checklist) -> None:
        stored = self.tabs.save_checklist(None, checklist)
        if stored is not None:
            self.tabs.show_tab()
            self.tabs._status(
                f"Installed the checklist {stored.title} with {len(stored.items)} items."
            )

    def write_template(self, out: Path | None = None) -> ChecklistTemplateRunner | None:
        """Write the checklist workbook, filled with the chosen checklist (blank when
        there is none), for editing in Excel or as a start for a new one."""
        tabs = self.tabs
        checklist = tabs.checklist
        if out is None:
            name = "checklist.xlsx"
            chosen, _ = QFileDialog.getSaveFileName(
                tabs.view.window(),
                "Save checklist template",
                str(tabs.inspection.path.with_name(name)),
                "Excel workbooks (*.xlsx)",
            )
            if not chosen:
                return None
            out = Path(chosen)
        runner = ChecklistTemplateRunner(tabs.view.window())
        runner.show_messages = tabs.show_messages
        runner.start(Path(out), checklist)
        self.runner = runner
        return runner
