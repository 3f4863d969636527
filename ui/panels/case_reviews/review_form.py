"""The review form: one case file's reference, crime type, date, reviewer, an answer per
checklist item, notes and the sensitive flag, typed from the keyboard.

There is no Save button to forget. Moving on saves: Ctrl+Enter ("Save and next file"),
opening another file, starting a new one, another checklist, an undo, or closing the
inspection. Each save is one undoable step. A save that is refused (no case reference,
a number that is not a number, the same file reviewed twice) says why in words under
the form and keeps everything typed, and the form does not move on. The form says
"Saved" only once the file is on disk.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.case_reviews.case_file import (
    CRIME_TYPE_LIMIT,
    NOTES_LIMIT,
    REFERENCE_LIMIT,
    CaseFile,
    reference_warning,
)
from models.case_reviews.checklist import Checklist
from storage.operations import StorageError
from ui.editing.case_review_editing import CaseReviewEditing
from ui.item_models.read_only import freeze
from ui.panels.case_reviews.item_rows import ERROR_STYLE, ItemRows
from ui.panels.date_field import WARNING_STYLE, DateField, stacked

SAVED_STYLE = "color: #1B5E20"
_SAVE_KEYS = (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter"))


class _SaveKeys(QObject):
    """Claims Ctrl+Enter from the window's own use of it while the form has the focus."""

    def __init__(self, form: ReviewForm):
        super().__init__(form)
        self.form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent):
            return False
        combo = QKeySequence(event.keyCombination())
        if not any(combo.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in _SAVE_KEYS):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        self.form.save_and_next()
        return True


