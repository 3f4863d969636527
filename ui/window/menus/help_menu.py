"""The window's Help menu: Quick guide (F1), Keyboard shortcuts (Ctrl+/) and About.

Kept apart from the main window so it stays small; the dialogs are in help_dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

ABOUT = (
    "Evidence Review records inspection evidence against a framework, links it to "
    "findings and graded judgments, and exports the draft judgment summary to Excel."
)


class HelpMenu(QObject):
    """Adds Help to ``window``'s menu bar and opens its dialogs beside the window."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.menu = window.menuBar().addMenu("&Help")
        self.guide_action = self._add(
            "Quick &guide", self.show_guide, QKeySequence(QKeySequence.StandardKey.HelpContents)
        )
        self.shortcuts_action = self._add(
            "&Keyboard shortcuts", self.show_shortcuts, QKeySequence("Ctrl+/")
        )
        self.menu.addSeparator()
        self._add("&About Evidence Review", self.about, None)

    def _add(self, text: str, slot, keys) -> QAction:
        action = QAction(text, self.window)
        if keys is not None:
            action.setShortcut(keys)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def show_guide(self):
        """Not modal, so it can stay open beside the window."""
        from ui.window.menus.help_dialogs import GuideDialog

        return self._show(GuideDialog(self.window))

    def show_shortcuts(self):
        """Read from the window's menus, so the list is always what the keys do."""
        from ui.window.menus.help_dialogs import ShortcutsDialog

        menus = [a.menu() for a in self.window.menuBar().actions() if a.menu() is not None]
        view = getattr(self.window, "view", None)  # the tabs of an open inspection
        tabs = view.tabs if view is not None else None
        titles = [tabs.tabText(i) for i in range(tabs.count())] if tabs is not None else []
        return self._show(ShortcutsDialog(menus, self.window, titles))

    @staticmethod
    def _show(dialog):
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def about(self) -> None:
        QMessageBox.about(self.window, "About Evidence Review", ABOUT)
