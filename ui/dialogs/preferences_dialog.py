"""Edit ▸ Preferences…: the settings a person may want to change, in one dialog.

Your initials (they start your evidence refs and mark your changes in the
history), the largest file that can be attached, and how automatic backups are
made and kept. Everything is stored through :class:`~ui.window.settings.AppSettings`.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from models.records import normalise_initials
from ui.window.settings import AppSettings


def _spin(minimum: int, maximum: int, value: int, suffix: str, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(minimum, maximum)
    spin.setValue(min(max(value, minimum), maximum))
    spin.setSuffix(suffix)
    spin.setAccessibleName(name)
    return spin


class PreferencesDialog(QDialog):
    """Shows the current settings; OK checks and stores them, Cancel changes nothing."""

    def __init__(self, settings: AppSettings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Preferences")
        self.initials = QLineEdit(settings.author_initials)
        self.initials.setAccessibleName("Your initials")
        self.initials.setPlaceholderText("e.g. JS")
        self.attachment_limit = _spin(
            1, 2000, settings.attachment_limit_mb, " MB", "Largest attached file"
        )
        self.keep_recent = _spin(
            1, 200, settings.backup_keep_recent, " backups", "Backups kept in any case"
        )
        self.keep_days = _spin(
            0, 365, settings.backup_keep_days, " days", "Days with one backup kept"
        )
        self.interval = _spin(
            5,
            240,
            settings.backup_interval_minutes,
            " minutes",
            "Minutes between backups while working",
        )
        self.problem = QLabel()
        self.problem.setAccessibleName("What is wrong with the preferences")
        self.problem.setStyleSheet("color: #C62828")
        self.problem.hide()

        you = QFormLayout()
        you.addRow("Your &initials", self.initials)
        you.addRow("Largest &attached file", self.attachment_limit)
        backups = QGroupBox("Automatic backups")
        form = QFormLayout(backups)
        form.addRow("Back up &every", self.interval)
        form.addRow("&Keep the last", self.keep_recent)
        form.addRow("and one a &day for", self.keep_days)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(you)
        layout.addWidget(backups)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def accept(self) -> None:
        text = self.initials.text().strip()
        try:
            initials = normalise_initials(text) if text else ""
        except ValueError as e:
            self.problem.setText(str(e))
            self.problem.show()
            self.initials.setFocus()
            return
        s = self.settings
        s.author_initials = initials
        s.attachment_limit_mb = self.attachment_limit.value()
        s.backup_keep_recent = self.keep_recent.value()
        s.backup_keep_days = self.keep_days.value()
        s.backup_interval_minutes = self.interval.value()
        s.sync()
        super().accept()
