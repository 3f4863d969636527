"""An indicator as the inspection holds it, and the comparisons the app draws from it.

An indicator is one figure from the force's data return (recorded crime per 1,000
population, the charge rate, victim satisfaction…) beside the same figure for a
comparator, England and Wales unless said otherwise. Nothing here knows about
storage or the window: the difference, its direction, whether the force is
notably worse, and the sentence an evidence item made from it states.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from models.records import new_id
from models.vocabulary import LabelledEnum

#: The comparator an indicator is set against unless the data return names another.
DEFAULT_COMPARATOR = "England and Wales"
#: How far worse than the comparator (in percent of the comparator) is "notably worse".
DEFAULT_THRESHOLD = 10.0


class IndicatorUnit(LabelledEnum):
    """What an indicator's figures count; the label is how a table heads them."""

    PER_1000_POPULATION = ("per_1000_population", "Rate per 1,000 population")
    PER_1000_HOUSEHOLDS = ("per_1000_households", "Rate per 1,000 households")
    PER_MILLION = ("per_million", "Per million population")
    PERCENT = ("percent", "%")
    COUNT = ("count", "Count")

    @property
    def suffix(self) -> str:
        """Written after a value in a sentence: "62.5 per 1,000 population", "84 %"."""
        return _SUFFIXES[self]


_SUFFIXES = {
    IndicatorUnit.PER_1000_POPULATION: " per 1,000 population",
    IndicatorUnit.PER_1000_HOUSEHOLDS: " per 1,000 households",
    IndicatorUnit.PER_MILLION: " per million population",
    IndicatorUnit.PERCENT: " %",
    IndicatorUnit.COUNT: "",
}


class Better(LabelledEnum):
    """Which way an indicator is better for the public."""

    HIGHER = ("higher", "Higher is better")
    LOWER = ("lower", "Lower is better")
    NEITHER = ("neither", "Neither")


@dataclass(frozen=True)
class SeriesPoint:
    """One earlier period of a time series: the force's value and, when known, the
    comparator's."""

    period: str
    force: float
    comparator: float | None = None


@dataclass(frozen=True)
class Indicator:
    """One figure of the force beside its comparator.

    ``series`` holds earlier periods, oldest first (the current period is the
    indicator's own ``period``); ``question_codes`` the questions it bears on;
    ``threshold`` the percent worse than the comparator that flags it;
    ``evidence_id`` the evidence item made from it, if any.
    """

    name: str
    group: str
    unit: IndicatorUnit
    force_value: float
    period: str
    comparator_value: float | None = None
    comparator_name: str = DEFAULT_COMPARATOR
    source: str = ""
    better: Better = Better.NEITHER
    series: tuple[SeriesPoint, ...] = ()
    question_codes: tuple[str, ...] = ()
    note: str = ""
    threshold: float = DEFAULT_THRESHOLD
    evidence_id: str | None = None
    position: int = 0
    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """What a data return matches an indicator by: its name and period, ignoring case
        and spacing."""
        return indicator_key(self.name, self.period)

    @property
    def difference(self) -> float | None:
        """The force's value less the comparator's (``None`` without a comparator)."""
        if self.comparator_value is None:
            return None
        return self.force_value - self.comparator_value

    @property
    def relative_difference(self) -> float | None:
        """The difference in percent of the comparator (``None`` when the comparator is
        missing or zero, where a percentage means nothing)."""
        if self.comparator_value is None or self.comparator_value == 0:
            return None
        return (self.force_value - self.comparator_value) / abs(self.comparator_value) * 100

    @property
    def direction(self) -> str:
        """``"higher"``, ``"lower"`` or ``"same"`` than the comparator (``""`` without one)."""
        diff = self.difference
        if diff is None:
            return ""
        if math.isclose(diff, 0.0, abs_tol=1e-9):
            return "same"
        return "higher" if diff > 0 else "lower"

    @property
    def notably_worse(self) -> bool:
        """Worse than the comparator by more than the threshold, in the direction that is
        worse for this indicator; never for an indicator where neither way is better."""
        rel = self.relative_difference
        if rel is None or self.better is Better.NEITHER:
            return False
        worse_by = -rel if self.better is Better.HIGHER else rel
        return worse_by > self.threshold + 1e-9

    @property
    def assessment_hint(self) -> str:
        """What the figure points to, for an evidence item made from it: ``positive`` when
        better than the comparator, ``negative`` when notably worse, otherwise ``neutral``."""
        rel = self.relative_difference
        if self.notably_worse:
            return "negative"
        if rel is None or self.better is Better.NEITHER or abs(rel) < 1e-9:
            return "neutral"
        better_by = rel if self.better is Better.HIGHER else -rel
        return "positive" if better_by > 0 else "neutral"


def indicator_key(name: str, period: str) -> tuple[str, str]:
    return (" ".join(name.split()).casefold(), " ".join(period.split()).casefold())


#: Marks shown beside a difference, readable without colour.
DIRECTION_MARKS = {"higher": "▲", "lower": "▼", "same": "=", "": ""}


def number_text(value: float | None) -> str:
    """A figure as a person writes it: thousands separated, no needless decimals."""
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) >= 1:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def difference_text(indicator: Indicator) -> str:
    """The difference as the table shows it: "▼ 0.5 (−0.8 %)", "▲ 0.4 (+25 %)"."""
    diff = indicator.difference
    if diff is None:
        return ""
    mark = DIRECTION_MARKS[indicator.direction]
    rel = indicator.relative_difference
    percent = (
        "" if rel is None else f" ({'+' if rel > 0 else '−' if rel < 0 else '±'}{abs(rel):.1f} %)"
    )
    return f"{mark} {number_text(abs(diff))}{percent}".strip()


def evidence_summary(indicator: Indicator, force: str) -> str:
    """The summary of an evidence item made from ``indicator``: force against comparator.

    E.g. "Recorded crime (excluding fraud), 12 months to 30 June 2015: Hampshire 62.5
    per 1,000 population against England and Wales 63.0 (0.8 % lower; lower is better)."
    """
    who = force.strip() or "The force"
    unit = indicator.unit.suffix
    text = f"{indicator.name}, {indicator.period}: {who} {number_text(indicator.force_value)}{unit}"
    if indicator.comparator_value is None:
        return text + "."
    comparator = f"{indicator.comparator_name} {number_text(indicator.comparator_value)}"
    rel = indicator.relative_difference
    if indicator.direction == "same":
        how = "the same"
    elif rel is None:
        how = indicator.direction
    else:
        how = f"{abs(rel):.1f} % {indicator.direction}"
    better = "" if indicator.better is Better.NEITHER else f"; {indicator.better.label.lower()}"
    flag = "; notably worse" if indicator.notably_worse else ""
    return f"{text} against {comparator} ({how}{better}{flag})."
