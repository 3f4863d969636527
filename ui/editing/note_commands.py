"""The undo steps of review notes: a note written, resolved or reopened, changed, deleted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.review.notes import ReviewNote
from ui.editing.undo_step import WrittenFirstCommand

if TYPE_CHECKING:
    from ui.editing.inspection_controller import InspectionController


class NotesShownCommand(WrittenFirstCommand):
    """Notes deleted or brought back together: undoing a new note deletes it, undoing a
    deletion brings the note back with the replies deleted with it."""

    def __init__(
        self,
        controller: InspectionController,
        text: str,
        subject_id: str,
        note_ids: list[str],
        shown: bool,
    ):
        super().__init__(controller, text)
        self.subject_id, self.note_ids, self.shown = subject_id, note_ids, shown

    def apply_redo(self) -> None:
        self.controller.write_notes_deleted(self.subject_id, self.note_ids, not self.shown)

    def apply_undo(self) -> None:
        self.controller.write_notes_deleted(self.subject_id, self.note_ids, self.shown)


class ResolveNoteCommand(WrittenFirstCommand):
    def __init__(self, controller: InspectionController, note: ReviewNote, resolved: bool):
        verb = "Resolve" if resolved else "Reopen"
        super().__init__(controller, f"{verb} a review note")
        self.note, self.resolved = note, resolved

    def apply_redo(self) -> None:
        self.controller.write_note_resolved(self.note, self.resolved)

    def apply_undo(self) -> None:
        self.controller.write_note_resolved(self.note, not self.resolved)


class ChangeNoteCommand(WrittenFirstCommand):
    def __init__(self, controller: InspectionController, old: ReviewNote, new: ReviewNote):
        super().__init__(controller, "Change a review note")
        self.old, self.new = old, new

    def apply_redo(self) -> None:
        self.controller.write_note_body(self.new)

    def apply_undo(self) -> None:
        self.controller.write_note_body(self.old)
