"""Starting the app: the window is painted first, then its menus and pages, then the file."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from ui.app import run_gui
from ui.main_window import MainWindow


class StartWatcher(QObject):
    """Records what the main window held when it was first painted."""

    def __init__(self):
        super().__init__()
        self.at_first_paint = None

    def eventFilter(self, obj, event):
        if (self.at_first_paint is None and event.type() == QEvent.Type.Paint
                and isinstance(obj, MainWindow)):
            self.at_first_paint = {"menus": bool(obj.menuBar().actions()),
                                   "inspection": obj.view is not None}
        return False


def test_the_window_is_painted_before_the_inspection_is_opened(qapp, settings, demo_path,
                                                               answers, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    watcher = StartWatcher()
    qapp.installEventFilter(watcher)
    opened = {}

    def finish_when_open():
        window = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, MainWindow) and w.isVisible()), None)
        if window is not None and window.view is not None:
            opened["title"] = window.windowTitle()
            opened["menus"] = [a.text() for a in window.menuBar().actions()]
            poll.stop()
            QThreadPool.globalInstance().waitForDone(20000)
            window.close()
            qapp.quit()

    poll = QTimer(interval=10)
    poll.timeout.connect(finish_when_open)
    poll.start()
    try:
        assert run_gui(file=demo_path) == 0
    finally:
        poll.stop()
        qapp.removeEventFilter(watcher)
    assert watcher.at_first_paint == {"menus": False, "inspection": False}
    assert opened["title"].startswith("Hampshire Constabulary")
    assert "&File" in opened["menus"] and "&Edit" in opened["menus"]


def test_a_window_built_in_two_steps_is_the_same_window(qtbot, settings):
    window = MainWindow(settings=settings, build_now=False)
    qtbot.addWidget(window)
    assert not window.menuBar().actions()
    window.finish_building()
    window.finish_building()  # a second call changes nothing
    whole = MainWindow(settings=settings)
    qtbot.addWidget(whole)
    assert [a.text() for a in window.menuBar().actions()] == \
        [a.text() for a in whole.menuBar().actions()]
    assert window.centralWidget().currentWidget() is window.start_page
