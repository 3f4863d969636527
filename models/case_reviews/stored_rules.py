"""Rules for the stored values of case-file review that the general rules of
:mod:`models.stored_values.rules` have no shape for: a choice list, an answer's text,
and the filters an evidence item was counted under. Each returns ``None`` for a value
the app would store, or a few words saying what is wrong."""

from __future__ import annotations

import json

from models.case_reviews.answers import ANSWER_LIMIT, CHOICES_LIMIT
from models.case_reviews.checklist import TITLE_LIMIT

_FILTER_KEYS = {"crime_type", "reviewer", "reviewed_from", "reviewed_to"}


def choices(value: object) -> str | None:
    """A JSON list of one-line choices, at most :data:`CHOICES_LIMIT`."""
    if not isinstance(value, str) or len(value) > 100_000:
        return "is not a JSON list of choices"
    try:
        parsed = json.loads(value)
    except ValueError:
        return "is not JSON"
    if not isinstance(parsed, list) or len(parsed) > CHOICES_LIMIT:
        return f"is not a JSON list of at most {CHOICES_LIMIT} choices"
    for choice in parsed:
        if (
            not isinstance(choice, str)
            or not choice.strip()
            or len(choice) > TITLE_LIMIT
            or any(ord(c) < 32 or c == "\x7f" for c in choice)
        ):
            return "holds a choice that is not one line of text"
    return None


def answer(value: object) -> str | None:
    """An answer's text: not empty, no NUL, at most :data:`ANSWER_LIMIT` characters
    (whether its item takes it is checked against the item)."""
    if not isinstance(value, str) or not value.strip():
        return "is not an answer"
    if "\x00" in value:
        return "holds a NUL character"
    if len(value) > ANSWER_LIMIT:
        return f"is longer than {ANSWER_LIMIT:,} characters"
    return None


def filters(value: object) -> str | None:
    """The filters a result was counted under: a JSON object of known keys, each a
    short text or null."""
    if not isinstance(value, str) or len(value) > 10_000:
        return "is not the filters of a result"
    try:
        parsed = json.loads(value)
    except ValueError:
        return "is not JSON"
    if not isinstance(parsed, dict) or not set(parsed) <= _FILTER_KEYS:
        return "is not the filters of a result"
    for key, given in parsed.items():
        if given is not None and (not isinstance(given, str) or len(given) > TITLE_LIMIT):
            return "is not the filters of a result"
        if key.startswith("reviewed_") and given is not None:
            from datetime import date

            try:
                date.fromisoformat(given)
            except ValueError:
                return "holds a date that is not a date"
    return None
