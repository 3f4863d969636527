"""What the Evidence and Inspection menus and Edit ▸ Preferences do in the open inspection:
new evidence items and findings, the author's initials, preferences, the inspection's
details and its history.

A mixin of :class:`~ui.window.main_window.MainWindow`, kept apart so the window's own
module holds showing, opening and closing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from storage.operations import StorageError

if TYPE_CHECKING:
    from ui.panels.inspection_history_view import InspectionHistoryView


class InspectionCommands:
    """The main window's work on the open inspection's evidence, findings and details."""

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

    def show_plan(self):
        """Inspection ▸ Planned methods…: the methods planned under each core question."""
        if self.controller is None:
            return None
        self.view.commit_pending()
        from ui.dialogs.planned_methods_dialog import open_planned_methods

        return open_planned_methods(self.controller, self, self.file_safety.readonly)

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
