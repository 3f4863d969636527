"""File ▸ Restore from backup…: the backups of the open file, and restoring one into a new file.

A restore never replaces the open file: the person names a new file, and the
restore use case (the one the ``backups --restore`` command calls too) backs the
open one up first and makes the copy, on a worker with progress and Cancel; the
window then opens the restored file. The same restore is offered when a file
turns out damaged.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage.operations import (
    Backup,
    Cancelled,
    JobProgress,
    RestoreOutcome,
    StorageError,
    backup_folder,
    restore_from_backup,
)
from ui.dialogs.progress_dialog import close_progress, open_progress, show_progress
from ui.item_models.read_only_table_model import ReadOnlyTableModel
from ui.window.file_filters import INSPECTION_FILTER as FILE_FILTER
from ui.workflows.tasks import TaskHandle, run_task


def local_time(backup: Backup) -> str:
    return backup.made_at.astimezone().strftime("%a %d %b %Y %H:%M")


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(size // 1024, 1)} KB"


class BackupTableModel(ReadOnlyTableModel):
    """One row per backup, newest first (naming the inspection when they are of several)."""

    headers = ("Made", "Why", "Evidence items", "Findings", "Size")

    def __init__(self, backups: list[Backup], parent=None, *, with_inspection: bool = False):
        super().__init__(parent)
        self._rows = list(backups)
        self.with_inspection = with_inspection
        if with_inspection:
            self.headers = ("Inspection",) + BackupTableModel.headers

    def backup_at(self, row: int) -> Backup | None:
        return self.row_at(row)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        b = self.backup_at(index.row()) if index.isValid() else None
        if b is None:
            return None
        column = index.column() - (1 if self.with_inspection else 0)
        if role == Qt.ItemDataRole.DisplayRole:
            if column < 0:
                return b.title or Path(b.source).stem or b.path.stem
            return (local_time(b), b.reason or "—", b.evidence, b.findings, _size(b.size))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{b.path}\nmade of {b.source}" if b.source else str(b.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def ask_new_path(parent: QWidget, current: Path | None, backup: Backup) -> Path | None:
    """A new file to restore into, never an existing one; None when the person cancels.

    Suggested beside ``current`` (the open file), else beside the file the backup was
    made of, else in Documents."""
    from ui.window.folders import documents_folder

    stamp = backup.made_at.astimezone().strftime("%Y-%m-%d %H%M")
    source = current or (Path(backup.source) if backup.source else None)
    if source is None or not source.parent.is_dir():
        source = documents_folder() / f"{backup.title or 'Inspection'}.inspection"
    stem = "".join(c for c in source.stem if c not in '<>:"/\\|?*')
    suggested = source.with_name(f"{stem} restored {stamp}.inspection")
    while True:
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Restore into a new file", str(suggested), FILE_FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
        if not path.suffix:
            path = path.with_name(f"{path.name}.inspection")
        if not path.exists():
            return path
        # A native save dialog may have asked "replace?"; a restore still never replaces.
        QMessageBox.warning(
            parent,
            "Choose a new file",
            f"{path.name} already exists; a backup is restored into a new "
            "file only. Choose another name.",
        )


class RestoreRunner(QObject):
    """Runs the restore use case on a worker, with progress and Cancel, then asks the
    window to open the restored file."""

    finished = Signal(object)  # the restored file's Path, or None when it failed or stopped

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.handle: TaskHandle | None = None
        self.progress = None

    def start(self, backup: Backup, new_path: Path, current: Path | None) -> TaskHandle:
        self.progress = open_progress(self.window, "Restore", "Restoring the backup…")

        def restore(handle: TaskHandle) -> RestoreOutcome:
            progress = JobProgress(handle.report, lambda: handle.cancelled)
            return restore_from_backup(backup, new_path, current=current, progress=progress)

        self.handle = run_task(restore, self._done, self._failed, self._progressed)
        self.progress.canceled.connect(self.handle.cancel)
        return self.handle

    def _progressed(self, done: int, total: int) -> None:
        show_progress(self.progress, done, total)

    def _done(self, outcome: RestoreOutcome) -> None:
        close_progress(self.progress)
        self.window.open_file(outcome.restored)
        self.finished.emit(outcome.restored)

    def _failed(self, error: BaseException) -> None:
        close_progress(self.progress)
        if isinstance(error, Cancelled):
            self.window.statusBar().showMessage(
                "Restore stopped; no new file was made and nothing was changed.", 10_000
            )
            self.finished.emit(None)
            return
        message = (
            str(error)
            if isinstance(error, StorageError)
            else (f"The backup could not be restored ({error}); nothing was changed.")
        )
        QMessageBox.warning(self.window, "Not restored", message)
        self.finished.emit(None)


class RestoreBackupDialog(QDialog):
    """Lists the backups of the open file (of every file when none is open); Restore…
    restores the selected one into a new file."""

    def __init__(self, backups: list[Backup], current: Path | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.current = Path(current) if current is not None else None
        self.chosen: tuple[Backup, Path] | None = None
        self.model = BackupTableModel(backups, self, with_inspection=current is None)
        self.table = QTableView()
        self.table.setAccessibleName("Backups")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        if self.current is None:
            intro = QLabel(
                "Every backup in the app's backups folder, newest first. A backup "
                "is restored into a new file; nothing is overwritten."
                if backups
                else f"There are no backups yet in {backup_folder()}."
            )
        else:
            intro = QLabel(
                f"Backups of {self.current.name}, newest first. A backup is "
                "restored into a new file; this one stays as it is."
                if backups
                else f"There are no backups of {self.current.name} yet in {backup_folder()}."
            )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton("&Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName("Restore the selected backup")
        self.restore_button.setEnabled(bool(backups))
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        if backups:
            self.table.selectRow(0)
        self.resize(760 if self.current is None else 640, 360)

    def selected_backup(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    def restore_selected(self) -> None:
        backup = self.selected_backup()
        if backup is None:
            return
        new_path = ask_new_path(self, self.current, backup)
        if new_path is not None:
            self.chosen = (backup, new_path)
            self.accept()
