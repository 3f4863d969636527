"""File ▸ New inspection: choose the framework, name the force and period, pick the file.

The framework list holds the built-in and the installed frameworks; *From a
framework workbook…* checks a workbook, lists its problems in the dialog or
installs its framework and selects it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
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
from storage.operations import (
    FrameworkAlreadyInstalledError,
    FrameworkInstallError,
    FrameworkWorkbookError,
    available_frameworks,
    builtin_frameworks,
    import_framework,
    library_problems,
)
from ui.panels.inspection_details_form import InspectionDetailsForm
from ui.window.file_filters import INSPECTION_FILTER, WORKBOOK_FILTER
from ui.window.folders import remember_folder, start_folder
from ui.window.settings import AppSettings

FILE_FILTER = INSPECTION_FILTER


class NewInspectionDialog(QDialog):
    """Collects what a new inspection needs; the caller creates it."""

    def __init__(
        self, frameworks: list[Framework], parent=None, settings: AppSettings | None = None
    ):
        super().__init__(parent)
        self.settings = settings if settings is not None else getattr(parent, "settings", None)
        self.setWindowTitle("New inspection")
        self.frameworks: list[Framework] = []
        self._builtin = {(f.id, f.version) for f in builtin_frameworks()}
        self.framework = QComboBox()
        self.framework.setAccessibleName("Framework")
        self.set_frameworks(frameworks)
        self.from_workbook = QPushButton("From a framework &workbook…")
        self.from_workbook.setAccessibleName("Install a framework from a framework workbook")
        self.from_workbook.setToolTip(
            "Check a framework workbook made in Excel and install its framework"
        )
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
        self.details = InspectionDetailsForm()
        self.force, self.title, self.period = (
            self.details.force,
            self.details.title,
            self.details.period,
        )
        self.fieldwork_start = self.details.fieldwork_start
        self.fieldwork_end = self.details.fieldwork_end
        self.path = QLineEdit()
        self.path.setAccessibleName("File")
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Choose where to save the inspection")
        self.error = QLabel()
        self.error.setStyleSheet("color: #C62828")
        self.error.setWordWrap(True)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        framework_row = QHBoxLayout()
        framework_row.addWidget(self.framework, 1)
        framework_row.addWidget(self.from_workbook)
        form = QFormLayout()
        framework_label = QLabel("&Framework")
        framework_label.setBuddy(self.framework)  # a row that is a layout needs its buddy
        form.addRow(framework_label, framework_row)
        form.addRow("", self.library_note)
        form.addRow(self.details)
        form.addRow("File", file_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
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
        self._path_touched = False
        self.path.textEdited.connect(lambda _t: setattr(self, "_path_touched", True))

    # -- frameworks ---------------------------------------------------------------
    def set_frameworks(self, frameworks: list[Framework], select: Framework | None = None) -> None:
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
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Install a framework from a workbook",
            str(start_folder(self.settings)),
            WORKBOOK_FILTER,
        )
        if path:
            remember_folder(self.settings, path)
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
            framework = import_framework(path, replace=self._may_replace(path)).framework
        except FrameworkWorkbookError as e:
            count = len(e.problems)
            self.error.setText(
                f"Nothing was installed: {path.name} has {count} "
                f"problem{'s' if count != 1 else ''} to fix first."
            )
            self.workbook_problems.addItems(e.problems)
            self.workbook_problems.show()
            return None
        except FrameworkAlreadyInstalledError:
            self.error.setText("Nothing was installed.")
            return None
        except FrameworkInstallError as e:
            self.error.setText(f"Nothing was installed: {e}")
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.set_frameworks(available_frameworks(), select=framework)
        return framework

    def _may_replace(self, path: Path):
        """Asks whether a framework already installed is to be replaced by the workbook's."""

        def ask(framework: Framework) -> bool:
            QApplication.restoreOverrideCursor()  # a question wants the ordinary cursor
            try:
                answer = QMessageBox.question(
                    self,
                    "Replace the installed framework?",
                    f"{framework.title} ({framework.id}) is already installed. Replace it "
                    f"with the one in {path.name}? Inspections already started keep their "
                    "own copy.",
                )
            finally:
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            return answer == QMessageBox.StandardButton.Yes

        return ask

    # -- the rest of the form -----------------------------------------------------
    def _suggest_path(self, force: str) -> None:
        if self._path_touched:
            return
        folder = start_folder(self.settings)
        name = "".join(c for c in force if c.isalnum() or c in " -_").strip() or "Inspection"
        self.path.setText(str(folder / f"{name}.inspection"))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save the new inspection as",
            self.path.text() or str(start_folder(self.settings)),
            FILE_FILTER,
        )
        if path:
            remember_folder(self.settings, path)
            self._path_touched = True
            self.path.setText(path if path.endswith(".inspection") else path + ".inspection")

    def _accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            return
        self.accept()

    def problem(self) -> str | None:
        details = self.details.problem()
        if details is not None:
            return details
        if not self.path.text().strip():
            return "Choose where to save the inspection file."
        path = self.chosen_path()
        if path.exists():
            return f"{path} already exists; choose another name."
        if not path.parent.is_dir():
            return f"The folder {path.parent} does not exist."
        return None

    # -- results ----------------------------------------------------------------
    def chosen_framework(self) -> Framework:
        return self.frameworks[self.framework.currentIndex()]

    def chosen_path(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix == ".inspection" else path.with_name(path.name + ".inspection")

    def values(self) -> dict:
        return self.details.values()
