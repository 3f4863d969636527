"""Starting the desktop app: the QApplication, the main window, the demo and screenshots."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from storage.app_paths import data_dir
from storage.demo import write_demo
from ui.main_window import MainWindow
from ui.settings import configure_application_identity

SCREENSHOT_QUESTION = "2"


def fresh_demo_copy() -> Path:
    """Write a fresh copy of the demo inspection into the user data folder."""
    folder = data_dir() / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "Hampshire demo.inspection"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    write_demo(path).close()
    return path


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application_identity()
    app.setApplicationDisplayName("Evidence Review")
    return app


def take_screenshot(window: MainWindow, out: Path) -> bool:
    """Render the window with a question selected and its evidence listed."""
    view = window.view
    if view is not None:
        if window.controller.framework.has_question(SCREENSHOT_QUESTION):
            view.select_question(SCREENSHOT_QUESTION)
        view.tree.expandToDepth(1)
        model = view.evidence_list.model
        if model.rowCount():
            view.evidence_list.select(model.evidence_at(0).id)
    QApplication.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    return window.grab().save(str(out))


def run_gui(file: Path | None = None, demo: bool = False,
            screenshot: Path | None = None) -> int:
    """Open the main window (on FILE, or a fresh demo copy); exit code for the CLI."""
    app = application()
    window = MainWindow(demo_factory=fresh_demo_copy)
    if screenshot is not None:
        window.resize(1400, 900)
    if demo:
        window.open_demo()
    elif file is not None:
        if not window.open_file(Path(file)) and screenshot is not None:
            return 2
    window.show()
    if screenshot is not None:
        ok = take_screenshot(window, Path(screenshot))
        window.close()
        if not ok:
            print(f"error: cannot write the screenshot to {screenshot}", file=sys.stderr)
            return 2
        return 0
    QTimer.singleShot(0, window.raise_)
    return app.exec()
