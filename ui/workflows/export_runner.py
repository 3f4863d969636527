"""File ▸ Export draft judgment summary: ask where, export off the GUI thread, offer to open.

The export (``export_judgment_summary``) runs on a worker thread with its own
read-only connection; a progress dialog shows how far it got and Cancel stops it
with nothing left behind.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storage.operations import ExportResult, export_judgment_summary
from ui.workflows.job_runner import JobRunner
from ui.workflows.tasks import TaskHandle


def default_export_name(force: str, framework_name: str, today: date) -> str:
    name = f"{force} {framework_name} draft judgment summary {today.isoformat()}.xlsx"
    return "".join(c if c not in '<>:"/\\|?*' else "-" for c in name)


class ExportDialog(QDialog):
    """Where to write the workbook, and whether to include sensitive notes."""

    def __init__(self, default_path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Export draft judgment summary")
        self.path = QLineEdit(str(default_path))
        self.path.setAccessibleName("Export file")
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Choose export file")
        self.include_sensitive = QCheckBox("Include the notes of evidence marked sensitive")
        self.include_sensitive.setAccessibleName("Include sensitive notes")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.error = QLabel()
        self.error.setAccessibleName("Why the workbook cannot be written there")
        self.error.setStyleSheet("color: #B71C1C")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The workbook is marked OFFICIAL-SENSITIVE — DRAFT."))
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.include_sensitive)
        layout.addWidget(buttons)
        browse.clicked.connect(self._browse)
        self.resize(640, self.sizeHint().height())

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.path.text(), "Excel workbooks (*.xlsx)"
        )
        if path:
            self.path.setText(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def problem(self) -> str | None:
        """Why the workbook cannot be written where the dialog says, or ``None``."""
        if not self.path.text().strip():
            return "Choose where to write the workbook."
        path = self.chosen_path()
        if not path.parent.is_dir():
            return (
                f"The folder {path.parent} does not exist. Choose another folder with "
                "Browse…, or type one that exists."
            )
        if path.is_dir():
            return f"{path} is a folder; give the workbook a file name."
        return None

    def _accept(self) -> None:
        """Export only to somewhere that can take it; the dialog stays open otherwise."""
        problem = self.problem()
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
            return
        path = self.chosen_path()
        if path.exists():
            answer = QMessageBox.question(
                self,
                "Replace the workbook?",
                f"{path.name} already exists. Replace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.accept()

    def chosen_path(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


class ExportRunner(JobRunner):
    """Runs one export in the background with progress and Cancel, then offers to open it."""

    title = "Exporting"
    failure_title = "Export failed"
    failure = "Nothing was written."
    stopped_text = "Export cancelled; no file was written."

    def __init__(self, source: Path, parent: QWidget):
        super().__init__(parent, source)
        self.ask_to_open = True

    def default_path(self, inspection, settings=None) -> Path:
        """A new workbook beside the inspection (or where the person last saved one)."""
        from ui.window.folders import start_folder

        folder = start_folder(settings, inspection.path)
        details = inspection.inspection
        return folder / default_export_name(details.force, inspection.framework.name, date.today())

    def start(self, out: Path, include_sensitive: bool, generated_by: str) -> TaskHandle:
        source = self.source
        self.show_messages = self.ask_to_open
        return self.run(
            lambda progress: export_judgment_summary(
                source,
                out,
                include_sensitive=include_sensitive,
                generated_by=generated_by,
                progress=progress,
            ),
            "Exporting the draft judgment summary…",
        )

    def done(self, result: ExportResult) -> None:
        if not self.ask_to_open:
            return
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Export finished",
            f"Wrote {result.path.name}: {result.evidence_items} evidence items.",
            parent=self.window,
        )
        open_file = box.addButton("Open file", QMessageBox.ButtonRole.AcceptRole)
        open_folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
        elif box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path.parent)))


def ask_and_export(window) -> None:
    """File ▸ Export…: ask where (beside the inspection, or where the last export went),
    then export in the background through the window's ``start_export``."""
    from ui.window.folders import remember_folder

    controller = window.controller
    runner = ExportRunner(controller.inspection.path, window)
    dialog = ExportDialog(runner.default_path(controller.inspection, window.settings), window)
    if not dialog.exec():
        return
    remember_folder(window.settings, dialog.chosen_path())
    window.start_export(runner, dialog.chosen_path(), dialog.include_sensitive.isChecked())
