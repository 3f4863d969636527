"""What the window shows when no inspection is open: start something, carry on, or recover."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class StartPage(QWidget):
    """New inspection, Open…, Open the demo, and the recent files."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    restore_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        title = QLabel("Evidence Review")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        blurb = QLabel(
            "Record inspection evidence against each question, draw findings, "
            "grade judgments and export the draft judgment summary."
        )
        blurb.setWordWrap(True)
        self.new_button = QPushButton("New inspection…")
        self.open_button = QPushButton("Open…")
        self.demo_button = QPushButton("Open the demo")
        self.restore_button = QPushButton("Restore from a backup…")
        for button, name in (
            (self.new_button, "New inspection"),
            (self.open_button, "Open"),
            (self.demo_button, "Open the demo inspection"),
            (self.restore_button, "Restore an inspection from a backup"),
        ):
            button.setAccessibleName(name)
            button.setMinimumHeight(36)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent inspections")
        self.recent_label = QLabel("Recent inspections")
        self.recent.setMaximumHeight(self.recent.fontMetrics().height() * 12)

        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.demo_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(blurb)
        column.addSpacing(16)
        column.addLayout(buttons)
        column.addSpacing(16)
        column.addWidget(self.recent_label)
        column.addWidget(self.recent)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)

        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.restore_button.clicked.connect(self.restore_requested)
        self.recent.itemActivated.connect(
            lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )

    def set_recent_files(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            p = Path(path)
            item = QListWidgetItem(f"{p.stem}    —    {p.parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        has_recent = bool(paths)
        self.recent.setVisible(has_recent)
        self.recent_label.setText(
            "Recent inspections" if has_recent else "No recent inspections yet."
        )
