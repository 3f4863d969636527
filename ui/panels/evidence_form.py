"""The evidence editor's fields and how they are laid out (the behaviour is in evidence_editor).

The form is two columns: the item's own fields on the left, in the order an
inspector fills them in with Tab, and on the right the findings the item
supports and its attached files. The whole form scrolls when the window is
short (a 1280×720 screen), rather than squeezing the fields.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.vocabulary import Assessment, SourceType
from ui.editing.inspection_controller import InspectionController
from ui.panels.attachments_panel import AttachmentsPanel
from ui.panels.date_field import ERROR_STYLE, DateField
from ui.panels.notes_button import NotesButton


class NotesEdit(QPlainTextEdit):
    """Plain-text notes; Tab moves on (notes rarely need tabs, the form needs Tab order)."""

    focus_lost = Signal()

    def __init__(self):
        super().__init__()
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()

    def sizeHint(self) -> QSize:
        # Small by preference, tall by stretch: a large preferred height made the
        # scrolling form ask for more room than a 768-pixel screen has.
        return QSize(super().sizeHint().width(), self.minimumHeight())


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label whose Alt+letter moves to ``buddy`` (rows that are layouts need one)."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def with_note(field, note: QLabel) -> QWidget:
    """A field (or a row of them) with a note under it that takes no room while hidden."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    if isinstance(field, QWidget):
        layout.addWidget(field)
        box.setFocusProxy(field)
    else:
        layout.addLayout(field)
    layout.addWidget(note)
    return box


