"""The Findings list's search box: a ref typed as a writer quotes it (``F12``), or words
of a statement or recommendation.

Typing re-queries after a short pause, as the evidence list's search does; Enter
searches at once and Esc clears the box. The list itself asks storage for the
matching findings, so a search never reads more than it shows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit

#: Pause after the last keystroke before the list is read again.
SEARCH_DELAY_MS = 250


class FindingsSearch(QLineEdit):
    """Says what to look for once typing pauses (``changed``), with a clear button."""

    changed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setPlaceholderText("Search findings, or type a ref like F12")
        self.setAccessibleName("Search findings")
        self.setToolTip(
            "A finding's ref (F12) finds that finding; words find the findings whose "
            "statement or recommendation holds them all"
        )
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self._search)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self._search()
            return
        super().keyPressEvent(event)

    def _search(self) -> None:
        self._timer.stop()
        self.changed.emit(self.text().strip())
