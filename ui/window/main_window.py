"""The main window: menus, the start page, and opening, creating and exporting inspections."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget

from storage.file.errors import StorageError
from ui.window.file_filters import INSPECTION_FILTER as FILE_FILTER
from ui.window.settings import AppSettings

# The window is painted before the modules behind an open inspection, exports and
# imports are loaded: they are imported where they are first needed.
if TYPE_CHECKING:
    from storage.file.inspection_file import InspectionFile
    from ui.dialogs.new_inspection_dialog import NewInspectionDialog
    from ui.editing.inspection_controller import InspectionController
    from ui.panels.inspection_history_view import InspectionHistoryView
    from ui.window.inspection_view import InspectionView
    from ui.workflows.evidence_import_runner import EvidenceImportRunner
    from ui.workflows.export_runner import ExportRunner

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
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

    # -- menus ------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, menu=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        if menu is not None:
            menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action("&New inspection…", self.new_inspection, "Ctrl+Shift+N", file_menu)
        self._action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open, file_menu)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self._action("Open the &demo", self.open_demo, None, file_menu)
        file_menu.addSeparator()
        self.import_evidence_action = self._action(
            "&Import evidence…", self.import_evidence, "Ctrl+Shift+I", file_menu
        )
        self.export_action = self._action(
            "&Export draft judgment summary…", self.export, "Ctrl+Shift+E", file_menu
        )
        self.restore_action = self._action(
            "Restore from &backup…", self.file_safety.restore_dialog, None, file_menu
        )
        file_menu.addSeparator()
        self.close_action = self._action(
            "&Close inspection",
            lambda: self.may_close() and self.close_inspection(),
            QKeySequence.StandardKey.Close,
            file_menu,
        )
        self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, file_menu)

        self.edit_menu = bar.addMenu("&Edit")
        self.undo_action = self._action(
            "&Undo", lambda: None, QKeySequence.StandardKey.Undo, self.edit_menu
        )
        self.redo_action = self._action(
            "&Redo", lambda: None, QKeySequence.StandardKey.Redo, self.edit_menu
        )
        self.edit_menu.addSeparator()
        self.find_action = self._action(
            "&Find evidence",
            self._in_view(lambda v: v.evidence_list.focus_search()),
            QKeySequence.StandardKey.Find,
            self.edit_menu,
        )
        self.edit_menu.addSeparator()
        self.preferences_action = self._action(
            "&Preferences…", self.preferences, QKeySequence.StandardKey.Preferences, self.edit_menu
        )

        evidence_menu = bar.addMenu("E&vidence")
        self.new_evidence_action = self._action(
            "&New evidence item", self.new_evidence, QKeySequence.StandardKey.New, evidence_menu
        )
        self.finish_action = self._action(
            "&Finish editing",
            self._in_view(lambda v: v.editor.finish()),
            "Ctrl+Return",
            evidence_menu,
        )
        self.finish_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.delete_evidence_action = self._action(
            "&Delete evidence item…",
            self._in_view(lambda v: v.delete_selected_evidence()),
            None,
            evidence_menu,
        )
        self.new_finding_action = self._action(
            "New &finding", self._in_view(self._new_finding), "Ctrl+Shift+F", evidence_menu
        )
        inspection_menu = bar.addMenu("&Inspection")
        self.details_action = self._action("&Details…", self.show_details, None, inspection_menu)
        from ui.workflows.team_work import TeamWork

        self.team_work = TeamWork(self, file_menu, self.close_action, inspection_menu)
        self.history_action = self._action("&History…", self.show_history, None, inspection_menu)
        self.history_view: InspectionHistoryView | None = None
        from ui.window.help_menu import HelpMenu

        self.help = HelpMenu(self)
        self.help_menu = self.help.menu
        self.inspection_actions = [
            self.export_action,
            self.close_action,
            self.find_action,
            self.new_evidence_action,
            self.finish_action,
            self.delete_evidence_action,
            self.new_finding_action,
        ]
        self.inspection_actions.append(self.import_evidence_action)
        # Restore from backup stays available on the start page (all backups are listed).
        self.inspection_actions += self.team_work.actions + [
            self.history_action,
            self.details_action,
        ]

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files
        for path in recent:
            self._action(
                Path(path).name,
                lambda _c=False, p=path: self.open_file(Path(p)),
                None,
                self.recent_menu,
            ).setToolTip(path)
        if recent:
            self.recent_menu.addSeparator()
            self._action("Clear list", self._clear_recent, None, self.recent_menu)
        self.recent_menu.setEnabled(bool(recent))
        self.start_page.set_recent_files(recent)

    def _clear_recent(self) -> None:
        self.settings.clear_recent_files()
        self._refresh_recent_menu()

    def _set_undo_actions(self) -> None:
        from ui.editing.undo_actions import replace_in_menu, undo_redo_actions

        new = undo_redo_actions(self, self.controller)
        replace_in_menu(self.edit_menu, (self.undo_action, self.redo_action), new)
        self.undo_action, self.redo_action = new

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
        self._show_inspection(opened.inspection)
        self.file_safety.adopt(opened)
        return True

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
        from storage.frameworks.library import available_frameworks
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
            self.view.editor.release_draft() and self.view.findings.release_draft()
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
        self.view.deleteLater()
        self.controller.close()
        self.file_safety.closed()
        self.controller.deleteLater()
        self.view = self.controller = None
        self._show_start_page()

    # -- evidence ---------------------------------------------------------------
    def author_initials(self) -> str | None:
        """The inspector's initials: a fieldwork copy's owner, or asked once and remembered."""
        if self.controller is not None and self.controller.inspection.default_author:
            return self.controller.inspection.default_author
        if self.settings.author_initials:
            return self.settings.author_initials
        from ui.dialogs.initials_prompt import ask_initials

        initials = ask_initials(self, self.settings)
        if initials and self.controller is not None:
            self.controller.inspection.actor = initials
        return initials

    def preferences(self) -> None:
        """Edit ▸ Preferences…"""
        from ui.dialogs.preferences_dialog import PreferencesDialog

        if PreferencesDialog(self.settings, self).exec():
            self.apply_preferences()

    def apply_preferences(self) -> None:
        """Put changed preferences to work in the open inspection at once."""
        if self.controller is not None and not self.controller.inspection.default_author:
            self.controller.inspection.actor = self.settings.author_initials
        self.file_safety.settings_changed()

    def new_evidence(self) -> None:
        if self.view is None:
            return
        author = self.author_initials()
        if author:
            try:
                self.view.new_evidence(author)
            except (StorageError, ValueError) as e:
                QMessageBox.warning(self, "Evidence not recorded", str(e))

    def _in_view(self, act):
        """A menu action that works on the open inspection's view (none: nothing to do)."""
        return lambda *_args: act(self.view) if self.view is not None else None

    def _new_finding(self, view) -> None:
        view.tabs.setCurrentWidget(view.findings)
        view.findings.new_finding()

    # -- details ----------------------------------------------------------------
    def show_details(self):
        """Inspection ▸ Details…: title, force, period and fieldwork dates."""
        if self.controller is None:
            return None
        self.view.commit_pending()
        from ui.dialogs.details_dialog import open_details

        return open_details(self.controller, self, self.file_safety.readonly)

    def _details_changed(self) -> None:
        details = self.controller.inspection.inspection
        read_only = " (read-only)" if self.file_safety.readonly else ""
        self.setWindowTitle(f"{details.title}{read_only} — Evidence Review")

    # -- history ----------------------------------------------------------------
    def show_history(self) -> InspectionHistoryView | None:
        """Inspection ▸ History…: the whole inspection's changes, beside the window."""
        if self.controller is None:
            return None
        self.view.commit_pending()
        if self.history_view is None:
            from ui.panels.inspection_history_view import InspectionHistoryView

            self.history_view = InspectionHistoryView(self.controller, self)
        self.history_view.show()
        self.history_view.raise_()
        return self.history_view

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
