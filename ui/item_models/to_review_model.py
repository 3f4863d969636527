"""The lead's To review list as a table: what, where, what it says, who and when.

The list is short (open notes and the findings and judgments not signed off), so
it is held whole and filtered by kind in the model.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.history import local_text
from models.review.notes import ToReviewEntry, ToReviewKind
from ui.item_models.read_only_table_model import ReadOnlyTableModel

#: A shape for each kind of entry, read before its words.
MARKS = {
    ToReviewKind.OPEN_NOTE: "✎",
    ToReviewKind.UNSIGNED_FINDING: "○",
    ToReviewKind.UNSIGNED_JUDGMENT: "○",
}


class ToReviewModel(ReadOnlyTableModel):
    """Entries of the To review tab; ``UserRole`` gives the entry itself."""

    headers = ("What", "Where", "Says", "Who", "When")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[ToReviewEntry] = []
        self._kind: ToReviewKind | None = None

    def set_entries(self, entries: list[ToReviewEntry]) -> None:
        self._all = list(entries)
        self._refilter()

    def set_kind(self, kind: ToReviewKind | None) -> None:
        self._kind = kind
        self._refilter()

    def counts(self) -> dict[ToReviewKind, int]:
        """Entries of each kind before the filter."""
        found = dict.fromkeys(ToReviewKind, 0)
        for entry in self._all:
            found[entry.kind] += 1
        return found

    def _refilter(self) -> None:
        self.beginResetModel()
        self._rows = [e for e in self._all if self._kind is None or e.kind is self._kind]
        self.endResetModel()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        entry = self.row_at(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return entry
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == 0:
                return f"{MARKS[entry.kind]} {entry.kind.label}"
            if column == 1:
                return entry.subject
            if column == 2:
                return entry.text
            if column == 3:
                return entry.who or "—"
            return local_text(entry.when) if entry.when else ""
        return None
