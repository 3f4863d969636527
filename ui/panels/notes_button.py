"""The "Review notes" button an editor shows beside History…: how many threads are open on what
it shows, and the notes themselves one click away."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from models.review.notes import NoteSubject
from ui.dialogs.notes_dialog import NotesDialog, show_notes
from ui.editing.inspection_controller import InspectionController


class NotesButton(QPushButton):
    """Opens the review notes of the editor's current item, finding or judgment."""

    def __init__(
        self, controller: InspectionController, noun: str, label: str = "Review notes", parent=None
    ):
        # Where nothing else is called notes (findings, judgments) the short label keeps the
        # panel narrow enough for a small screen; the evidence form has its own Notes field.
        super().__init__(f"{label}…", parent)
        self.controller, self.label = controller, label
        self.setAccessibleName(f"Review notes on the {noun}")
        self.setToolTip(f"Review notes on the {noun}: questions and answers between the team")
        self.subject: NoteSubject | None = None
        self.subject_id: str | None = None
        self.title = ""
        self.dialog: NotesDialog | None = None
        self.clicked.connect(self.open_notes)
        controller.notes_changed.connect(self._notes_changed)
        self.set_subject(None, None, "")

    def set_subject(self, subject: NoteSubject | None, subject_id: str | None, title: str) -> None:
        """What the editor shows now (``None`` when nothing saved is shown)."""
        self.subject, self.subject_id, self.title = subject, subject_id, title
        self.setEnabled(subject_id is not None)
        self._count()

    def _count(self) -> None:
        n = self.controller.review_notes.open_count(self.subject_id) if self.subject_id else 0
        self.setText(f"{self.label} ({n} open)…" if n else f"{self.label}…")

    def _notes_changed(self, subject_id: str) -> None:
        if subject_id == self.subject_id:
            self._count()

    def open_notes(self) -> NotesDialog | None:
        if self.subject is None or self.subject_id is None:
            return None
        self.dialog = show_notes(
            self.window(), self.controller, self.subject, self.subject_id, self.title
        )
        return self.dialog
