"""Opening a file safely in the window: its lock, damage, read-only use, risky folders, backups.

The window asks :meth:`FileSafety.open` for a file instead of opening it
itself. The file's lock is taken first, so a second copy of the app hears at
once that the file is open elsewhere and may open it read-only; the whole file
is quick-checked, so a damaged file is never written to and its latest good
backup is offered instead; a file in a cloud-synchronised folder or on a
network drive opens with a warning bar above it; automatic backups start.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from storage.file.errors import DamagedFileError, FileOpenElsewhereError

# Backups and restores are set up when first needed, so the window opens sooner.
if TYPE_CHECKING:
    from storage.file.file_lock import InspectionLock
    from storage.file.inspection_file import InspectionFile
    from ui.dialogs.restore_backup_dialog import RestoreBackupDialog, RestoreRunner
    from ui.window.backup_scheduler import BackupScheduler

log = logging.getLogger(__name__)
OPEN_READ_ONLY, RESTORE_BACKUP = "Open read-only", "Restore latest good backup…"


@dataclass
class OpenedFile:
    inspection: InspectionFile
    lock: InspectionLock | None
    readonly: bool
    warning: str | None


def choose(parent: QWidget, title: str, text: str, choice: str) -> bool:
    """Ask with one named choice and Cancel; True when the choice was taken."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel, parent
    )
    button = box.addButton(choice, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is button


class WarningBar(QFrame):
    """A quiet bar above the inspection that can be dismissed; it never blocks working."""

    def __init__(self, text: str, parent=None):
        super().__init__(parent)
        self.setObjectName("fileWarningBar")
        self.setStyleSheet("#fileWarningBar { background: #FFF4CE; border: 1px solid #E0C060; }")
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("File location warning")
        close = QPushButton("Dismiss")
        close.setAccessibleName("Dismiss the file location warning")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)


