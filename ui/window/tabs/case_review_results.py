"""The Results page of the Case files tab: a checklist's results counted over the files
the filters ask for, the files behind one answer, and results made into evidence.

Results are counted in SQL on a worker thread, with a read-only connection of its own, a
moment after a change and only while the page is shown (else when it is next shown), so
the window never waits on the counting of a large review. The search words narrow the files list but
not the results: a result, like the evidence made from it, is narrowed by filters only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from models.case_reviews.query import UNANSWERED, CaseFileQuery
from models.case_reviews.results import ItemResult
from storage.operations import StorageError, checklist_results, open_for_reading
from storage.operations import case_reviews as reviews
from ui.item_models.checklist_results_model import ItemEvidence
from ui.workflows.tasks import TaskHandle, run_task

if TYPE_CHECKING:
    from ui.window.tabs.case_review_tabs import CaseReviewTabs


def count_results(path: Path, query: CaseFileQuery):
    """On a worker thread: the checklist's results over the files ``query`` asks for,
    and the evidence made from each item with its ref and whether it is out of date."""
    with open_for_reading(path) as inspection:
        results = checklist_results(inspection, query)
        evidence: dict[str, list[ItemEvidence]] = {}
        for made in reviews.result_evidence_of(inspection, query.checklist_id):
            try:
                ref = inspection.evidence.get(made.evidence_id).ref
            except KeyError:
                continue
            evidence.setdefault(made.item_id, []).append(
                ItemEvidence(made.evidence_id, ref, made.out_of_date)
            )
    return results, evidence


class CaseReviewResults(QObject):
    """Keeps the Results page current and answers its buttons."""

    def __init__(self, tabs: CaseReviewTabs):
        super().__init__(tabs)
        self.tabs = tabs
        self.panel = tabs.panel.results
        self._stale = True
        self._stopped = False
        self._timer = QTimer(self, singleShot=True, interval=50)
        self._timer.timeout.connect(self.read)
        self._task: TaskHandle | None = None
        self._again = False
        tabs.panel.pages.currentChanged.connect(lambda _i: self._shown())
        tabs.view.tabs.currentChanged.connect(lambda _i: self._shown())
        tabs.editing.result_evidence_changed.connect(lambda _id: self.refresh())
        self.panel.answer_chosen.connect(self.list_files)
        self.panel.open_file.connect(tabs.open_in_form)
        self.panel.make_evidence.connect(self.make_evidence)
        self.panel.update_evidence.connect(self.update_evidence)
        self.panel.go_to_evidence.connect(tabs.view.open_evidence)

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()

    @property
    def visible(self) -> bool:
        tabs = self.tabs
        return (
            tabs.view.tabs.currentWidget() is tabs.page
            and tabs.panel.pages.currentWidget() is self.panel
        )

    def refresh(self) -> None:
        """Count the results again soon (at once when next shown, if hidden now)."""
        self._stale = True
        if self.visible and not self._stopped:
            self._timer.start()

    def _shown(self) -> None:
        if self._stale and self.visible and not self._stopped:
            self._timer.start()

    def read(self) -> None:
        """Count the results on a worker thread (with its own read-only connection, so the
        window never waits on the counting) and show them when they come back; a change
        made meanwhile counts them again afterwards."""
        if self._stopped:
            return
        self._stale = False
        query = self.tabs.query_for_results()
        if query is None:
            self.panel.show_results([], {}, "Choose or make a checklist to see its results.")
            return
        if self._task is not None and self._task.running:
            self._again = True
            return
        self._again = False
        path = self.tabs.inspection.path
        self.panel.summary.setText("Counting the results…")
        self._task = run_task(
            lambda _handle: count_results(path, query),
            lambda counted: self._counted(query, counted),
            self._failed,
        )

    @property
    def counting(self) -> bool:
        return self._task is not None and self._task.running

    def _counted(self, query, counted) -> None:
        self._task = None
        if self._stopped:
            return
        if self._again or query != self.tabs.query_for_results():
            self.read()
            return
        results, evidence = counted
        noun = "file" if results.files == 1 else "files"
        narrowed = query.description()
        summary = f"Results over {results.files} {noun} reviewed" + (
            f" ({narrowed})." if narrowed else "."
        )
        summary += " N/A answers are shown apart and not counted."
        self.panel.show_results(list(results.items), evidence, summary)

    def _failed(self, error: BaseException) -> None:
        self._task = None
        if not self._stopped:
            self.panel.summary.setText(f"The results could not be counted: {error}")

    def list_files(self, item_id: str, value: str) -> None:
        query = self.tabs.query_for_results()
        if query is None:
            return
        rows = reviews.files_behind_answer(self.tabs.inspection, item_id, value, query)
        result = self.panel.chosen()
        answer = "not yet answered" if value == UNANSWERED else None
        if answer is None:
            index = self.panel.answer_list.currentIndex()
            row = self.panel.answers.row_at(index.row()) if index.isValid() else None
            answer = row.label.split(":")[0] if row is not None else value
        item = f"item {result.item.number}" if result is not None else "the item"
        noun = "file" if len(rows) == 1 else "files"
        self.panel.show_files(
            f"{len(rows)} {noun} with {answer} to {item} (Enter opens one in the form)", rows
        )

    # -- results as evidence -----------------------------------------------------------
    def _author(self) -> str:
        inspection = self.tabs.inspection
        return inspection.actor or inspection.default_author or ""

    def make_evidence(self, result: ItemResult) -> str | None:
        """Record the item's result as evidence (one step); its id, or None."""
        author = self._author()
        query = self.tabs.query_for_results()
        if query is None:
            return None
        if not author:
            self._say(
                "Initials needed",
                "Evidence is recorded under your initials. Set them in Edit ▸ Preferences…",
            )
            return None
        try:
            made = self.tabs.editing.make_evidence(result.item.id, query, author)
        except (ValueError, KeyError, StorageError) as e:
            self._say("Evidence not made", str(e))
            return None
        self.panel.choose_item(result.item.id)
        self.tabs._status(f"Made {made.ref} from item {result.item.number}'s result.")
        return made.id

    def update_evidence(self, result: ItemResult) -> int:
        """State the current result in every out-of-date item made from it (one step)."""
        stale = [m for m in self.panel.model.evidence_of(result.item.id) if m.out_of_date]
        if not stale:
            return 0
        checklist_id = self.tabs.checklist.id if self.tabs.checklist else ""
        stack = self.tabs.controller.undo_stack
        updated = 0
        if len(stale) > 1:
            stack.beginMacro(f"Update the summaries of {len(stale)} evidence items")
        try:
            for made in stale:
                try:
                    if self.tabs.editing.update_evidence(made.evidence_id, checklist_id):
                        updated += 1
                except (ValueError, KeyError, StorageError) as e:
                    self._say("Summary not updated", str(e))
                    break
        finally:
            if len(stale) > 1:
                stack.endMacro()
        if updated:
            self.tabs._status(f"Updated {', '.join(m.ref for m in stale[:updated])}.")
        return updated

    def _say(self, title: str, text: str) -> None:
        self.tabs._status(text)
        if self.tabs.show_messages:
            QMessageBox.information(self.tabs.view.window(), title, text)
