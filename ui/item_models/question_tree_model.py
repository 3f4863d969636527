"""Item model of the framework's question tree with grade badges and evidence counts.

Wraps an :class:`InspectionController`. Evidence counts come from the
controller's :class:`~ui.item_models.question_counts.QuestionCounts` (kept exact by
difference); grades are one small query on each change of a judgment.
"""

from __future__ import annotations

from typing import overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from models.framework import Question
from models.grade_colours import NOT_GRADED, grade_colour, text_colour_on
from models.records import Judgment
from models.vocabulary import JudgmentStatus
from ui.editing.inspection_controller import InspectionController
from ui.item_models.balance_bar_delegate import BALANCE_ROLE, balance_words
from ui.item_models.grade_badge_delegate import REVIEWED_ROLE

QUESTION_ROLE = Qt.ItemDataRole.UserRole + 1

_HEADERS = ("Question", "Grade", "Items")


class QuestionTreeModel(QAbstractItemModel):
    """Questions in framework order: column 0 code and title, 1 grade, 2 evidence count."""

    grades_refreshed = Signal()  # the grades shown were read afresh

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.framework = controller.framework
        self._questions = list(self.framework.questions)
        self._children: dict[str | None, list[Question]] = {}
        for q in self._questions:
            self._children.setdefault(q.parent_code, []).append(q)
        self._row_in_parent = {
            q.code: i for siblings in self._children.values() for i, q in enumerate(siblings)
        }
        self._judgments: dict[str | None, Judgment] = {}
        self.counts = controller.counts
        self.counts.changed.connect(self._counts_changed)
        self.refresh_grades()
        controller.judgment_changed.connect(self._judgment_changed)

    # -- refreshing -------------------------------------------------------------
    @property
    def counts_known(self) -> bool:
        """False while a recount of a large inspection is still running."""
        return self.counts.known

    def refresh_counts(self, *_args) -> None:
        """Count every question afresh (after changes made outside the app's views)."""
        self.counts.refresh()

    def _counts_changed(self, codes) -> None:
        for code in codes:
            idx = self.index_for_code(code, 2)
            self.dataChanged.emit(idx, idx)

    def _judgment_changed(self, _code) -> None:
        self.refresh_grades()

    def refresh_grades(self) -> None:
        self._judgments = self.controller.judgments.all()
        self._emit_column_changed(1)
        self.grades_refreshed.emit()

    def shown_badges(self) -> list[tuple[str, bool]]:
        """(grade name, reviewed) of every badge the Grade column shows now."""
        return [
            ((self._grade_of(q) or "Not graded"), self._reviewed(q))
            for q in self._questions
            if q.graded
        ]

    def _emit_column_changed(self, column: int) -> None:
        for q in self._questions:
            idx = self.index_for_code(q.code, column)
            self.dataChanged.emit(idx, idx)

    def is_sole_root(self, question: Question | None) -> bool:
        """True for the headline question when it is the framework's only top-level one."""
        headline = self.framework.headline
        return question is not None and headline is not None and headline.code == question.code

    # -- structure --------------------------------------------------------------
    def index_for_code(self, code: str, column: int = 0) -> QModelIndex:
        q = self.framework.question(code)
        return self.createIndex(self._row_in_parent[code], column, q)

    def question_at(self, index: QModelIndex | QPersistentModelIndex) -> Question | None:
        return index.internalPointer() if index.isValid() else None

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        parent_q = self.question_at(parent)
        siblings = self._children.get(parent_q.code if parent_q else None, [])
        return self.createIndex(row, column, siblings[row])

    @overload
    def parent(self) -> QObject | None: ...

    @overload
    def parent(self, index: QModelIndex | QPersistentModelIndex) -> QModelIndex: ...

    def parent(
        self, index: QModelIndex | QPersistentModelIndex | None = None
    ) -> QObject | QModelIndex | None:
        if index is None:  # asked as a QObject: the object that owns the model
            return super().parent()
        q = self.question_at(index)
        if q is None or q.parent_code is None:
            return QModelIndex()
        return self.index_for_code(q.parent_code)

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        q = self.question_at(parent)
        return len(self._children.get(q.code if q else None, []))

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == 1:
            return "The judgment's grade; ✓ when it has been reviewed, none while a draft"
        if role == Qt.ItemDataRole.ToolTipRole and section == 2:
            return "Evidence items linked to the question or its sub-questions"
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- data -------------------------------------------------------------------
    def _judgment_of(self, q: Question) -> Judgment | None:
        return self._judgments.get(self.controller.judgment_code(q))

    def _grade_of(self, q: Question) -> str | None:
        judgment = self._judgment_of(q)
        return judgment.grade if judgment is not None else None

    def _reviewed(self, q: Question) -> bool:
        judgment = self._judgment_of(q)
        return (
            judgment is not None
            and judgment.grade is not None
            and judgment.status is JudgmentStatus.REVIEWED
        )

    def _grade_words(self, q: Question) -> str:
        """ "Good, reviewed" / "Good, draft" / "not graded yet", for tooltips and readers."""
        grade = self._grade_of(q)
        if not grade:
            return "not graded yet"
        return f"{grade}, {'reviewed' if self._reviewed(q) else 'draft'}"

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        q = self.question_at(index)
        if q is None:
            return None
        column = index.column()
        if role == QUESTION_ROLE:
            return q.code
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{q.code}  {q.title}"
            if column == 1:
                return (self._grade_of(q) or "Not graded") if q.graded else ""
            count = self.counts.total(q.code)
            return "…" if count is None else count  # "…": still being counted
        if role == REVIEWED_ROLE and column == 1:
            return self._reviewed(q)
        if role == BALANCE_ROLE and column == 2:
            return self.counts.by_assessment(q.code)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return f"<b>{q.code}</b> {q.title}<br>{q.guidance}" if q.guidance else q.title
            if column == 1 and q.graded:
                return self._grade_tooltip(q)
            if column == 2:
                counts = self.counts.by_assessment(q.code)
                balance = f": {balance_words(counts)}" if counts is not None else ""
                return f"Evidence items linked to this question or its sub-questions{balance}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (
            column == 1
            and q.graded
            and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)
        ):
            colour = self._badge_colour(self._grade_of(q))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(colour))
            return QBrush(QColor(text_colour_on(colour)))
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 1 and q.graded:
            return f"Grade: {self._grade_words(q)}"
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 2:
            counts = self.counts.by_assessment(q.code)
            return f"Items: {balance_words(counts)}" if counts is not None else "Items: counting"
        return None

    def _grade_tooltip(self, q: Question) -> str:
        grade = self._grade_of(q)
        if not grade:
            return "Not graded yet (choose a grade on the Judgment tab)"
        words = self._grade_words(q)
        definition = self.framework.grade(grade).definition
        mark = " (✓ on the badge)" if self._reviewed(q) else " (no ✓ until it is reviewed)"
        return f"{words[0].upper()}{words[1:]}{mark}" + (f"\n\n{definition}" if definition else "")

    def _badge_colour(self, grade: str | None) -> str:
        if not grade:
            return NOT_GRADED
        g = self.framework.grade(grade)
        return grade_colour(g.position, len(self.framework.grades))
