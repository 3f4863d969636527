"""The answer types of a checklist item and what an answer of each type may be.

Answers are stored as text in one form per type, so every copy of a file, every
import and the results read them alike: ``yes``/``no``/``partly`` for a yes/no item,
a number without thousands separators (``3``, ``2.5``), a date as ``2015-09-22``,
one of the item's choices exactly as the checklist spells it, or free text. Any item
may be answered *not applicable* (``n/a``), which results show apart and leave out
of the count.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from models.evidence_logs.values import parse_log_date
from models.vocabulary import LabelledEnum

#: The stored answer "not applicable", whatever the item's type.
NOT_APPLICABLE = "n/a"
#: What a person may type for "not applicable".
_NA_WORDS = {"n/a", "na", "n.a.", "n a", "not applicable", "-"}
#: Characters in a free-text answer (a line or two in a case file's log).
ANSWER_LIMIT = 2_000
#: Choices one choice item may offer.
CHOICES_LIMIT = 50


class AnswerType(LabelledEnum):
    """How an item is answered; the label is what the checklist sheet and the form say."""

    YES_NO = ("yes_no", "Yes/no")
    NUMBER = ("number", "Number")
    CHOICE = ("choice", "Choice")
    DATE = ("date", "Date")
    TEXT = ("text", "Text")


class YesNo(LabelledEnum):
    """The answers of a yes/no item (besides not applicable)."""

    YES = ("yes", "Yes")
    NO = ("no", "No")
    PARTLY = ("partly", "Partly")


class AnswerError(ValueError):
    """An answer its item cannot take; the message says what would do."""


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def is_not_applicable(typed: str) -> bool:
    return " ".join(typed.lower().split()) in _NA_WORDS


def read_answer(answer_type: AnswerType, choices: tuple[str, ...], typed: str) -> str | None:
    """The stored form of ``typed`` as an answer of this type, ``None`` for no answer
    (an empty field). Raises :class:`AnswerError` naming what would be accepted."""
    text = " ".join(str(typed).replace("\x00", "").split())
    if answer_type is AnswerType.TEXT:
        text = str(typed).replace("\x00", "").strip()
        if len(text) > ANSWER_LIMIT:
            raise AnswerError(f"An answer holds at most {ANSWER_LIMIT:,} characters.")
    if not text:
        return None
    if is_not_applicable(text):
        return NOT_APPLICABLE
    if answer_type is AnswerType.YES_NO:
        key = text.lower()
        for member in YesNo:
            if key in (member.value, member.label.lower(), member.value[0]):
                return str(member.value)
        raise AnswerError("Answer yes, no, partly or n/a.")
    if answer_type is AnswerType.NUMBER:
        return _number(text)
    if answer_type is AnswerType.DATE:
        try:
            day = parse_log_date(text)
        except ValueError:
            day = None
        if day is None:
            raise AnswerError("Give a date, like 22/09/2015, or n/a.")
        return day.isoformat()
    if answer_type is AnswerType.CHOICE:
        for choice in choices:
            if choice.lower() == text.lower():
                return choice
        raise AnswerError(f"Answer one of: {', '.join(choices)}; or n/a.")
    return text


def _number(text: str) -> str:
    plain = text.replace(",", "") if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", text) else text
    if not _NUMBER.fullmatch(plain):
        raise AnswerError("Give a number, like 3 or 2.5, or n/a.")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        raise AnswerError("Give a number, like 3 or 2.5, or n/a.") from None
    if not math.isfinite(float(value)) or abs(value) >= Decimal(10) ** 15:
        raise AnswerError("Give a number below a million billion.")
    return format_number(value)


def format_number(value: Decimal | float) -> str:
    """A number as answers store it and sentences show it: no exponent, no trailing zeros."""
    number = Decimal(str(value)) if isinstance(value, float) else value
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def stored_answer_problem(answer_type: str, choices: tuple[str, ...], value: object) -> str | None:
    """What is wrong with a stored answer of this type, ``None`` when it is one the app
    would store (a crafted copy may hold anything)."""
    if not isinstance(value, str):
        return "is not text"
    try:
        kind = AnswerType(answer_type)
    except ValueError:
        return None  # the item's own type is reported
    try:
        stored = read_answer(kind, choices, value)
    except AnswerError as e:
        return f"is not an answer its item takes ({e})"
    if stored != value:
        return "is not an answer as the app stores it"
    return None


def answer_label(value: str | None) -> str:
    """How an answer reads in a list or a sentence: *Yes*, *N/A*, the value itself."""
    if value is None:
        return ""
    if value == NOT_APPLICABLE:
        return "N/A"
    for member in YesNo:
        if value == member.value:
            return member.label
    return value


def answer_values(answer_type: AnswerType, choices: tuple[str, ...]) -> tuple[str, ...]:
    """The answers results count one by one (in this order): yes/no/partly or the
    choices; number, date and text items are counted as answered or not."""
    if answer_type is AnswerType.YES_NO:
        return tuple(m.value for m in YesNo)
    if answer_type is AnswerType.CHOICE:
        return choices
    return ()
