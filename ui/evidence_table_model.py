"""Lazy table model of the evidence list: rows are paged in from storage as the view scrolls.

Only rows fetched so far are held. Sorting and filtering change the
:class:`EvidenceQuery` and re-query storage; nothing is sorted in Python.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt

from models.evidence_query import EvidenceQuery, EvidenceSort
from models.records import Evidence
from models.vocabulary import Assessment
from ui.inspection_controller import InspectionController
from ui.read_only_table_model import ReadOnlyTableModel

PAGE_SIZE = 200
EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

#: (header, sort key) per column.
COLUMNS: list[tuple[str, EvidenceSort]] = [
    ("Ref", EvidenceSort.REF),
    ("Date", EvidenceSort.DATE),
    ("Source", EvidenceSort.SOURCE),
    ("Summary", EvidenceSort.SUMMARY),
    ("Assessment", EvidenceSort.ASSESSMENT),
    ("Questions", EvidenceSort.QUESTIONS),
    ("Author", EvidenceSort.AUTHOR),
]
SUMMARY_COLUMN = 3

_ASSESSMENT_MARK = {Assessment.POSITIVE: "▲ Positive", Assessment.NEGATIVE: "▼ Negative",
                    Assessment.NEUTRAL: "● Neutral"}


class EvidenceTableModel(ReadOnlyTableModel):
    """Evidence matching a query, fetched a page at a time."""

    headers = tuple(header for header, _ in COLUMNS)

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.query = EvidenceQuery()
        self._total = 0
        self._reload()
        controller.evidence_changed.connect(self.refresh_item)
        controller.evidence_added.connect(lambda _id: self.reload())
        controller.evidence_removed.connect(lambda _id: self.reload())

    # -- querying ---------------------------------------------------------------
    def set_query(self, query: EvidenceQuery) -> None:
        if query != self.query:
            self.query = query
            self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._reload()
        self.endResetModel()

    def _reload(self) -> None:
        self._total = self.controller.evidence.count(self.query)
        self._rows = self.controller.evidence.page(self.query, 0, PAGE_SIZE)

    @property
    def total(self) -> int:
        """How many items match the query (not just those fetched)."""
        return self._total

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid():
            return
        page = self.controller.evidence.page(self.query, len(self._rows), PAGE_SIZE)
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.set_query(replace(self.query, sort=COLUMNS[column][1],
                               descending=order == Qt.SortOrder.DescendingOrder))

    # -- rows by id -------------------------------------------------------------
    def evidence_at(self, row: int) -> Evidence | None:
        return self.row_at(row)

    def row_of(self, evidence_id: str) -> int | None:
        """Row of an item, fetching pages until it is loaded; ``None`` if not listed."""
        for i, e in enumerate(self._rows):
            if e.id == evidence_id:
                return i
        position = self.controller.evidence.position_of(self.query, evidence_id)
        if position is None:
            return None
        while len(self._rows) <= position and self.canFetchMore():
            self.fetchMore()
        return position if position < len(self._rows) else None

    def refresh_item(self, evidence_id: str) -> None:
        for i, e in enumerate(self._rows):
            if e.id == evidence_id:
                self._rows[i] = self.controller.evidence.get(evidence_id)
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
                return

    # -- Qt model API -----------------------------------------------------------
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        e = self.evidence_at(index.row()) if index.isValid() else None
        if e is None:
            return None
        if role == EVIDENCE_ID_ROLE:
            return e.id
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(e, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == SUMMARY_COLUMN:
            return e.summary + (" (sensitive)" if e.sensitive else "")
        return None

    @staticmethod
    def _display(e: Evidence, column: int) -> str:
        if column == 0:
            return e.ref
        if column == 1:
            return e.collected_on.isoformat() if e.collected_on else ""
        if column == 2:
            return e.source_type.label
        if column == 3:
            return e.summary.replace("\n", " ")
        if column == 4:
            return _ASSESSMENT_MARK[e.assessment]
        if column == 5:
            return ", ".join(e.question_codes)
        return e.author
