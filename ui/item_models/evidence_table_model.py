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
from PySide6.QtGui import QFont

from models.evidence.query import EvidenceMarks, EvidenceQuery, EvidenceSort
from models.evidence.search_hits import SearchHit, find_hit, search_words
from models.records import Evidence
from models.vocabulary import Assessment
from ui.editing.attachment_commands import actions_for
from ui.editing.inspection_controller import InspectionController
from ui.item_models.read_only_table_model import ReadOnlyTableModel
from ui.panels.evidence_drag import EVIDENCE_MIME, evidence_mime

PAGE_SIZE = 200
#: Pages kept in memory; enough for several screens either side of the one in view.
CACHED_PAGES = 20
#: Rows whose marks are read together: a tall screenful of the list.
MARKS_WINDOW = 60
EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: (EvidenceMarks, sensitive) of a row, for the marks column.
MARKS_ROLE = Qt.ItemDataRole.UserRole + 2
#: The SearchHit of a row's summary, when a search is on.
HIT_ROLE = Qt.ItemDataRole.UserRole + 3

#: (header, sort key) per column; the marks column does not sort.
COLUMNS: list[tuple[str, EvidenceSort | None]] = [
    ("Ref", EvidenceSort.REF),
    ("Marks", None),
    ("Date", EvidenceSort.DATE),
    ("Source", EvidenceSort.SOURCE),
    ("Summary", EvidenceSort.SUMMARY),
    ("Assessment", EvidenceSort.ASSESSMENT),
    ("Questions", EvidenceSort.QUESTIONS),
    ("Author", EvidenceSort.AUTHOR),
]
REF_COLUMN, MARKS_COLUMN, SUMMARY_COLUMN = 0, 1, 4
MARKS_HEADER_TIP = (
    "Marks: sensitive (lock), files attached (clip) and findings the item "
    "supports (flag, with how many)"
)

_ANSWERED = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.FontRole,
        EVIDENCE_ID_ROLE,
        MARKS_ROLE,
        HIT_ROLE,
    }
)

_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
)

_ASSESSMENT_MARK = {
    Assessment.POSITIVE: "▲ Positive",
    Assessment.NEGATIVE: "▼ Negative",
    Assessment.NEUTRAL: "● Neutral",
}


