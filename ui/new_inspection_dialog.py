"""File ▸ New inspection: choose the framework, name the force and period, pick the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout)

from models.framework import Framework

FILE_FILTER = "Inspections (*.inspection)"


class NewInspectionDialog(QDialog):
    """Collects what a new inspection needs; the caller creates it."""

    def __init__(self, frameworks: list[Framework], parent=None):
        super().__init__(parent)
        self.setWindowTitle("New inspection")
        self.frameworks = frameworks
        self.framework = QComboBox()
        self.framework.setAccessibleName("Framework")
        for f in frameworks:
            self.framework.addItem(f.title, f.id)
        self.force = QLineEdit(placeholderText="e.g. Hampshire Constabulary")
        self.force.setAccessibleName("Force")
        self.title = QLineEdit(placeholderText="Optional; made from the force and framework")
        self.title.setAccessibleName("Inspection title")
        self.period = QLineEdit(placeholderText="e.g. 2015/16")
        self.period.setAccessibleName("Period")
        self.has_dates = QCheckBox("Fieldwork dates known")
        self.has_dates.setAccessibleName("Fieldwork dates known")
        today = QDate.currentDate()
        self.fieldwork_start = QDateEdit(today, calendarPopup=True, displayFormat="d MMM yyyy")
        self.fieldwork_end = QDateEdit(today.addDays(14), calendarPopup=True,
                                       displayFormat="d MMM yyyy")
        self.fieldwork_start.setAccessibleName("Fieldwork start")
        self.fieldwork_end.setAccessibleName("Fieldwork end")
        self.path = QLineEdit()
        self.path.setAccessibleName("File")
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Choose where to save the inspection")
        self.error = QLabel()
        self.error.setStyleSheet("color: #C62828")
        self.error.setWordWrap(True)

        dates = QHBoxLayout()
        dates.addWidget(self.has_dates)
        dates.addWidget(self.fieldwork_start)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.fieldwork_end)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Framework", self.framework)
        form.addRow("F&orce", self.force)
        form.addRow("&Title", self.title)
        form.addRow("&Period", self.period)
        form.addRow("Fieldwork", dates)
        form.addRow("File", file_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        browse.clicked.connect(self._browse)
        self.force.textEdited.connect(self._suggest_path)
        self.has_dates.toggled.connect(self._dates_toggled)
        self._dates_toggled(False)
        self._path_touched = False
        self.path.textEdited.connect(lambda _t: setattr(self, "_path_touched", True))

    def _dates_toggled(self, on: bool) -> None:
        self.fieldwork_start.setEnabled(on)
        self.fieldwork_end.setEnabled(on)

    def _suggest_path(self, force: str) -> None:
        if self._path_touched:
            return
        folder = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
        name = "".join(c for c in force if c.isalnum() or c in " -_").strip() or "Inspection"
        self.path.setText(str(folder / f"{name}.inspection"))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the new inspection as",
                                              self.path.text(), FILE_FILTER)
        if path:
            self._path_touched = True
            self.path.setText(path if path.endswith(".inspection") else path + ".inspection")

    def _accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            return
        self.accept()

    def problem(self) -> str | None:
        if not self.force.text().strip():
            return "Give the name of the force being inspected."
        if not self.path.text().strip():
            return "Choose where to save the inspection file."
        path = self.chosen_path()
        if path.exists():
            return f"{path} already exists; choose another name."
        if not path.parent.is_dir():
            return f"The folder {path.parent} does not exist."
        if self.has_dates.isChecked() and self.fieldwork_end.date() < self.fieldwork_start.date():
            return "Fieldwork cannot end before it starts."
        return None

    # -- results ----------------------------------------------------------------
    def chosen_framework(self) -> Framework:
        return self.frameworks[self.framework.currentIndex()]

    def chosen_path(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix == ".inspection" else path.with_name(path.name + ".inspection")

    def values(self) -> dict:
        dates = self.has_dates.isChecked()
        return dict(force=self.force.text().strip(), title=self.title.text().strip(),
                    period=self.period.text().strip(),
                    fieldwork_start=self.fieldwork_start.date().toPython() if dates else None,
                    fieldwork_end=self.fieldwork_end.date().toPython() if dates else None)
