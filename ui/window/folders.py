"""Which folder a file picker opens in: where the person last worked, never the app's own.

A picker given no folder opens in the app's working folder (wherever it was
started from), and a default under ~/Documents fails on a laptop without that
folder. Pickers open in the folder last chosen in any picker, else beside the
open inspection, else Documents when it exists, else the home folder. A template
saved to fill in (a checklist's, a data return's) is remembered the same way, so the
picker that imports it once filled in opens where it was saved.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ui.window.settings import AppSettings


def documents_folder() -> Path:
    """The Documents folder if there is one, else the home folder."""
    text = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(text) if text else Path.home()
    return folder if folder.is_dir() else Path.home()


def start_folder(settings: AppSettings | None, beside: Path | None = None) -> Path:
    """Where a picker opens: the last folder used, else ``beside``'s folder, else Documents."""
    last = settings.last_folder if settings is not None else ""
    if last and Path(last).is_dir():
        return Path(last)
    if beside is not None and Path(beside).parent.is_dir():
        return Path(beside).parent
    return documents_folder()


def remember_folder(settings: AppSettings | None, chosen: str | Path) -> None:
    """Remember the folder of a file just chosen, for the next picker."""
    if settings is not None and chosen:
        folder = Path(chosen).parent
        if folder.is_dir():
            settings.last_folder = str(folder)


def pick_open_file(
    parent: QWidget, settings: AppSettings | None, beside: Path | None, title: str, filters: str
) -> Path | None:
    """A file to open, chosen in a picker that starts where the person last worked."""
    path, _ = QFileDialog.getOpenFileName(
        parent, title, str(start_folder(settings, beside)), filters
    )
    if not path:
        return None
    remember_folder(settings, path)
    return Path(path)


def pick_template_file(
    parent: QWidget, settings: AppSettings | None, beside: Path | None, title: str, name: str
) -> Path | None:
    """Where to save a template to fill in (``name`` suggested), starting where the person
    last worked; the folder chosen is remembered for the picker that imports it."""
    path, _ = QFileDialog.getSaveFileName(
        parent, title, str(start_folder(settings, beside) / name), "Excel workbooks (*.xlsx)"
    )
    if not path:
        return None
    remember_folder(settings, path)
    return Path(path)
