"""Inspection ▸ Planned methods…: which kinds of evidence the team planned to gather under
each core question, so the judgment checks can say where a planned method is still missing.

A grid of core questions against source types; a ticked cell is a planned method (Space
ticks the current cell). OK saves the whole plan as one step of Edit ▸ Undo.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.vocabulary import SourceType
from storage.operations import StorageError
from ui.editing.inspection_controller import InspectionController
from ui.item_models.coverage_model import short_title, two_lines

SOURCES = tuple(SourceType)


class PlannedMethodsDialog(QDialog):
    """The plan as a grid of tick boxes; OK writes it through the controller."""

    def __init__(
        self,
        controller: InspectionController,
        parent: QWidget | None = None,
        read_only: bool = False,
    ):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Planned methods" + (" (read-only)" if read_only else ""))
        self.questions = controller.framework.core_questions()
        plan = controller.inspection.planned_methods.plan()
        intro = QLabel(
            "Tick the kinds of evidence the team plans to gather under each core question. "
            "The Checks tab then says where a planned method has no evidence yet."
        )
        intro.setWordWrap(True)
        self.grid = QTableWidget(len(self.questions), len(SOURCES))
        self.grid.setAccessibleName("Planned methods by core question and source type")
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setHorizontalHeaderLabels([two_lines(s.label) for s in SOURCES])
        self.grid.setVerticalHeaderLabels(
            [f"{q.code}  {short_title(q.title, 56)}" for q in self.questions]
        )
        for row, question in enumerate(self.questions):
            planned = plan.get(question.code, frozenset())
            self.grid.verticalHeaderItem(row).setToolTip(question.label)
            for column, source in enumerate(SOURCES):
                cell = QTableWidgetItem()
                editable = Qt.ItemFlag.NoItemFlags if read_only else Qt.ItemFlag.ItemIsUserCheckable
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | editable)
                cell.setCheckState(
                    Qt.CheckState.Checked if source in planned else Qt.CheckState.Unchecked
                )
                cell.setToolTip(f"{question.code}: {source.label}")
                self.grid.setItem(row, column, cell)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not read_only)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(1000, 120 + 34 * max(4, len(self.questions)))

    def plan(self) -> dict[str, frozenset[SourceType]]:
        """The plan as ticked: core question code -> source types."""
        found: dict[str, frozenset[SourceType]] = {}
        for row, question in enumerate(self.questions):
            ticked = frozenset(
                source
                for column, source in enumerate(SOURCES)
                if self.grid.item(row, column).checkState() == Qt.CheckState.Checked
            )
            if ticked:
                found[question.code] = ticked
        return found

    def accept(self) -> None:
        try:
            self.controller.set_plan(self.plan())
        except StorageError as e:  # e.g. the file became read-only: say so, keep the ticks
            self.error.setText(f"Not saved: {e}")
            self.error.show()
            return
        super().accept()


def open_planned_methods(
    controller: InspectionController, parent: QWidget, read_only: bool = False
) -> PlannedMethodsDialog:
    """Show the dialog (window-modal) and return it."""
    dialog = PlannedMethodsDialog(controller, parent, read_only)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