class ReviewForm(QWidget):
    """The form of one reviewed file (or a new one) of one checklist."""

    #: A file was saved (its id).
    saved = Signal(str)
    #: A save was refused; the sentence says why.
    refused = Signal(str)

    def __init__(self, editing: CaseReviewEditing, parent: QWidget | None = None):
        super().__init__(parent)
        self.editing = editing
        self.checklist: Checklist | None = None
        self.current: CaseFile | None = None
        self.dirty = False
        self.read_only = False
        self._loading = False
        #: The crime type, reviewer and date of the last file saved (a new file starts with them).
        self._last: tuple[str, str, date | None] = ("", "", None)

        self.reference = QLineEdit(maxLength=REFERENCE_LIMIT)
        self.reference.setAccessibleName("Case reference")
        self.reference.setPlaceholderText("Force reference, e.g. 44150123456")
        self.reference_warning = QLabel()
        self.reference_warning.setWordWrap(True)
        self.reference_warning.setStyleSheet(WARNING_STYLE)
        self.reference_warning.setAccessibleName("Case reference warning")
        self.reference_warning.hide()
        self.crime_type = QLineEdit(maxLength=CRIME_TYPE_LIMIT)
        self.crime_type.setAccessibleName("Crime type")
        self.crime_types = QCompleter([], self)
        self.crime_types.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.crime_type.setCompleter(self.crime_types)
        self.reviewed_on = DateField("Date reviewed")
        self.reviewer = QLineEdit(maxLength=8)
        self.reviewer.setAccessibleName("Reviewer initials")
        self.reviewer.setMaximumWidth(self.reviewer.fontMetrics().horizontalAdvance("WWWWW") + 16)
        self.sensitive = QCheckBox("Sensitive (names or details to keep out of exports)")
        self.sensitive.setAccessibleName("Sensitive")
        self.items = ItemRows()
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes on the file")
        self.notes.setPlaceholderText("Notes on the file (optional)")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 12)

        reference_row = QHBoxLayout()
        reference_row.addWidget(self.reference, 1)
        reference_row.addWidget(self.reference_warning, 2)
        head = QFormLayout()
        head.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        head.addRow("Case reference", reference_row)
        head.addRow("Crime type", self.crime_type)
        head.addRow("Date reviewed", stacked(self.reviewed_on))
        head.addRow("Reviewer", self.reviewer)
        head.addRow("", self.sensitive)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(head)
        self.items_title = QLabel()
        column.addWidget(self.items_title)
        column.addWidget(self.items)
        column.addWidget(self.notes)
        column.addStretch(1)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(body)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Review form status")
        self.next_button = QPushButton("Save and next file")
        self.next_button.setToolTip("Save this file and start the next (Ctrl+Enter)")
        self.next_button.clicked.connect(self.save_and_next)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroller, 1)
        layout.addLayout(bottom)

        self._save_keys = _SaveKeys(self)
        for line in (self.reference, self.crime_type, self.reviewer):
            line.textEdited.connect(self._edited)
        self.reference.textEdited.connect(self._show_reference_warning)
        self.reviewed_on.date_changed.connect(self._edited)
        self.sensitive.toggled.connect(self._edited)
        self.notes.textChanged.connect(self._edited)
        self.items.edited.connect(self._edited)
        self.items.passed_last.connect(lambda: self.notes.setFocus())
        editing.controller.undo_keys.watch(
            self.reference, self.crime_type, self.reviewer, self.notes
        )
        self._watch(self.reference, self.crime_type, self.reviewed_on.line, self.reviewer)
        self._watch(self.sensitive, self.notes, self.next_button)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)
        self.set_checklist(None)

    def _watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self._save_keys)

    def _follow_focus(self, _old, new) -> None:
        body = self.scroller.widget()
        if new is not None and body is not None and body.isAncestorOf(new):
            self.scroller.ensureWidgetVisible(new, 8, 8)

    # -- what is shown ---------------------------------------------------------------
    def set_checklist(self, checklist: Checklist | None) -> None:
        """Show the form of ``checklist`` with a new file (the caller committed first)."""
        self.checklist = checklist
        self.items.set_checklist(checklist)
        self._watch(*self.items.editors())
        for editor in self.items.editors():
            if isinstance(editor, QLineEdit):
                self.editing.controller.undo_keys.watch(editor)
        # The items are made after the fields below them: Tab goes down the page.
        chain = [self.sensitive, *self.items.editors(), self.notes, self.next_button]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        count = len(checklist.items) if checklist else 0
        self.items_title.setText(f"<b>{count} items</b> (greyed: does not apply to this file)")
        self.setEnabled(checklist is not None)
        if self.read_only:
            self.set_read_only(True)
        self.show_file(None)

    def set_crime_types(self, crime_types: tuple[str, ...]) -> None:
        self.crime_types.model().setStringList(list(crime_types))  # type: ignore[attr-defined]

    def show_file(self, case_file: CaseFile | None) -> None:
        """Show a stored file, or a new one (``None``) carrying the last file's crime
        type, reviewer and date. Whatever was typed must have been committed first."""
        self._loading = True
        try:
            self.current = case_file
            crime, reviewer, day = self._last
            if case_file is None:
                actor = self.editing.inspection.actor or ""
                self.reference.clear()
                self.crime_type.setText(crime)
                self.reviewer.setText(reviewer or actor)
                self.reviewed_on.set_date(day or date.today())
                self.sensitive.setChecked(False)
                self.notes.setPlainText("")
                self.items.show_answers({})
            else:
                self.reference.setText(case_file.case_reference)
                self.crime_type.setText(case_file.crime_type)
                self.reviewer.setText(case_file.reviewer)
                self.reviewed_on.set_date(case_file.reviewed_on)
                self.sensitive.setChecked(case_file.sensitive)
                self.notes.setPlainText(case_file.notes)
                self.items.show_answers(dict(case_file.answers))
            self._show_reference_warning()
        finally:
            self._loading = False
        self.dirty = False
        self.scroller.verticalScrollBar().setValue(0)
        if case_file is None:
            self._say("New file: type its case reference to start.", "")
        else:
            self._say(f"{case_file.case_reference}: saved.", SAVED_STYLE)

    def focus_reference(self) -> None:
        self.reference.setFocus(Qt.FocusReason.OtherFocusReason)
        self.reference.selectAll()

    def set_read_only(self, read_only: bool) -> None:
        """Show files without taking changes (the file is open in another copy)."""
        self.read_only = read_only
        freeze(
            [self.reference, self.crime_type, self.reviewed_on, self.reviewer, self.notes],
            read_only,
        )
        freeze([self.sensitive, *self.items.editors()], read_only)
        self.next_button.setVisible(not read_only)

    # -- typing ------------------------------------------------------------------------
    def _edited(self, *_args) -> None:
        if self._loading or self.checklist is None:
            return
        self.dirty = True
        self._say("Changes not saved yet: they are saved when you move on (Ctrl+Enter).", "")

    def _show_reference_warning(self, *_args) -> None:
        warning = reference_warning(self.reference.text())
        self.reference_warning.setText(warning or "")
        self.reference_warning.setVisible(bool(warning))

    def _say(self, text: str, style: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)

    def _blank(self) -> bool:
        """A new file with nothing of its own typed yet (the carried fields aside)."""
        answers, problems = self.items.read()
        return (
            self.current is None
            and not self.reference.text().strip()
            and not answers
            and not problems
            and not self.notes.toPlainText().strip()
        )

    # -- saving ------------------------------------------------------------------------
    def commit(self) -> bool:
        """Save what is typed, if anything: True when the file shown is on disk (or
        nothing needed saving), False when the save was refused (the typing is kept)."""
        if not self.dirty or self.checklist is None or self.read_only:
            return True
        if self._blank():
            return True
        try:
            case_file = self._build()
            stored = self.editing.save_file(self.current, case_file)
        except (ValueError, StorageError) as e:
            text = f"Not saved: {e}"
            self._say(text, ERROR_STYLE)
            self.refused.emit(text)
            return False
        self.current = stored
        self.dirty = False
        self._last = (stored.crime_type, stored.reviewer, stored.reviewed_on)
        self._say(f"{stored.case_reference}: saved.", SAVED_STYLE)
        self.saved.emit(stored.id)
        return True

    def _build(self) -> CaseFile:
        assert self.checklist is not None
        if not self.reviewed_on.take():
            raise ValueError("The date reviewed is not a date; correct it or clear it.")
        if not self.reviewer.text().strip():
            raise ValueError("Give the reviewer's initials.")
        answers, problems = self.items.read()
        if problems:
            raise ValueError(" ".join(problems))
        if len(self.notes.toPlainText()) > NOTES_LIMIT:
            raise ValueError(f"A file's notes hold at most {NOTES_LIMIT:,} characters.")
        fields = dict(
            case_reference=self.reference.text(),
            crime_type=self.crime_type.text(),
            reviewed_on=self.reviewed_on.date(),
            reviewer=self.reviewer.text(),
            notes=self.notes.toPlainText(),
            sensitive=self.sensitive.isChecked(),
            answers=answers,
        )
        if self.current is None:
            return CaseFile(checklist_id=self.checklist.id, **fields)  # type: ignore[arg-type]
        return replace(self.current, **fields)  # type: ignore[arg-type]

    def save_and_next(self) -> bool:
        """Save this file and show a new one, cursor in its case reference."""
        if self.checklist is None or not self.commit():
            return False
        saved = self.current
        self.show_file(None)
        if saved is not None:
            self._say(
                f"{saved.case_reference} saved. Next file: type its case reference.", SAVED_STYLE
            )
        self.focus_reference()
        return True

    def reload_if_shown(self, case_file: CaseFile | None, file_id: str) -> None:
        """A file was written elsewhere (an undo, a redo): show it afresh if it is the one
        shown and nothing is being typed; a deleted one gives way to a new file."""
        if self.current is None or self.current.id != file_id or self.dirty:
            return
        if case_file is None or case_file.deleted_at is not None:
            self.show_file(None)
        else:
            self.show_file(case_file)
