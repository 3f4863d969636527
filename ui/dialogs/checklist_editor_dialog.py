"""The checklist editor: title, theme, the questions the checklist bears on, and its
items, each with its answer type, its choices and the condition under which it applies
("only when item 1 is Yes"), in an order the reviewer can change.

The dialog keeps a working copy; OK saves it (one undoable step, by the caller) only
when the checklist's own rules find nothing wrong, and lists what is wrong otherwise.
Deleting a checklist is asked here too (:func:`confirm_deletion`).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from models.case_reviews.answers import AnswerType, YesNo
from models.case_reviews.checklist import (
    PROMPT_LIMIT,
    TITLE_LIMIT,
    Checklist,
    ChecklistItem,
    Condition,
    checklist_problems,
    numbered,
)
from models.framework import Framework
from ui.panels.question_picker import QuestionPickerDialog

ERROR_STYLE = "color: #B71C1C"


class ChecklistEditorDialog(QDialog):
    """Edit a copy of ``checklist`` (or a new one); :meth:`checklist` gives the result."""

    def __init__(self, framework: Framework, checklist: Checklist | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Edit checklist" if checklist else "New checklist")
        self.resize(820, 560)
        self.framework = framework
        self.original = checklist or Checklist(title="")
        self.items: list[ChecklistItem] = list(self.original.items)
        self.codes: tuple[str, ...] = self.original.question_codes
        self._showing = False

        self.title = QLineEdit(self.original.title, maxLength=TITLE_LIMIT)
        self.title.setAccessibleName("Checklist title")
        self.theme = QLineEdit(self.original.theme, maxLength=TITLE_LIMIT)
        self.theme.setAccessibleName("Checklist theme")
        self.questions = QLabel()
        self.questions.setWordWrap(True)
        self.pick = QPushButton("Choose questions…")
        question_row = QHBoxLayout()
        question_row.addWidget(self.questions, 1)
        question_row.addWidget(self.pick)
        head = QFormLayout()
        head.addRow("&Title", self.title)
        head.addRow("T&heme", self.theme)
        head.addRow("Bears on", question_row)

        self.list = QListWidget()
        self.list.setAccessibleName("Checklist items")
        self.add = QPushButton("&Add item")
        self.remove = QPushButton("Remo&ve item")
        self.up = QPushButton("Move &up")
        self.down = QPushButton("Move do&wn")
        list_buttons = QHBoxLayout()
        for button in (self.add, self.remove, self.up, self.down):
            list_buttons.addWidget(button)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(list_buttons)

        self.prompt = QPlainTextEdit()
        self.prompt.setAccessibleName("Item question")
        self.prompt.setTabChangesFocus(True)
        self.prompt.setFixedHeight(self.prompt.fontMetrics().lineSpacing() * 3 + 12)
        self.answer_type = QComboBox()
        self.answer_type.setAccessibleName("Answer type")
        for kind in AnswerType:
            self.answer_type.addItem(kind.label, kind)
        self.choices = QPlainTextEdit()
        self.choices.setAccessibleName("Choices, one a line")
        self.choices.setTabChangesFocus(True)
        self.choices.setPlaceholderText("One choice a line")
        self.condition_item = QComboBox()
        self.condition_item.setAccessibleName("Applies only when item")
        self.condition_value = QComboBox()
        self.condition_value.setAccessibleName("has the answer")
        condition_box = QWidget()
        condition_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        condition_row = QHBoxLayout(condition_box)
        condition_row.setContentsMargins(0, 0, 0, 0)
        condition_row.addWidget(self.condition_item, 2)
        condition_row.addWidget(QLabel("is"))
        condition_row.addWidget(self.condition_value, 1)
        self.choices.setFixedHeight(self.choices.fontMetrics().lineSpacing() * 5 + 12)
        self.detail = QWidget()
        detail = QFormLayout(self.detail)
        detail.addRow("&Question", self.prompt)
        detail.addRow("Answer t&ype", self.answer_type)
        detail.addRow("&Choices", self.choices)
        condition_label = QLabel("Applies &only when")
        condition_label.setBuddy(self.condition_item)
        detail.addRow(condition_label, condition_box)
        right = QVBoxLayout()
        right.addWidget(self.detail)
        right.addStretch(1)
        middle = QHBoxLayout()
        middle.addLayout(left, 2)
        middle.addLayout(right, 3)

        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(ERROR_STYLE)
        self.problems.setAccessibleName("What keeps the checklist from being saved")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(middle, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

        self.pick.clicked.connect(self._pick_questions)
        self.add.clicked.connect(self.add_item)
        self.remove.clicked.connect(self.remove_item)
        self.up.clicked.connect(lambda: self.move_item(-1))
        self.down.clicked.connect(lambda: self.move_item(1))
        self.list.currentRowChanged.connect(lambda _r: self._show_item())
        self.prompt.textChanged.connect(self._item_edited)
        self.answer_type.currentIndexChanged.connect(self._type_changed)
        self.choices.textChanged.connect(self._item_edited)
        self.condition_item.currentIndexChanged.connect(self._condition_item_changed)
        self.condition_value.currentIndexChanged.connect(self._item_edited)
        self.title.textChanged.connect(lambda _t: self._check())
        self._show_codes()
        self._refill_list(0 if self.items else -1)

    # -- the result --------------------------------------------------------------------
    def checklist(self) -> Checklist:
        return replace(
            self.original,
            title=" ".join(self.title.text().split()),
            theme=" ".join(self.theme.text().split()),
            question_codes=self.codes,
            items=numbered(self.items),
        )

    def accept(self) -> None:
        if self._check():
            super().accept()

    def _check(self) -> bool:
        problems = checklist_problems(self.checklist())
        if not self.items:
            problems.append("Add at least one item.")
        self.problems.setText(" ".join(problems[:6]) + (" …" if len(problems) > 6 else ""))
        return not problems

    # -- questions ---------------------------------------------------------------------
    def _pick_questions(self) -> None:
        picker = QuestionPickerDialog(self.framework, self.codes, self)
        if picker.exec() == QDialog.DialogCode.Accepted:
            self.codes = picker.chosen_codes()
            self._show_codes()

    def _show_codes(self) -> None:
        self.questions.setText(", ".join(self.codes) if self.codes else "No questions chosen")

    # -- the list of items -------------------------------------------------------------
    def _refill_list(self, current: int) -> None:
        self._showing = True
        self.list.clear()
        for number, item in enumerate(self.items, start=1):
            prompt = " ".join(item.prompt.split()) or "(no question yet)"
            mark = " ⤷" if item.condition is not None else ""
            self.list.addItem(f"{number}.{mark} {prompt}")
        self._showing = False
        self.list.setCurrentRow(current)
        self._show_item()
        self._check()

    def add_item(self) -> None:
        at = self.list.currentRow() + 1 if self.items else 0
        self.items.insert(at, ChecklistItem(prompt=""))
        self._refill_list(at)
        self.prompt.setFocus()

    def remove_item(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.items):
            del self.items[row]
            self._refill_list(min(row, len(self.items) - 1))

    def move_item(self, step: int) -> None:
        row = self.list.currentRow()
        to = row + step
        if 0 <= row < len(self.items) and 0 <= to < len(self.items):
            self.items[row], self.items[to] = self.items[to], self.items[row]
            self._refill_list(to)

    # -- one item ----------------------------------------------------------------------
    def _current(self) -> ChecklistItem | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show_item(self) -> None:
        item = self._current()
        self.detail.setEnabled(item is not None)
        self.remove.setEnabled(item is not None)
        self._showing = True
        try:
            self.prompt.setPlainText(item.prompt if item else "")
            kind = item.answer_type if item else AnswerType.YES_NO
            self.answer_type.setCurrentIndex(self.answer_type.findData(kind))
            self.choices.setPlainText("\n".join(item.choices) if item else "")
            self.choices.setEnabled(kind is AnswerType.CHOICE)
            self._fill_conditions(item)
        finally:
            self._showing = False

    def _fill_conditions(self, item: ChecklistItem | None) -> None:
        self.condition_item.clear()
        self.condition_item.addItem("Always applies", None)
        row = self.list.currentRow()
        for number, earlier in enumerate(self.items[: max(row, 0)], start=1):
            if earlier.answer_type in (AnswerType.YES_NO, AnswerType.CHOICE):
                self.condition_item.addItem(f"{number}. {earlier.prompt[:60]}", earlier.id)
        given = item.condition.item_id if item and item.condition else None
        index = self.condition_item.findData(given) if given else 0
        self.condition_item.setCurrentIndex(max(index, 0))
        self._fill_values(item.condition.value if item and item.condition else None)

    def _fill_values(self, chosen: str | None) -> None:
        self.condition_value.clear()
        parent_id = self.condition_item.currentData()
        parent = next((i for i in self.items if i.id == parent_id), None)
        if parent is not None:
            values = (
                [(m.label, m.value) for m in YesNo]
                if parent.answer_type is AnswerType.YES_NO
                else [(c, c) for c in parent.choices]
            )
            for label, value in values:
                self.condition_value.addItem(label, value)
        index = self.condition_value.findData(chosen) if chosen is not None else 0
        self.condition_value.setCurrentIndex(max(index, 0))
        self.condition_value.setEnabled(parent is not None)

    def _kind(self) -> AnswerType:
        # The combo hands its data back as plain text: the enum is made again from it.
        return AnswerType(self.answer_type.currentData())

    def _type_changed(self) -> None:
        self.choices.setEnabled(self._kind() is AnswerType.CHOICE)
        self._item_edited()

    def _condition_item_changed(self) -> None:
        if self._showing:
            return
        self._showing = True
        try:
            self._fill_values(None)
        finally:
            self._showing = False
        self._item_edited()

    def _item_edited(self) -> None:
        row = self.list.currentRow()
        if self._showing or not 0 <= row < len(self.items):
            return
        kind = self._kind()
        choices = tuple(" ".join(line.split()) for line in self.choices.toPlainText().splitlines())
        parent_id = self.condition_item.currentData()
        value = self.condition_value.currentData()
        self.items[row] = replace(
            self.items[row],
            prompt=self.prompt.toPlainText()[: PROMPT_LIMIT + 1],
            answer_type=kind,
            choices=tuple(c for c in choices if c) if kind is AnswerType.CHOICE else (),
            condition=Condition(parent_id, value) if parent_id and value else None,
        )
        list_item = self.list.item(row)
        if list_item is not None:
            mark = " ⤷" if self.items[row].condition is not None else ""
            prompt = " ".join(self.items[row].prompt.split()) or "(no question yet)"
            list_item.setText(f"{row + 1}.{mark} {prompt}")
        self._check()


def edit_checklist(
    framework: Framework, checklist: Checklist | None, parent: QWidget | None
) -> Checklist | None:
    """Show the editor; the edited checklist, or ``None`` when cancelled."""
    dialog = ChecklistEditorDialog(framework, checklist, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.checklist()


def confirm_deletion(parent, checklist: Checklist, files: int) -> bool:
    """Ask before deleting ``checklist``, saying how many reviewed files go with it."""
    held = (
        "It has no reviewed files."
        if not files
        else f"Its {files:,} reviewed file{'s' if files != 1 else ''} will no longer be shown"
        " or counted."
    )
    answer = QMessageBox.question(
        parent,
        "Delete checklist",
        f"Delete the checklist “{checklist.title}”? {held} Evidence made from its results"
        " stays. You can undo this.",
    )
    return answer == QMessageBox.StandardButton.Yes
