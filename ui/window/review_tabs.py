"""The lead inspector's Checks and Coverage tabs of an open inspection, and the status
bar's count of what must be fixed.

Both tabs are fed by one :class:`~ui.workflows.review_keeper.ReviewKeeper`. A check's
result goes to its place (the finding, the item, or the question and its judgment);
a coverage cell shows its items in the evidence list, filtered to its source type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QToolButton

from models.review.results import CheckPlace
from models.vocabulary import SourceType
from ui.panels.checks_panel import ChecksPanel
from ui.panels.coverage_panel import CoveragePanel
from ui.workflows.review_keeper import ReviewKeeper

if TYPE_CHECKING:
    from ui.window.inspection_view import InspectionView


class ReviewTabs(QObject):
    """Adds the two tabs to ``view`` and keeps them, and the status count, current."""

    def __init__(self, view: InspectionView):
        super().__init__(view)
        self.view = view
        controller = view.controller
        self.keeper = ReviewKeeper(controller, self)
        controller.closing.connect(self.keeper.stop)
        self.checks = ChecksPanel()
        self.checks.set_framework(controller.framework)
        self.coverage = CoveragePanel()
        # Alt+K and Alt+M: no menu, tab or field label of any tab uses these letters.
        view.tabs.addTab(self.checks, "Chec&ks")
        view.tabs.addTab(self.coverage, "Coverage &matrix")
        self.status = QToolButton()
        self.status.setAutoRaise(True)
        self.status.setAccessibleName("Judgment checks that must be fixed")
        self.status.setToolTip("Show the judgment checks")
        self.status.clicked.connect(self.show_checks)
        self.status.hide()
        self.checks.place_chosen.connect(self.go_to)
        self.coverage.cell_chosen.connect(self.show_cell)
        self.keeper.updated.connect(self._show)
        if self.keeper.ready:
            self._show()

    def show_checks(self) -> None:
        self.view.tabs.setCurrentWidget(self.checks)
        self.checks.table.setFocus()

    def _show(self) -> None:
        framework = self.view.controller.framework
        self.checks.show_results(self.keeper.results(), framework)
        self.coverage.show_coverage(framework, self.keeper.coverage())
        must = self.keeper.must_fix()
        self.status.setText(f"■ {must} must fix" if must else "")
        self.status.setVisible(must > 0)

    # -- going to a place -----------------------------------------------------------
    def go_to(self, place: CheckPlace) -> None:
        """Show what a check's result is about."""
        view = self.view
        if place.finding_id:
            view.open_finding(place.finding_id)
            return
        if place.evidence_id:
            view.open_evidence(place.evidence_id)
            return
        framework = view.controller.framework
        code = place.question_code
        if code is None:  # the overall judgment belongs to the headline question
            headline = framework.headline
            code = headline.code if headline is not None else None
        if code is None or not framework.has_question(code):
            return
        view.select_question(code)
        question = framework.question(code)
        view.tabs.setCurrentWidget(view.judgment if question.graded else view.editor)
        view.tree.setFocus()

    def show_cell(self, code: str, source: SourceType | None) -> None:
        """List the items of a coverage cell: the question chosen, the source filtered."""
        view = self.view
        view.select_question(code)
        combo = view.evidence_list.source_filter
        index = 0 if source is None else combo.findData(source)
        combo.setCurrentIndex(max(index, 0))
        view.evidence_list.table.setFocus(Qt.FocusReason.OtherFocusReason)
