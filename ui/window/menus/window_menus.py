"""The main window's menu bar: File, Edit, Evidence and Inspection with their actions and
shortcuts, the recent-files menu, and Edit ▸ Undo and Redo following the open inspection.

A mixin of :class:`~ui.window.main_window.MainWindow`, kept apart so the window's own
module holds showing, opening and closing; the actions call the window's slots.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from ui.panels.inspection_history_view import InspectionHistoryView


class WindowMenus:
    """Builds the menus of the main window, whose slots the actions call."""

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
        self.plan_action = self._action("&Planned methods…", self.show_plan, None, inspection_menu)
        from ui.workflows.team_work import TeamWork

        self.team_work = TeamWork(self, file_menu, self.close_action, inspection_menu)
        self.history_action = self._action("&History…", self.show_history, None, inspection_menu)
        # Case-file review: checklists from and to Excel workbooks, and logs of reviews.
        inspection_menu.addSeparator()
        self.checklist_actions = [
            self._action(
                "Install checklist from &workbook…",
                self._in_view(lambda v: v.case_reviews.workbooks.install()),
                None,
                inspection_menu,
            ),
            self._action(
                "Save chec&klist template…",
                self._in_view(lambda v: v.case_reviews.workbooks.write_template()),
                None,
                inspection_menu,
            ),
            self._action(
                "Import case re&views…",
                self._in_view(lambda v: v.case_reviews.workbooks.import_reviews()),
                None,
                inspection_menu,
            ),
        ]
        self.history_view: InspectionHistoryView | None = None
        from ui.window.menus.help_menu import HelpMenu

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
            self.plan_action,
            *self.checklist_actions,
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

    def _in_view(self, act):
        """A menu action that works on the open inspection's view (none: nothing to do)."""
        return lambda *_args: act(self.view) if self.view is not None else None
