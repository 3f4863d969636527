"""How a row of the evidence list says why it is there: marks, and the words a search found.

The marks column draws up to three small signs: a lock for a sensitive item,
a paper clip when files are attached, and a flag with a count for the findings
the item supports. The summary column, while a search is on, marks the words
it found; when the match is in the place or the notes instead, it adds that
field's matching text in grey after the summary.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.evidence_table_model import HIT_ROLE, MARKS_ROLE

_ICON = 12
_GAP = 4
_SENSITIVE = QColor("#B71C1C")
_NEUTRAL = QColor("#455A64")
_FINDING = QColor("#1B5E20")
HIGHLIGHT = QColor("#FFE082")  # amber 200: black text on it is well over 4.5:1
_FIELD_NAMES = {"location": "place", "notes": "notes"}


def _base(delegate: QStyledItemDelegate, painter: QPainter, option, index) -> QStyleOptionViewItem:
    """Draw the cell's background and selection without its text; return the option."""
    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    opt.text = ""
    style = opt.widget.style() if opt.widget else QApplication.style()
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
    return opt


def _ink(opt: QStyleOptionViewItem, colour: QColor) -> QColor:
    selected = opt.state & QStyle.StateFlag.State_Selected
    return opt.palette.color(QPalette.ColorRole.HighlightedText) if selected else colour


def _lock(painter: QPainter, x: float, y: float, colour: QColor) -> None:
    painter.setPen(QPen(colour, 1.6))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(x + 2.5, y, 7, 8), 0, 180 * 16)
    painter.drawLine(QPointF(x + 2.5, y + 4), QPointF(x + 2.5, y + 6))
    painter.drawLine(QPointF(x + 9.5, y + 4), QPointF(x + 9.5, y + 6))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(x + 1, y + 5.5, 10, 6.5), 1.5, 1.5)


def _clip(painter: QPainter, x: float, y: float, colour: QColor) -> None:
    path = QPainterPath()
    path.moveTo(x + 8, y + 3)
    path.lineTo(x + 8, y + 9)
    path.arcTo(QRectF(x + 3, y + 6.5, 5, 5), 0, -180)
    path.lineTo(x + 3, y + 2.5)
    path.arcTo(QRectF(x + 3, y, 7, 5), 180, -180)
    path.lineTo(x + 10, y + 10)
    painter.setPen(QPen(colour, 1.4))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)


def _flag(painter: QPainter, x: float, y: float, colour: QColor) -> None:
    painter.setPen(QPen(colour, 1.6))
    painter.drawLine(QPointF(x + 2, y), QPointF(x + 2, y + 12))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    flag = QPainterPath()
    flag.moveTo(x + 2.5, y + 0.5)
    flag.lineTo(x + 11, y + 3.5)
    flag.lineTo(x + 2.5, y + 6.5)
    flag.closeSubpath()
    painter.drawPath(flag)


class MarksDelegate(QStyledItemDelegate):
    """Paints the marks column: lock, clip, flag with a count."""

    def paint(self, painter: QPainter, option, index) -> None:
        opt = _base(self, painter, option, index)
        value = index.data(MARKS_ROLE)
        if not value:
            return
        marks, sensitive = value
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = opt.rect.left() + _GAP
        y = opt.rect.center().y() - _ICON / 2
        if sensitive:
            _lock(painter, x, y, _ink(opt, _SENSITIVE))
        x += _ICON + _GAP
        if marks.attachments:
            _clip(painter, x, y, _ink(opt, _NEUTRAL))
        x += _ICON + _GAP
        if marks.findings:
            ink = _ink(opt, _FINDING)
            _flag(painter, x, y, ink)
            painter.setPen(ink)
            font = painter.font()
            font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
            painter.setFont(font)
            painter.drawText(QRectF(x + _ICON - 1, opt.rect.top(), 16, opt.rect.height()),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             str(marks.findings) if marks.findings < 100 else "99+")
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(marks_width(), hint.height())


def marks_width() -> int:
    return 3 * (_ICON + _GAP) + 18


class SearchHitDelegate(QStyledItemDelegate):
    """Paints the summary with the words a search found marked, and where else it matched."""

    def paint(self, painter: QPainter, option, index) -> None:
        hit = index.data(HIT_ROLE)
        if hit is None:
            super().paint(painter, option, index)
            return
        opt = _base(self, painter, option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        metrics = opt.fontMetrics
        rect = opt.rect.adjusted(4, 0, -4, 0)
        painter.save()
        painter.setClipRect(opt.rect)
        ink = _ink(opt, opt.palette.color(QPalette.ColorRole.Text))
        x = float(rect.left())
        baseline = rect.center().y() + (metrics.ascent() - metrics.descent()) / 2
        cut = 0
        for start, end in hit.summary_spans:
            if start >= len(text):
                break
            x = self._run(painter, metrics, text[cut:start], x, baseline, ink, None)
            x = self._run(painter, metrics, text[start:end], x, baseline, QColor("#000000"),
                          HIGHLIGHT)
            cut = end
        x = self._run(painter, metrics, text[cut:], x, baseline, ink, None)
        if hit.field:
            grey = _ink(opt, QColor("#5F6368"))
            self._run(painter, metrics, f"  · {_FIELD_NAMES[hit.field]}: {hit.excerpt}", x,
                      baseline, grey, None)
        painter.restore()

    @staticmethod
    def _run(painter, metrics, text: str, x: float, baseline: float, ink: QColor,
             background: QColor | None) -> float:
        if not text:
            return x
        width = metrics.horizontalAdvance(text)
        if background is not None:
            painter.fillRect(QRectF(x - 1, baseline - metrics.ascent() - 1, width + 2,
                                    metrics.height() + 2), background)
        painter.setPen(ink)
        painter.drawText(QPointF(x, baseline), text)
        return x + width
