"""The table of one evidence item's attached files: name, type, size and when it was added.

An item has a handful of files, so the model holds them all; it is refilled
from storage whenever the item or its files change.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from models.evidence.attachment import Attachment
from models.history import parse_stored_time

COLUMNS = ("Name", "Type", "Size", "Added")
NAME, TYPE, SIZE, ADDED = range(len(COLUMNS))


def added_text(stamp: str) -> str:
    """When a file was attached, in this computer's local time as the history shows it."""
    try:
        return parse_stored_time(stamp).astimezone().strftime("%d %b %Y %H:%M")
    except (TypeError, ValueError):
        return stamp or ""


class AttachmentTableModel(QAbstractTableModel):
    """Read-only rows of :class:`Attachment` records."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Attachment] = []

    def set_attachments(self, attachments: list[Attachment]) -> None:
        self.beginResetModel()
        self._rows = list(attachments)
        self.endResetModel()

    def attachment_at(self, row: int) -> Attachment | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, attachment_id: str) -> int | None:
        return next((i for i, a in enumerate(self._rows) if a.id == attachment_id), None)

    # -- QAbstractTableModel -------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid():
            return None
        attachment = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                attachment.name,
                attachment.type_text,
                attachment.size_text,
                added_text(attachment.created_at),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == TYPE:
                return attachment.media_type
            if column == SIZE:
                return f"{attachment.size:,} bytes"
            return attachment.name if column == NAME else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None
