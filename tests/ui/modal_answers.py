"""Answering a modal dialog from a test the moment it is on screen (a poll timer, no sleeping)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


class ModalAnswer:
    """Answers the next modal dialog of a kind when it appears; ``seen`` holds what it
    answered (a message box's text, or the dialog)."""

    def __init__(self, kind, act):
        self.kind, self.act, self.seen = kind, act, []
        self.timer = QTimer()
        self.timer.timeout.connect(self._poll)
        self.timer.start(10)

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, self.kind):
            self.timer.stop()
            self.seen.append(widget.text() if isinstance(widget, QMessageBox) else widget)
            self.act(widget)


def click(text: str):
    """An answer that clicks the message box's button named ``text``."""

    def act(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text() == text).click()

    return act
