"""Changes to case-file review as the window makes them: each one undoable step on the
controller's one undo stack, and a signal so every view shows it.

Kept beside the controller (like the indicators' editing) rather than in it. It writes
only through the case-review use cases, which are each one transaction; undoing a save
writes the version from before (or deletes a file or checklist that was new).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from models.case_reviews.case_file import CaseFile
from models.case_reviews.checklist import Checklist
from models.case_reviews.query import CaseFileQuery
from models.records import Evidence
from storage.operations import case_reviews as reviews
from ui.editing.case_review_commands import CaseReviewCommand

if TYPE_CHECKING:
    from ui.editing.inspection_controller import InspectionController


def same_file(a: CaseFile | None, b: CaseFile | None) -> bool:
    """Whether two versions of a file say the same (times of writing left aside)."""
    if a is None or b is None:
        return a is b

    def plain(f: CaseFile) -> CaseFile:
        return replace(f, created_at="", updated_at="", deleted_at=None, answers=dict(f.answers))

    return plain(a) == plain(b)


class CaseReviewEditing(QObject):
    """The case-file review of the controller's inspection, read and changed."""

    #: A reviewed file was written (saved, undone, redone): its checklist id and its id.
    file_written = Signal(str, str)
    #: Checklists were added, changed or removed: the id of the checklist the change
    #: leaves in place, to be shown ("" when it took one away).
    checklists_changed = Signal(str)
    #: Evidence made from a result was made, updated, or taken back (checklist id).
    result_evidence_changed = Signal(str)

    def __init__(self, controller: InspectionController, parent: QObject | None = None):
        super().__init__(parent or controller)
        self.controller = controller

    @property
    def inspection(self):
        return self.controller.inspection

    # -- reviewed files ----------------------------------------------------------------
    def save_file(self, before: CaseFile | None, after: CaseFile) -> CaseFile:
        """Save ``after`` (``before`` is the version it was edited from, ``None`` for a new
        file) as one step. ``ValueError`` or a storage error says why it was refused;
        nothing is written then."""
        stored = reviews.save_case_file(self.inspection, after)
        if before is not None and same_file(before, stored):
            return stored
        reference = stored.case_reference
        if before is None:
            text = f"Review file {reference}"
            back = lambda: self._write_file(stored.checklist_id, stored.id, None)  # noqa: E731
        else:
            text = f"Change the review of {reference}"
            back = lambda: self._write_file(stored.checklist_id, stored.id, before)  # noqa: E731
        forward = lambda: self._write_file(stored.checklist_id, stored.id, stored)  # noqa: E731
        self.controller.undo_stack.push(CaseReviewCommand(self.controller, text, forward, back))
        self.file_written.emit(stored.checklist_id, stored.id)
        self._results_may_change(stored.checklist_id)
        return stored

    def delete_files(self, checklist_id: str, ids: list[str]) -> None:
        """Delete reviewed files as one step (undo brings them back)."""
        if not ids:
            return
        reviews.delete_case_files(self.inspection, ids)
        noun = "file" if len(ids) == 1 else "files"

        def write(deleted: bool) -> None:
            reviews.delete_case_files(self.inspection, ids, deleted)
            self.file_written.emit(checklist_id, ids[0])
            self._results_may_change(checklist_id)

        self.controller.undo_stack.push(
            CaseReviewCommand(
                self.controller,
                f"Delete {len(ids)} reviewed {noun}",
                lambda: write(True),
                lambda: write(False),
            )
        )
        self.file_written.emit(checklist_id, ids[0])
        self._results_may_change(checklist_id)

    def record_imported(self, checklist_id: str, ids: list[str], text: str) -> None:
        """Make files an import has written (``ids``) one undoable step: undo deletes
        them, redo brings them back."""
        if not ids:
            return

        def write(deleted: bool) -> None:
            reviews.delete_case_files(self.inspection, ids, deleted)
            self.file_written.emit(checklist_id, ids[0])
            self._results_may_change(checklist_id)

        self.controller.undo_stack.push(
            CaseReviewCommand(self.controller, text, lambda: write(False), lambda: write(True))
        )
        self.file_written.emit(checklist_id, ids[0])
        self._results_may_change(checklist_id)

    def _write_file(self, checklist_id: str, file_id: str, version: CaseFile | None) -> None:
        if version is None:
            reviews.delete_case_files(self.inspection, [file_id])
        else:
            reviews.save_case_file(self.inspection, version)
        self.file_written.emit(checklist_id, file_id)
        self._results_may_change(checklist_id)

    # -- checklists --------------------------------------------------------------------
    def save_checklist(self, before: Checklist | None, after: Checklist) -> Checklist:
        """Save a new or changed checklist as one step; ``ValueError`` says what keeps
        it from being saved (nothing written then)."""
        stored = reviews.save_checklist(self.inspection, after)
        verb = "Add" if before is None else "Change"
        self.record_checklist(before, stored, f"{verb} the checklist {stored.title}")
        return stored

    def delete_checklist(self, checklist: Checklist) -> None:
        """Delete a checklist as one step: its reviewed files go out of sight with it
        and an undo brings both back. Evidence made from its results stays evidence."""
        reviews.delete_checklists(self.inspection, [checklist.id])

        def write(deleted: bool) -> None:
            reviews.delete_checklists(self.inspection, [checklist.id], deleted)
            self.checklists_changed.emit("" if deleted else checklist.id)
            self._results_may_change(checklist.id)

        self.controller.undo_stack.push(
            CaseReviewCommand(
                self.controller,
                f"Delete the checklist {checklist.title}",
                lambda: write(True),
                lambda: write(False),
            )
        )
        self.checklists_changed.emit("")
        self._results_may_change(checklist.id)

    def record_checklist(self, before: Checklist | None, stored: Checklist, text: str) -> None:
        """Make a checklist already written (``stored``) one undoable step."""

        def write(version: Checklist | None) -> None:
            if version is None:
                reviews.delete_checklists(self.inspection, [stored.id])
            else:
                reviews.save_checklist(self.inspection, version)
            self.checklists_changed.emit(stored.id if version is not None else "")
            self._results_may_change(stored.id)

        self.controller.undo_stack.push(
            CaseReviewCommand(self.controller, text, lambda: write(stored), lambda: write(before))
        )
        self.checklists_changed.emit(stored.id)
        self._results_may_change(stored.id)

    # -- results as evidence -----------------------------------------------------------
    def make_evidence(self, item_id: str, query: CaseFileQuery, author: str) -> Evidence:
        """An evidence item stating an item's result, as one step."""
        made = reviews.make_result_evidence(self.inspection, item_id, query, author)

        def write(shown: bool) -> None:
            reviews.set_result_evidence_made(self.inspection, made.id, shown)
            self._evidence_shown(made.id, shown, query.checklist_id)

        self.controller.undo_stack.push(
            CaseReviewCommand(
                self.controller,
                f"Make evidence {made.ref} from a case-file review result",
                lambda: write(True),
                lambda: write(False),
            )
        )
        self._evidence_shown(made.id, True, query.checklist_id)
        return made

    def update_evidence(self, evidence_id: str, checklist_id: str) -> bool:
        """State an out-of-date result's current figures in its evidence, as one step;
        False when it was up to date already."""
        before = self.controller.evidence.get(evidence_id)
        change = reviews.update_result_evidence(self.inspection, evidence_id)
        if change is None:
            return False

        def write(undo: bool) -> None:
            item_before = self.controller.evidence.get(evidence_id)
            reviews.put_back_result_evidence(self.inspection, change, undo)
            self._evidence_told(item_before, checklist_id)

        self.controller.undo_stack.push(
            CaseReviewCommand(
                self.controller,
                f"Update the summary of {before.ref}",
                lambda: write(False),
                lambda: write(True),
            )
        )
        self._evidence_told(before, checklist_id)
        return True

    # -- telling the views -------------------------------------------------------------
    def _results_may_change(self, checklist_id: str) -> None:
        self.result_evidence_changed.emit(checklist_id)

    def _evidence_shown(self, evidence_id: str, shown: bool, checklist_id: str) -> None:
        controller = self.controller
        controller.evidence_recount.emit()
        (controller.evidence_added if shown else controller.evidence_removed).emit(evidence_id)
        controller.findings_changed.emit()
        self.result_evidence_changed.emit(checklist_id)

    def _evidence_told(self, before: Evidence, checklist_id: str) -> None:
        after = self.controller.evidence.get(before.id)
        self.controller.evidence_counted.emit(before, after)
        self.controller.evidence_changed.emit(before.id)
        self.result_evidence_changed.emit(checklist_id)
