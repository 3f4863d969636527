"""The progress dialog every background job shows: modal to its window, with Cancel.

It appears only when the job takes longer than a moment, so quick jobs do not
flash a dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

SHOW_AFTER_MS = 300


def open_progress(parent: QWidget, title: str, text: str, maximum: int = 0) -> QProgressDialog:
    """A progress dialog for a job (``maximum`` 0: a busy indicator until totals arrive)."""
    dialog = QProgressDialog(text, "Cancel", 0, maximum, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    return dialog


def show_progress(dialog: QProgressDialog | None, done: int, total: int) -> None:
    """Move the bar to ``done`` of ``total``."""
    if dialog is not None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))


def close_progress(dialog: QProgressDialog | None) -> None:
    """Take the dialog down (safe to call twice, or with no dialog)."""
    if dialog is not None:
        dialog.reset()
        dialog.deleteLater()
