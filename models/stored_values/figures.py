"""The rules an indicator's figures keep: numbers, a time series and a list of questions.

Kept apart from the other column rules because these are about figures, and read
JSON a crafted file may fill with anything: a series is a bounded list of
``[period, force value, comparator value or null]``, questions a bounded list
of ids. Each rule returns ``None`` when the value is fine, or a few words saying
what is wrong.
"""

from __future__ import annotations

import json
import math
import re

#: Figures larger than this are not figures a data return holds (and would not print).
LARGEST = 1e15
#: Earlier periods one indicator may carry (five years of quarters is 20).
SERIES_LIMIT = 200
#: Questions one indicator may bear on.
QUESTIONS_LIMIT = 200
#: Characters in a period's name ("12 months to 30 June 2015").
PERIOD_LIMIT = 200
_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,63}")


def number(value: object) -> str | None:
    """A finite number of sensible size (not a boolean, not text)."""
    if type(value) not in (int, float):
        return "is not a number"
    if not math.isfinite(value) or abs(value) > LARGEST:  # type: ignore[arg-type]
        return "is not a finite number of sensible size"
    return None


def threshold(value: object) -> str | None:
    """The percent worse than the comparator that flags an indicator: 0 to 1,000."""
    problem = number(value)
    if problem:
        return problem
    return None if 0 <= value <= 1000 else "is not a percentage from 0 to 1,000"  # type: ignore[operator]


def _json_list(value: object, limit: int, what: str) -> tuple[list[object] | None, str | None]:
    if not isinstance(value, str) or len(value) > 1_000_000:
        return None, "is not JSON text of sensible size"
    try:
        parsed = json.loads(value)
    except ValueError:
        return None, "is not JSON"
    if not isinstance(parsed, list):
        return None, f"is not a JSON list of {what}"
    if len(parsed) > limit:
        return None, f"lists more than {limit} {what}"
    return parsed, None


def series(value: object) -> str | None:
    """Earlier periods: ``[[period, force, comparator or null], …]``, periods named once."""
    parsed, problem = _json_list(value, SERIES_LIMIT, "periods")
    if problem or parsed is None:
        return problem
    seen: set[str] = set()
    for point in parsed:
        if not isinstance(point, list) or len(point) != 3:
            return "holds a period that is not [period, force, comparator]"
        period, force, comparator = point
        if not isinstance(period, str) or not period.strip() or len(period) > PERIOD_LIMIT:
            return f"holds a period name that is not text of 1 to {PERIOD_LIMIT} characters"
        if "\x00" in period:
            return "holds a period name with a NUL character"
        if number(force) or (comparator is not None and number(comparator)):
            return f"holds a value for {period!r} that is not a number"
        key = " ".join(period.split()).casefold()
        if key in seen:
            return f"names the period {period!r} twice"
        seen.add(key)
    return None


def id_list(value: object) -> str | None:
    """The questions an indicator bears on: a JSON list of distinct ids."""
    parsed, problem = _json_list(value, QUESTIONS_LIMIT, "questions")
    if problem or parsed is None:
        return problem
    if any(not isinstance(i, str) or not _ID.fullmatch(i) for i in parsed):
        return "holds something that is not an id"
    if len(set(parsed)) != len(parsed):
        return "names a question twice"
    return None
