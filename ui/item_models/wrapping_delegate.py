"""An item delegate that wraps long text in the first column of a tree to the column's width.

Question titles are long and start alike ("How well does the force…"), so
eliding them hides the part that tells them apart.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView


class WrappingDelegate(QStyledItemDelegate):
    """Sizes rows of ``column`` so their text wraps inside the visible column width."""

    def __init__(self, view: QTreeView, column: int = 0):
        super().__init__(view)
        self.view = view
        self.column = column
        self._heights: dict[tuple[str, int, str], int] = {}
        view.header().sectionResized.connect(self._relayout)

    def _relayout(self, section: int, _old: int, _new: int) -> None:
        if section == self.column:
            self.view.doItemsLayout()

    def _depth(self, index) -> int:
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        return depth

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:
        super().initStyleOption(option, index)
        if index.column() == self.column:
            option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
            option.textElideMode = Qt.TextElideMode.ElideNone

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        hint = super().sizeHint(option, index)
        if index.column() != self.column:
            return hint
        indent = self.view.indentation() * (self._depth(index) + 1)
        width = max(60, self.view.columnWidth(self.column) - indent - 12)
        text = str(index.data() or "")
        # A row's height is asked for again whenever anything in it changes (a count):
        # its title is laid out once per width and font, not each time.
        key = (text, width, option.font.key())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > 4096:
                self._heights.clear()
            height = self._heights[key] = (
                option.fontMetrics.boundingRect(
                    QRect(0, 0, width, 100000), int(Qt.TextFlag.TextWordWrap), text
                ).height()
                + 6
            )
        return QSize(hint.width(), max(hint.height(), height))
