"""The Force in numbers table: each indicator beside its comparator, with the difference
as a number and a direction mark, and a flag on those notably worse.

Indicators are few (tens), so the model holds them all and sorts them itself when a
header is clicked. The force's and comparator's figures and the threshold can be
corrected in place; a correction is one undoable step through the controller.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from models.indicators.data_return import parse_number
from models.indicators.indicator import Indicator, difference_text, number_text
from ui.item_models.read_only_table_model import ReadOnlyTableModel

FLAG = "⚑"
#: Columns: header, what it shows, the key it sorts by. The figures come straight after the
#: name, so a laptop's width shows them without scrolling.
_COLUMNS: tuple[tuple[str, Callable[[Indicator], str], Callable[[Indicator], Any]], ...] = (
    ("Flag", lambda i: f"{FLAG} worse" if i.notably_worse else "", lambda i: not i.notably_worse),
    ("Indicator", lambda i: i.name, lambda i: i.name.casefold()),
    ("Force", lambda i: number_text(i.force_value), lambda i: i.force_value),
    (
        "Comparator",
        lambda i: number_text(i.comparator_value),
        lambda i: (i.comparator_value is None, i.comparator_value or 0.0),
    ),
    (
        "Difference",
        difference_text,
        lambda i: (i.relative_difference is None, i.relative_difference or 0.0),
    ),
    ("Unit", lambda i: i.unit.label, lambda i: i.unit.label),
    ("Period", lambda i: i.period, lambda i: i.period.casefold()),
    # Groups in the order the return (or the report) gives them (see ``_sorted``).
    ("Group", lambda i: i.group, lambda i: i.position),
    ("Better", lambda i: i.better.value, lambda i: i.better.value),
    ("Threshold %", lambda i: number_text(i.threshold), lambda i: i.threshold),
    ("Questions", lambda i: ", ".join(i.question_codes), lambda i: i.question_codes),
    ("Compared with", lambda i: i.comparator_name, lambda i: i.comparator_name.casefold()),
)
FORCE, COMPARATOR, DIFFERENCE, GROUP, THRESHOLD = 2, 3, 4, 7, 9
_EDITABLE = {FORCE: "force_value", COMPARATOR: "comparator_value", THRESHOLD: "threshold"}


class IndicatorTableModel(ReadOnlyTableModel):
    """Indicators as rows; ``UserRole`` gives the indicator itself."""

    headers = tuple(c[0] for c in _COLUMNS)

    def __init__(self, correct: Callable[[Indicator, Indicator], object], parent=None):
        super().__init__(parent)
        self._correct = correct
        self._sort: tuple[int, Qt.SortOrder] = (GROUP, Qt.SortOrder.AscendingOrder)
        #: Why the last edit was refused ("" when it was not), for the view to say.
        self.refusal = ""
        self._group_rank: dict[str, int] = {}

    def set_indicators(self, indicators: list[Indicator]) -> None:
        self.beginResetModel()
        # An indicator sorts by group at the place its group first appears, then its own.
        first: dict[str, int] = {}
        for indicator in sorted(indicators, key=lambda i: i.position):
            first.setdefault(indicator.group, indicator.position)
        self._rows = list(indicators)
        self._group_rank = first
        self._sorted()
        self.endResetModel()

    def indicators(self) -> list[Indicator]:
        return list(self._rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(_COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sorted()
        self.layoutChanged.emit()

    def _sorted(self) -> None:
        column, order = self._sort
        key = _COLUMNS[column][2]
        if column == GROUP:
            rank = self._group_rank
            key = lambda i: (rank.get(i.group, i.position), i.position)  # noqa: E731
        # Ties keep the return's order (a stable sort on it first).
        self._rows.sort(key=lambda i: i.position)
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        indicator = self.row_at(index.row()) if index.isValid() else None
        if indicator is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return indicator
        if role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[column][1](indicator)
        if role == Qt.ItemDataRole.EditRole and column in _EDITABLE:
            value = getattr(indicator, _EDITABLE[column])
            return "" if value is None else number_text(value).replace(",", "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(indicator, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (FORCE, COMPARATOR, THRESHOLD):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _COLUMNS[column][1](indicator) or "none"
        return None

    @staticmethod
    def _tooltip(indicator: Indicator, column: int) -> str:
        if column == 0 and indicator.notably_worse:
            return (
                f"Worse than {indicator.comparator_name} by more than "
                f"{number_text(indicator.threshold)} %"
            )
        if column == DIFFERENCE and indicator.direction:
            return f"{indicator.direction.capitalize()} than {indicator.comparator_name}"
        if column == 1 and (indicator.source or indicator.note):
            return "\n".join(x for x in (indicator.source, indicator.note) if x)
        return ""

    def flags(self, index):
        flags = super().flags(index)
        if index.isValid() and index.column() in _EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        indicator = self.row_at(index.row()) if index.isValid() else None
        if indicator is None or role != Qt.ItemDataRole.EditRole or index.column() not in _EDITABLE:
            return False
        field = _EDITABLE[index.column()]
        self.refusal = ""
        try:
            if field == "comparator_value" and str(value).strip() == "":
                number = None
            else:
                number = parse_number(value)
            if field == "threshold" and not 0 <= (number or 0) <= 1000:
                raise ValueError("is not a percentage from 0 to 1,000")
        except ValueError as e:
            self.refusal = f"{self.headers[index.column()]} {e}."
            return False
        if getattr(indicator, field) == number:
            return True
        self._correct(indicator, replace(indicator, **{field: number}))
        return True
