"""The rules of case-file review without storage: answers of each type, conditions,
progress, the result sentence and the warning on a reference that looks like a name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.case_reviews.answers import AnswerError, AnswerType, read_answer
from models.case_reviews.case_file import progress, reference_warning
from models.case_reviews.checklist import Checklist, ChecklistItem, Condition, applies
from models.case_reviews.results import (
    AnswerCount,
    ItemResult,
    NumberSummary,
    cases_sentence,
    median,
    percent,
    result_sentence,
)


@pytest.mark.parametrize(
    "kind, typed, stored",
    [
        (AnswerType.YES_NO, "Yes", "yes"),
        (AnswerType.YES_NO, " y ", "yes"),
        (AnswerType.YES_NO, "N", "no"),
        (AnswerType.YES_NO, "partly", "partly"),
        (AnswerType.YES_NO, "Not applicable", "n/a"),
        (AnswerType.YES_NO, "", None),
        (AnswerType.NUMBER, "2.50", "2.5"),
        (AnswerType.NUMBER, "1,200", "1200"),
        (AnswerType.NUMBER, "-3", "-3"),
        (AnswerType.NUMBER, "N/A", "n/a"),
        (AnswerType.DATE, "22/9/2015", "2015-09-22"),
        (AnswerType.DATE, "2015-09-22", "2015-09-22"),
        (AnswerType.CHOICE, "by TELEPHONE", "By telephone"),
        (AnswerType.TEXT, "  Referred to MARAC\n", "Referred to MARAC"),
    ],
)
def test_each_answer_type_stores_what_a_reviewer_types_in_one_form(kind, typed, stored):
    assert read_answer(kind, ("In person", "By telephone"), typed) == stored


@pytest.mark.parametrize(
    "kind, typed, words",
    [
        (AnswerType.YES_NO, "maybe", "yes, no, partly or n/a"),
        (AnswerType.NUMBER, "three", "Give a number"),
        (AnswerType.NUMBER, "1e400", "Give a number"),
        (AnswerType.NUMBER, "nan", "Give a number"),
        (AnswerType.DATE, "31/02/2015", "Give a date"),
        (AnswerType.CHOICE, "By letter", "In person, By telephone"),
        (AnswerType.TEXT, "x" * 2001, "at most 2,000"),
    ],
)
def test_an_answer_its_item_cannot_take_is_refused_saying_what_would_do(kind, typed, words):
    with pytest.raises(AnswerError, match=words):
        read_answer(kind, ("In person", "By telephone"), typed)


@given(st.text(max_size=40))
def test_reading_a_stored_answer_again_gives_it_back(typed):
    for kind in AnswerType:
        try:
            stored = read_answer(kind, ("In person", "By telephone"), typed)
        except AnswerError:
            continue
        if stored is not None:
            assert read_answer(kind, ("In person", "By telephone"), stored) == stored


def test_a_condition_holds_only_when_its_chain_of_conditions_holds():
    first = ChecklistItem("DASH completed?")
    second = ChecklistItem("In person?", condition=Condition(first.id, "yes"))
    third = ChecklistItem("By a specialist?", condition=Condition(second.id, "no"))
    items = {i.id: i for i in (first, second, third)}
    assert applies(third, {first.id: "yes", second.id: "no"}, items)
    # A stale answer to the middle item does not make the last one apply.
    assert not applies(third, {first.id: "no", second.id: "no"}, items)
    assert not applies(second, {}, items)
    checklist = Checklist("DA", items=(first, second, third))
    done = progress(checklist, {first.id: "no"})
    assert (done.answered, done.applicable, done.complete) == (1, 1, True)
    assert progress(checklist, {first.id: "yes"}).text == "1 of 2"


@pytest.mark.parametrize(
    "reference",
    ["Jane Smith", "Mrs Smith", "smith, john", "J. Smith", "Mr. A Khan"],
)
def test_a_reference_that_looks_like_a_name_is_warned_about(reference):
    assert "looks like a person's name" in (reference_warning(reference) or "")


@pytest.mark.parametrize(
    "reference", ["44150012345", "HC/15/001234", "44/AB/2015", "CRN 1500123", ""]
)
def test_a_force_reference_is_not_warned_about(reference):
    assert reference_warning(reference) is None


def test_the_result_sentence_reads_as_a_report_quotes_it():
    assert cases_sentence(45, 60) == "in 45 of 60 cases (75 %)"
    assert cases_sentence(1, 1) == "in 1 of 1 case (100 %)"
    assert cases_sentence(0, 0) == "in none of the cases (no file answered it)"
    assert (percent(1, 8), percent(2, 3), percent(1, 200)) == (13, 67, 1)
    item = ChecklistItem("Was a DASH risk assessment completed?")
    result = ItemResult(
        item,
        files=66,
        not_applied=0,
        unanswered=3,
        not_applicable=3,
        base=60,
        counts=(AnswerCount("yes", 45), AnswerCount("no", 12), AnswerCount("partly", 3)),
    )
    assert result_sentence(result) == (
        "Was a DASH risk assessment completed? Yes in 45 of 60 cases (75 %); no in 12;"
        " partly in 3; N/A in 3 (not counted); not yet answered in 3. 66 files reviewed."
    )
    days = ChecklistItem("Days to first contact", AnswerType.NUMBER)
    spread = ItemResult(days, 40, 0, 0, 0, 40, (), NumberSummary(2.0, 0.0, 14.5))
    assert result_sentence(spread) == (
        "Days to first contact: Median 2 (range 0 to 14.5) over 40 cases. 40 files reviewed."
    )


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=30))
def test_the_median_has_as_many_values_below_as_above(values):
    middle = median(values)
    assert sum(v < middle for v in values) <= len(values) // 2
    assert sum(v > middle for v in values) <= len(values) // 2
