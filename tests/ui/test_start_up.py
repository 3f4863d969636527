"""Starting the app: the window is painted first, then its menus and pages, then the file."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QThreadPool

from ui.window.app import start_gui
from ui.window.main_window import MainWindow


class StartWatcher(QObject):
    """Records what the main window held when it was first painted."""

    def __init__(self):
        super().__init__()
        self.at_first_paint = None

    def eventFilter(self, obj, event):
        if (
            self.at_first_paint is None
            and event.type() == QEvent.Type.Paint
            and isinstance(obj, MainWindow)
        ):
            self.at_first_paint = {
                "menus": bool(obj.menuBar().actions()),
                "inspection": obj.view is not None,
            }
        return False


def test_the_window_is_painted_before_the_inspection_is_opened(
    qtbot, qapp, settings, demo_path, answers
):
    watcher = StartWatcher()
    qapp.installEventFilter(watcher)
    try:
        window = start_gui(file=demo_path)
        qtbot.addWidget(window)
        # Painted before anything else was built or opened.
        assert watcher.at_first_paint == {"menus": False, "inspection": False}
        qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
    finally:
        qapp.removeEventFilter(watcher)
    assert window.windowTitle().startswith("Hampshire Constabulary")
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&File" in menus and "&Edit" in menus
    assert QThreadPool.globalInstance().waitForDone(20_000)
    window.close_inspection()


def test_a_window_built_in_two_steps_is_the_same_window(qtbot, settings):
    window = MainWindow(settings=settings, build_now=False)
    qtbot.addWidget(window)
    assert not window.menuBar().actions()
    window.finish_building()
    window.finish_building()  # a second call changes nothing
    whole = MainWindow(settings=settings)
    qtbot.addWidget(whole)
    assert [a.text() for a in window.menuBar().actions()] == [
        a.text() for a in whole.menuBar().actions()
    ]
    assert window.centralWidget().currentWidget() is window.start_page
