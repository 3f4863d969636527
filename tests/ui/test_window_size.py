"""The first window fits the screen it opens on, and the panes are shared out from its size."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication

from ui.window.main_window import MainWindow
from ui.window.window_size import DEFAULT, LIST_ROWS, first_window_size, list_height, tree_width


def test_a_big_screen_gets_the_default_size_and_a_laptop_a_maximised_window():
    assert first_window_size(QRect(0, 0, 2560, 1400)) == (DEFAULT, False)
    for width, height in ((1366, 730), (1280, 680), (1920 * 2 // 3, 1080 * 2 // 3)):
        size, maximise = first_window_size(QRect(0, 0, width, height))
        assert maximise and size.width() <= width and size.height() <= height


def test_the_list_keeps_a_dozen_rows_and_the_tree_a_third():
    assert list_height(600, 20, 60, 200) == 60 + LIST_ROWS * 20
    assert list_height(400, 20, 60, 300) == 120  # never below three rows
    assert tree_width(1366) == round(1366 * 0.32) and tree_width(600) == 280


def test_a_first_window_fits_the_offscreen_screen(qtbot, settings):
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    available = QGuiApplication.primaryScreen().availableGeometry()
    assert window.width() <= available.width() and window.height() <= available.height()
    assert window.start_maximised == (available.width() < DEFAULT.width() + 60)


def test_the_evidence_list_shows_a_dozen_rows_at_1366_by_768(qtbot, demo_window):
    demo_window.resize(1366, 740)
    view = demo_window.view
    view._panes_fitted = False
    view.fit_panes()
    qtbot.waitUntil(lambda: view.evidence_list.table.viewport().height() > 0)
    table = view.evidence_list.table
    rows = table.viewport().height() // table.verticalHeader().defaultSectionSize()
    assert rows >= LIST_ROWS
    summary = table.columnWidth(4)
    assert summary >= table.fontMetrics().averageCharWidth() * 40
