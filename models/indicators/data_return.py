"""A data return as rows of cells: its columns, each cell read into an indicator, and
every problem named by row and column.

The window and the command line read the same return the same way: the header
row names the columns (in any order, any case; unknown columns are refused so a
typo is not silently dropped), each row is one indicator for one period, and an
optional second sheet gives earlier periods for a time series. Nothing here
touches a file: :mod:`storage.indicators` reads the cells and writes the result.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from models.evidence_logs.values import cell_text, parse_question_codes
from models.framework import Framework
from models.indicators.indicator import (
    DEFAULT_COMPARATOR,
    DEFAULT_THRESHOLD,
    Better,
    Indicator,
    IndicatorUnit,
    SeriesPoint,
    indicator_key,
)
from models.stored_values.figures import LARGEST, PERIOD_LIMIT, SERIES_LIMIT
from models.stored_values.value_rules import LINE_LIMIT

INDICATORS_SHEET = "data return"
SERIES_SHEET = "earlier periods"
#: Indicators one return may hold: far more than any PEEL data return has.
RETURN_ROWS = 5_000
#: Problems kept to show; the count goes on.
SHOWN_PROBLEMS = 200

#: The columns of the data return sheet, in the template's order; the first five are needed.
COLUMNS = (
    "name",
    "group",
    "unit",
    "force value",
    "period",
    "comparator value",
    "comparator",
    "better",
    "questions",
    "threshold %",
    "source",
    "note",
)
REQUIRED = COLUMNS[:5]
SERIES_COLUMNS = ("name", "period", "earlier period", "force value", "comparator value")
_ALIASES = {
    "indicator": "name",
    "force": "force value",
    "value": "force value",
    "comparator name": "comparator",
    "england and wales": "comparator value",
    "which is better": "better",
    "better is": "better",
    "threshold": "threshold %",
    "threshold (%)": "threshold %",
    "notes": "note",
    "question codes": "questions",
    "earlier": "earlier period",
}
_UNIT_WORDS = {
    "rate per 1,000 population": IndicatorUnit.PER_1000_POPULATION,
    "per 1,000 population": IndicatorUnit.PER_1000_POPULATION,
    "per 1000 population": IndicatorUnit.PER_1000_POPULATION,
    "rate per 1000 population": IndicatorUnit.PER_1000_POPULATION,
    "rate per 1,000 households": IndicatorUnit.PER_1000_HOUSEHOLDS,
    "per 1,000 households": IndicatorUnit.PER_1000_HOUSEHOLDS,
    "per 1000 households": IndicatorUnit.PER_1000_HOUSEHOLDS,
    "per million": IndicatorUnit.PER_MILLION,
    "per million population": IndicatorUnit.PER_MILLION,
    "per one million population": IndicatorUnit.PER_MILLION,
    "%": IndicatorUnit.PERCENT,
    "percent": IndicatorUnit.PERCENT,
    "percentage": IndicatorUnit.PERCENT,
    "count": IndicatorUnit.COUNT,
    "number": IndicatorUnit.COUNT,
}
_BETTER_WORDS = {
    "higher": Better.HIGHER,
    "higher is better": Better.HIGHER,
    "lower": Better.LOWER,
    "lower is better": Better.LOWER,
    "neither": Better.NEITHER,
    "": Better.NEITHER,
    "n/a": Better.NEITHER,
    "-": Better.NEITHER,
}
_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|[+-]?\.\d+")


def header_name(cell: object) -> str:
    """A header cell as the column it names ("Force value" → "force value")."""
    key = " ".join(cell_text(cell).casefold().split())
    return _ALIASES.get(key, key)


@dataclass(frozen=True)
class ReturnProblem:
    """One thing wrong with a return: where (sheet, row, column) and what."""

    sheet: str | None
    row: int | None
    column: str | None
    text: str

    def __str__(self) -> str:
        where = [] if self.sheet is None else [f"{self.sheet} sheet"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where) or 'the file'}: {self.text}"


@dataclass
class ReturnProblems:
    """The problems found so far: the first :data:`SHOWN_PROBLEMS` and how many in all."""

    found: list[ReturnProblem] = field(default_factory=list)
    total: int = 0

    def add(self, sheet: str | None, row: int | None, column: str | None, text: str) -> None:
        self.total += 1
        if len(self.found) < SHOWN_PROBLEMS:
            self.found.append(ReturnProblem(sheet, row, column, text))


def parse_number(value: object) -> float:
    """A figure from a cell: a number, or text like "1,234", "62.5", "56%", "−0.8"."""
    if isinstance(value, bool):
        raise ValueError("is TRUE/FALSE, not a number")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = cell_text(value).replace("\u2212", "-").replace(" ", "").rstrip("%")
        if not _NUMBER.fullmatch(text):
            shown = cell_text(value)[:40]
            raise ValueError(f"'{shown}' is not a number" if shown else "is empty; give a number")
        number = float(text.replace(",", ""))
    if not math.isfinite(number) or abs(number) > LARGEST:
        raise ValueError("is not a finite number of sensible size")
    return number


def parse_unit(value: object) -> IndicatorUnit:
    key = " ".join(cell_text(value).casefold().split())
    if key in _UNIT_WORDS:
        return _UNIT_WORDS[key]
    try:
        return IndicatorUnit.from_text(key)
    except ValueError:
        names = "; ".join(u.label for u in IndicatorUnit)
        raise ValueError(f"'{cell_text(value)[:40]}' is not a unit (use one of: {names})") from None


def parse_better(value: object) -> Better:
    key = " ".join(cell_text(value).casefold().split())
    if key in _BETTER_WORDS:
        return _BETTER_WORDS[key]
    raise ValueError(f"'{cell_text(value)[:40]}' is not higher, lower or neither")


def _line(value: object, required: bool, limit: int = LINE_LIMIT) -> str:
    text = " ".join(cell_text(value).replace("\x00", "").split())
    if required and not text:
        raise ValueError("is empty")
    if len(text) > limit:
        raise ValueError(f"is longer than {limit:,} characters")
    return text


@dataclass(frozen=True)
class ReturnedIndicator:
    """One row of a return: the indicator it gives and the columns the return had, so a
    re-import changes only what the return speaks to."""

    row: int
    indicator: Indicator
    columns: frozenset[str]
    series_given: bool


def read_header(
    cells: Sequence[object],
    where: tuple[str | None, int],
    expected: Sequence[str],
    required: Sequence[str],
    problems: ReturnProblems,
) -> dict[str, int] | None:
    """Column name → index from a header row; ``None`` (with problems) when it cannot be used."""
    sheet, row = where
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = header_name(cell)
        if not name:
            continue
        if name not in expected:
            problems.add(
                sheet,
                row,
                cell_text(cell)[:40],
                f"is not a column of a data return (the columns are: {', '.join(expected)})",
            )
        elif name in found:
            problems.add(sheet, row, name, "is given twice")
        else:
            found[name] = index
    missing = [c for c in required if c not in found]
    if missing:
        problems.add(sheet, row, None, f"the header row lacks the column(s) {', '.join(missing)}")
    return None if missing else found


def parse_rows(
    rows: Iterable[tuple[int, Sequence[object]]],
    columns: dict[str, int],
    framework: Framework,
    problems: ReturnProblems,
    sheet: str | None = INDICATORS_SHEET,
) -> list[ReturnedIndicator]:
    """The indicators of the data return sheet's rows (blank rows skipped)."""
    parsed: list[ReturnedIndicator] = []
    first_row: dict[tuple[str, str], int] = {}

    for number, cells in rows:
        if all(cell_text(c) == "" for c in cells):
            continue
        if len(parsed) >= RETURN_ROWS:
            problems.add(sheet, number, None, f"a return holds at most {RETURN_ROWS:,} indicators")
            break
        values: dict[str, object] = {}
        readers: dict[str, Callable[[object], object]] = {
            "name": lambda v: _line(v, True),
            "group": lambda v: _line(v, True),
            "unit": parse_unit,
            "force value": parse_number,
            "period": lambda v: _line(v, True, PERIOD_LIMIT),
            "comparator value": lambda v: None if cell_text(v) == "" else parse_number(v),
            "comparator": lambda v: _line(v, False) or DEFAULT_COMPARATOR,
            "better": parse_better,
            "questions": lambda v: () if cell_text(v) == "" else parse_question_codes(v, framework),
            "threshold %": _threshold,
            "source": lambda v: _line(v, False),
            "note": lambda v: cell_text(v).replace("\x00", ""),
        }
        ok = True
        for name in columns:
            try:
                values[name] = readers[name](_cell(cells, columns, name))
            except ValueError as e:
                problems.add(sheet, number, name, str(e))
                ok = False
        if "name" in values and "period" in values:
            # Checked even on a row with other problems, so every repeat is named at once.
            key = indicator_key(str(values["name"]), str(values["period"]))
            if key in first_row:
                problems.add(
                    sheet,
                    number,
                    "name",
                    f"{values['name']} for {values['period']} "
                    f"is given twice (rows {first_row[key]} and {number})",
                )
                continue
            first_row[key] = number
        if not ok:
            continue
        indicator = Indicator(
            name=str(values["name"]),
            group=str(values["group"]),
            unit=values["unit"],  # type: ignore[arg-type]
            force_value=float(values["force value"]),  # type: ignore[arg-type]
            period=str(values["period"]),
            comparator_value=values.get("comparator value"),  # type: ignore[arg-type]
            comparator_name=str(values.get("comparator", DEFAULT_COMPARATOR)),
            better=values.get("better", Better.NEITHER),  # type: ignore[arg-type]
            question_codes=values.get("questions", ()),  # type: ignore[arg-type]
            threshold=float(values.get("threshold %", DEFAULT_THRESHOLD)),  # type: ignore[arg-type]
            source=str(values.get("source", "")),
            note=str(values.get("note", "")),
        )
        parsed.append(ReturnedIndicator(number, indicator, frozenset(columns), False))
    return parsed


