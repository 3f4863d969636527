"""Inspection ▸ Details…: the inspection's title, force, period and fieldwork dates.

Changed details are saved as one step on Edit ▸ Undo and recorded in the
change history (History… shows those changes). The framework is shown but not
changed here: an inspection keeps the framework it was started with.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from storage.operations import StorageError
from ui.dialogs.history_dialog import show_history
from ui.editing.inspection_controller import InspectionController
from ui.panels.date_field import ERROR_STYLE
from ui.panels.inspection_details_form import InspectionDetailsForm


class DetailsDialog(QDialog):
    """Edits the details of the open inspection; OK saves them, Cancel changes nothing."""

    def __init__(self, controller: InspectionController, parent=None, read_only: bool = False):
        super().__init__(parent)
        self.setWindowTitle("Inspection details")
        self.controller = controller
        self.original = controller.inspection.inspection
        framework = controller.framework
        self.form = InspectionDetailsForm()
        self.form.set_inspection(self.original)
        self.form.title.setPlaceholderText(f"{self.original.force} — {framework.name}")
        about = QLabel(
            f"Framework: {framework.title}. The framework an inspection was "
            "started with stays with it."
        )
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.PlainText)
        self.error = QLabel()
        self.error.setAccessibleName("Why the details cannot be saved")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.history_button = QPushButton("History…")
        self.history_button.setAccessibleName("History of the inspection's details")
        self.buttons.addButton(self.history_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.history_button.clicked.connect(self.show_history)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(about)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if read_only:
            for field in (
                self.form.force,
                self.form.title,
                self.form.period,
                self.form.fieldwork_start,
                self.form.fieldwork_end,
            ):
                field.setReadOnly(True)
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.resize(560, self.sizeHint().height())

    def save(self) -> None:
        """Save the changed details and close; say what is wrong and stay open otherwise."""
        problem = self.form.problem()
        if problem is None:
            values = self.form.values()
            if not values["title"]:
                values["title"] = self.form.title.placeholderText()
            try:
                self.controller.edit_inspection(self.original, replace(self.original, **values))
            except ValueError as e:
                problem = str(e)
            except StorageError as e:
                QMessageBox.warning(self, "Details not saved", str(e))
                return
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
            return
        self.accept()

    def show_history(self):
        return show_history(self, self.controller, self.original.id, "the inspection")


def open_details(controller: InspectionController, parent, read_only: bool) -> DetailsDialog:
    """Show the details dialog (window-modal) and return it."""
    dialog = DetailsDialog(controller, parent, read_only=read_only)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
