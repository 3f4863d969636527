"""A small square of a grade's colour, shown beside the grade's name in grade choices."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

_SIZE = 14


def grade_swatch(colour: str) -> QIcon:
    pixmap = QPixmap(_SIZE, _SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#555555"))
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(1, 1, _SIZE - 2, _SIZE - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)
