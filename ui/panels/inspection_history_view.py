"""Inspection ▸ History…: every change in the inspection, by person and between days.

The list is paged in from storage as it scrolls, so a long inspection opens at
once; filters re-query. "Export CSV…" writes what the filters show to a CSV
file for Excel on a worker thread with its own read-only connection, with the
usual progress dialog and Cancel.
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
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
)

from models.history import HistoryFilter
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.operations import Cancelled, JobProgress
from storage.workbooks.history_export import write_history_csv
from ui.dialogs.history_dialog import HistoryTable
from ui.dialogs.progress_dialog import close_progress, open_progress, show_progress
from ui.editing.inspection_controller import InspectionController
from ui.item_models.history_table_model import HistoryTableModel
from ui.workflows.tasks import TaskHandle, run_task

EVERYONE = "Everyone"


class InspectionHistoryView(QDialog):
    """The whole inspection's change history with person and date filters."""

    exported = Signal(object)  # rows written, or None when cancelled or failed

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("History of the inspection")
        self.resize(1000, 640)
        self.handle: TaskHandle | None = None
        self.progress: QProgressDialog | None = None
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
        edit = QDateEdit(QDate.currentDate(), calendarPopup=True, displayFormat="d MMM yyyy")
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
            since=self.from_date.date().toPython() if self.use_from.isChecked() else None,
            until=self.to_date.date().toPython() if self.use_to.isChecked() else None,
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
        source, wanted = self.controller.inspection.path, self._filter()

        def work(handle: TaskHandle) -> int:
            with InspectionFile.open(source, readonly=True) as inspection:
                return write_history_csv(
                    inspection,
                    out,
                    wanted,
                    progress=JobProgress(handle.report, lambda: handle.cancelled),
                )

        self.progress = open_progress(self, "Exporting", "Exporting the history…")
        self.handle = run_task(
            work,
            lambda n: self._exported(out, n),
            self._failed,
            lambda done, total: show_progress(self.progress, done, total),
        )
        self.progress.canceled.connect(self.handle.cancel)
        return self.handle

    def _exported(self, out: Path, rows: int) -> None:
        close_progress(self.progress)
        self.progress = None
        self.exported.emit(rows)
        if not self.quiet:
            QMessageBox.information(
                self,
                "History exported",
                f"Wrote {rows:,} change{'' if rows == 1 else 's'} to {out}.",
            )

    def _failed(self, error: BaseException) -> None:
        close_progress(self.progress)
        self.progress = None
        self.exported.emit(None)
        if isinstance(error, Cancelled) or self.quiet:
            return
        message = (
            str(error)
            if isinstance(error, StorageError)
            else (f"The export failed unexpectedly ({error}). Nothing was written.")
        )
        QMessageBox.warning(self, "History not exported", message)

    def done(self, result: int) -> None:
        # Closing while exporting would leave the worker reporting to a dead dialog.
        if self.handle is not None and self.handle.running:
            self.handle.cancel()
        super().done(result)
