"""History… of one evidence item, finding or judgment: every change, newest first.

The table shows each change in a line (values shortened); selecting a row
shows the whole old and new text below it, since a changed note or rationale
is often long. The dialog is not modal, so it can stay open beside the editor,
and follows changes as they are made.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.history import EMPTY, HistoryFilter, field_name, readable
from ui.editing.inspection_controller import InspectionController
from ui.item_models.history_table_model import HistoryTableModel


class HistoryTable(QWidget):
    """The history table and, below it, the full old and new value of the selected row."""

    def __init__(self, model: HistoryTableModel, name: str, parent=None):
        super().__init__(parent)
        self.model = model
        self.table = QTableView()
        self.table.setAccessibleName(name)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 150), (1, 50), (2, 260)):
            self.table.setColumnWidth(column, width)
        self.detail = QPlainTextEdit(readOnly=True)
        self.detail.setAccessibleName("Full old and new value")
        self.detail.setPlaceholderText("Select a change to see the whole old and new value.")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.table.selectionModel().selectionChanged.connect(self._show_detail)
        model.modelReset.connect(self._show_detail)

    def _show_detail(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        entry = self.model.entry_at(rows[0].row()) if rows else None
        if entry is None:
            self.detail.clear()
            return
        lines = []
        if entry.old_value is not None:
            lines += [
                f"Old {field_name(entry.field)}:".replace("Old :", "Old:"),
                readable(entry.field, entry.old_value),
                "",
            ]
        if entry.new_value is not None:
            lines += [
                f"New {field_name(entry.field)}:".replace("New :", "New:"),
                readable(entry.field, entry.new_value),
                "",
            ]
        if entry.reason:
            lines += [f"Why: {entry.reason}"]
        self.detail.setPlainText("\n".join(lines).strip() or EMPTY)


class HistoryDialog(QDialog):
    """The history of one item (and of the findings that link it, for evidence)."""

    def __init__(self, controller: InspectionController, entity_id: str, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"History of {title}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 520)
        self.model = HistoryTableModel(
            controller,
            HistoryFilter(entity_id=entity_id, zone=None),
            viewpoint=entity_id,
            parent=self,
        )
        self.view = HistoryTable(self.model, f"History of {title}")
        note = QLabel("Times are this computer's local time. The history cannot be edited.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)


def show_history(
    parent: QWidget, controller: InspectionController, entity_id: str, title: str
) -> HistoryDialog:
    """Open (non-modal) the history of one item and return the dialog."""
    dialog = HistoryDialog(controller, entity_id, title, parent)
    dialog.show()
    return dialog