class EvidenceForm(QWidget):
    """Every field of one evidence item, laid out; empty and disabled until given an item."""

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.heading = QLabel("No evidence selected")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLineEdit(placeholderText="One line: what was seen or heard")
        self.summary_hint = QLabel()
        self.summary_hint.setAccessibleName("What the new item still needs")
        self.summary_hint.hide()
        self.collected_on = DateField("Date collected")
        self.source_type = QComboBox()
        for s in SourceType:
            self.source_type.addItem(s.label, s)
        self.assessment = QComboBox()
        for a in Assessment:
            self.assessment.addItem(a.label, a)
        for combo in (self.source_type, self.assessment):  # the row fits a small screen
            combo.setMinimumContentsLength(8)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.location = QLineEdit(placeholderText="Place or unit, e.g. Southampton Central")
        self.participants = QLineEdit(placeholderText="Roles, separated by ; (never names)")
        self.questions = QLineEdit(placeholderText="Codes, e.g. 1.2, 2.2.1 (F4 to choose)")
        self.choose_questions = QPushButton("Choose…")
        # Out of the Tab order: Tab from Questions goes on to Notes (a space on a focused
        # button would open the chooser); F4 in the Questions field opens it instead.
        self.choose_questions.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.choose_questions.setToolTip("Choose the questions from the framework (F4)")
        self.questions_error = QLabel()
        self.questions_error.setStyleSheet(ERROR_STYLE)
        self.questions_error.setWordWrap(True)
        self.questions_error.hide()
        self.notes = NotesEdit()
        self.notes.setPlaceholderText("Notes (saved as you type)")
        self.notes.setMinimumHeight(self.notes.fontMetrics().lineSpacing() * 3 + 12)
        self.sensitive = QCheckBox("Sensitive (withheld from exports by default)")
        self.delete_button = QPushButton("Delete…")
        self.history_button = QPushButton("History…")
        self.review_notes_button = NotesButton(controller, "evidence item")
        self.status = QLabel()
        self.status.setAccessibleName("Save status")
        self.findings_label = QLabel("Supports findings")
        # The indicator an item was made from (data return evidence), when it was.
        self.indicator_label = QLabel()
        self.indicator_label.setWordWrap(True)
        self.indicator_label.setAccessibleName("Indicator this item was made from")
        self.indicator_label.hide()
        self.findings_list = QListWidget()
        self.findings_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.findings_list.setWordWrap(True)
        self.findings_list.setMaximumHeight(self.findings_list.fontMetrics().lineSpacing() * 5)
        self.findings_list.setToolTip("Double-click or press Enter to open the finding")
        for widget, name in (
            (self.summary, "Summary"),
            (self.source_type, "Source type"),
            (self.assessment, "Assessment"),
            (self.location, "Location or unit"),
            (self.participants, "Participants by role"),
            (self.questions, "Linked question codes"),
            (self.choose_questions, "Choose linked questions"),
            (self.notes, "Notes"),
            (self.sensitive, "Sensitive"),
            (self.delete_button, "Delete evidence item"),
            (self.history_button, "History of the evidence item"),
            (self.findings_list, "Findings this item supports"),
        ):
            widget.setAccessibleName(name)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        top = QHBoxLayout()  # who and what, and what can be done to the item, at the top
        top.addWidget(self.heading, 1)
        top.addWidget(self.status)
        top.addWidget(self.history_button)
        top.addWidget(self.review_notes_button)
        top.addWidget(self.delete_button)
        form.addRow(top)
        form.addRow(
            buddy_label("&Summary", self.summary), with_note(self.summary, self.summary_hint)
        )
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.collected_on, 2)
        row.addWidget(buddy_label("S&ource", self.source_type))
        row.addWidget(self.source_type, 2)
        row.addWidget(buddy_label("&Assessment", self.assessment))
        row.addWidget(self.assessment, 2)
        form.addRow(
            buddy_label("&Date", self.collected_on.line), with_note(row, self.collected_on.note)
        )
        form.addRow(buddy_label("&Location / unit", self.location), self.location)
        form.addRow(buddy_label("&Participants", self.participants), self.participants)
        questions_row = QHBoxLayout()
        questions_row.setContentsMargins(0, 0, 0, 0)
        questions_row.addWidget(self.questions, 1)
        questions_row.addWidget(self.choose_questions)
        form.addRow(
            buddy_label("&Questions", self.questions),
            with_note(questions_row, self.questions_error),
        )
        form.addRow("", self.sensitive)
        form.addRow(buddy_label("No&tes", self.notes), self.notes)
        left = QVBoxLayout()
        left.addLayout(form, 1)

        # Files dropped anywhere on the editor are attached to the item it shows.
        self.attachments = AttachmentsPanel(controller, self, drop_target=self)
        # In a column of its own the panel must be able to narrow: its heading wraps, and
        # the picture preview only takes room while a picture is selected.
        self.attachments.heading.setWordWrap(True)
        self.attachments.thumbnail.hide()
        self.attachments.table.setMaximumHeight(
            self.attachments.table.fontMetrics().lineSpacing() * 6
        )
        for button in (
            self.attachments.add_button,
            self.attachments.open_button,
            self.attachments.save_button,
            self.attachments.remove_button,
        ):
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance("Save as…") // 2 + 16)
        right = QVBoxLayout()
        right.addWidget(self.indicator_label)
        right.addWidget(self.findings_label)
        right.addWidget(self.findings_list)
        right.addWidget(self.attachments)
        right.addStretch(1)

        inner = QWidget()
        columns = QHBoxLayout(inner)
        columns.setContentsMargins(6, 4, 6, 4)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        chain = [
            self.summary,
            self.collected_on.line,
            self.source_type,
            self.assessment,
            self.location,
            self.participants,
            self.questions,
            self.sensitive,
            self.notes,
            self.findings_list,
            self.history_button,
            self.review_notes_button,
            self.delete_button,
        ]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def fields(self) -> list[QWidget]:
        """The widgets enabled only while an item is shown."""
        return [
            self.summary,
            self.collected_on,
            self.source_type,
            self.assessment,
            self.location,
            self.participants,
            self.questions,
            self.choose_questions,
            self.notes,
            self.sensitive,
            self.history_button,
            self.delete_button,
        ]

    def text_boxes(self) -> list[QWidget]:
        """The fields typed into, whose Undo and Redo are the app's."""
        return [
            self.summary,
            self.collected_on.line,
            self.location,
            self.participants,
            self.questions,
            self.notes,
        ]
