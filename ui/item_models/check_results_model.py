"""The judgment checks' results as a table: how serious, where, and what each says.

Severity is shown as a word with a shape and a tint, so colour is never the only
signal. The model holds the results after the severity and question filters; a
run at 100,000 items yields a few hundred results, so they are held whole.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from models.framework import Framework
from models.review.results import CheckResult, Severity
from ui.item_models.read_only_table_model import ReadOnlyTableModel

#: A shape for each severity, read before the word and never only seen as a colour.
MARKS = {Severity.MUST_FIX: "■", Severity.LOOK_AGAIN: "▲", Severity.NOTE: "●"}
TINTS = {
    Severity.MUST_FIX: QColor("#F8D7DA"),
    Severity.LOOK_AGAIN: QColor("#FFF3CD"),
    Severity.NOTE: QColor("#E7F1FF"),
}


def where(result: CheckResult) -> str:
    """Where a result points, as the list shows it: "Overall", "3", "3.1 · F12"."""
    place = result.place
    text = place.question_code or "Overall"
    if place.finding_id:
        return f"{text} · {place.finding_ref or 'finding'}"
    if place.evidence_id:
        return f"{text} · item"
    return text


class CheckResultsModel(ReadOnlyTableModel):
    """Results shown in the Checks tab, most serious first."""

    headers = ("Severity", "Where", "What the check found")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[CheckResult] = []
        self._severity: Severity | None = None
        self._question: str | None = None
        self._framework: Framework | None = None

    def set_results(self, results: list[CheckResult], framework: Framework | None) -> None:
        self._all, self._framework = list(results), framework
        self._refilter()

    def set_filter(self, severity: Severity | None, question: str | None) -> None:
        """Show one severity (``None``: all) under one question and its sub-questions
        (``None``: everywhere; the overall judgment shows under every question filter
        only when none is set)."""
        self._severity, self._question = severity, question
        self._refilter()

    def counts(self) -> dict[Severity, int]:
        """Results of each severity before the filters."""
        found = dict.fromkeys(Severity, 0)
        for result in self._all:
            found[result.severity] += 1
        return found

    def _refilter(self) -> None:
        self.beginResetModel()
        self._rows = [r for r in self._all if self._shown(r)]
        self.endResetModel()

    def _shown(self, result: CheckResult) -> bool:
        if self._severity is not None and result.severity is not self._severity:
            return False
        if self._question is None:
            return True
        code = result.place.question_code
        framework = self._framework
        if code is None or framework is None or not framework.has_question(code):
            return False
        return framework.has_question(self._question) and framework.is_within(code, self._question)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        result = self.row_at(index.row()) if index.isValid() else None
        if result is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{MARKS[result.severity]} {result.severity.label}"
            if column == 1:
                return where(result)
            return result.message
        if role == Qt.ItemDataRole.BackgroundRole and column == 0:
            return TINTS[result.severity]
        if role == Qt.ItemDataRole.ToolTipRole:
            return result.message
        if role == Qt.ItemDataRole.UserRole:
            return result
        return None
