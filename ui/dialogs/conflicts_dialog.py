"""Inspection ▸ Merge conflicts…: review items changed in two copies and settle each one.

For every conflict the dialog shows what differs between the version kept as
current and the other version set aside by the merge; the user keeps the
current one or takes the other.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from models.merging.outcome import Conflict
from storage.operations import StorageError, list_merge_conflicts, resolve_merge_conflict
from ui.editing.inspection_controller import InspectionController


def _shown(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 300 else text[:297] + "…"


class ConflictsDialog(QDialog):
    """Unresolved conflicts, the fields that differ, and Keep current / Take other."""

    resolved = Signal()  # data may have changed: views should reload

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Merge conflicts")
        self.resize(780, 520)
        self.controller = controller
        self.list = QListWidget()
        self.list.setAccessibleName("Unresolved conflicts")
        self.fields = QTableWidget(0, 3)
        self.fields.setAccessibleName("Fields that differ")
        self.fields.setHorizontalHeaderLabels(["Field", "Current", "Other version"])
        self.fields.horizontalHeader().setStretchLastSection(True)
        self.fields.setColumnWidth(1, 280)
        self.fields.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.fields.verticalHeader().hide()
        self.keep_current = QPushButton("Keep current")
        self.keep_current.setAccessibleName("Keep the current version")
        self.take_other = QPushButton("Take the other version")
        self.take_other.setAccessibleName("Take the other version")
        self.empty = QLabel("No conflicts to review.")
        choice = QHBoxLayout()
        choice.addStretch(1)
        choice.addWidget(self.keep_current)
        choice.addWidget(self.take_other)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.fields, 2)
        layout.addLayout(choice)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        self.keep_current.clicked.connect(lambda: self.resolve("current"))
        self.take_other.clicked.connect(lambda: self.resolve("other"))
        self.refresh()

    def refresh(self) -> None:
        self.conflicts: list[Conflict] = list_merge_conflicts(self.controller.inspection)
        self.list.clear()
        for c in self.conflicts:
            source = f" — other version from {c.other_source}" if c.other_source else ""
            self.list.addItem(QListWidgetItem(f"{c.kind.label}: {c.label}{source}"))
        self.empty.setVisible(not self.conflicts)
        if self.conflicts:
            self.list.setCurrentRow(0)
        else:
            self._show(-1)

    def _show(self, row: int) -> None:
        conflict = self.conflicts[row] if 0 <= row < len(self.conflicts) else None
        self.keep_current.setEnabled(conflict is not None)
        self.take_other.setEnabled(conflict is not None)
        names = conflict.differing_fields if conflict else ()
        self.fields.setRowCount(len(names))
        for i, name in enumerate(names):
            for column, text in enumerate(
                (
                    name.replace("_", " "),
                    _shown(conflict.current.get(name)),
                    _shown(conflict.other.get(name)),
                )
            ):
                self.fields.setItem(i, column, QTableWidgetItem(text))

    def resolve(self, keep: str) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.conflicts):
            return
        try:
            resolve_merge_conflict(self.controller.inspection, self.conflicts[row].id, keep)
        except (StorageError, ValueError) as e:
            QMessageBox.warning(self, "Conflict not resolved", str(e))
            return
        self.resolved.emit()
        self.refresh()
