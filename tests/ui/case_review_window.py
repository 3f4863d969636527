"""Shared steps of the case-file review window tests: the demo with the sample checklist
installed, and the keys a reviewer presses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from storage.file.inspection_file import InspectionFile
from tests.case_review_helpers import CHECKLIST, install_sample


def with_sample_checklist(path) -> None:
    """Install the sample checklist in the file at ``path`` (before the window opens it)."""
    inspection = InspectionFile.open(path)
    try:
        install_sample(inspection)
    finally:
        inspection.close()


def case_tabs(window):
    """The Case files tab of the window, shown, with the sample checklist chosen."""
    tabs = window.view.case_reviews
    tabs.show_messages = False
    tabs.show_tab()
    tabs.choose_checklist(CHECKLIST.id)
    assert tabs.checklist is not None and tabs.checklist.id == CHECKLIST.id
    return tabs


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    """Press ``key`` on whatever has the keyboard focus, as a person would."""
    for _ in range(times):
        widget = focused()
        assert widget is not None, "nothing has the keyboard focus"
        qtbot.keyClick(widget, key, modifier)


def type_text(qtbot, text: str) -> None:
    widget = focused()
    assert widget is not None
    qtbot.keyClicks(widget, text)


def save_and_next(qtbot) -> None:
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
