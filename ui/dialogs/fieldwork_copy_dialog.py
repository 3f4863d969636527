"""File ▸ Create fieldwork copy for…: a copy of the inspection for one member of the team.

The copy is then written in the background, with progress and Cancel, from the file
on disk, with everything shown as saved already in it
(:mod:`ui.workflows.fieldwork_copy_runner`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ui.editing.inspection_controller import InspectionController


class FieldworkCopyDialog(QDialog):
    """Choose the team member and where the copy goes."""

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Create fieldwork copy")
        self.controller = controller
        self.member = QComboBox()
        self.member.setAccessibleName("Team member the copy is for")
        for m in controller.inspection.team.list():
            self.member.addItem(m.label, m.initials)
        self.path = QLineEdit()
        self.path.setAccessibleName("Copy file")
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Choose where to save the copy")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #C62828")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&For", self.member)
        form.addRow("File", row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create copy")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if self.member.count() == 0:
            layout.addWidget(
                QLabel(
                    "Add the team first (Inspection ▸ Team…): a copy is made "
                    "for one member of the team."
                )
            )
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        browse.clicked.connect(self._browse)
        self.member.currentIndexChanged.connect(self._suggest)
        self._suggest()
        self.resize(560, self.sizeHint().height())

    def _suggest(self, *_args) -> None:
        initials = self.member.currentData() or ""
        # Beside the master: the folder the lead keeps the inspection in.
        folder = self.controller.inspection.path.parent
        stem = self.controller.inspection.path.stem
        self.path.setText(str(folder / f"{stem} - {initials}.inspection"))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the fieldwork copy as", self.path.text(), "Inspections (*.inspection)"
        )
        if path:
            self.path.setText(path if path.endswith(".inspection") else path + ".inspection")

    def chosen_path(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix == ".inspection" else path.with_name(path.name + ".inspection")

    def _accept(self) -> None:
        path = self.chosen_path()
        if path.exists():
            self.error.setText(f"{path} already exists; choose another name.")
        elif not path.parent.is_dir():
            self.error.setText(f"The folder {path.parent} does not exist.")
        else:
            self.accept()
