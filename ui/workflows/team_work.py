"""The window's team-working actions: the team, fieldwork copies, merging them, conflicts.

Kept apart from the main window so it stays small; the window creates one and
hands it its menus.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:  # the dialogs and use cases are loaded when first used, not at start-up
    from ui.workflows.merge_runner import MergeRunner


class TeamWork(QObject):
    """Team ▸ …, File ▸ Create fieldwork copy / Merge a fieldwork copy, and their dialogs."""

    def __init__(self, window, file_menu: QMenu, before: QAction, inspection_menu: QMenu):
        super().__init__(window)
        self.window = window
        self.copy_action = QAction("Create &fieldwork copy for…", window)
        self.merge_action = QAction("&Merge a fieldwork copy…", window)
        file_menu.insertAction(before, self.copy_action)
        file_menu.insertAction(before, self.merge_action)
        self.team_action = inspection_menu.addAction("&Team…")
        self.conflicts_action = inspection_menu.addAction("Merge &conflicts…")
        self.copy_action.triggered.connect(self.create_copy)
        self.merge_action.triggered.connect(self.merge_dialog)
        self.team_action.triggered.connect(self.show_team)
        self.conflicts_action.triggered.connect(self.show_conflicts)
        self.actions = [
            self.copy_action,
            self.merge_action,
            self.team_action,
            self.conflicts_action,
        ]
        self.runner: MergeRunner | None = None
        self.copy_handle = None
        self.copy_runner = None

    @property
    def controller(self):
        return self.window.controller

    def busy(self) -> bool:
        return any(
            h is not None and h.running
            for h in (self.copy_handle, self.runner.handle if self.runner else None)
        )

    # -- team -------------------------------------------------------------------
    def show_team(self) -> None:
        if self.controller is not None:
            from ui.dialogs.team_dialog import TeamDialog

            TeamDialog(self.controller, self.window).exec()

    # -- fieldwork copies ---------------------------------------------------------
    def create_copy(self) -> None:
        if self.controller is None:
            return
        self.window.view.commit_pending()
        from ui.dialogs.fieldwork_copy_dialog import FieldworkCopyDialog

        dialog = FieldworkCopyDialog(self.controller, self.window)
        if dialog.exec():
            self.start_copy(dialog.member.currentData(), dialog.chosen_path())

    def start_copy(self, initials: str, out: Path):
        """Write the copy in the background with progress and Cancel; returns its handle."""
        from ui.workflows.fieldwork_copy_runner import FieldworkCopyRunner

        self.copy_runner = FieldworkCopyRunner(self.window, self.controller.inspection.path)
        self.copy_handle = self.copy_runner.start(initials, out)
        return self.copy_handle

    # -- merging ----------------------------------------------------------------
    def merge_dialog(self) -> None:
        if self.controller is None:
            return
        path = self.window.pick_file("Merge a fieldwork copy", "Inspections (*.inspection)")
        if path is not None:
            self.start_merge(path)

    def start_merge(self, source: Path) -> MergeRunner:
        self.window.view.commit_pending()
        from ui.workflows.merge_runner import MergeRunner

        self.runner = MergeRunner(self.controller.inspection.path, self.window)
        self.runner.actor = self.controller.inspection.actor
        self.runner.finished.connect(self._merged)
        self.runner.start(source)
        return self.runner

    def _merged(self, outcome) -> None:
        if outcome is not None:
            self.window.reopen_inspection()

    # -- conflicts --------------------------------------------------------------
    def show_conflicts(self) -> None:
        if self.controller is None:
            return
        from ui.dialogs.conflicts_dialog import ConflictsDialog

        dialog = ConflictsDialog(self.controller, self.window)
        dialog.resolved.connect(self.window.view.reload)
        dialog.exec()
