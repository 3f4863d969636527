"""Inspection ▸ Team: who is on the inspection team, under which initials and role."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from models.vocabulary import TeamRole
from storage.operations import StorageError
from ui.editing.inspection_controller import InspectionController


class TeamDialog(QDialog):
    """Lists the team; adds and removes members (each change is saved and undoable)."""

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Inspection team")
        self.resize(560, 420)
        self.controller = controller
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Team members")
        self.table.setHorizontalHeaderLabels(["Initials", "Name", "Role"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.initials = QLineEdit(placeholderText="JS")
        self.initials.setAccessibleName("New member's initials")
        self.initials.setMaximumWidth(70)
        self.name = QLineEdit(placeholderText="Name")
        self.name.setAccessibleName("New member's name")
        self.role = QComboBox()
        self.role.setAccessibleName("New member's role")
        for role in TeamRole:
            self.role.addItem(role.label, role.value)
        self.role.setCurrentIndex(self.role.findData(TeamRole.INSPECTOR.value))
        self.add_button = QPushButton("Add")
        self.add_button.setAccessibleName("Add team member")
        self.remove_button = QPushButton("Remove…")
        self.remove_button.setAccessibleName("Remove team member")
        add_row = QHBoxLayout()
        for widget in (self.initials, self.name, self.role, self.add_button):
            add_row.addWidget(widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.remove_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Initials mark each member's evidence (JS-0042) and whose fieldwork copy a file is."
            )
        )
        layout.addWidget(self.table)
        layout.addLayout(add_row)
        layout.addLayout(bottom)
        self.add_button.clicked.connect(self.add_member)
        self.name.returnPressed.connect(self.add_member)
        self.remove_button.clicked.connect(self.remove_selected)
        controller.team_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.members = self.controller.inspection.team.list()
        self.table.setRowCount(len(self.members))
        for row, member in enumerate(self.members):
            for column, text in enumerate((member.initials, member.name, member.role.label)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, member.id)
                self.table.setItem(row, column, item)
        self.remove_button.setEnabled(bool(self.members))

    def add_member(self) -> None:
        try:
            self.controller.add_team_member(
                self.initials.text(), self.name.text(), TeamRole(self.role.currentData())
            )
        except (StorageError, ValueError) as e:
            QMessageBox.warning(self, "Team member not added", str(e))
            return
        self.initials.clear()
        self.name.clear()
        self.initials.setFocus()

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        member = self.members[rows[0].row()]
        answer = QMessageBox.question(
            self,
            "Remove team member",
            f"Remove {member.label} from the team? Their evidence stays. You can undo this.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.controller.remove_team_member(member)