class FileSafety(QObject):
    """The window's helper for opening, watching and closing a file."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.lock: InspectionLock | None = None
        self.readonly = False
        self.bar: WarningBar | None = None
        self._scheduler: BackupScheduler | None = None
        self._restorer: RestoreRunner | None = None
        self._handover: InspectionLock | None = None

    @property
    def scheduler(self) -> "BackupScheduler":
        if self._scheduler is None:
            from ui.window.backup_scheduler import BackupScheduler

            self._scheduler = BackupScheduler(self.window, self.window.settings)
        return self._scheduler

    @property
    def restorer(self) -> "RestoreRunner":
        if self._restorer is None:
            from ui.dialogs.restore_backup_dialog import RestoreRunner

            self._restorer = RestoreRunner(self.window)
        return self._restorer

    # -- opening ------------------------------------------------------------------
    def open(self, path: Path) -> OpenedFile | None:
        """Open ``path`` after its checks; None when the person chose not to (or a restore
        was started instead). Other problems raise the usual storage errors."""
        from storage.file.file_location import sync_risk
        from storage.file.file_lock import InspectionLock

        path = Path(path)
        lock, readonly = None, False
        if self.lock is not None and self.lock.path == path.resolve():
            lock = self._handover = self.lock  # the same file again: keep holding it
        elif path.is_file():
            try:
                lock = InspectionLock(path).acquire()
            except FileOpenElsewhereError as e:
                if not choose(self.window, "Open elsewhere", f"{e}", OPEN_READ_ONLY):
                    return None
                readonly = True
            except OSError as e:  # e.g. a read-only folder: SQLite's own locks still apply
                log.info("no lock for %s: %s", path, e)
        from storage.file.database import refuse_by_header
        from storage.file.inspection_file import InspectionFile
        from storage.file.open_checks import verify_file

        try:
            refuse_by_header(path)
            verify_file(path)
            inspection = InspectionFile.open(path, readonly=readonly)
        except DamagedFileError as e:
            self._drop(lock)
            self.offer_backup(path, e)
            return None
        except BaseException:
            self._drop(lock)
            raise
        return OpenedFile(inspection, lock, readonly, sync_risk(path))

    def _drop(self, lock: InspectionLock | None) -> None:
        if lock is not None and lock is not self._handover:
            lock.release()
        self._handover = None

    def adopt(self, opened: OpenedFile) -> None:
        """The window now shows ``opened``: read-only mode, warning bar, backups."""
        self._handover = None
        self.lock, self.readonly = opened.lock, opened.readonly
        inspection = opened.inspection
        if opened.readonly:
            self._show_read_only(inspection)
        if opened.warning:
            self.bar = WarningBar(opened.warning, self.window.view)
            self.window.view.layout().insertWidget(0, self.bar)
        if inspection.db.checked_after_unclean_shutdown:
            self.window.statusBar().showMessage(
                f"{inspection.path.name} was not closed properly last time; it was checked "
                "and is fine.",
                15_000,
            )
        if not opened.readonly:
            self.scheduler.start(inspection.path)

    def adopt_created(self, inspection: InspectionFile) -> None:
        """The window shows a file it has just created: lock it and back it up like any other."""
        from storage.file.file_location import sync_risk
        from storage.file.file_lock import InspectionLock

        try:
            lock = InspectionLock(inspection.path).acquire()
        except (FileOpenElsewhereError, OSError) as e:
            log.info("no lock for %s: %s", inspection.path, e)
            lock = None
        self.adopt(OpenedFile(inspection, lock, False, sync_risk(inspection.path)))

    def _show_read_only(self, inspection: InspectionFile) -> None:
        window = self.window
        window.setWindowTitle(f"{inspection.inspection.title} (read-only) — Evidence Review")
        for action in (
            window.new_evidence_action,
            window.delete_evidence_action,
            window.new_finding_action,
            window.finish_action,
            window.import_evidence_action,
            *window.team_work.actions,
        ):
            action.setEnabled(False)
        view = window.view
        for panel in (view.editor, view.findings, view.judgment):
            panel.set_read_only(True)

    def closed(self) -> None:
        """The window closed its file: stop backing it up and let go of its lock."""
        if self._scheduler is not None:
            self._scheduler.stop()
        self.bar = None
        if self.lock is not None and self.lock is not self._handover:
            self.lock.release()
        self.lock, self.readonly = None, False

    # -- backups ------------------------------------------------------------------
    def offer_backup(self, path: Path, error: DamagedFileError) -> None:
        from storage.backups.automatic import backup_folder
        from storage.backups.restore import latest_good_backup
        from ui.dialogs.restore_backup_dialog import ask_new_path, local_time

        backup = latest_good_backup(path)
        if backup is None:
            QMessageBox.warning(
                self.window,
                "Inspection damaged",
                f"{error} No backup of it was found in {backup_folder()}.",
            )
            return
        text = (
            f"{error}\n\nThe latest good backup was made {local_time(backup)} and holds "
            f"{backup.evidence} evidence items and {backup.findings} findings."
        )
        if not choose(self.window, "Inspection damaged", text, RESTORE_BACKUP):
            return
        new_path = ask_new_path(self.window, path, backup)
        if new_path is not None:
            # The damaged file is left exactly as it is (it cannot be backed up anyway).
            self.restorer.start(backup, new_path, current=None)

    def restore_dialog(self) -> RestoreBackupDialog | None:
        """File ▸ Restore from backup…: the open file's backups, or every backup when no
        file is open (the start page is where a damaged or lost file is recovered)."""
        from storage.backups.automatic import list_backups
        from ui.dialogs.restore_backup_dialog import RestoreBackupDialog

        controller = self.window.controller
        if controller is None:
            current, backups = None, list_backups()
        else:
            self.window.view.commit_pending()
            current, backups = controller.inspection.path, list_backups(controller.inspection)
        dialog = RestoreBackupDialog(backups, current, self.window)
        if dialog.exec() and dialog.chosen is not None:
            backup, new_path = dialog.chosen
            self.restorer.start(backup, new_path, current=current)
        return dialog

    def settings_changed(self) -> None:
        """Preferences were changed: backups follow the new interval at once."""
        if self._scheduler is not None:
            self._scheduler.reschedule()

    @property
    def busy(self) -> bool:
        return (
            self._restorer is not None
            and self._restorer.handle is not None
            and self._restorer.handle.running
        )
