"""The checklist's items in the review form: one row per item, its question beside the
editor for its answer type, and what is wrong with a typed answer said under it.

An item whose condition is unmet ("only when item 1 is Yes") is greyed, says that it
does not apply, holds no answer and is skipped by Tab; it comes back the moment the
answer it rests on is given.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from models.case_reviews.answers import AnswerError, answer_label
from models.case_reviews.checklist import Checklist, ChecklistItem, applies
from ui.panels.case_reviews.answer_editors import AnswerEditor, editor_for

ERROR_STYLE = "color: #B71C1C"


class _Row:
    def __init__(self, item: ChecklistItem, editor: AnswerEditor, prompt: QLabel, problem: QLabel):
        self.item, self.editor, self.prompt, self.problem = item, editor, prompt, problem


class ItemRows(QWidget):
    """The answers of one file to the items of one checklist."""

    #: The reviewer changed an answer.
    edited = Signal()
    #: The last item was answered by a key: the form moves on past the items.
    passed_last = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        self.checklist: Checklist | None = None
        self.rows: list[_Row] = []

    # -- building ----------------------------------------------------------------------
    def set_checklist(self, checklist: Checklist | None) -> None:
        for row in self.rows:
            for widget in (row.editor, row.prompt, row.problem):
                widget.setParent(None)
                widget.deleteLater()
        while self.grid.count():
            taken = self.grid.takeAt(0)
            left = taken.widget() if taken is not None else None
            if left is not None:
                left.deleteLater()
        self.rows = []
        self.checklist = checklist
        if checklist is None:
            return
        numbers = {i.id: i.number for i in checklist.items}
        for place, item in enumerate(checklist.items):
            editor = editor_for(item)
            number = QLabel(f"{item.number}.")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            prompt = QLabel(item.prompt)
            prompt.setWordWrap(True)
            prompt.setTextFormat(Qt.TextFormat.PlainText)
            prompt.setBuddy(editor)
            prompt.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            if item.condition is not None:
                tip = (
                    f"Applies only when item {numbers.get(item.condition.item_id, '?')}"
                    f" is {answer_label(item.condition.value)}"
                )
                prompt.setToolTip(tip)
                editor.setToolTip(f"{tip}. {editor.toolTip()}")
            problem = QLabel()
            problem.setStyleSheet(ERROR_STYLE)
            problem.setWordWrap(True)
            problem.hide()
            self.grid.addWidget(number, 2 * place, 0)
            self.grid.addWidget(prompt, 2 * place, 1)
            self.grid.addWidget(editor, 2 * place, 2)
            self.grid.addWidget(problem, 2 * place + 1, 1, 1, 2)
            row = _Row(item, editor, prompt, problem)
            editor.edited.connect(lambda r=row: self._edited(r))
            editor.answered.connect(lambda r=row: self._advance(r))
            self.rows.append(row)
        for before, after in zip(self.rows, self.rows[1:]):
            QWidget.setTabOrder(before.editor, after.editor)

    def editors(self) -> list[QWidget]:
        return [r.editor for r in self.rows]

    def first_editor(self) -> QWidget | None:
        return next((r.editor for r in self.rows if r.editor.isEnabled()), None)

    # -- answers -----------------------------------------------------------------------
    def show_answers(self, answers: dict[str, str]) -> None:
        for row in self.rows:
            row.editor.blockSignals(True)
            row.editor.show_stored(answers.get(row.item.id))
            row.editor.blockSignals(False)
            row.problem.hide()
        self._refresh_applicable()

    def read(self) -> tuple[dict[str, str], list[str]]:
        """The stored answers of the items that apply, and a sentence for each typed
        answer its item cannot take (each also said under its item)."""
        answers: dict[str, str] = {}
        problems: list[str] = []
        for row in self.rows:
            if not row.editor.isEnabled():
                continue
            try:
                value = row.item.read(row.editor.typed())
            except AnswerError as e:
                problems.append(f"Item {row.item.number}: {e}")
                self._say(row, str(e))
                continue
            self._say(row, "")
            if value is not None:
                answers[row.item.id] = value
        return answers, problems

    def _so_far(self) -> dict[str, str]:
        answers = {}
        for row in self.rows:
            try:
                value = row.item.read(row.editor.typed())
            except AnswerError:
                continue
            if value is not None:
                answers[row.item.id] = value
        return answers

    def _edited(self, row: _Row) -> None:
        if row.problem.isVisible():
            try:
                row.item.read(row.editor.typed())
                self._say(row, "")
            except AnswerError:
                pass
        self._refresh_applicable()
        self.edited.emit()

    def _refresh_applicable(self) -> None:
        if self.checklist is None:
            return
        items = {i.id: i for i in self.checklist.items}
        answers = self._so_far()
        for row in self.rows:
            applicable = applies(row.item, answers, items)
            if applicable == row.editor.isEnabled():
                continue
            if not applicable:
                row.editor.blockSignals(True)
                row.editor.show_stored(None)
                row.editor.blockSignals(False)
                answers.pop(row.item.id, None)
                self._say(row, "")
            row.editor.setEnabled(applicable)
            row.prompt.setEnabled(applicable)
            row.prompt.setText(row.item.prompt + ("" if applicable else " (does not apply)"))

    def _say(self, row: _Row, text: str) -> None:
        row.problem.setText(text)
        row.problem.setVisible(bool(text))

    def _advance(self, row: _Row) -> None:
        after = self.rows[self.rows.index(row) + 1 :]
        following = next((r for r in after if r.editor.isEnabled()), None)
        if following is None:
            self.passed_last.emit()
        else:
            following.editor.setFocus(Qt.FocusReason.TabFocusReason)
