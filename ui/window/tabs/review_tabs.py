"""The lead inspector's Checks, Coverage and To review tabs of an open inspection, and
the status bar's count of what must be fixed.

Checks and Coverage are fed by one :class:`~ui.workflows.review_keeper.ReviewKeeper`.
A check's result goes to its place (the finding, the item, or the question and its
judgment); a coverage cell shows its items in the evidence list, filtered to its
source type. To review lists open review notes and what nobody has signed off; it is
read afresh (a moment after a change) rather than kept by difference, on a worker with
a connection of its own when the inspection is large, so opening never waits for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QToolButton

from models.review.notes import NoteSubject, ToReviewEntry
from models.review.results import CheckPlace
from models.vocabulary import SourceType
from ui.dialogs.notes_dialog import show_notes
from ui.panels.checks_panel import ChecksPanel
from ui.panels.coverage_panel import CoveragePanel
from ui.panels.to_review_panel import ToReviewPanel
from ui.workflows.review_keeper import ReviewKeeper

if TYPE_CHECKING:
    from ui.window.inspection_view import InspectionView
    from ui.workflows.tasks import TaskHandle


TO_REVIEW = "To revie&w"


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
        # Alt+W: the last letter of the words free in every tab and menu.
        self.to_review = ToReviewPanel()
        view.tabs.addTab(self.to_review, TO_REVIEW)
        self.to_review.entry_chosen.connect(self.open_entry)
        self._to_review_timer = QTimer(self, singleShot=True, interval=150)
        self._to_review_timer.timeout.connect(self.show_to_review)
        for signal in (
            controller.notes_changed,
            controller.findings_changed,
            controller.judgment_changed,
            controller.team_changed,
            # An item deleted or brought back takes its open notes with it.
            controller.evidence_removed,
            controller.evidence_added,
            controller.evidence_recount,
        ):
            signal.connect(self._to_review_timer.start)
        # Nothing is read from a file once it is closing (a change just before may have
        # started the timer).
        self._closing = False
        self._reading: TaskHandle | None = None
        self._read_again = False
        controller.closing.connect(self._close)
        self.show_to_review()
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

    def _close(self) -> None:
        self._closing = True
        self._to_review_timer.stop()

    def show_to_review(self) -> None:
        """Read the To review list afresh and count it in the tab's title."""
        if self._closing:
            return
        if not self.keeper.large:
            self._show_to_review(self.view.controller.review_notes.to_review())
            return
        if self._reading is not None and self._reading.running:
            self._read_again = True  # read once more when this read is done
            return
        from storage.operations import open_for_reading
        from ui.workflows.tasks import run_task

        path = self.view.controller.inspection.path

        def read(_handle) -> list[ToReviewEntry]:
            with open_for_reading(path) as inspection:
                return inspection.review_notes.to_review()

        self._reading = run_task(read, self._read, lambda _error: None)

    def _read(self, entries: list[ToReviewEntry]) -> None:
        if self._read_again:
            self._read_again = False
            self.show_to_review()
        elif not self._closing:
            self._show_to_review(entries)

    def _show_to_review(self, entries: list[ToReviewEntry]) -> None:
        self.to_review.show_entries(entries)
        index = self.view.tabs.indexOf(self.to_review)
        self.view.tabs.setTabText(index, f"{TO_REVIEW} ({len(entries)})" if entries else TO_REVIEW)

    def open_entry(self, entry: ToReviewEntry) -> None:
        """Go to an entry's place; for an open note, show its thread beside it."""
        self.go_to(entry.place)
        if entry.note_subject is not None and entry.note_subject_id is not None:
            title = entry.subject
            if entry.note_subject is NoteSubject.JUDGMENT:
                code = entry.place.question_code
                title = "the overall judgment" if code is None else f"the judgment for {code}"
            show_notes(
                self.view.window(),
                self.view.controller,
                entry.note_subject,
                entry.note_subject_id,
                title,
            )

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
