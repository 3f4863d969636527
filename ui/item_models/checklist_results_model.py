"""The results of a checklist, an item a row: its answers in words beside a bar, the
N/A answers apart, what was not counted, and the evidence made from it.

Also the breakdown of one item's result by answer, each with its number of files,
from which the files behind an answer are listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from models.case_reviews.answers import NOT_APPLICABLE, format_number
from models.case_reviews.query import ANY_ANSWER, UNANSWERED
from models.case_reviews.results import ItemResult, cases_sentence, result_sentence
from ui.item_models.read_only_table_model import ReadOnlyTableModel
from ui.item_models.result_bar_delegate import SHARES_ROLE

RESULT_COLUMN = 2


@dataclass(frozen=True)
class ItemEvidence:
    """The evidence made from one item's result: its ref and whether it is out of date."""

    evidence_id: str
    ref: str
    out_of_date: bool


def result_words(result: ItemResult) -> str:
    """The result in short: ``Yes in 45 of 60 cases (75 %)`` or a number's median."""
    headline = result.headline
    if headline is not None:
        return f"{headline.label} {cases_sentence(headline.count, result.base)}"
    if result.numbers is not None:
        n = result.numbers
        return (
            f"Median {format_number(n.median)}, range {format_number(n.low)}"
            f" to {format_number(n.high)} (over {result.base})"
        )
    return f"Answered in {result.base} {'case' if result.base == 1 else 'cases'}"


def not_counted_words(result: ItemResult) -> str:
    parts = []
    if result.unanswered:
        parts.append(f"{result.unanswered} to answer")
    if result.not_applied:
        parts.append(f"{result.not_applied} did not apply")
    return ", ".join(parts)


def evidence_words(made: list[ItemEvidence]) -> str:
    return ", ".join(f"{m.ref} (out of date)" if m.out_of_date else m.ref for m in made)


_HEADERS = ("No.", "Item", "Result", "N/A", "Not counted", "Evidence")


class ChecklistResultsModel(ReadOnlyTableModel):
    """One row per checklist item; ``UserRole`` gives its :class:`ItemResult`."""

    headers = _HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._evidence: dict[str, list[ItemEvidence]] = {}

    def set_results(
        self, results: list[ItemResult], evidence: dict[str, list[ItemEvidence]]
    ) -> None:
        self.beginResetModel()
        self._rows = list(results)
        self._evidence = {k: list(v) for k, v in evidence.items()}
        self.endResetModel()

    def evidence_of(self, item_id: str) -> list[ItemEvidence]:
        return list(self._evidence.get(item_id, []))

    def row_of(self, item_id: str) -> int:
        return next((n for n, r in enumerate(self._rows) if r.item.id == item_id), -1)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        result: ItemResult | None = self.row_at(index.row()) if index.isValid() else None
        if result is None or not 0 <= index.column() < len(_HEADERS):
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            made = self._evidence.get(result.item.id, [])
            return (
                str(result.item.number),
                " ".join(result.item.prompt.split()),
                result_words(result),
                f"{result.not_applicable} N/A" if result.not_applicable else "",
                not_counted_words(result),
                evidence_words(made),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, RESULT_COLUMN):
            return result_sentence(result)
        if role == SHARES_ROLE and column == RESULT_COLUMN and result.counts:
            return tuple(c.count for c in result.counts)
        if role == Qt.ItemDataRole.UserRole:
            return result
        return None


@dataclass(frozen=True)
class AnswerRow:
    """One answer of an item's breakdown: its words, its files, the value to list them."""

    label: str
    count: int
    value: str


def breakdown(result: ItemResult) -> list[AnswerRow]:
    """An item's result by answer: each answer counted, then N/A and those to answer."""
    rows = [
        AnswerRow(f"{c.label}: {cases_sentence(c.count, result.base)}", c.count, c.value)
        for c in result.counts
    ]
    if not result.counts:
        rows.append(AnswerRow(f"Answered: {result.base} files", result.base, ANY_ANSWER))
    rows.append(
        AnswerRow(
            f"N/A: {result.not_applicable} (not counted)", result.not_applicable, NOT_APPLICABLE
        )
    )
    rows.append(AnswerRow(f"Not yet answered: {result.unanswered}", result.unanswered, UNANSWERED))
    return rows


class AnswerBreakdownModel(ReadOnlyTableModel):
    """The answers of the item chosen; ``UserRole`` gives the :class:`AnswerRow`."""

    headers = ("Answer",)

    def set_result(self, result: ItemResult | None) -> None:
        self.beginResetModel()
        self._rows = [] if result is None else breakdown(result)
        self.endResetModel()

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        row: AnswerRow | None = self.row_at(index.row()) if index.isValid() else None
        if row is None or index.column() != 0:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Click or press Enter to list these files"
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None
