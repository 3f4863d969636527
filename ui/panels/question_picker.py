"""A dialog to choose the questions an item is linked to, from a checkable tree."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from models.framework import Framework


class QuestionPickerDialog(QDialog):
    """Tick the questions that apply; ``chosen_codes()`` returns them in framework order."""

    def __init__(self, framework: Framework, chosen: tuple[str, ...], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Link to questions")
        self.resize(640, 560)
        self.framework = framework
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Questions to link")
        self.tree.setHeaderHidden(True)
        self._items: dict[str, QTreeWidgetItem] = {}
        for q in framework.questions:
            parent_item = (
                self._items.get(q.parent_code) if q.parent_code is not None else None
            ) or self.tree.invisibleRootItem()
            item = QTreeWidgetItem(parent_item, [f"{q.code}  {q.title}"])
            item.setData(0, Qt.ItemDataRole.UserRole, q.code)
            item.setCheckState(
                0, Qt.CheckState.Checked if q.code in chosen else Qt.CheckState.Unchecked
            )
            item.setToolTip(0, q.guidance or q.title)
            self._items[q.code] = item
        self.tree.expandAll()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)

    def set_checked(self, code: str, checked: bool) -> None:
        self._items[code].setCheckState(
            0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        )

    def chosen_codes(self) -> tuple[str, ...]:
        return tuple(
            q.code
            for q in self.framework.questions
            if self._items[q.code].checkState(0) == Qt.CheckState.Checked
        )
