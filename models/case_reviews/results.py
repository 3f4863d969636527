"""The results of a checklist over many files, as numbers and as the sentences a
report quotes: "in 45 of 60 cases (75 %)".

The counting itself happens in SQL (see the storage of case reviews); here are the
shapes it fills and the wording. An item's *base* is the files where it applies and
was answered other than *not applicable*: N/A answers are left out of the base and
said apart, as are files the item did not apply to and files not yet answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Sequence

from models.case_reviews.answers import AnswerType, YesNo, answer_label, format_number
from models.case_reviews.checklist import ChecklistItem


@dataclass(frozen=True)
class AnswerCount:
    """How many files gave one answer."""

    value: str
    count: int

    @property
    def label(self) -> str:
        return answer_label(self.value)


@dataclass(frozen=True)
class NumberSummary:
    """The spread of a number item's answers."""

    median: float
    low: float
    high: float


@dataclass(frozen=True)
class ItemResult:
    """One item's result over the files counted.

    ``files`` is every file counted; ``not_applied`` those its condition left out;
    ``unanswered`` those it applies to with no answer yet; ``not_applicable`` those
    answered N/A; ``base`` the rest, whose answers ``counts`` breaks down (yes, no,
    partly or the choices, in the checklist's order, noughts included; empty for a
    number, date or text item).
    """

    item: ChecklistItem
    files: int
    not_applied: int
    unanswered: int
    not_applicable: int
    base: int
    counts: tuple[AnswerCount, ...] = ()
    numbers: NumberSummary | None = None

    def count_of(self, value: str) -> int:
        return next((c.count for c in self.counts if c.value == value), 0)

    @property
    def headline(self) -> AnswerCount | None:
        """The answer a sentence leads with: *yes* for a yes/no item, else the most given."""
        if not self.counts:
            return None
        if self.item.answer_type is AnswerType.YES_NO:
            return AnswerCount(YesNo.YES.value, self.count_of(YesNo.YES.value))
        return max(self.counts, key=lambda c: c.count)


def percent(count: int, base: int) -> int:
    """``count`` of ``base`` as a whole percentage, halves rounded up (0 for no base)."""
    if base <= 0:
        return 0
    exact = Decimal(count) * 100 / Decimal(base)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def cases_sentence(count: int, base: int) -> str:
    """``in 45 of 60 cases (75 %)``; ``in none of the cases`` when nothing was counted."""
    if base <= 0:
        return "in none of the cases (no file answered it)"
    noun = "case" if base == 1 else "cases"
    return f"in {count} of {base} {noun} ({percent(count, base)} %)"


def result_sentence(result: ItemResult) -> str:
    """The item's result in one sentence, its question first, with the sample size:

    ``Was a DASH risk assessment completed? Yes in 45 of 60 cases (75 %); no in 15;
    N/A in 3 (not counted). 63 files reviewed.``
    """
    prompt = " ".join(result.item.prompt.split())
    if prompt and prompt[-1] not in "?.!:":
        prompt += ":"
    parts = []
    headline = result.headline
    if headline is not None:
        parts.append(f"{headline.label} {cases_sentence(headline.count, result.base)}")
        for count in result.counts:
            if count.value != headline.value and count.count:
                parts.append(
                    f"{count.label.lower() if _is_word(count) else count.label} in {count.count}"
                )
    elif result.numbers is not None:
        n = result.numbers
        parts.append(
            f"median {format_number(n.median)} (range {format_number(n.low)}"
            f" to {format_number(n.high)}) over {result.base}"
            f" {'case' if result.base == 1 else 'cases'}"
        )
    else:
        parts.append(f"answered in {result.base} {'case' if result.base == 1 else 'cases'}")
    if result.not_applicable:
        parts.append(f"N/A in {result.not_applicable} (not counted)")
    if result.unanswered:
        parts.append(f"not yet answered in {result.unanswered}")
    if result.not_applied:
        parts.append(f"did not apply in {result.not_applied}")
    files = f"{result.files} {'file' if result.files == 1 else 'files'} reviewed."
    return f"{prompt} {_capital('; '.join(parts))}. {files}"


def _is_word(count: AnswerCount) -> bool:
    return count.value in {m.value for m in YesNo}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def median(values: Sequence[float]) -> float:
    """The middle of ``values`` (the mean of the two middle ones for an even count)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
