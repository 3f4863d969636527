"""Dates as inspectors type them into the app, and what is worth a second look about one.

A typed date is read with the same lenient, day-first rules as a date in an
evidence log (:func:`~models.evidence_log_values.parse_log_date`: 22/09/2015,
22/9/15, 22 Sep 2015, 2015-09-22), so the app and the importer never disagree.
Typing adds a few shortcuts a log does not need: ``today``, ``yesterday``, and
a day and month without a year (``22/9``, ``22 Sep``), which mean this year.
A date in the future or outside the fieldwork dates is allowed but flagged.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from models.evidence_logs.values import parse_log_date

_NO_YEAR_NUMERIC = re.compile(r"\d{1,2}[/.-]\d{1,2}")
_NO_YEAR_NAMED = re.compile(r"\d{1,2}(?:st|nd|rd|th)?[ /.-]*[a-z]+\.?", re.I)
_WORDS = {"today": 0, "tod": 0, "t": 0, "yesterday": 1, "yest": 1, "y": 1}


def read_typed_date(text: str, today: date) -> date | None:
    """The date ``text`` stands for; ``None`` when it is empty. Raises ``ValueError``
    with a sentence saying what would do when it is not a date."""
    plain = " ".join((text or "").split())
    if not plain:
        return None
    if plain.casefold() in _WORDS:
        return today - timedelta(days=_WORDS[plain.casefold()])
    try:
        return parse_log_date(plain)
    except ValueError:
        if _NO_YEAR_NUMERIC.fullmatch(plain):
            return parse_log_date(f"{plain}/{today.year}")
        if _NO_YEAR_NAMED.fullmatch(plain):
            return parse_log_date(f"{plain} {today.year}")
        raise


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def long_text(day: date) -> str:
    """``Tue 22 Sep 2015``: unambiguous whichever way round people write dates (in
    English whatever the computer's locale, as the importer reads them)."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def date_warning(
    day: date | None,
    today: date,
    fieldwork_start: date | None = None,
    fieldwork_end: date | None = None,
) -> str | None:
    """Why ``day`` deserves a second look (it is still a valid date), or ``None``."""
    if day is None:
        return None
    if day > today:
        return "This date is in the future."
    if (
        fieldwork_start is not None
        and fieldwork_end is not None
        and not (fieldwork_start <= day <= fieldwork_end)
    ):
        return (
            f"Outside the fieldwork dates ({long_text(fieldwork_start)} to "
            f"{long_text(fieldwork_end)})."
        )
    if fieldwork_start is not None and fieldwork_end is None and day < fieldwork_start:
        return f"Before fieldwork started ({long_text(fieldwork_start)})."
    if fieldwork_end is not None and fieldwork_start is None and day > fieldwork_end:
        return f"After fieldwork ended ({long_text(fieldwork_end)})."
    return None
