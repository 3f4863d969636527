"""Paints a question's evidence count with a balance bar: positive, neutral and negative.

The model gives the count as the cell's text and the counts by assessment under
``BALANCE_ROLE``; the bar shows their shares beside the number. Each share has
its own pattern as well as its colour (solid for positive, dotted for neutral,
hatched for negative), so the balance reads in black and white and to people
who do not tell green from red; the tooltip and accessible text say it in words.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from models.records import EvidenceCounts

#: Item data role: the question's :class:`EvidenceCounts`.
BALANCE_ROLE = Qt.ItemDataRole.UserRole + 9
BAR_WIDTH, BAR_HEIGHT, GAP = 44, 8, 6

#: (colour, pattern) per share, in the order drawn: positive, neutral, negative.
SHARES = (
    (QColor("#2E7D32"), Qt.BrushStyle.SolidPattern),
    (QColor("#8A8A8A"), Qt.BrushStyle.Dense5Pattern),
    (QColor("#C62828"), Qt.BrushStyle.BDiagPattern),
)


def balance_words(counts: EvidenceCounts) -> str:
    """ "12 positive, 3 neutral, 11 negative" (or "no evidence")."""
    if counts.total == 0:
        return "no evidence"
    return f"{counts.positive} positive, {counts.neutral} neutral, {counts.negative} negative"


def share_widths(counts: EvidenceCounts, width: float) -> tuple[float, float, float]:
    """How wide each share is in a bar ``width`` wide; a share that exists is never
    drawn thinner than two pixels, so one negative item among 500 still shows."""
    if counts.total == 0:
        return (0.0, 0.0, 0.0)
    parts = [counts.positive, counts.neutral, counts.negative]
    raw = [width * n / counts.total for n in parts]
    widened = [max(w, 2.0) if n else 0.0 for w, n in zip(raw, parts, strict=True)]
    scale = width / sum(widened)
    return (widened[0] * scale, widened[1] * scale, widened[2] * scale)


class BalanceBarDelegate(QStyledItemDelegate):
    """The count, right-aligned, with its balance bar to its left."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else QApplication.style()
        counts = index.data(BALANCE_ROLE)
        if not isinstance(counts, EvidenceCounts) or counts.total == 0:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
            return
        text = opt.text
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        metrics = opt.fontMetrics
        text_width = metrics.horizontalAdvance(text)
        right = opt.rect.right() - 4
        painter.save()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.setPen(
            opt.palette.highlightedText().color() if selected else opt.palette.text().color()
        )
        painter.drawText(
            QRectF(right - text_width, opt.rect.top(), text_width, opt.rect.height()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            text,
        )
        # Room for three digits whatever the count, so the bars line up down the column.
        bar_right = right - max(text_width, metrics.horizontalAdvance("999")) - GAP
        width = min(BAR_WIDTH, bar_right - opt.rect.left() - 2)
        if width > 6:
            top = opt.rect.center().y() - BAR_HEIGHT / 2
            x = float(bar_right - width)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            for share, (colour, pattern) in zip(share_widths(counts, width), SHARES, strict=True):
                if share <= 0:
                    continue
                painter.fillRect(QRectF(x, top, share, BAR_HEIGHT), QColor("white"))
                painter.fillRect(QRectF(x, top, share, BAR_HEIGHT), QBrush(colour, pattern))
                x += share
            painter.setPen(QPen(QColor("#555555"), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(bar_right - width, top, width, BAR_HEIGHT))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        hint = super().sizeHint(option, index)
        if isinstance(index.data(BALANCE_ROLE), EvidenceCounts):
            hint.setWidth(hint.width() + BAR_WIDTH + GAP)
        return hint