def _cell(cells: Sequence[object], columns: dict[str, int], name: str) -> object:
    index = columns.get(name)
    return cells[index] if index is not None and index < len(cells) else None


def _threshold(value: object) -> float:
    if cell_text(value) == "":
        return DEFAULT_THRESHOLD
    number = parse_number(value)
    if not 0 <= number <= 1000:
        raise ValueError("is not a percentage from 0 to 1,000")
    return number


def attach_series(
    returned: list[ReturnedIndicator],
    rows: Iterable[tuple[int, Sequence[object]]],
    columns: dict[str, int],
    problems: ReturnProblems,
) -> list[ReturnedIndicator]:
    """The returned indicators with the earlier periods the series sheet gives them."""
    by_key = {r.indicator.key: i for i, r in enumerate(returned)}
    points: dict[int, list[SeriesPoint]] = {}
    seen: dict[tuple[int, str], int] = {}
    sheet = SERIES_SHEET
    for number, cells in rows:
        if all(cell_text(c) == "" for c in cells):
            continue

        def cell(name: str, cells: Sequence[object] = cells) -> object:
            return _cell(cells, columns, name)

        try:
            name, period = _line(cell("name"), True), _line(cell("period"), True, PERIOD_LIMIT)
        except ValueError as e:
            problems.add(sheet, number, "name", f"name and period are both needed ({e})")
            continue
        target = by_key.get(indicator_key(name, period))
        if target is None:
            problems.add(
                sheet, number, "name", f"{name} for {period} is not on the {INDICATORS_SHEET} sheet"
            )
            continue
        values = {}
        for column, reader in (
            ("earlier period", lambda v: _line(v, True, PERIOD_LIMIT)),
            ("force value", parse_number),
            ("comparator value", lambda v: None if cell_text(v) == "" else parse_number(v)),
        ):
            try:
                values[column] = reader(cell(column))
            except ValueError as e:
                problems.add(sheet, number, column, str(e))
        if len(values) < 3:
            continue
        earlier = str(values["earlier period"])
        mark = (target, " ".join(earlier.split()).casefold())
        if mark in seen:
            problems.add(
                sheet,
                number,
                "earlier period",
                f"{earlier} is given twice for {name} (rows {seen[mark]} and {number})",
            )
            continue
        seen[mark] = number
        found = points.setdefault(target, [])
        if len(found) >= SERIES_LIMIT:
            problems.add(
                sheet, number, None, f"an indicator has at most {SERIES_LIMIT} earlier periods"
            )
            continue
        found.append(SeriesPoint(earlier, values["force value"], values["comparator value"]))  # type: ignore[arg-type]
    result = []
    for i, r in enumerate(returned):
        series = tuple(points.get(i, ()))
        result.append(ReturnedIndicator(r.row, _with_series(r.indicator, series), r.columns, True))
    return result


def _with_series(indicator: Indicator, series: tuple[SeriesPoint, ...]) -> Indicator:
    from dataclasses import replace

    return replace(indicator, series=series)
