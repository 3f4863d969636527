"""The list of reviewed case files of one checklist: paged in from storage as the view
scrolls, searched and filtered by re-querying, never loaded whole.

Also the small fixed list of the files behind one answer of a result, which the use
case returns whole (it is bounded), with the same columns.
"""

from __future__ import annotations

from functools import cache
from typing import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer

from models.case_reviews.query import CaseFileQuery
from storage.operations import InspectionFile
from storage.operations import case_reviews as reviews
from ui.item_models.evidence_row_delegates import lock_icon
from ui.item_models.read_only_table_model import ReadOnlyTableModel

PAGE_SIZE = 200
CASE_FILE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


@cache
def _lock():
    return lock_icon()  # drawn once, when the first sensitive file is shown


def _day(row: reviews.CaseFileRow) -> str:
    return "" if row.reviewed_on is None else row.reviewed_on.strftime("%d %b %Y")


def _progress(row: reviews.CaseFileRow) -> str:
    mark = "✓ " if row.progress.complete else ""
    return f"{mark}{row.progress.text}"


#: (header, what a row shows)
COLUMNS: tuple[tuple[str, Callable[[reviews.CaseFileRow], str]], ...] = (
    ("Case reference", lambda r: r.case_reference),  # a sensitive one has a lock beside it
    ("Crime type", lambda r: r.crime_type),
    ("Reviewed", _day),
    ("By", lambda r: r.reviewer),
    ("Answered", _progress),
)
PROGRESS_COLUMN = 4


class CaseFileRowsModel(ReadOnlyTableModel):
    """A fixed list of reviewed files (``UserRole`` gives the row, the id role its id)."""

    headers = tuple(c[0] for c in COLUMNS)

    def set_rows(self, rows: list[reviews.CaseFileRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(COLUMNS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = COLUMNS[index.column()][1](row)
            if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
                return row.case_reference + (", sensitive" if row.sensitive else "")
            if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == PROGRESS_COLUMN:
                return f"{row.progress.text} items answered"
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == PROGRESS_COLUMN:
                return f"{row.progress.text} applicable items answered"
            if index.column() == 0 and row.sensitive:
                return "Marked sensitive"
            return None
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and row.sensitive:
            return _lock()
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == CASE_FILE_ID_ROLE:
            return row.id
        return None

    def row_of(self, case_file_id: str) -> int:
        return next((n for n, r in enumerate(self._rows) if r.id == case_file_id), -1)


class CaseFileTableModel(CaseFileRowsModel):
    """The files a :class:`CaseFileQuery` asks for, latest review first, fetched a page
    at a time as the view scrolls (``canFetchMore``/``fetchMore``)."""

    def __init__(self, inspection_of: Callable[[], InspectionFile], parent=None):
        super().__init__(parent)
        self._inspection_of = inspection_of
        self.query: CaseFileQuery | None = None
        self.total = 0
        self._resetting = False

    def set_query(self, query: CaseFileQuery | None) -> None:
        self.query = query
        self.reload()

    def reload(self, keep: int = 0) -> None:
        """Read the list afresh: the first page, or the first ``keep`` rows (what the view
        shows; the rest is fetched again as it scrolls)."""
        self._resetting = True
        self.beginResetModel()
        try:
            self._rows = []
            self.total = 0
            if self.query is not None:
                self._read_first(keep)
        finally:
            try:
                self.endResetModel()
            finally:
                self._resetting = False

    def _read_first(self, keep: int) -> None:
        assert self.query is not None
        inspection = self._inspection_of()
        self.total = reviews.count_case_files(inspection, self.query)
        wanted = min(self.total, keep if keep > 0 else PAGE_SIZE)
        while len(self._rows) < wanted:
            page = reviews.case_file_page(
                inspection, self.query, len(self._rows), min(1000, wanted - len(self._rows))
            )
            if not page:
                break
            self._rows.extend(page)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802 - Qt's name
        if parent.isValid() or self.query is None:
            return
        if self._resetting:
            # A view scrolled to its end asks for more while the reset is still being
            # announced; rows inserted then would reach the other listeners before the
            # reset itself. Fetch them once the reset is done.
            QTimer.singleShot(0, self, self.fetchMore)
            return
        page = reviews.case_file_page(self._inspection_of(), self.query, len(self._rows), PAGE_SIZE)
        if not page:
            self.total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()
