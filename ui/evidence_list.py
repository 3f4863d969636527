"""The evidence list: search box, source and assessment filters, and the lazy table.

Typing in the search box re-queries after a short pause (debounced), so each
keystroke costs nothing until the user stops typing.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.vocabulary import Assessment, SourceType
from ui.attachment_tasks import attach_files
from ui.evidence_table_model import COLUMNS, SUMMARY_COLUMN, EvidenceTableModel
from ui.file_drops import FileDropFilter
from ui.inspection_controller import InspectionController

SEARCH_DELAY_MS = 250


class EvidenceListWidget(QWidget):
    """Search, filters and the evidence table for the selected question."""

    evidence_selected = Signal(object)  # evidence id or None

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.model = EvidenceTableModel(controller, self)

        self.search = QLineEdit(placeholderText="Search evidence (summary, notes, place or ref)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search evidence")
        self.source_filter = QComboBox()
        self.source_filter.setAccessibleName("Filter by source type")
        self.source_filter.addItem("All sources", None)
        for s in SourceType:
            self.source_filter.addItem(s.label, s)
        self.assessment_filter = QComboBox()
        self.assessment_filter.setAccessibleName("Filter by assessment")
        self.assessment_filter.addItem("All assessments", None)
        for a in Assessment:
            self.assessment_filter.addItem(a.label, a)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of evidence items listed")

        self.table = QTableView()
        self.table.setAccessibleName("Evidence list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column, width in enumerate((80, 90, 120, 360, 100, 110, 60)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(SUMMARY_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.source_filter, 1)
        filters.addWidget(self.assessment_filter, 1)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._apply_filters)
        self.source_filter.currentIndexChanged.connect(self._apply_filters)
        self.assessment_filter.currentIndexChanged.connect(self._apply_filters)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._kept_selection: list[str] = []
        # Files dropped on a row are attached to that item.
        FileDropFilter(self.table.viewport(), self._evidence_id_at,
                       lambda evidence_id, paths: attach_files(self.window(), controller,
                                                               evidence_id, paths))
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self._update_count()

    # -- filters ----------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def set_question(self, code: str | None) -> None:
        self._set_query(replace(self.model.query, question_code=code))

    def _apply_filters(self) -> None:
        self._search_timer.stop()
        source, assessment = self.source_filter.currentData(), self.assessment_filter.currentData()
        self._set_query(replace(
            self.model.query, text=self.search.text(),
            source_types=frozenset([SourceType(source)]) if source else frozenset(),
            assessments=frozenset([Assessment(assessment)]) if assessment else frozenset()))

    def _set_query(self, query) -> None:
        self.model.set_query(query)

    def _remember_selection(self) -> None:
        self._kept_selection = self.selected_ids()

    def _restore_selection(self) -> None:
        """After a re-query, keep the item the user was on if it is still listed."""
        kept, self._kept_selection = self._kept_selection, []
        if kept and not self.select(kept[0]):
            self.evidence_selected.emit(None)

    def _update_count(self, *_args) -> None:
        total = self.model.total
        self.count_label.setText(f"{total:,} item{'s' if total != 1 else ''}")

    def _evidence_id_at(self, pos) -> str | None:
        index = self.table.indexAt(pos)
        item = self.model.evidence_at(index.row()) if index.isValid() else None
        return item.id if item else None

    # -- selection --------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.evidence_at(r).id for r in rows if self.model.evidence_at(r)]

    def select(self, evidence_id: str, scroll: bool = True) -> bool:
        row = self.model.row_of(evidence_id)
        if row is None:
            self.table.clearSelection()
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.selectionModel().setCurrentIndex(index,
                                                    QItemSelectionModel.SelectionFlag.NoUpdate)
        if scroll:
            self.table.scrollTo(index)
        return True

    def _selection_changed(self, *_args) -> None:
        ids = self.selected_ids()
        self.evidence_selected.emit(ids[0] if len(ids) == 1 else None)


__all__ = ["EvidenceListWidget", "COLUMNS"]
