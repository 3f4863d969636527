"""The coverage matrix: questions in tree order against source types, each cell the number of
distinct items, shaded so thin areas stand out.

A cell's number is always shown (colour is never the only signal); an empty cell reads
"–" on an amber tint, a thin one (fewer than ``THIN`` items) on a paler amber, and the rest
on a blue that deepens with the count.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from models.framework import Framework, Question
from models.vocabulary import SourceType

THIN = 3
SOURCES = tuple(SourceType)
EMPTY, SPARSE = QColor("#FFE0A3"), QColor("#FFF1CF")


#: Characters of a question's title shown beside its code; the whole title is its tooltip.
TITLE_SHOWN = 20


def two_lines(label: str) -> str:
    """A source type's label on two lines (at its last space, or hyphenated when it is
    one long word), so the columns stay narrow."""
    head, _, tail = label.rpartition(" ")
    if head:
        return f"{head}\n{tail}"
    if len(label) > 9:
        cut = len(label) // 2
        return f"{label[:cut]}-\n{label[cut:]}"
    return label


def short_title(title: str, limit: int = TITLE_SHOWN) -> str:
    """``title`` cut to ``limit`` characters with an ellipsis (the whole is its tooltip)."""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _depth_blue(share: float) -> QColor:
    """White to a mid blue as ``share`` (0..1) of the busiest cell rises."""
    light, deep = (255, 255, 255), (158, 197, 240)
    return QColor(*(round(a + (b - a) * share) for a, b in zip(light, deep, strict=True)))


class CoverageModel(QAbstractTableModel):
    """Rows: every question; columns: every source type, then the row's total."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._questions: list[Question] = []
        self._cells: dict[str, dict[SourceType, int]] = {}
        self._totals: dict[str, int] = {}
        self._busiest = 1

    def set_coverage(
        self,
        framework: Framework,
        cells: dict[str, dict[SourceType, int]],
        totals: dict[str, int],
    ) -> None:
        """``cells`` by question code and source type; ``totals`` the distinct items under
        each question (an item of two sources… has one source, so totals are row sums)."""
        self.beginResetModel()
        self._questions = list(framework.questions)
        self._cells, self._totals = cells, totals
        self._busiest = max((n for row in cells.values() for n in row.values()), default=1) or 1
        self.endResetModel()

    def question_at(self, row: int) -> Question | None:
        return self._questions[row] if 0 <= row < len(self._questions) else None

    def source_at(self, column: int) -> SourceType | None:
        """The source type of a column; ``None`` for the total column."""
        return SOURCES[column] if 0 <= column < len(SOURCES) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._questions)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(SOURCES) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            source = self.source_at(section)
            label = source.label if source is not None else "All sources"
            if role == Qt.ItemDataRole.DisplayRole:
                return two_lines(label)
            if role == Qt.ItemDataRole.ToolTipRole:
                return label
            return None
        question = self.question_at(section)
        if question is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{'  ' * question.depth}{question.code}  {short_title(question.title)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return question.label
        if role == Qt.ItemDataRole.FontRole and question.graded:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def count(self, row: int, column: int) -> int:
        question = self.question_at(row)
        if question is None:
            return 0
        source = self.source_at(column)
        if source is None:
            return self._totals.get(question.code, 0)
        return self._cells.get(question.code, {}).get(source, 0)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        n = self.count(index.row(), index.column())
        total_column = self.source_at(index.column()) is None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{n:,}" if n else "–"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            question = self.question_at(index.row())
            source = self.source_at(index.column())
            what = source.label.lower() if source is not None else "all sources"
            return f"Question {question.code if question else ''}, {what}: {n} items"
        if role == Qt.ItemDataRole.BackgroundRole and not total_column:
            if n == 0:
                return EMPTY
            if n < THIN:
                return SPARSE
            return _depth_blue(min(1.0, n / self._busiest))
        if role == Qt.ItemDataRole.FontRole and total_column:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
