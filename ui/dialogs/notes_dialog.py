"""Review notes… of one evidence item, finding or judgment: its threads, and writing more.

Threads are listed open first, each note under the one it answers. Writing is at
the bottom: Ctrl+Enter adds a note, Ctrl+Shift+Enter replies to the selected
thread. Resolving, reopening, changing and deleting act on the selected note;
each is one undoable step, saved at once. The dialog is not modal, so it can
stay open beside the editor, and it follows notes written elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from models.history import local_text
from models.review.notes import NoteRefused, NoteSubject, ReviewNote, threads
from ui.editing.inspection_controller import InspectionController

_NOTE = Qt.ItemDataRole.UserRole


def thread_state(note: ReviewNote) -> str:
    """A first note's state in words: "Open" or "Resolved by AB"."""
    return "Open" if note.resolved_by is None else f"Resolved by {note.resolved_by}"


class _NoteEdit(QPlainTextEdit):
    """The box a note is written in: Ctrl+Enter sends it, Ctrl+Shift+Enter as a reply
    (a plain Enter starts a new line, as in any text box)."""

    submitted = Signal(bool)  # True for a reply

    @staticmethod
    def _sends(event) -> bool:
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        return bool(control) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)

    def event(self, event) -> bool:
        # The window's Finish editing shortcut is Ctrl+Enter too: here the key is the box's.
        if event.type() == QEvent.Type.ShortcutOverride and self._sends(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if self._sends(event):
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.submitted.emit(bool(shift))
            return
        super().keyPressEvent(event)


class NotesDialog(QDialog):
    """The review notes on one subject."""

    def __init__(
        self,
        controller: InspectionController,
        subject: NoteSubject,
        subject_id: str,
        title: str,
        parent=None,
    ):
        super().__init__(parent)
        self.controller, self.subject, self.subject_id = controller, subject, subject_id
        self.setWindowTitle(f"Review notes on {title}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(760, 520)
        self.threads = QTreeWidget()
        self.threads.setAccessibleName(f"Review notes on {title}")
        self.threads.setColumnCount(4)
        self.threads.setHeaderLabels(["Note", "State", "By", "When"])
        self.threads.setWordWrap(True)
        self.threads.setUniformRowHeights(False)
        header = self.threads.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The list shows a line of each note; the selected one is read whole here.
        self.reading = QLabel("")
        self.reading.setWordWrap(True)
        self.reading.setTextFormat(Qt.TextFormat.PlainText)
        self.reading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reading.setAccessibleName("The selected note in full")
        self.writing = _NoteEdit()
        self.writing.setAccessibleName("Write a note")
        self.writing.setPlaceholderText(
            "Write a note (Ctrl+Enter adds it; Ctrl+Shift+Enter replies to the selected thread)"
        )
        self.writing.setMaximumHeight(self.fontMetrics().height() * 5)
        self.add_button = QPushButton("&Add note")
        self.reply_button = QPushButton("&Reply")
        self.resolve_button = QPushButton("Re&solve")
        self.change_button = QPushButton("C&hange…")
        self.delete_button = QPushButton("&Delete…")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Why the note was not saved")
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.reply_button,
            self.resolve_button,
            self.change_button,
            self.delete_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.threads, 1)
        layout.addWidget(self.reading)
        layout.addWidget(self.writing)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(close)

        self.add_button.clicked.connect(lambda: self.write(reply=False))
        self.reply_button.clicked.connect(lambda: self.write(reply=True))
        self.resolve_button.clicked.connect(self.toggle_resolved)
        self.change_button.clicked.connect(self.change_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.writing.submitted.connect(lambda reply: self.write(reply=reply))
        self.threads.currentItemChanged.connect(self._enable)
        controller.notes_changed.connect(self._notes_changed)
        self.reload()
        self.writing.setFocus()

    # -- showing -----------------------------------------------------------------
    def reload(self) -> None:
        """Show the subject's notes afresh, keeping the selected note selected."""
        selected = self.selected()
        self.threads.clear()
        me = self.controller.inspection.actor
        for thread in threads(self.controller.review_notes.for_subject(self.subject_id)):
            top = self._item(thread.first, thread_state(thread.first), me)
            self.threads.addTopLevelItem(top)
            for reply in thread.replies:
                top.addChild(self._item(reply, "", me))
            top.setExpanded(True)
            if selected is not None:
                for item in (top, *(top.child(i) for i in range(top.childCount()))):
                    if item.data(0, _NOTE).id == selected.id:
                        self.threads.setCurrentItem(item)
        if self.threads.currentItem() is None and self.threads.topLevelItemCount():
            # The first thread (open ones come first) is the one a reply most likely answers.
            self.threads.setCurrentItem(self.threads.topLevelItem(0))
        self._enable()

    def _item(self, note: ReviewNote, state: str, me: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([note.body, state, note.author, local_text(note.created_at)])
        item.setData(0, _NOTE, note)
        item.setToolTip(0, note.body)
        if note.resolved_by is not None:
            # Resolved threads read quieter; the State column says it in words.
            for column in range(4):
                item.setForeground(column, self.palette().placeholderText())
        return item

    def selected(self) -> ReviewNote | None:
        item = self.threads.currentItem()
        return item.data(0, _NOTE) if item is not None else None

    def _thread_of(self, note: ReviewNote) -> ReviewNote:
        """The first note of ``note``'s thread."""
        if note.is_first:
            return note
        try:
            return self.controller.review_notes.get(str(note.reply_to))
        except KeyError:
            return note

    def _enable(self, *_args) -> None:
        note = self.selected()
        me = self.controller.inspection.actor
        self.reading.setText(
            "" if note is None else f"{note.author}, {local_text(note.created_at)}: {note.body}"
        )
        self.reply_button.setEnabled(note is not None)
        self.resolve_button.setEnabled(note is not None)
        first = self._thread_of(note) if note is not None else None
        self.resolve_button.setText(
            "Reo&pen" if first is not None and first.resolved_by is not None else "Re&solve"
        )
        own = note is not None and note.author == me
        self.change_button.setEnabled(own)
        self.delete_button.setEnabled(own)

    def _notes_changed(self, subject_id: str) -> None:
        if subject_id == self.subject_id:
            self.reload()

    # -- acting ------------------------------------------------------------------
    def _refused(self, e: Exception) -> None:
        self.message.setText(f"Not saved: {e}")

    def write(self, reply: bool) -> None:
        """Add what is written as a new thread, or as a reply to the selected one."""
        body = self.writing.toPlainText()
        note = self.selected()
        reply_to = self._thread_of(note).id if reply and note is not None else None
        if reply and reply_to is None:
            self.message.setText("Select the thread to reply to first.")
            return
        try:
            self.controller.add_note(self.subject, self.subject_id, body, reply_to)
        except NoteRefused as e:
            self._refused(e)
            return
        self.message.clear()
        self.writing.clear()

    def toggle_resolved(self) -> None:
        note = self.selected()
        if note is None:
            return
        first = self._thread_of(note)
        try:
            self.controller.set_note_resolved(first, first.resolved_by is None)
        except NoteRefused as e:
            self._refused(e)
            return
        self.message.clear()

    def change_selected(self) -> None:
        note = self.selected()
        if note is None:
            return
        body, ok = QInputDialog.getMultiLineText(self, "Change the note", "Note:", note.body)
        if not ok:
            return
        try:
            self.controller.change_note(note, body)
        except NoteRefused as e:
            self._refused(e)
            return
        self.message.clear()

    def delete_selected(self) -> None:
        note = self.selected()
        if note is None:
            return
        thread = note.is_first and self.threads.currentItem().childCount() > 0
        question = (
            "Delete this note and the replies to it?" if thread else "Delete this note?"
        ) + " Edit ▸ Undo brings it back."
        answer = QMessageBox.question(self, "Delete the note", question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.controller.delete_note(note)
        except NoteRefused as e:
            self._refused(e)
            return
        self.message.clear()


def show_notes(
    parent, controller: InspectionController, subject: NoteSubject, subject_id: str, title: str
) -> NotesDialog:
    """Open (non-modal) the notes of one subject and return the dialog."""
    dialog = NotesDialog(controller, subject, subject_id, title, parent)
    dialog.show()
    return dialog