class EvidenceTableModel(ReadOnlyTableModel):
    """Evidence matching a query; rows are fetched a page at a time when first shown."""

    headers = tuple(header for header, _ in COLUMNS)

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.query = EvidenceQuery()
        self._total = 0
        self._pages: OrderedDict[int, list[Evidence]] = OrderedDict()
        self._marks: dict[str, EvidenceMarks] = {}
        self._hits: dict[str, SearchHit] = {}
        self._words: list[str] = []
        self._reload()
        #: The item whose edit took it out of (or into) the list at the last reload.
        self.moved_id: str | None = None
        # One item added, brought back or deleted moves one row; many at once (an
        # import, its undo) read the list afresh.
        controller.evidence_counted.connect(self._counted)
        controller.evidence_recount.connect(self.reload)
        controller.evidence_changed.connect(self.refresh_item)
        controller.findings_changed.connect(self.refresh_marks)
        actions_for(controller).changed.connect(self.refresh_item)

    # -- querying ---------------------------------------------------------------
    def set_query(self, query: EvidenceQuery) -> None:
        if query != self.query:
            self.query = query
            self.reload()

    def _counted(self, before: Evidence | None, after: Evidence | None) -> None:
        """An item was added, brought back, deleted or edited.

        An edit may take an item out of the list (its questions now outside the one
        selected, a field no longer matching a filter) or into it: count again then, and
        read the list afresh when the count moved."""
        if before is None and after is not None:
            self._row_added(after)
            return
        if after is None and before is not None:
            self._row_removed(before.id)
            return
        if before is None or after is None or not self._may_move(before, after):
            return
        if self.controller.evidence.count(self.query) != self._total:
            self.moved_id = after.id
            self.reload()
            self.moved_id = None

    def _may_move(self, before: Evidence, after: Evidence) -> bool:
        q = self.query
        return bool(
            (q.question_code and before.question_codes != after.question_codes)
            or (q.source_types and before.source_type != after.source_type)
            or (q.assessments and before.assessment != after.assessment)
            or (q.author and before.author != after.author)
            or (
                q.text.strip()
                and (before.summary, before.notes, before.location)
                != (after.summary, after.notes, after.location)
            )
        )

    def _row_added(self, item: Evidence) -> None:
        """One item is new to the file (or back): a row where the query lists it, if it
        does, found with one query. The page holding it takes it in; the pages after it
        moved by a row and are read again when shown."""
        row = self.controller.evidence.position_of(self.query, item.id)
        if row is None or row > self._total:
            return
        self.beginInsertRows(QModelIndex(), row, row)
        self._total += 1
        number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(number)
        self._forget_pages_from(number + 1 if page is not None else number)
        if page is not None:
            page.insert(offset, item)
            for e in page[PAGE_SIZE:]:  # its last row now opens the next page
                self._marks.pop(e.id, None)
                self._hits.pop(e.id, None)
            del page[PAGE_SIZE:]
        self.endInsertRows()

    def _row_removed(self, evidence_id: str) -> None:
        """One item left the file: its row goes. Only a row held here is placed without
        reading; for an item never fetched the list is counted, and read afresh when
        the count moved."""
        row = self._cached_row(evidence_id)
        if row is None:
            if self.controller.evidence.count(self.query) != self._total:
                self.reload()
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        self._total -= 1
        self._forget_pages_from(row // PAGE_SIZE)
        self.endRemoveRows()

    def _forget_pages_from(self, first: int) -> None:
        """Drop the pages numbered ``first`` and after: their rows moved."""
        for number in [n for n in self._pages if n >= first]:
            for e in self._pages.pop(number):
                self._marks.pop(e.id, None)
                self._hits.pop(e.id, None)

    def _cached_row(self, evidence_id: str) -> int | None:
        for number, page in self._pages.items():
            for i, e in enumerate(page):
                if e.id == evidence_id:
                    return number * PAGE_SIZE + i
        return None

    def reload(self) -> None:
        self.beginResetModel()
        self._reload()
        self.endResetModel()

    def _reload(self) -> None:
        self._pages.clear()
        self._marks.clear()
        self._hits.clear()
        self._words = search_words(self.query.text)
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
        page = self.controller.evidence.page(
            self.query, number * PAGE_SIZE, PAGE_SIZE, total=self._total
        )
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            _, dropped = self._pages.popitem(last=False)
            for e in dropped:
                self._marks.pop(e.id, None)
                self._hits.pop(e.id, None)
        return page

    def refresh_marks(self) -> None:
        """Findings changed: read the marks of the rows shown so far again."""
        ids = list(self._marks)
        if not ids:
            return
        self._marks.update(self.controller.evidence.marks(ids))
        self.dataChanged.emit(
            self.index(0, MARKS_COLUMN), self.index(self._total - 1, MARKS_COLUMN)
        )

    @property
    def cached_rows(self) -> int:
        """How many rows are held in memory right now."""
        return sum(len(page) for page in self._pages.values())

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return  # the marks do not sort; the list keeps its order
        self.set_query(
            replace(self.query, sort=key, descending=order == Qt.SortOrder.DescendingOrder)
        )

    def sort_column(self) -> int:
        """The column the list is sorted by now."""
        return [key for _header, key in COLUMNS].index(self.query.sort)

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
        cached = self._cached_row(evidence_id)
        if cached is not None:
            return cached
        position = self.controller.evidence.position_of(self.query, evidence_id)
        return position if position is not None and position < self._total else None

    def refresh_item(self, evidence_id: str) -> None:
        for number, page in self._pages.items():
            for i, e in enumerate(page):
                if e.id == evidence_id:
                    page[i] = self.controller.evidence.get(evidence_id)
                    self._marks.update(self.controller.evidence.marks([evidence_id]))
                    self._hits.pop(evidence_id, None)
                    row = number * PAGE_SIZE + i
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                    return

    # -- Qt model API -----------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total  # every match, fetched or not

    def row_at(self, row: int):
        return self.evidence_at(row)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and section == MARKS_COLUMN
        ):
            return MARKS_HEADER_TIP
        return super().headerData(section, orientation, role)

    def flags(self, index):
        # Asked for every cell a view paints or selects: answered without building flags.
        # Rows are dragged onto findings to link them.
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:
        return [EVIDENCE_MIME, "text/plain"]

    def mimeData(self, indexes):
        rows = sorted({i.row() for i in indexes if i.isValid()})
        items = [e for e in (self.evidence_at(r) for r in rows) if e is not None]
        return evidence_mime([e.id for e in items], [e.ref for e in items])

    def marks_of(self, row: int, evidence: Evidence) -> EvidenceMarks:
        """The row's marks, read with those of the rows after it that a view shows next
        (one query for a screenful, never one per row, and none for rows never shown)."""
        marks = self._marks.get(evidence.id)
        if marks is None:
            page = self._page(row // PAGE_SIZE)
            start = row % PAGE_SIZE
            ids = [e.id for e in page[start : start + MARKS_WINDOW]] or [evidence.id]
            found = self.controller.evidence.marks(ids)
            for evidence_id in ids:
                self._marks[evidence_id] = found.get(evidence_id, EvidenceMarks())
            marks = self._marks.get(evidence.id, EvidenceMarks())
        return marks

    def hit_of(self, evidence: Evidence) -> SearchHit | None:
        if not self._words:
            return None
        hit = self._hits.get(evidence.id)
        if hit is None:
            hit = find_hit(self._words, evidence.summary, evidence.location, evidence.notes)
            self._hits[evidence.id] = hit
        return hit

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # A view asks a dozen roles of every cell it paints: answer the ones this model
        # has nothing for before looking the row up.
        if role not in _ANSWERED or not index.isValid():
            return None
        e = self.evidence_at(index.row())
        if e is None:
            return None
        if role == EVIDENCE_ID_ROLE:
            return e.id
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(e, column)
        if role == MARKS_ROLE and column == MARKS_COLUMN:
            return self.marks_of(index.row(), e), e.sensitive
        if role == HIT_ROLE and column == SUMMARY_COLUMN:
            return self.hit_of(e)
        if (
            role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)
            and column == MARKS_COLUMN
        ):
            return self.marks_of(index.row(), e).in_words(e.sensitive)
        if role == Qt.ItemDataRole.ToolTipRole and column == SUMMARY_COLUMN:
            hit = self.hit_of(e)
            where = (
                (
                    f"\n\nFound in the {'place' if hit.field == 'location' else 'notes'}: "
                    f"{hit.excerpt}"
                )
                if hit is not None and hit.field
                else ""
            )
            return e.summary + (" (sensitive)" if e.sensitive else "") + where
        if (
            role == Qt.ItemDataRole.FontRole
            and column == REF_COLUMN
            and self.query.text.strip().upper() == e.ref
        ):
            font = QFont()
            font.setBold(True)  # the row is here because its ref was typed
            return font
        return None

    @staticmethod
    def _display(e: Evidence, column: int) -> str:
        if column == 0:
            return e.ref
        if column == MARKS_COLUMN:
            return ""
        if column == 2:
            return e.collected_on.isoformat() if e.collected_on else ""
        if column == 3:
            return e.source_type.label
        if column == SUMMARY_COLUMN:
            return e.summary.replace("\n", " ")
        if column == 5:
            return _ASSESSMENT_MARK[e.assessment]
        if column == 6:
            return ", ".join(e.question_codes)
        return e.author
