"""The To review tab: what the lead still has to look at before the draft goes out.

Open review notes first, then the findings and judgments nobody has signed off.
Activating an entry (double-click or Enter) asks the window to go to its place;
for a note, its notes open beside it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from models.review.notes import ToReviewEntry, ToReviewKind
from ui.item_models.to_review_model import MARKS, ToReviewModel
from ui.panels.one_line_table import one_line_table

EVERYTHING = "Everything to review"


def tally(counts: dict[ToReviewKind, int]) -> str:
    """ "✎ 2 open notes · ○ 5 findings · ○ 3 judgments to sign off" (or "Nothing to review")."""
    notes = counts[ToReviewKind.OPEN_NOTE]
    findings = counts[ToReviewKind.UNSIGNED_FINDING]
    judgments = counts[ToReviewKind.UNSIGNED_JUDGMENT]
    if not (notes or findings or judgments):
        return "Nothing to review"
    parts = []
    if notes:
        parts.append(f"{MARKS[ToReviewKind.OPEN_NOTE]} {notes:,} open note{'s' * (notes != 1)}")
    unsigned = []
    if findings:
        unsigned.append(f"{findings:,} finding{'s' * (findings != 1)}")
    if judgments:
        unsigned.append(f"{judgments:,} judgment{'s' * (judgments != 1)}")
    if unsigned:
        parts.append(f"○ {' and '.join(unsigned)} to sign off")
    return " · ".join(parts)


class ToReviewPanel(QWidget):
    """The list with its filter; ``entry_chosen`` carries the entry activated."""

    entry_chosen = Signal(object)  # ToReviewEntry

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = ToReviewModel(self)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Show what to review")
        self.kind.addItem(EVERYTHING, None)
        for kind in ToReviewKind:
            # Stored as its value: Qt hands a str enum back as a plain string.
            self.kind.addItem(f"{MARKS[kind]} {kind.label}", kind.value)
        self.summary = QLabel("")
        self.summary.setAccessibleName("What is left to review")
        self.table = one_line_table(self.model, "To review", stretch=2)
        self.table.activated.connect(self._activated)
        self.kind.currentIndexChanged.connect(self._filter)
        filters = QHBoxLayout()
        filters.addWidget(self.kind)
        filters.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

    def show_entries(self, entries: list[ToReviewEntry]) -> None:
        self.model.set_entries(entries)
        self.summary.setText(tally(self.model.counts()))

    def _filter(self) -> None:
        value = self.kind.currentData()
        self.model.set_kind(ToReviewKind(value) if value else None)

    def _activated(self, index) -> None:
        entry = self.model.data(index, Qt.ItemDataRole.UserRole)
        if entry is not None:
            self.entry_chosen.emit(entry)
