"""Inspection ▸ History…: every change in the inspection, by person and between days.

The list is paged in from storage as it scrolls, so a long inspection opens at
once; filters re-query. "Export CSV…" writes what the filters show to a CSV
file for Excel (``export_history``) on a worker thread with its own read-only
connection, with the usual progress dialog and Cancel.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from models.history import HistoryFilter
from storage.operations import HistoryExported, export_history
from ui.dialogs.history_dialog import HistoryTable
from ui.editing.inspection_controller import InspectionController
from ui.item_models.history_table_model import HistoryTableModel
from ui.panels.date_field import day_of
from ui.workflows.job_runner import JobRunner
from ui.workflows.tasks import TaskHandle

EVERYONE = "Everyone"


class HistoryExportRunner(JobRunner):
    """The history written to a CSV file in the background, with progress and Cancel."""

    title = "Exporting"
    failure_title = "History not exported"
    failure = "Nothing was written."
    stopped_text = "History export cancelled; no file was written."

    def start(self, out: Path, wanted: HistoryFilter) -> TaskHandle:
        source = self.source
        if source is None:  # the history view always names the file it shows
            raise ValueError("there is no inspection file to export the history of")
        return self.run(
            lambda progress: export_history(source, out, wanted, progress=progress),
            "Exporting the history…",
        )

    def done(self, result: HistoryExported) -> None:
        if self.show_messages:
            rows = result.changes
            QMessageBox.information(
                self.window,
                "History exported",
                f"Wrote {rows:,} change{'' if rows == 1 else 's'} to {result.path}.",
            )


class InspectionHistoryView(QDialog):
    """The whole inspection's change history with person and date filters."""

    exported = Signal(object)  # rows written, or None when cancelled or failed

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("History of the inspection")
        self.resize(1000, 640)
        self.exporter: HistoryExportRunner | None = None
        self.quiet = False  # tests: no message box when the export ends

        self.person = QComboBox()
        self.person.setAccessibleName("Changes by")
        self.use_from, self.from_date = self._day_filter("From", "From day")
        self.use_to, self.to_date = self._day_filter("To", "To day")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setAccessibleName("Export the history to CSV")
        self.count = QLabel()
        self.count.setAccessibleName("Number of changes")
        self.model = HistoryTableModel(controller, self._filter(), parent=self)
        self.view = HistoryTable(self.model, "Inspection history")

        filters = QHBoxLayout()
        by = QLabel("&By")
        by.setBuddy(self.person)
        filters.addWidget(by)
        filters.addWidget(self.person)
        for check, edit in ((self.use_from, self.from_date), (self.use_to, self.to_date)):
            filters.addWidget(check)
            filters.addWidget(edit)
        filters.addStretch(1)
        filters.addWidget(self.count)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(
            QLabel("Times and days are this computer's local time. The history cannot be edited.")
        )

        self._fill_people()
        self.person.currentIndexChanged.connect(self._refilter)
        for check, edit in ((self.use_from, self.from_date), (self.use_to, self.to_date)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._refilter)
            edit.dateChanged.connect(self._refilter)
        self.export_button.clicked.connect(self.choose_export)
        self.model.modelReset.connect(self._show_count)
        self.model.modelReset.connect(self._fill_people)
        self._show_count()

    @staticmethod
    def _day_filter(text: str, name: str) -> tuple[QCheckBox, QDateEdit]:
        check = QCheckBox(text)
        check.setAccessibleName(f"Filter {name.lower()}")
        edit = QDateEdit(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        edit.setEnabled(False)
        return check, edit

    def _fill_people(self) -> None:
        """Everyone who appears in the history (new people appear as they make changes)."""
        chosen = self.person.currentData()
        people = self.controller.inspection.history.actors()
        if [self.person.itemData(i) for i in range(1, self.person.count())] == people:
            return
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem(EVERYONE, None)
        for initials in people:
            self.person.addItem(initials or "(no initials)", initials)
        self.person.setCurrentIndex(
            max(0, self.person.findData(chosen)) if chosen is not None else 0
        )
        self.person.blockSignals(False)

    def _filter(self) -> HistoryFilter:
        return HistoryFilter(
            actor=self.person.currentData() if self.person.currentIndex() > 0 else None,
            since=day_of(self.from_date.date()) if self.use_from.isChecked() else None,
            until=day_of(self.to_date.date()) if self.use_to.isChecked() else None,
            zone=None,
        )

    def _refilter(self, *_args) -> None:
        self.model.set_filter(self._filter())

    def _show_count(self) -> None:
        n = self.model.total
        self.count.setText(f"{n:,} change{'' if n == 1 else 's'}")

    # -- export -----------------------------------------------------------------
    def choose_export(self) -> None:
        source = self.controller.inspection.path
        default = source.parent / (source.with_suffix("").name + " history.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, "Export history", str(default), "CSV files (*.csv)"
        )
        if path:
            self.export(Path(path if path.lower().endswith(".csv") else path + ".csv"))

    def export(self, out: Path) -> TaskHandle:
        """Write the filtered history to ``out`` in the background."""
        self.exporter = HistoryExportRunner(self, self.controller.inspection.path)
        self.exporter.show_messages = not self.quiet
        self.exporter.finished.connect(
            lambda result: self.exported.emit(None if result is None else result.changes)
        )
        return self.exporter.start(out, self._filter())

    def done(self, result: int) -> None:
        # Closing while exporting would leave the worker reporting to a dead dialog.
        if self.exporter is not None and self.exporter.handle and self.exporter.running:
            self.exporter.handle.cancel()
        super().done(result)
