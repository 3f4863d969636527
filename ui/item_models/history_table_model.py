"""Lazy table model of the change history, newest first, paged in from storage.

The whole inspection's history can run to hundreds of thousands of rows, so
only the rows fetched so far are held; a new filter re-queries storage. The
model reloads itself whenever the controller reports a change, so an open
history stays current while people work.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from models.history import HistoryEntry, HistoryFilter, change_text, describe, local_text
from ui.editing.inspection_controller import InspectionController
from ui.item_models.read_only_table_model import ReadOnlyTableModel

PAGE_SIZE = 200
HEADERS = ("When", "Who", "What", "Old → new", "Reason")
CHANGE_COLUMN = 3


class HistoryTableModel(ReadOnlyTableModel):
    """History entries matching a :class:`HistoryFilter`, a page at a time.

    ``viewpoint`` is the item whose own history this is (entries are worded
    from it: "Changed summary"), or ``None`` for the whole inspection.
    """

    headers = HEADERS

    def __init__(
        self,
        controller: InspectionController,
        history_filter: HistoryFilter = HistoryFilter(zone=None),
        viewpoint: str | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.controller = controller
        self.history_filter = history_filter
        self.viewpoint = viewpoint
        self._total = 0
        self._reload()
        # Bound methods, never lambdas: Qt drops a connection to a method of a
        # QObject when the object is deleted (a closed History… dialog deletes it).
        for signal in (
            controller.evidence_changed,
            controller.evidence_added,
            controller.evidence_removed,
            controller.judgment_changed,
            controller.findings_changed,
            controller.inspection_changed,
        ):
            signal.connect(self._changed)

    @property
    def history(self):
        return self.controller.inspection.history

    @property
    def total(self) -> int:
        """How many entries match the filter (not just those fetched)."""
        return self._total

    def set_filter(self, history_filter: HistoryFilter) -> None:
        if history_filter != self.history_filter:
            self.history_filter = history_filter
            self.reload()

    def _changed(self, *_args) -> None:
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._reload()
        self.endResetModel()

    def _reload(self) -> None:
        self._total = self.history.count(self.history_filter)
        self._rows = self.history.page(self.history_filter, 0, PAGE_SIZE)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid():
            return
        page = self.history.page(self.history_filter, len(self._rows), PAGE_SIZE)
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def entry_at(self, row: int) -> HistoryEntry | None:
        return self.row_at(row)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        entry = self.entry_at(index.row()) if index.isValid() else None
        if entry is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return change_text(entry, None, self.viewpoint) if column == CHANGE_COLUMN else None
        if column == 0:
            return local_text(entry.changed_at)
        if column == 1:
            return entry.actor
        if column == 2:
            return describe(entry, self.viewpoint)
        if column == CHANGE_COLUMN:
            return change_text(entry, viewpoint=self.viewpoint)
        return entry.reason
