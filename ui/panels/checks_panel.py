"""The Checks tab: what the judgment checks found, filtered by severity and question.

Activating a result (double-click or Enter) asks the window to go to its place:
the question, the finding or the item. The tab's own line counts each severity
before the filters, so a filter never hides that something must be fixed.
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

from models.framework import Framework
from models.review.results import CheckResult, Severity
from ui.item_models.check_results_model import MARKS, CheckResultsModel
from ui.panels.one_line_table import one_line_table

EVERY_SEVERITY, EVERY_QUESTION = "Every severity", "Every question"


def tally(counts: dict[Severity, int]) -> str:
    """ "■ 2 must fix · ▲ 5 look again · ● 40 notes" (or "Nothing found")."""
    if not any(counts.values()):
        return "Nothing found"
    words = {Severity.MUST_FIX: "must fix", Severity.LOOK_AGAIN: "look again"}
    parts = []
    for severity, n in counts.items():
        word = words.get(severity, "note" if n == 1 else "notes")
        parts.append(f"{MARKS[severity]} {n:,} {word}")
    return " · ".join(parts)


class ChecksPanel(QWidget):
    """The results list with its filters; ``place_chosen`` carries a result's place."""

    place_chosen = Signal(object)  # CheckPlace

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = CheckResultsModel(self)
        self.severity = QComboBox()
        self.severity.setAccessibleName("Show severity")
        self.severity.addItem(EVERY_SEVERITY, None)
        for severity in Severity:
            # Stored as its value: Qt hands a str enum back as a plain string.
            self.severity.addItem(f"{MARKS[severity]} {severity.label}", severity.value)
        self.question = QComboBox()
        self.question.setAccessibleName("Show question")
        # Question titles are long: the box stays narrow and its list shows them whole.
        self.question.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.question.setMinimumContentsLength(18)
        self.question.view().setMinimumWidth(480)
        self.question.addItem(EVERY_QUESTION, None)
        self.summary = QLabel("Checking…")
        self.summary.setMinimumWidth(0)
        self.summary.setAccessibleName("What the checks found")
        # One line a result (the whole message is its tooltip), so the list reads evenly.
        self.table = one_line_table(self.model, "Check results", stretch=2)
        self.table.activated.connect(self._activated)
        self.severity.currentIndexChanged.connect(self._filter)
        self.question.currentIndexChanged.connect(self._filter)

        filters = QHBoxLayout()
        filters.addWidget(self.severity)
        filters.addWidget(self.question)
        filters.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

    def set_framework(self, framework: Framework) -> None:
        """Offer the graded questions (and the rest, indented) as question filters."""
        self.question.blockSignals(True)
        self.question.clear()
        self.question.addItem(EVERY_QUESTION, None)
        for q in framework.questions:
            self.question.addItem(f"{'  ' * q.depth}{q.code}  {q.title}", q.code)
        self.question.blockSignals(False)
        self.model.set_results([], framework)

    def show_results(self, results: list[CheckResult], framework: Framework) -> None:
        self.model.set_results(results, framework)
        self.summary.setText(tally(self.model.counts()))

    def must_fix(self) -> int:
        return self.model.counts()[Severity.MUST_FIX]

    def _filter(self) -> None:
        value = self.severity.currentData()
        self.model.set_filter(Severity(value) if value else None, self.question.currentData())

    def _activated(self, index) -> None:
        result = self.model.data(index, Qt.ItemDataRole.UserRole)
        if result is not None:
            self.place_chosen.emit(result.place)
