"""How big the window and its panes start, from the screen the app is on.

A fixed first size (1400×900) put the status bar and the Delete buttons off a
1366×768 laptop screen, and off a 1920×1080 screen at 150 % scaling (1280×720
to Qt). The first window now fills the available screen when the screen is not
comfortably bigger, and the panes are shared out from the size the window
really has: the tree about a third of the width, the evidence list at least a
dozen rows.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

DEFAULT = QSize(1400, 900)
#: Room left around a window that is not maximised (frame, title bar, taskbar).
_MARGIN = QSize(60, 80)
#: The evidence list shows at least this many rows when the window allows.
LIST_ROWS = 12


def first_window_size(available: QRect) -> tuple[QSize, bool]:
    """The size of a first window on a screen with ``available`` room, and whether to
    start it maximised (when the default would not fit with room to spare)."""
    fits = (
        available.width() >= DEFAULT.width() + _MARGIN.width()
        and available.height() >= DEFAULT.height() + _MARGIN.height()
    )
    if fits:
        return QSize(DEFAULT), False
    return QSize(
        min(DEFAULT.width(), available.width()), min(DEFAULT.height(), available.height())
    ), True


def fit_to_screen(window: QWidget) -> bool:
    """Size a first window for the screen it opens on; True when it should be shown
    maximised (``showMaximized``), as on a small screen."""
    from PySide6.QtGui import QGuiApplication

    screen = window.screen() or QGuiApplication.primaryScreen()
    size, maximise = first_window_size(screen.availableGeometry())
    window.resize(size)
    return maximise


def tree_width(total: int) -> int:
    """The question tree's share of the window's width."""
    return max(280, min(480, round(total * 0.32)))


def list_height(total: int, row: int, chrome: int, editor_minimum: int) -> int:
    """The evidence list's share of the right-hand height: a dozen rows or more, while
    the editors keep at least ``editor_minimum``."""
    wanted = max(chrome + LIST_ROWS * row, round(total * 0.45))
    return max(chrome + 3 * row, min(wanted, total - editor_minimum))
