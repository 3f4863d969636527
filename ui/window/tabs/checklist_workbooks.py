"""Install checklist from workbook…, Save checklist template… and Import case reviews…
for the Case files tab: the file asked for, the workbook read or written in the
background, a checklist read installed as one undoable step and chosen in the tab, and
the files a log of reviews adds made one undoable step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from models.case_reviews.checklist import Checklist
from storage.operations import CaseReviewsImported
from ui.window.folders import pick_template_file
from ui.workflows.case_review_import_runner import CaseReviewImportRunner
from ui.workflows.checklist_file_runner import ChecklistReadRunner, ChecklistTemplateRunner

if TYPE_CHECKING:
    from ui.window.tabs.case_review_tabs import CaseReviewTabs

WORKBOOK_FILTER = "Excel workbooks (*.xlsx *.xlsm);;All files (*)"
LOG_FILTER = "Logs of reviewed files (*.xlsx *.xlsm *.csv);;All files (*)"


class ChecklistWorkbooks(QObject):
    """The two workbook actions of one open inspection's Case files tab."""

    def __init__(self, tabs: CaseReviewTabs):
        super().__init__(tabs)
        self.tabs = tabs
        self.runner: (
            ChecklistReadRunner | ChecklistTemplateRunner | CaseReviewImportRunner | None
        ) = None

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
            window = tabs.view.window()
            out = pick_template_file(
                window,
                getattr(window, "settings", None),
                tabs.inspection.path,
                "Save checklist template",
                "checklist.xlsx",
            )
            if out is None:
                return None
        runner = ChecklistTemplateRunner(tabs.view.window())
        runner.show_messages = tabs.show_messages
        runner.start(Path(out), checklist)
        self.runner = runner
        return runner

    def import_reviews(self, log: Path | None = None) -> CaseReviewImportRunner | None:
        """Import a log of reviewed files (asks which) under the chosen checklist: the
        template's *case reviews* sheet filled in, or a CSV file with its columns."""
        tabs = self.tabs
        window = tabs.view.window()
        checklist = tabs.checklist
        if checklist is None:
            tabs._warn(
                "No checklist chosen",
                "Choose the checklist the files were reviewed against, or make one, then"
                " import the log.",
            )
            return None
        if log is None:
            picked = (
                window.pick_file(f"Import case reviews under {checklist.title}", LOG_FILTER)
                if hasattr(window, "pick_file")
                else None
            )
            if picked is None:
                return None
            log = Path(picked)
        if not tabs.form.commit():
            return None
        tabs.show_tab()
        checklist_id = checklist.id

        def record(imported: CaseReviewsImported, name: str) -> None:
            if tabs.view.window() is window and getattr(window, "view", None) is tabs.view:
                tabs.editing.record_imported(
                    checklist_id, list(imported.added_ids), f"Import case reviews from {name}"
                )

        runner = CaseReviewImportRunner(window, tabs.inspection.path, record)
        runner.show_messages = tabs.show_messages
        runner.start(Path(log), checklist_id, tabs.inspection.actor)
        self.runner = runner
        return runner
