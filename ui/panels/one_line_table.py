"""A read-only list of one line a row, as the Checks and To review tabs show theirs.

Rows are selected whole, one at a time, at an even height (the whole text of a cell
is its tooltip); one column stretches and the others fit their contents.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

#: Rows measured (besides those in view) when a column fits its contents.
RESIZE_PRECISION = 200


def one_line_table(model, name: str, stretch: int) -> QTableView:
    """A table over ``model`` named ``name`` for screen readers, column ``stretch`` taking
    the room the others leave."""
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
    header = table.horizontalHeader()
    # Columns fit the rows a screen shows and a few hundred more, not thousands: a large
    # inspection's list would otherwise be measured whole at every change.
    header.setResizeContentsPrecision(RESIZE_PRECISION)
    for column in range(model.columnCount()):
        mode = QHeaderView.ResizeMode
        header.setSectionResizeMode(
            column, mode.Stretch if column == stretch else mode.ResizeToContents
        )
    return table
