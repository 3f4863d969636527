"""The evidence balance bar: its shares, its words, and what it paints."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView

from models.records import EvidenceCounts
from ui.item_models.balance_bar_delegate import (
    BALANCE_ROLE,
    BalanceBarDelegate,
    balance_words,
    share_widths,
)


@pytest.mark.parametrize(
    "counts, widths",
    [
        (EvidenceCounts(), (0, 0, 0)),
        (EvidenceCounts(positive=2, neutral=1, negative=1), (20, 10, 10)),
        (EvidenceCounts(negative=3), (0, 0, 40)),
    ],
)
def test_shares_split_the_bar(counts, widths):
    assert tuple(round(w) for w in share_widths(counts, 40)) == widths


def test_a_lone_item_among_many_still_shows():
    positive, neutral, negative = share_widths(EvidenceCounts(positive=999, negative=1), 40)
    assert negative >= 1.9 and neutral == 0 and round(positive + negative) == 40


def test_the_balance_in_words():
    assert balance_words(EvidenceCounts()) == "no evidence"
    assert balance_words(EvidenceCounts(12, 11, 3)) == "12 positive, 3 neutral, 11 negative"


def test_the_bar_is_painted_positive_first_and_negative_last(qtbot):
    model = QStandardItemModel(1, 1)
    cell = QStandardItem("26")
    cell.setData(EvidenceCounts(positive=13, neutral=0, negative=13), BALANCE_ROLE)
    model.setItem(0, 0, cell)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegateForColumn(0, BalanceBarDelegate(view))
    view.setColumnWidth(0, 120)
    view.resize(200, 80)
    view.show()
    qtbot.waitExposed(view)
    rect = view.visualRect(model.index(0, 0))
    image = view.viewport().grab().toImage()
    y = rect.center().y()
    row = [QColor(image.pixel(x, y)) for x in range(rect.left(), rect.right())]
    greens = [x for x, c in enumerate(row) if c.green() > 100 and c.red() < 80]
    reds = [x for x, c in enumerate(row) if c.red() > 150 and c.green() < 80]
    assert greens and reds and max(greens) < min(reds)
    assert view.model().data(model.index(0, 0), Qt.ItemDataRole.DisplayRole) == "26"
