"""The evidence editor: every field is saved as soon as the user finishes with it.

There is no Save button and no unsaved state: a text field saves after a short
pause in typing or when focus leaves it, a choice saves at once. Each save is
one undoable step (typing in one field merges into a single step).
"""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.records import Evidence, parse_participants
from models.vocabulary import Assessment, SourceType
from storage.file.errors import StorageError
from ui.attachments_panel import AttachmentsPanel
from ui.history_dialog import show_history
from ui.inspection_controller import InspectionController
from ui.question_picker import QuestionPickerDialog
from ui.read_only import freeze, hide_when

SAVE_DELAY_MS = 600
NO_DATE = QDate(1900, 1, 1)


class _NotesEdit(QPlainTextEdit):
    """Plain-text notes; Tab moves on (notes rarely need tabs, the form needs Tab order)."""

    focus_lost = Signal()

    def __init__(self):
        super().__init__()
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class _DateEdit(QDateEdit):
    """A date field where Tab leaves the field (Qt's default walks day/month/year)."""

    def focusNextPrevChild(self, next_: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next_)


class EvidenceEditor(QWidget):
    """Edits one evidence item; empty when nothing is selected."""

    finished = Signal()  # the user pressed the finish shortcut
    delete_requested = Signal()

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.framework = controller.framework
        self.current: Evidence | None = None
        self._loading = False

        self.heading = QLabel("No evidence selected")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLineEdit(placeholderText="One line: what was seen or heard")
        self.collected_on = _DateEdit(calendarPopup=True, displayFormat="d MMM yyyy")
        self.collected_on.setKeyboardTracking(False)
        # An undated item shows "No date" (the field's minimum) rather than a made-up date.
        self.collected_on.setMinimumDate(NO_DATE)
        self.collected_on.setSpecialValueText("No date")
        self.source_type = QComboBox()
        for s in SourceType:
            self.source_type.addItem(s.label, s)
        self.assessment = QComboBox()
        for a in Assessment:
            self.assessment.addItem(a.label, a)
        self.location = QLineEdit(placeholderText="Place or unit, e.g. Southampton Central")
        self.participants = QLineEdit(placeholderText="Roles, separated by ; (never names)")
        self.questions = QLineEdit(placeholderText="Question codes, e.g. 1.2, 2.2.1")
        self.choose_questions = QPushButton("Choose…")
        self.questions_error = QLabel()
        self.questions_error.setStyleSheet("color: #C62828")
        self.questions_error.hide()
        self.notes = _NotesEdit()
        self.notes.setPlaceholderText("Notes (saved as you type)")
        self.sensitive = QCheckBox("Sensitive (withheld from exports by default)")
        self.delete_button = QPushButton("Delete…")
        self.history_button = QPushButton("History…")
        self.history_button.setAccessibleName("History of the evidence item")
        self.status = QLabel()
        self.status.setAccessibleName("Save status")

        for widget, name in ((self.summary, "Summary"), (self.collected_on, "Date collected"),
                             (self.source_type, "Source type"), (self.assessment, "Assessment"),
                             (self.location, "Location or unit"),
                             (self.participants, "Participants by role"),
                             (self.questions, "Linked question codes"),
                             (self.choose_questions, "Choose linked questions"),
                             (self.notes, "Notes"), (self.sensitive, "Sensitive"),
                             (self.delete_button, "Delete evidence item")):
            widget.setAccessibleName(name)

        form = QFormLayout()
        form.addRow(self.heading)
        form.addRow("&Summary", self.summary)
        row = QHBoxLayout()
        row.addWidget(self.collected_on)
        row.addWidget(self._buddy_label("S&ource", self.source_type))
        row.addWidget(self.source_type, 1)
        row.addWidget(self._buddy_label("&Assessment", self.assessment))
        row.addWidget(self.assessment, 1)
        form.addRow(self._buddy_label("&Date", self.collected_on), row)
        form.addRow("&Location / unit", self.location)
        form.addRow("&Participants", self.participants)
        questions_row = QHBoxLayout()
        questions_row.addWidget(self.questions, 1)
        questions_row.addWidget(self.choose_questions)
        form.addRow(self._buddy_label("&Questions", self.questions), questions_row)
        form.addRow("", self.questions_error)
        form.addRow("&Notes", self.notes)
        bottom = QHBoxLayout()
        bottom.addWidget(self.sensitive)
        bottom.addStretch(1)
        bottom.addWidget(self.status)
        bottom.addWidget(self.history_button)
        bottom.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(bottom)
        # Files dropped anywhere on the editor are attached to the item it shows.
        self.attachments = AttachmentsPanel(controller, self, drop_target=self)
        layout.addWidget(self.attachments)
        self._set_tab_order()

        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.commit)
        for edit in (self.summary, self.location, self.participants):
            edit.textEdited.connect(lambda _t: self._save_timer.start())
            edit.editingFinished.connect(self.commit)
        self.questions.editingFinished.connect(self.commit)
        self.notes.textChanged.connect(self._notes_changed)
        self.notes.focus_lost.connect(self.commit)
        self.collected_on.dateChanged.connect(lambda _d: self.commit())
        self.source_type.currentIndexChanged.connect(lambda _i: self.commit())
        self.assessment.currentIndexChanged.connect(lambda _i: self.commit())
        self.sensitive.toggled.connect(lambda _c: self.commit())
        self.choose_questions.clicked.connect(self.pick_questions)
        self.delete_button.clicked.connect(self.delete_requested)
        self.history_button.clicked.connect(self.show_history)

        controller.evidence_changed.connect(self._changed_elsewhere)
        controller.evidence_added.connect(self._changed_elsewhere)
        controller.evidence_removed.connect(self._removed)
        self.show_evidence(None)

    @staticmethod
    def _buddy_label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _set_tab_order(self) -> None:
        chain = [self.summary, self.collected_on, self.source_type, self.assessment,
                 self.location, self.participants, self.questions, self.choose_questions,
                 self.notes, self.sensitive, self.delete_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # -- showing ----------------------------------------------------------------
    def show_evidence(self, evidence_id: str | None) -> None:
        """Show an item (saving anything pending on the previous one first)."""
        self.commit()
        self.current = self.controller.evidence.get(evidence_id) if evidence_id else None
        self._populate()

    def _populate(self) -> None:
        e = self.current
        self.attachments.set_evidence(e.id if e else None)
        self._loading = True
        try:
            for widget in self._fields():
                widget.setEnabled(e is not None)
            self.questions_error.hide()
            if e is None:
                self.heading.setText("No evidence selected — press Ctrl+N to record a new item")
                for edit in (self.summary, self.location, self.participants, self.questions):
                    edit.clear()
                self.notes.clear()
                self.status.clear()
                return
            self.heading.setText(f"{e.ref}  ·  recorded by {e.author}")
            self.summary.setText(e.summary)
            self.collected_on.setDate(QDate(e.collected_on) if e.collected_on else NO_DATE)
            self.source_type.setCurrentIndex(self.source_type.findData(e.source_type))
            self.assessment.setCurrentIndex(self.assessment.findData(e.assessment))
            self.location.setText(e.location)
            self.participants.setText(e.participants_text)
            self.questions.setText(", ".join(e.question_codes))
            if self.notes.toPlainText() != e.notes:
                self.notes.setPlainText(e.notes)
            self.sensitive.setChecked(e.sensitive)
            self.status.setText("Saved")
        finally:
            self._loading = False

    def _fields(self) -> list[QWidget]:
        return [self.summary, self.collected_on, self.source_type, self.assessment,
                self.location, self.participants, self.questions, self.choose_questions,
                self.notes, self.sensitive, self.history_button, self.delete_button]

    def show_history(self):
        """Open the current item's history beside the editor (saving what is pending first)."""
        if self.current is not None:
            self.commit()
            return show_history(self, self.controller, self.current.id, self.current.ref)
        return None

    def _changed_elsewhere(self, evidence_id: str) -> None:
        if self.current is not None and evidence_id == self.current.id:
            self._save_timer.stop()
            self.current = self.controller.evidence.get(evidence_id)
            self._populate()

    def _removed(self, evidence_id: str) -> None:
        if self.current is not None and evidence_id == self.current.id:
            self._save_timer.stop()
            self.current = None
            self._populate()

    # -- saving -----------------------------------------------------------------
    def _notes_changed(self) -> None:
        if not self._loading and self.current is not None:
            self.status.setText("Saving…")
            self._save_timer.start()

    def _parse_codes(self) -> tuple[str, ...] | None:
        codes = tuple(dict.fromkeys(c for c in re.split(r"[,;\s]+", self.questions.text())
                                    if c))
        unknown = [c for c in codes if not self.framework.has_question(c)]
        if unknown:
            self.questions_error.setText(
                f"Not a question of this framework: {', '.join(unknown)} (not saved)")
            self.questions_error.show()
            return None
        self.questions_error.hide()
        return codes

    def edited_evidence(self) -> Evidence | None:
        """The current item with what the form shows now."""
        if self.current is None:
            return None
        codes = self._parse_codes()
        return replace(
            self.current, summary=self.summary.text().strip(),
            collected_on=(None if self.collected_on.date() == NO_DATE
                          else self.collected_on.date().toPython()),
            source_type=SourceType(self.source_type.currentData()),
            assessment=Assessment(self.assessment.currentData()),
            location=self.location.text().strip(),
            participants=parse_participants(self.participants.text()),
            question_codes=self.current.question_codes if codes is None else codes,
            notes=self.notes.toPlainText(), sensitive=self.sensitive.isChecked())

    def set_read_only(self, read_only: bool) -> None:
        """Show items without letting them be changed (the file is open read-only)."""
        self.read_only = read_only
        freeze([self.summary, self.collected_on, self.source_type, self.assessment,
                self.location, self.participants, self.questions, self.notes,
                self.sensitive], read_only)
        hide_when(read_only, [self.choose_questions, self.delete_button])
        self.attachments.set_read_only(read_only)

    def commit(self) -> None:
        """Save what the form shows, if it differs from what is stored."""
        self._save_timer.stop()
        if self._loading or self.current is None or getattr(self, "read_only", False):
            return
        new = self.edited_evidence()
        if new is None or new == self.current:
            self.status.setText("Saved")
            return
        try:
            self.current = self.controller.edit_evidence(self.current, new)
        except (StorageError, ValueError) as e:
            self.status.setText("Not saved")
            QMessageBox.warning(self, "Evidence not saved", str(e))
            return
        self.status.setText("Saved")

    def pick_questions(self) -> None:
        if self.current is None:
            return
        codes = self._parse_codes() or self.current.question_codes
        dialog = QuestionPickerDialog(self.framework, codes, self)
        if dialog.exec():
            self.questions.setText(", ".join(dialog.chosen_codes()))
            self.commit()

    def finish(self) -> None:
        self.commit()
        self.finished.emit()

    def focus_first_field(self) -> None:
        self.summary.setFocus()
        self.summary.selectAll()
