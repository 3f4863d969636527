"""The inspection's own details as a form: force, title, period and fieldwork dates.

Shared by File ▸ New inspection and Inspection ▸ Details…, so the details are
entered and checked the same way in both. Fieldwork dates are typed like any
date in the app (see :mod:`ui.panels.date_field`); an empty one is not known yet.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from models.records import Inspection
from ui.panels.date_field import DateField


class InspectionDetailsForm(QWidget):
    """Force, title, period and fieldwork dates; :meth:`problem` says what is missing."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.force = QLineEdit(placeholderText="e.g. Hampshire Constabulary")
        self.force.setAccessibleName("Force")
        self.title = QLineEdit(placeholderText="Optional; made from the force and framework")
        self.title.setAccessibleName("Inspection title")
        self.period = QLineEdit(placeholderText="e.g. 2015/16")
        self.period.setAccessibleName("Period")
        self.fieldwork_start = DateField("Fieldwork start")
        self.fieldwork_end = DateField("Fieldwork end")
        self.fieldwork_start.line.setPlaceholderText("Not known yet")
        self.fieldwork_end.line.setPlaceholderText("Not known yet")

        dates = QHBoxLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(self.fieldwork_start, 1)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.fieldwork_end, 1)
        notes = QVBoxLayout()
        notes.setContentsMargins(0, 0, 0, 0)
        notes.addLayout(dates)
        notes.addWidget(self.fieldwork_start.note)
        notes.addWidget(self.fieldwork_end.note)
        dates_box = QWidget()
        dates_box.setLayout(notes)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(_buddy("F&orce", self.force), self.force)
        self.form.addRow(_buddy("&Title", self.title), self.title)
        self.form.addRow(_buddy("&Period", self.period), self.period)
        self.form.addRow(_buddy("Field&work", self.fieldwork_start.line), dates_box)

    def set_inspection(self, inspection: Inspection) -> None:
        self.force.setText(inspection.force)
        self.title.setText(inspection.title)
        self.period.setText(inspection.period)
        self.fieldwork_start.set_date(inspection.fieldwork_start)
        self.fieldwork_end.set_date(inspection.fieldwork_end)

    def dates(self) -> tuple[date | None, date | None]:
        return self.fieldwork_start.date(), self.fieldwork_end.date()

    def problem(self) -> str | None:
        """Why the details cannot be taken as they are, or ``None``."""
        if not self.force.text().strip():
            return "Give the name of the force being inspected."
        for field in (self.fieldwork_start, self.fieldwork_end):
            if not field.take():
                return f"The {field.line.accessibleName().lower()} is not a date."
        start, end = self.dates()
        if start is not None and end is not None and end < start:
            return "Fieldwork cannot end before it starts."
        return None

    def values(self) -> dict:
        start, end = self.dates()
        return dict(
            force=self.force.text().strip(),
            title=self.title.text().strip(),
            period=self.period.text().strip(),
            fieldwork_start=start,
            fieldwork_end=end,
        )


def _buddy(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
