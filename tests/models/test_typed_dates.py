"""Reading dates as people type them, day first, and the warnings a date can earn."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.evidence.typed_dates import date_warning, long_text, read_typed_date

TODAY = date(2015, 10, 1)


@pytest.mark.parametrize(
    "typed",
    [
        "22/09/2015",
        "22/9/15",
        "22 Sep 2015",
        "2015-09-22",
        "22-09-2015",
        "22.09.2015",
        "22 September 2015",
        "Tue 22 Sep 2015",
        "  22/9/2015  ",
        "22/9",
        "22 sep",
    ],
)
def test_the_ways_people_type_one_day(typed):
    assert read_typed_date(typed, TODAY) == date(2015, 9, 22)


def test_words_and_empty_text():
    assert read_typed_date("today", TODAY) == TODAY
    assert read_typed_date("Yesterday", TODAY) == date(2015, 9, 30)
    assert read_typed_date("", TODAY) is None
    assert read_typed_date("   ", TODAY) is None


@pytest.mark.parametrize(
    "typed", ["31/02/2015", "2015", "Sep", "13/13/2015", "next week", "22/09/1850"]
)
def test_what_is_not_a_date_is_refused_with_a_reason(typed):
    with pytest.raises(ValueError) as error:
        read_typed_date(typed, TODAY)
    assert str(error.value)


def test_slashed_dates_are_always_day_first():
    assert read_typed_date("03/04/2015", TODAY) == date(2015, 4, 3)
    with pytest.raises(ValueError, match="day/month/year"):
        read_typed_date("09/22/2015", TODAY)


@given(st.dates(date(1970, 1, 1), date(2069, 12, 31)))
def test_every_written_form_of_a_date_reads_back_as_that_date(day):
    forms = [
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year % 100:02d}",
        long_text(day)[4:],
        day.isoformat(),
        long_text(day),
    ]
    for form in forms:
        assert read_typed_date(form, TODAY) == day, form


def test_warnings_for_the_future_and_outside_fieldwork():
    start, end = date(2015, 9, 21), date(2015, 10, 9)
    assert date_warning(date(2015, 9, 22), TODAY, start, end) is None
    assert date_warning(date(2015, 10, 2), TODAY, start, end) == "This date is in the future."
    outside = date_warning(date(2015, 9, 1), TODAY, start, end)
    assert outside == "Outside the fieldwork dates (Mon 21 Sep 2015 to Fri 9 Oct 2015)."
    assert date_warning(date(2015, 9, 1), TODAY) is None  # no fieldwork dates known
    assert date_warning(None, TODAY, start, end) is None


def test_one_known_fieldwork_date_still_flags_dates_beyond_it():
    start, end = date(2015, 9, 21), date(2015, 10, 9)
    assert (
        date_warning(date(2015, 9, 1), TODAY, start, None)
        == "Before fieldwork started (Mon 21 Sep 2015)."
    )
    assert (
        date_warning(date(2015, 10, 10), date(2015, 12, 1), None, end)
        == "After fieldwork ended (Fri 9 Oct 2015)."
    )
    assert date_warning(date(2015, 9, 30), TODAY, start, None) is None
