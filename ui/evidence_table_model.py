"""Windowed table model of the evidence list: every matching row is listed, few are held.

The model reports every item that matches its query as a row, but holds only
the pages the view has asked for lately (a small most-recently-used cache), so
scrolling straight to the end of 100,000 items fetches one page, not all the
pages before it. Sorting and filtering change the :class:`EvidenceQuery` and
re-query storage; nothing is sorted in Python.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt

from models.evidence_query import EvidenceQuery, EvidenceSort
from models.records import Evidence
from models.vocabulary import Assessment
from ui.inspection_controller import InspectionController
from ui.read_only_table_model import ReadOnlyTableModel

PAGE_SIZE = 200
#: Pages kept in memory; enough for several screens either side of the one in view.
CACHED_PAGES = 20
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
    """Evidence matching a query; rows are fetched a page at a time when first shown."""

    headers = tuple(header for header, _ in COLUMNS)

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.query = EvidenceQuery()
        self._total = 0
        self._pages: OrderedDict[int, list[Evidence]] = OrderedDict()
        self._reload()
        controller.evidence_changed.connect(self.refresh_item)
        controller.evidence_added.connect(self._added_or_removed)
        controller.evidence_removed.connect(self._added_or_removed)

    # -- querying ---------------------------------------------------------------
    def set_query(self, query: EvidenceQuery) -> None:
        if query != self.query:
            self.query = query
            self.reload()

    def _added_or_removed(self, _evidence_id: str) -> None:
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._reload()
        self.endResetModel()

    def _reload(self) -> None:
        self._pages.clear()
        self._total = self.controller.evidence.count(self.query)
        if self._total:
            self._page(0)

    @property
    def total(self) -> int:
        """How many items match the query (all of them are rows)."""
        return self._total

    def _page(self, number: int) -> list[Evidence]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        page = self.controller.evidence.page(self.query, number * PAGE_SIZE, PAGE_SIZE,
                                             total=self._total)
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    @property
    def cached_rows(self) -> int:
        """How many rows are held in memory right now."""
        return sum(len(page) for page in self._pages.values())

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.set_query(replace(self.query, sort=COLUMNS[column][1],
                               descending=order == Qt.SortOrder.DescendingOrder))

    # -- rows by id -------------------------------------------------------------
    def evidence_at(self, row: int) -> Evidence | None:
        if not 0 <= row < self._total:
            return None
        page = self._page(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        # A page can come back short when the file changed behind the model's back.
        return page[offset] if offset < len(page) else None

    def row_of(self, evidence_id: str) -> int | None:
        """Row of an item in the list, or ``None`` when the query does not list it."""
        for number, page in self._pages.items():
            for i, e in enumerate(page):
                if e.id == evidence_id:
                    return number * PAGE_SIZE + i
        position = self.controller.evidence.position_of(self.query, evidence_id)
        return position if position is not None and position < self._total else None

    def refresh_item(self, evidence_id: str) -> None:
        for number, page in self._pages.items():
            for i, e in enumerate(page):
                if e.id == evidence_id:
                    page[i] = self.controller.evidence.get(evidence_id)
                    row = number * PAGE_SIZE + i
                    self.dataChanged.emit(self.index(row, 0),
                                          self.index(row, len(COLUMNS) - 1))
                    return

    # -- Qt model API -----------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total  # every match, fetched or not

    def row_at(self, row: int):
        return self.evidence_at(row)

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
