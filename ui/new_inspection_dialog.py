"""File ▸ New inspection: choose the framework, name the force and period, pick the file.

The framework list holds the built-in and the installed frameworks; *From a
framework workbook…* checks a workbook, lists its problems in the dialog or
installs its framework and selects it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from models.framework import Framework
from storage.frameworks.library import (
    FrameworkAlreadyInstalledError,
    FrameworkInstallError,
    available_frameworks,
    builtin_frameworks,
    install_framework,
    library_problems,
)
from storage.frameworks.workbook import FrameworkWorkbookError, read_framework_workbook
from ui.file_filters import INSPECTION_FILTER, WORKBOOK_FILTER

FILE_FILTER = INSPECTION_FILTER


class NewInspectionDialog(QDialog):
    """Collects what a new inspection needs; the caller creates it."""

    def __init__(self, frameworks: list[Framework], parent=None):
        super().__init__(parent)
        self.setWindowTitle("New inspection")
        self.frameworks: list[Framework] = []
        self._builtin = {(f.id, f.version) for f in builtin_frameworks()}
        self.framework = QComboBox()
        self.framework.setAccessibleName("Framework")
        self.set_frameworks(frameworks)
        self.from_workbook = QPushButton("From a framework &workbook…")
        self.from_workbook.setAccessibleName("Install a framework from a framework workbook")
        self.from_workbook.setToolTip("Check a framework workbook made in Excel and install "
                                      "its framework")
        self.workbook_problems = QListWidget()
        self.workbook_problems.setAccessibleName("Framework workbook problems")
        self.workbook_problems.setWordWrap(True)
        self.workbook_problems.hide()
        self.library_note = QLabel()
        self.library_note.setWordWrap(True)
        self.library_note.setTextFormat(Qt.TextFormat.PlainText)
        self.library_note.setAccessibleName("Installed frameworks that could not be read")
        skipped = library_problems()
        self.library_note.setText("\n".join(skipped))
        self.library_note.setVisible(bool(skipped))
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
        framework_row = QHBoxLayout()
        framework_row.addWidget(self.framework, 1)
        framework_row.addWidget(self.from_workbook)
        form = QFormLayout()
        form.addRow("&Framework", framework_row)
        form.addRow("", self.library_note)
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
        layout.addWidget(self.workbook_problems)
        layout.addWidget(self.buttons)

        browse.clicked.connect(self._browse)
        self.from_workbook.clicked.connect(self._choose_workbook)
        self.force.textEdited.connect(self._suggest_path)
        self.has_dates.toggled.connect(self._dates_toggled)
        self._dates_toggled(False)
        self._path_touched = False
        self.path.textEdited.connect(lambda _t: setattr(self, "_path_touched", True))

    # -- frameworks ---------------------------------------------------------------
    def set_frameworks(self, frameworks: list[Framework],
                       select: Framework | None = None) -> None:
        """Offer ``frameworks``, installed ones marked, and select ``select`` if given."""
        self.frameworks = list(frameworks)
        self.framework.clear()
        for f in self.frameworks:
            mark = "" if (f.id, f.version) in self._builtin else " — installed"
            self.framework.addItem(f"{f.title}{mark}", f.id)
        if select is not None:
            keys = [(f.id, f.version) for f in self.frameworks]
            self.framework.setCurrentIndex(keys.index((select.id, select.version)))

    def _choose_workbook(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Install a framework from a workbook", "",
                                              WORKBOOK_FILTER)
        if path:
            self.install_from_workbook(Path(path))

    def install_from_workbook(self, path: Path) -> Framework | None:
        """Check the workbook at ``path``; install and select its framework, or list its problems.

        Returns the installed framework, or ``None`` when nothing was installed.
        """
        path = Path(path)
        self.workbook_problems.clear()
        self.workbook_problems.hide()
        self.error.clear()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            framework = read_framework_workbook(path)
        except FrameworkWorkbookError as e:
            count = len(e.problems)
            self.error.setText(f"Nothing was installed: {path.name} has {count} "
                               f"problem{'s' if count != 1 else ''} to fix first.")
            self.workbook_problems.addItems(e.problems)
            self.workbook_problems.show()
            return None
        finally:
            QApplication.restoreOverrideCursor()
        try:
            try:
                install_framework(framework)
            except FrameworkAlreadyInstalledError:
                answer = QMessageBox.question(
                    self, "Replace the installed framework?",
                    f"{framework.title} ({framework.id}) is already installed. Replace it "
                    f"with the one in {path.name}? Inspections already started keep their "
                    "own copy.")
                if answer != QMessageBox.StandardButton.Yes:
                    self.error.setText("Nothing was installed.")
                    return None
                install_framework(framework, replace=True)
        except FrameworkInstallError as e:
            self.error.setText(f"Nothing was installed: {e}")
            return None
        self.set_frameworks(available_frameworks(), select=framework)
        return framework

    # -- the rest of the form -----------------------------------------------------
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
