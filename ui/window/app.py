"""Starting the desktop app: the QApplication, the main window, the demo and screenshots."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from storage.operations import StorageError
from ui.window.main_window import MainWindow
from ui.window.settings import configure_application_identity

SCREENSHOT_QUESTION = "2"
SCREENSHOT_SIZE = (1366, 768)
log = logging.getLogger(__name__)


def fresh_demo_copy() -> Path:
    """Write a fresh copy of the demo inspection into the user data folder."""
    from storage.operations import app_demo_path, write_demo_inspection

    return write_demo_inspection(app_demo_path(), replace=True).path


def install_error_handler() -> None:
    """Unexpected errors: the traceback goes to the log file, the user gets one plain message."""

    def handle(kind, error, tb) -> None:
        from storage.operations import log_dir

        log.error("unexpected problem", exc_info=(kind, error, tb))
        if QApplication.instance() is not None:
            QMessageBox.critical(
                None,
                "Something went wrong",
                f"Evidence Review hit an unexpected problem ({error}). Everything you saw "
                f"saved is on disk. Details are in the log folder: {log_dir()}",
            )

    sys.excepthook = handle


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application_identity()
    app.setApplicationDisplayName("Evidence Review")
    return app


def install_focus_ring(app: QApplication) -> None:
    """The strong focus ring (see ui.window.focus_style); after the first paint, as setting up
    styles costs start-up time."""
    from ui.window.focus_style import FocusRingStyle

    if not isinstance(app.style(), FocusRingStyle):
        app.setStyle(FocusRingStyle(app.style().name()))


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


def run_gui(file: Path | None = None, demo: bool = False, screenshot: Path | None = None) -> int:
    """Open the main window (on FILE, or a fresh demo copy); exit code for the CLI."""
    import os

    from ui.window.platform_check import platform_problem

    problem = platform_problem(os.environ)
    if problem is not None:  # Qt would stop the app with a message of its own
        print(f"error: {problem}", file=sys.stderr)
        return 2
    app = application()
    install_error_handler()
    if screenshot is not None:
        install_focus_ring(app)
        return _screenshot(MainWindow(demo_factory=fresh_demo_copy), file, demo, Path(screenshot))
    start_gui(file, demo)
    return app.exec()


def start_gui(file: Path | None = None, demo: bool = False) -> MainWindow:
    """Show the main window and paint it at once; its menus and pages, then the
    inspection (FILE, or a fresh demo copy), follow as soon as the event loop runs.

    So the app is on screen at once even when the file is large.
    """
    from storage.operations import remove_leftovers

    # Private copies of attachments a crashed run left behind are removed now.
    remove_leftovers()
    window = MainWindow(demo_factory=fresh_demo_copy, build_now=False)

    def open_inspection() -> None:
        if demo:
            window.open_demo()
        elif file is not None:
            window.open_file(Path(file))

    window.showMaximized() if window.start_maximised else window.show()
    window.raise_()
    QApplication.processEvents()  # paint the window now
    install_focus_ring(QApplication.instance())
    window.finish_building()
    QTimer.singleShot(0, open_inspection)
    return window


def _screenshot(window: MainWindow, file: Path | None, demo: bool, out: Path) -> int:
    """Open, render the window into ``out`` and close; no one is there to answer a dialog."""
    from PySide6.QtCore import Qt  # not at import: the Qt namespace is slow to set up

    from storage.operations import open_for_reading

    # The size of the laptop screen most inspectors use (the README shows this).
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*SCREENSHOT_SIZE)
    if file is not None and not demo:
        try:  # refuse a bad file up front rather than show a message box
            open_for_reading(Path(file)).close()
        except StorageError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    if demo:
        window.open_demo()
    elif file is not None:
        window.open_file(Path(file))
    window.show()
    ok = take_screenshot(window, out)
    window.close()
    if not ok:
        print(f"error: cannot write the screenshot to {out}", file=sys.stderr)
        return 2
    return 0
