"""Paints a question's grade as a compact badge: the grade's colour behind its (short) name.

The model gives the grade's full name, its colour and whether the judgment is
reviewed; the badge shows the short name ("RI" for Requires improvement) with a
tick when reviewed, so the Grade column stays narrow and question titles keep
their width. The tooltip and the accessible text carry the full wording.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from models.grade_colours import short_grade_name

#: Item data role: True when the judgment behind the grade is reviewed.
REVIEWED_ROLE = Qt.ItemDataRole.UserRole + 7
REVIEWED_MARK = " ✓"
_PAD_X, _PAD_Y, _MARGIN = 6, 2, 4


def badge_text(name: str, reviewed: bool) -> str:
    return short_grade_name(name) + (REVIEWED_MARK if reviewed else "")


class GradeBadgeDelegate(QStyledItemDelegate):
    """A rounded badge in the grade's colour; nothing for questions that are not graded."""

    def _text(self, index) -> str:
        name = index.data(Qt.ItemDataRole.DisplayRole)
        return badge_text(name, bool(index.data(REVIEWED_ROLE))) if name else ""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = self._text(index)
        opt.text = ""
        opt.backgroundBrush = QBrush(Qt.BrushStyle.NoBrush)  # the badge, not the cell, is coloured
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not text:
            return
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        metrics = opt.fontMetrics
        width = metrics.horizontalAdvance(text) + 2 * _PAD_X
        height = metrics.height() + 2 * _PAD_Y
        rect = QRectF(
            opt.rect.left() + _MARGIN,
            opt.rect.center().y() - height / 2 + 1,
            min(width, opt.rect.width() - 2 * _MARGIN),
            height,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        if background is not None:
            painter.setBrush(background)
        painter.drawRoundedRect(rect, height / 3, height / 3)
        if foreground is not None:
            painter.setPen(foreground.color())
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    @staticmethod
    def widest(metrics, badges: list[tuple[str, bool]]) -> int:
        """The width of the widest of these (grade name, reviewed) badges."""
        texts = [badge_text(name, reviewed) for name, reviewed in badges] or [""]
        return max(metrics.horizontalAdvance(t) for t in texts) + 2 * (_PAD_X + _MARGIN) + 4

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        hint = super().sizeHint(option, index)
        text = self._text(index)
        width = option.fontMetrics.horizontalAdvance(text) + 2 * (_PAD_X + _MARGIN) if text else 0
        return QSize(width, max(hint.height(), option.fontMetrics.height() + 2 * _PAD_Y + 4))
