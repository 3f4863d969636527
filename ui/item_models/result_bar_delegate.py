"""Paints an item's result as a bar of its answers beside the result's words.

The model gives the words as the cell's text and the answer counts under
``SHARES_ROLE`` (a tuple of counts in the checklist's order: yes, no, partly or the
choices). Each answer's share has its own pattern as well as its shade (solid,
hatched, dotted…), outlined, so the bar reads in black and white; the words beside it
say the figures, so nothing depends on the bar.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

#: Item data role: the counts of the answers, in order.
SHARES_ROLE = Qt.ItemDataRole.UserRole + 11
BAR_WIDTH, BAR_HEIGHT, GAP = 90, 10, 8
#: (colour, pattern) per answer in order; the first (yes) is solid and darkest.
PATTERNS = (
    (QColor("#1F4E79"), Qt.BrushStyle.SolidPattern),
    (QColor("#7A1F1F"), Qt.BrushStyle.BDiagPattern),
    (QColor("#5A5A5A"), Qt.BrushStyle.Dense4Pattern),
    (QColor("#2E5E2E"), Qt.BrushStyle.CrossPattern),
    (QColor("#5E2E5E"), Qt.BrushStyle.FDiagPattern),
    (QColor("#444444"), Qt.BrushStyle.Dense6Pattern),
)


def share_widths(counts: tuple[int, ...], width: float) -> list[float]:
    """How wide each answer's share is in a bar ``width`` wide (an answer given at all is
    at least two pixels wide, so one file in hundreds still shows)."""
    total = sum(counts)
    if total <= 0:
        return [0.0 for _ in counts]
    widened = [max(width * n / total, 2.0) if n else 0.0 for n in counts]
    scale = width / sum(widened)
    return [w * scale for w in widened]


class ResultBarDelegate(QStyledItemDelegate):
    """The bar on the left of the cell, the result's words after it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else QApplication.style()
        counts = index.data(SHARES_ROLE)
        if not counts or sum(counts) <= 0:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
            return
        text = opt.text
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(4, 0, -4, 0)
        top = rect.top() + (rect.height() - BAR_HEIGHT) / 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        x = float(rect.left())
        for n, width in enumerate(share_widths(tuple(counts), BAR_WIDTH)):
            if width <= 0:
                continue
            colour, pattern = PATTERNS[n % len(PATTERNS)]
            painter.fillRect(QRectF(x, top, width, BAR_HEIGHT), QBrush(QColor("white")))
            painter.fillRect(QRectF(x, top, width, BAR_HEIGHT), QBrush(colour, pattern))
            x += width
        painter.setPen(QPen(QColor("#202020"), 1))
        painter.drawRect(QRectF(rect.left(), top, BAR_WIDTH, BAR_HEIGHT))
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.setPen(
            opt.palette.highlightedText().color() if selected else opt.palette.text().color()
        )
        text_rect = rect.adjusted(BAR_WIDTH + GAP, 0, 0, 0)
        shown = opt.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), shown)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        if index.data(SHARES_ROLE):
            size.setWidth(size.width() + BAR_WIDTH + GAP)
        return size
