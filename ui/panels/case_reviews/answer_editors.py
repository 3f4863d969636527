"""One editor per answer type of a checklist item, each showing a stored answer and
giving back what the reviewer typed (the item's own rules read it; see
:meth:`~models.case_reviews.checklist.ChecklistItem.read`).

A yes/no item is answered with one key: Y, N, P (partly) or A (not applicable); the
cursor then moves on to the next item that applies, so a file is answered at the pace
of a key a question. Every editor can be answered N/A.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from models.case_reviews.answers import ANSWER_LIMIT, NOT_APPLICABLE, AnswerType, answer_label
from models.case_reviews.checklist import ChecklistItem

#: The single keys of a yes/no item and what each answers.
YES_NO_KEYS = {Qt.Key.Key_Y: "Yes", Qt.Key.Key_N: "No", Qt.Key.Key_P: "Partly", Qt.Key.Key_A: "N/A"}
YES_NO_HINT = "Y yes · N no · P partly · A not applicable · Backspace clears"


class YesNoEditor(QLineEdit):
    """Shows Yes, No, Partly or N/A; takes one key for each and nothing else typed."""

    edited = Signal()
    #: A key answered the item: the form moves the cursor on.
    answered = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("Y / N / P / A")
        self.setToolTip(YES_NO_HINT)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("Partly  N/A") + 24)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        key = Qt.Key(event.key())
        if self.isReadOnly():
            super().keyPressEvent(event)
            return
        if not mods and key in YES_NO_KEYS:
            self.setText(YES_NO_KEYS[key])
            self.edited.emit()
            self.answered.emit()
            return
        if not mods and key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            if self.text():
                self.clear()
                self.edited.emit()
            return
        if event.text() and event.text().isprintable() and not mods:
            return  # other letters would make an answer the item cannot take
        super().keyPressEvent(event)

    def typed(self) -> str:
        return self.text()

    def show_stored(self, value: str | None) -> None:
        self.setText(answer_label(value))


class LineAnswerEditor(QLineEdit):
    """A number, a date or a line of free text, read when the answer is taken."""

    edited = Signal()
    answered = Signal()

    def __init__(self, answer_type: AnswerType, parent: QWidget | None = None):
        super().__init__(parent)
        self.answer_type = answer_type
        self.setMaxLength(ANSWER_LIMIT)
        hints = {
            AnswerType.NUMBER: "A number, like 3 or 2.5; n/a if it does not apply",
            AnswerType.DATE: "A date day first, like 22/09/2015; n/a if it does not apply",
            AnswerType.TEXT: "What the file shows, in a line or two; n/a if it does not apply",
        }
        self.setPlaceholderText(
            {AnswerType.NUMBER: "Number", AnswerType.DATE: "dd/mm/yyyy"}.get(answer_type, "")
        )
        self.setToolTip(hints.get(answer_type, ""))
        self.textEdited.connect(lambda _t: self.edited.emit())

    def typed(self) -> str:
        return self.text()

    def show_stored(self, value: str | None) -> None:
        if value is None:
            self.clear()
        elif value == NOT_APPLICABLE:
            self.setText("N/A")
        elif self.answer_type is AnswerType.DATE:
            try:
                self.setText(date.fromisoformat(value).strftime("%d/%m/%Y"))
            except ValueError:
                self.setText(value)
        else:
            self.setText(value)


class ChoiceEditor(QComboBox):
    """The item's choices, N/A last, and a blank first for no answer yet."""

    edited = Signal()
    answered = Signal()

    def __init__(self, choices: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.addItem("", None)
        for choice in choices:
            self.addItem(choice, choice)
        self.addItem("N/A", NOT_APPLICABLE)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.setToolTip("Type the first letters of a choice; N/A is the last")
        self.activated.connect(lambda _i: self.edited.emit())
        self.currentIndexChanged.connect(lambda _i: self.edited.emit())

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Letters typed on the last file are not the start of this one's choice.
        self.view().keyboardSearch("")
        super().focusInEvent(event)

    def typed(self) -> str:
        value = self.currentData()
        return "" if value is None else str(value)

    def show_stored(self, value: str | None) -> None:
        index = self.findData(value) if value is not None else 0
        if index < 0:  # a stored answer the list does not offer: shown, kept as it is
            self.addItem(value or "", value)
            index = self.count() - 1
        self.blockSignals(True)
        self.setCurrentIndex(index)
        self.blockSignals(False)


AnswerEditor = YesNoEditor | LineAnswerEditor | ChoiceEditor


def editor_for(item: ChecklistItem) -> AnswerEditor:
    """The editor that answers ``item``, named for screen readers by its question."""
    editor: AnswerEditor
    if item.answer_type is AnswerType.YES_NO:
        editor = YesNoEditor()
    elif item.answer_type is AnswerType.CHOICE:
        editor = ChoiceEditor(item.choices)
    else:
        editor = LineAnswerEditor(item.answer_type)
    editor.setAccessibleName(f"Item {item.number}: {item.prompt}")
    return editor
