"""The main window: the start page, and opening, creating, importing into, exporting and
closing inspections.

Its menus are built in :mod:`ui.window.menus.window_menus` and what they do in the open
inspection is in :mod:`ui.window.menus.inspection_commands`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget

from storage.operations import StorageError
from ui.window.file_filters import INSPECTION_FILTER as FILE_FILTER
from ui.window.menus.inspection_commands import InspectionCommands
from ui.window.menus.window_menus import WindowMenus
from ui.window.settings import AppSettings

# The window is painted before the modules behind an open inspection, exports and
# imports are loaded: they are imported where they are first needed.
if TYPE_CHECKING:
    from storage.operations import InspectionFile
    from ui.dialogs.new_inspection_dialog import NewInspectionDialog
    from ui.editing.inspection_controller import InspectionController
    from ui.window.inspection_view import InspectionView
    from ui.workflows.evidence_import_runner import EvidenceImportRunner
    from ui.workflows.export_runner import ExportRunner

log = logging.getLogger(__name__)


class MainWindow(WindowMenus, InspectionCommands, QMainWindow):
    """One window; shows the start page or the open inspection."""

    def __init__(
        self, settings: AppSettings | None = None, demo_factory=None, *, build_now: bool = True
    ):
        """With ``build_now=False`` only the bare window is made, so it can be shown and
        painted at once; :meth:`finish_building` then adds menus and pages."""
        super().__init__()
        self.settings = settings or AppSettings()
        self.demo_factory = demo_factory
        self.controller: InspectionController | None = None
        self.view: InspectionView | None = None
        self.export_runner: ExportRunner | None = None
        self.import_runner: EvidenceImportRunner | None = None
        self.setWindowTitle("Evidence Review")
        #: Show with showMaximized(): a first start on a small screen.
        self.start_maximised = False
        if self.settings.window_geometry is None or not self.restoreGeometry(
            self.settings.window_geometry
        ):
            from ui.window.window_size import fit_to_screen

            self.start_maximised = fit_to_screen(self)
        self._built = False
        if build_now:
            self.finish_building()

    def finish_building(self) -> None:
        """Menus, the start page and the helpers behind them (once)."""
        if self._built:
            return
        self._built = True
        from ui.window.file_safety import FileSafety
        from ui.window.start_page import StartPage

        self.file_safety = FileSafety(self)  # locks, checks and backs up the open file
        self.start_page = StartPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.setCentralWidget(self.stack)
        self.file_label = QLabel()
        self.statusBar().addPermanentWidget(self.file_label)

        self._build_menus()
        self.start_page.new_requested.connect(self.new_inspection)
        self.start_page.open_requested.connect(self.open_dialog)
        self.start_page.demo_requested.connect(self.open_demo)
        self.start_page.restore_requested.connect(self.file_safety.restore_dialog)
        self.start_page.recent_requested.connect(lambda p: self.open_file(Path(p)))
        self._show_start_page()

    # -- showing ----------------------------------------------------------------
    def _show_start_page(self) -> None:
        self.stack.setCurrentWidget(self.start_page)
        self.setWindowTitle("Evidence Review")
        self.file_label.clear()
        for action in self.inspection_actions:
            action.setEnabled(False)
        self._set_undo_actions()
        self._refresh_recent_menu()

    def _show_inspection(self, inspection: InspectionFile) -> None:
        # Whoever works in this window is who the change history records.
        inspection.actor = inspection.default_author or self.settings.author_initials
        from ui.editing.inspection_controller import InspectionController
        from ui.window.inspection_view import InspectionView

        self.controller = InspectionController(inspection, self)
        self.view = InspectionView(self.controller)
        # Queued: the message is shown once the undo stack has finished its step.
        from PySide6.QtCore import Qt

        self.controller.step_failed.connect(self._step_failed, Qt.ConnectionType.QueuedConnection)
        self.controller.inspection_changed.connect(self._details_changed)
        for panel in (self.view.editor, self.view.findings):
            panel.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.stack.addWidget(self.view)
        self.stack.setCurrentWidget(self.view)
        self.statusBar().addPermanentWidget(self.view.review.status)
        self._details_changed()
        self.file_label.setText(str(inspection.path))
        for action in self.inspection_actions:
            action.setEnabled(True)
        self._set_undo_actions()
        top = inspection.framework.children(None)
        if top:
            self.view.select_question(top[0].code)
        self.settings.add_recent_file(inspection.path)
        self._refresh_recent_menu()

    def _step_failed(self, message: str) -> None:
        """An undo or redo could not be saved: say so and show what the file holds."""
        QMessageBox.warning(self, "Not saved", message)
        if self.view is not None:
            self.view.reload()

    # -- files ------------------------------------------------------------------
    def open_file(self, path: Path) -> bool:
        """Open an inspection file; explains and returns False when it cannot."""
        path = Path(path)
        try:
            opened = self.file_safety.open(path)
        except StorageError as e:
            log.info("could not open %s: %s", path, e)
            QMessageBox.warning(self, "Cannot open inspection", str(e))
            if not path.exists():
                self.settings.remove_recent_file(str(path.resolve()))
                self._refresh_recent_menu()
            return False
        if opened is None:  # left closed at the person's choice, or a restore was started
            return False
        self.close_inspection()
        try:
            self._show_inspection(opened.inspection)
        except Exception as e:
            from storage.operations import damage_in

            # Its check runs once it is shown; damage met while showing it says the same.
            damage = damage_in(e, path)
            if damage is None:
                raise
            log.warning("damage met while showing %s: %s", path.name, e)
            self._drop_partly_shown(opened)
            self.file_safety.offer_backup(path, damage)
            return False
        self.file_safety.adopt(opened)
        return True

    def _drop_partly_shown(self, opened) -> None:
        """Close a file that could not be shown whole, and let go of its lock."""
        if self.view is not None:
            self.close_inspection()
        elif self.controller is not None:
            self.controller.close()
            self.controller.deleteLater()
            self.controller = None
        opened.close()

    def pick_file(self, title: str, filters: str) -> Path | None:
        """A file to open, from a picker that opens where the person last worked."""
        from ui.window.folders import pick_open_file

        beside = self.controller.inspection.path if self.controller is not None else None
        return pick_open_file(self, self.settings, beside, title, filters)

    def open_dialog(self) -> None:
        path = self.pick_file("Open inspection", FILE_FILTER)
        if path is not None:
            self.open_file(path)

    def open_demo(self) -> None:
        if self.demo_factory is None:
            return
        try:
            path = self.demo_factory()
        except (StorageError, OSError) as e:
            QMessageBox.warning(self, "Cannot open the demo", str(e))
            return
        self.open_file(path)

    def new_inspection(self) -> None:
        from storage.operations import available_frameworks
        from ui.dialogs.new_inspection_dialog import NewInspectionDialog

        dialog = NewInspectionDialog(available_frameworks(), self)
        if not dialog.exec():
            return
        self.create_inspection(dialog)

    def create_inspection(self, dialog: NewInspectionDialog) -> bool:
        from storage.operations import create_inspection

        try:
            opened = create_inspection(
                dialog.chosen_path(), dialog.chosen_framework(), **dialog.values()
            )
        except (StorageError, ValueError) as e:
            QMessageBox.warning(self, "Cannot create inspection", str(e))
            return False
        self.close_inspection()
        self._show_inspection(opened.inspection)
        self.file_safety.adopt(opened)
        return True

    def reopen_inspection(self) -> None:
        """Show the inspection afresh from its file (after a merge changed much of it)."""
        if self.controller is None:
            return
        path = self.controller.inspection.path
        question = self.view.current_question
        self.close_inspection()
        if self.open_file(path) and question is not None:
            self.view.select_question(question.code)

    def may_close(self) -> bool:
        """False when a new item or finding with something typed in it (but no summary or
        statement yet) is being written and the person chose to keep writing it."""
        return self.view is None or (
            self.view.editor.release_draft()
            and self.view.findings.release_draft()
            and (self.view.case_files.built is None or self.view.case_files.built.release())
        )

    def close_inspection(self) -> None:
        if self.controller is None:
            return
        self.view.commit_pending()
        if self.history_view is not None:
            self.history_view.close()
            self.history_view.deleteLater()
            self.history_view = None
        self.stack.removeWidget(self.view)
        self.statusBar().removeWidget(self.view.review.status)
        self.view.review.status.deleteLater()
        self.view.deleteLater()
        self.controller.close()
        self.file_safety.closed()
        self.controller.deleteLater()
        self.view = self.controller = None
        self._show_start_page()

    # -- export -----------------------------------------------------------------
    def export(self) -> None:
        if self.controller is not None:
            self.view.commit_pending()
            from ui.workflows.export_runner import ask_and_export

            ask_and_export(self)

    def start_export(self, runner: ExportRunner, out: Path, include_sensitive: bool):
        self.export_runner = runner
        return runner.start(out, include_sensitive, self.settings.author_initials)

    # -- import -----------------------------------------------------------------
    def import_evidence(self) -> None:
        if self.controller is None:
            return
        path = self.pick_file(
            "Import evidence", "Evidence logs (*.xlsx *.xlsm *.csv *.txt);;All files (*)"
        )
        if path is not None:
            self.start_evidence_import(path)

    def start_evidence_import(self, log_path: Path) -> EvidenceImportRunner:
        """Import an evidence log into the open inspection: columns, then the background import."""
        self.view.commit_pending()
        from ui.workflows.evidence_import_runner import EvidenceImportRunner

        self.import_runner = EvidenceImportRunner(
            self, self.controller, self.settings.author_initials
        )
        self.import_runner.start(Path(log_path))
        return self.import_runner

    # -- window -----------------------------------------------------------------
    def show_guide(self):
        return self.help.show_guide()

    def show_shortcuts(self):
        return self.help.show_shortcuts()

    def closeEvent(self, event: QCloseEvent) -> None:
        for runner, what in (
            (self.export_runner, "An export"),
            (self.import_runner, "An evidence import"),
            (self.team_work.runner, "A merge"),
            (self.file_safety.restorer, "A restore"),
        ):
            if runner is not None and runner.handle is not None and runner.handle.running:
                QMessageBox.information(
                    self,
                    "Still working",
                    f"{what} is still running; wait for it or cancel it before quitting.",
                )
                event.ignore()
                return
        if not self.may_close():
            event.ignore()
            return
        self.close_inspection()
        self.file_safety.scheduler.wait()  # a backup cut off by quitting would be wasted
        self.settings.window_geometry = self.saveGeometry()
        self.settings.sync()
        super().closeEvent(event)
