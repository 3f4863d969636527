"""The Coverage tab: where the evidence is thick and where it is thin, by question and
source type. Choosing a cell (click, or Enter) asks the window to show those items."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.framework import Framework
from models.vocabulary import SourceType
from ui.item_models.coverage_model import THIN, CoverageModel


class CoveragePanel(QWidget):
    """The matrix; ``cell_chosen`` carries (question code, source type or ``None``)."""

    cell_chosen = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = CoverageModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Evidence coverage by question and source type")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        # Narrow columns under two-line headings, so every source type fits beside the
        # questions at a laptop's width and thin areas are seen at a glance.
        columns = self.table.horizontalHeader()
        small = columns.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        columns.setFont(small)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        columns.setDefaultSectionSize(columns.fontMetrics().horizontalAdvance("Document") + 12)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.clicked.connect(self._chosen)
        self.table.activated.connect(self._chosen)
        key = QLabel(
            f"Each cell counts distinct items under the question and its sub-questions. "
            f"“–” marks none (amber); fewer than {THIN} is thin (pale amber). "
            "Choose a cell to list its items."
        )
        key.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(key)
        layout.addWidget(self.table, 1)

    def show_coverage(self, framework: Framework, cells: dict[str, dict[SourceType, int]]) -> None:
        totals = {code: sum(row.values()) for code, row in cells.items()}
        self.model.set_coverage(framework, cells, totals)

    def _chosen(self, index) -> None:
        question = self.model.question_at(index.row())
        if question is not None:
            self.cell_chosen.emit(question.code, self.model.source_at(index.column()))
