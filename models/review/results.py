"""What a judgment check reports: how serious it is, where it is, and what it says."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable

from models.vocabulary import LabelledEnum


class Severity(LabelledEnum):
    """How much a check's result matters, most serious first."""

    MUST_FIX = ("must_fix", "Must fix")
    LOOK_AGAIN = ("look_again", "Look again")
    NOTE = ("note", "Note")

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


@dataclass(frozen=True)
class CheckPlace:
    """Where a result points: a question (``None`` for the overall judgment), and
    within it a finding or an evidence item when the result is about one."""

    question_code: str | None
    finding_id: str | None = None
    evidence_id: str | None = None
    #: The finding's ref (``F12``) when the result is about a finding that has one.
    finding_ref: str | None = None


@dataclass(frozen=True)
class CheckResult:
    """One thing a check found. ``check`` names the check (stable, for filters and
    the command line); ``message`` is the sentence the lead reads."""

    check: str
    severity: Severity
    place: CheckPlace
    message: str


def in_reading_order(results: list[CheckResult], order: dict[str | None, int]) -> list[CheckResult]:
    """Most serious first; within a severity, in framework order (overall first)."""
    return sorted(results, key=reading_key(order))


def reading_key(order: dict[str | None, int]) -> Callable[[CheckResult], tuple[int, int, str]]:
    """The sort key of :func:`in_reading_order`, for merging lists already in that order."""
    return lambda r: (r.severity.rank, order.get(r.place.question_code, len(order)), r.check)


def merged_in(
    ordered: list[CheckResult],
    keys: list[tuple[int, int, str]],
    more: list[CheckResult],
    key: Callable[[CheckResult], tuple[int, int, str]],
) -> list[CheckResult]:
    """``ordered`` (already in reading order, ``keys`` its keys) with ``more`` put in their
    places, exactly as a stable sort of ``ordered + more`` would: a few dozen results
    are placed by bisection instead of sorting thousands again."""
    merged: list[CheckResult] = []
    start = 0
    for result in sorted(more, key=key):
        at = bisect_right(keys, key(result), lo=start)
        merged.extend(ordered[start:at])
        merged.append(result)
        start = at
    merged.extend(ordered[start:])
    return merged
