"""Opening a file safely in the window: its lock, damage, read-only use, risky folders, backups.

The window asks :meth:`FileSafety.open` for a file instead of opening it
itself, and that calls storage's open-for-editing use case (the one the command
line calls too), which holds every step: the file's lock is taken first, so a
second copy of the app hears at once that the file is open elsewhere; after an
unclean shutdown the whole file is checked before it opens, so a damaged file is
never written to. After a clean shutdown the file is shown at once and checked on a
worker (:mod:`ui.window.file_check`), its first backup made once it passed. This
module only presents: it asks whether to open read-only, offers the latest good
backup of a damaged file, shows the warning bar for a file in a
cloud-synchronised folder or on a network drive, and starts automatic backups.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

# Storage, backups and restores are set up when first needed, so the window opens sooner.
if TYPE_CHECKING:
    from storage.operations import DamagedFileError, InspectionLock, OpenedInspection
    from ui.dialogs.restore_backup_dialog import RestoreBackupDialog, RestoreRunner
    from ui.window.backup_scheduler import BackupScheduler
    from ui.window.file_check import BackgroundFileCheck

log = logging.getLogger(__name__)
OPEN_READ_ONLY, RESTORE_BACKUP = "Open read-only", "Restore latest good backup…"


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
        self._check: BackgroundFileCheck | None = None

    @property
    def scheduler(self) -> "BackupScheduler":
        if self._scheduler is None:
            from ui.window.backup_scheduler import BackupScheduler

            self._scheduler = BackupScheduler(self.window, self.window.settings)
        return self._scheduler

    @property
    def check(self) -> "BackgroundFileCheck":
        """The background check of the file shown (made when first needed)."""
        if self._check is None:
            from ui.window.file_check import BackgroundFileCheck

            self._check = BackgroundFileCheck(self, self)
        return self._check

    @property
    def restorer(self) -> "RestoreRunner":
        if self._restorer is None:
            from ui.dialogs.restore_backup_dialog import RestoreRunner

            self._restorer = RestoreRunner(self.window)
        return self._restorer

    # -- opening ------------------------------------------------------------------
    def open(self, path: Path) -> OpenedInspection | None:
        """Open ``path`` through the open-for-editing use case; None when the person chose
        not to (or a restore was started instead). Other problems raise the usual storage
        errors."""
        from storage.operations import DamagedFileError, FileOpenElsewhereError, open_for_editing

        path = Path(path)

        def read_only_instead(error: FileOpenElsewhereError) -> bool:
            return choose(self.window, "Open elsewhere", f"{error}", OPEN_READ_ONLY)

        self._handover = None
        try:
            opened = open_for_editing(
                path,
                held=self.lock,
                read_only_if_open_elsewhere=read_only_instead,
                check_in_background=True,
            )
        except FileOpenElsewhereError:
            return None  # the person chose not to open it read-only
        except DamagedFileError as e:
            self.offer_backup(path, e)
            return None
        if opened.lock is not None and opened.lock is self.lock:
            # The same file again: its lock was handed over, so closing the file shown
            # now must not let go of it.
            self._handover = opened.lock
        return opened

    def adopt(self, opened: OpenedInspection) -> None:
        """The window now shows ``opened``: read-only mode, warning bar, backups."""
        self._handover = None
        self.lock, self.readonly = opened.lock, opened.readonly
        inspection = opened.inspection
        if opened.readonly:
            self._show_read_only(inspection)
        if opened.warning:
            self.bar = WarningBar(opened.warning, self.window.view)
            self.window.view.layout().insertWidget(0, self.bar)
        if opened.checked_after_unclean_shutdown:
            self.window.statusBar().showMessage(
                f"{inspection.path.name} was not closed properly last time; it was checked "
                "and is fine.",
                15_000,
            )
        if opened.check_pending:
            # Backed up once it is known to be sound: a damaged copy is never a backup.
            self.check.start(opened, lambda: self._start_backups(opened))
        else:
            self._start_backups(opened)

    def _start_backups(self, opened: OpenedInspection) -> None:
        if not opened.readonly:
            self.scheduler.start(opened.inspection.path)

    def damaged_while_open(self, opened: OpenedInspection) -> None:
        """The background check found the open file damaged: nothing more is written to
        it (it is shown read-only) and it is not backed up."""
        if self._scheduler is not None:
            self._scheduler.stop()
        if not opened.readonly:
            self.readonly = True
            self._show_read_only(opened.inspection)

    def _show_read_only(self, inspection) -> None:
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
        view.case_files.set_read_only(True)
        for action in window.checklist_actions:
            action.setEnabled(False)

    def closed(self) -> None:
        """The window closed its file: stop checking and backing it up, let go of its lock."""
        if self._check is not None:
            self._check.stop()
        if self._scheduler is not None:
            self._scheduler.stop()
        self.bar = None
        if self.lock is not None and self.lock is not self._handover:
            self.lock.release()
        self.lock, self.readonly = None, False

    # -- backups ------------------------------------------------------------------
    def offer_backup(self, path: Path, error: DamagedFileError, said: str = "") -> None:
        """Say that ``path`` is damaged (in the error's words, or in ``said``) and offer to
        restore its latest good backup into a new file."""
        from storage.operations import backup_folder, latest_good_backup
        from ui.dialogs.restore_backup_dialog import ask_new_path, local_time

        said = said or str(error)
        backup = latest_good_backup(path)
        if backup is None:
            QMessageBox.warning(
                self.window,
                "Inspection damaged",
                f"{said} No backup of it was found in {backup_folder()}.",
            )
            return
        text = (
            f"{said}\n\nThe latest good backup was made {local_time(backup)} and holds "
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
        from storage.operations import list_backups
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
    def working_in_background(self) -> bool:
        """True while the open file's check or one of its backups runs on a worker."""
        return (self._check is not None and self._check.running) or (
            self._scheduler is not None and self._scheduler.running
        )

    @property
    def busy(self) -> bool:
        return (
            self._restorer is not None
            and self._restorer.handle is not None
            and self._restorer.handle.running
        )
