"""Asking the inspector for their initials, once, the first time they record evidence."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from models.records import normalise_initials
from ui.window.settings import AppSettings


def ask_initials(parent: QWidget, settings: AppSettings) -> str | None:
    """Initials typed by the person (asked again until valid) and remembered in the
    settings; ``None`` when they cancel."""
    while True:
        text, ok = QInputDialog.getText(
            parent,
            "Your initials",
            "Your initials mark the evidence you record (e.g. JS → JS-0001):",
        )
        if not ok:
            return None
        try:
            initials = normalise_initials(text)
        except ValueError as e:
            QMessageBox.warning(parent, "Your initials", str(e))
            continue
        settings.author_initials = initials
        return initials
