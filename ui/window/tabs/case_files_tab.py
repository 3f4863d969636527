"""The Case files tab's place among the tabs, filled the first time it is wanted.

Building the tab (its code, panel and models, and its first reading of the
checklists) took about a tenth of a second of every file's opening, for a tab
many inspectors never use. The page is in its place from the start, so the tab
bar and Alt+Y work as before; the tab itself
(:class:`~ui.window.tabs.case_review_tabs.CaseReviewTabs`) is built the first time
the page is shown or something asks for it (a menu action, an undo step of its
own, a test).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QToolButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ui.window.inspection_view import InspectionView
    from ui.window.tabs.case_review_tabs import CaseReviewTabs

#: Alt+Y. Every letter of "Case files" is taken by a menu (File, Edit, Inspection), a
#: tab (Evidence) or a field of a tab (Summary, Assessment, Location), so the tab names
#: its key, one that nothing else in the window uses.
TAB_TITLE = "Case files (&Y)"


class CaseFilesTab:
    """The page of the Case files tab in ``view.tabs``, and the tab once built."""

    def __init__(self, view: InspectionView, tabs: QTabWidget):
        self.view = view
        self.page = QWidget()
        QVBoxLayout(self.page).setContentsMargins(0, 0, 0, 0)
        index = tabs.addTab(self.page, TAB_TITLE)
        tabs.setTabToolTip(index, "Case-file review with a checklist (Alt+Y)")
        # With this tab the bar may need its scroll arrows on a narrow window: they are
        # for the mouse, and Tab goes from the list into the editor as before.
        for arrow in tabs.tabBar().findChildren(QToolButton):
            arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        #: The tab, once built (``None`` until then: nothing of it to save or stop).
        self.built: CaseReviewTabs | None = None
        self.read_only = False
        self._tabs = tabs
        tabs.currentChanged.connect(self._current_changed)

    def _current_changed(self, _index: int) -> None:
        if self.built is None and self._tabs.currentWidget() is self.page:
            self.tab()

    def tab(self) -> CaseReviewTabs:
        """The tab, built now if it has not been yet."""
        if self.built is None:
            from ui.window.tabs.case_review_tabs import CaseReviewTabs

            self.built = CaseReviewTabs(self.view, self.page)
            if self.read_only:
                self.built.set_read_only(True)
        return self.built

    def set_read_only(self, read_only: bool) -> None:
        """Show the tab without the means to change anything (now, or once built)."""
        self.read_only = read_only
        if self.built is not None:
            self.built.set_read_only(read_only)
