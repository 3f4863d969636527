"""The demo's Force in numbers carries the report's own figures: every figure is checked
against the text of the published report when it is at hand (it is kept beside the
repository, not in it: the test is skipped on a clean clone)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from models.indicators.indicator import IndicatorUnit
from storage.demo_indicators import demo_indicators

REPORT = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "reference"
    / "peel-effectiveness-2015-hampshire.txt"
)


@pytest.fixture(scope="module")
def report() -> str:
    if not REPORT.is_file():
        pytest.skip("the published report is not beside the repository")
    return " ".join(REPORT.read_text(encoding="utf-8").split())


def test_the_demo_holds_every_table_and_stated_figure_of_the_report(demo_inspection):
    stored = demo_inspection.indicators.all()
    assert [i.name for i in stored] == [i.name for i in demo_indicators()]
    groups = {i.group for i in stored}
    assert {
        "Crime rates",
        "Outcomes (rate)",
        "Outcomes (number)",
        "Serious and organised crime",
    } <= groups
    assert len([i for i in stored if i.group == "Crime rates"]) == 6
    assert len([i for i in stored if i.group.startswith("Outcomes")]) == 18
    by_name = {i.name: i for i in stored}
    crime = by_name["Recorded crime (excluding fraud)"]
    assert (crime.force_value, crime.comparator_value, crime.question_codes) == (62.5, 63.0, ("1",))
    assert by_name["Burglary in a dwelling"].unit is IndicatorUnit.PER_1000_HOUSEHOLDS
    assert by_name["Charged/Summonsed: rate"].question_codes == ("2.1",)
    # Assault with injury is a quarter above England and Wales: flagged under question 1.
    assert by_name["Assault with injury"].notably_worse
    assert demo_inspection.indicators.for_question("2.1")[0].name == "Charged/Summonsed: rate"


def test_crime_rates_are_the_reports_table(report):
    for indicator in (i for i in demo_indicators() if i.group == "Crime rates"):
        name = indicator.name + (
            "*" if "Burglary" in indicator.name or "Anti-social" in indicator.name else ""
        )
        row = f"{name} {indicator.force_value:.1f} {indicator.comparator_value:.1f}"
        assert row in report, row


def test_outcomes_are_the_reports_table_numbers_and_rates(report):
    rates = {
        i.name.removesuffix(": rate"): i for i in demo_indicators() if i.group == "Outcomes (rate)"
    }
    numbers = {
        i.name.removesuffix(": number of outcomes"): i
        for i in demo_indicators()
        if i.group == "Outcomes (number)"
    }
    assert rates.keys() == numbers.keys() and len(rates) == 9
    for name, rate in rates.items():
        number = numbers[name]
        row = (
            f"{name} {int(number.force_value):,} {rate.force_value:.1f} "
            f"{int(number.comparator_value):,} {rate.comparator_value:.1f}"
        )
        assert row in report, row


def test_changes_and_counts_stated_in_the_text_are_the_reports(report):
    stated = {
        "Change in recorded crime (excluding fraud) since 2010": (
            "fell by 11 percent in Hampshire compared with a reduction of 13 percent"
        ),
        "Change in victim-based crime since 2010": (
            "decreased by 14 percent in Hampshire, compared with a reduction of 12 percent"
        ),
        "Change in recorded crime (excluding fraud) over the year": (
            "increased by 18 percent for the 12 months to 30 June 2015. This is compared with an"
            " increase of 4 percent"
        ),
        "Change in anti-social behaviour incidents over the year": (
            "This is 7 percent fewer incidents than the constabulary recorded during the previous"
            " 12 months. When considering all forces across England and Wales, there were 9"
            " percent fewer"
        ),
        "Anti-social behaviour incidents recorded": (
            "recorded 56,337 incidents of anti-social behaviour"
        ),
        "Organised crime groups": "monitoring 62 organised crime groups",
        "Organised crime groups per million population": "This represents 32 OCGs per one million",
    }
    by_name = {i.name: i for i in demo_indicators()}
    for name, words in stated.items():
        assert words in report, name
        indicator = by_name[name]
        found = [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*", words)]
        assert abs(indicator.force_value) in found, name
        if indicator.comparator_value is not None:
            assert abs(indicator.comparator_value) in found, name
    # Falls are stored as negative changes, rises as positive.
    assert by_name["Change in victim-based crime since 2010"].force_value == -14
    assert by_name["Change in recorded crime (excluding fraud) over the year"].force_value == 18


def test_organised_crime_groups_by_type_are_the_reports_figure(report):
    for indicator in demo_indicators():
        if indicator.group != "Organised crime groups by predominant crime type":
            continue
        kind = indicator.name.split(": ")[1]
        assert f"{kind} {int(indicator.force_value)}%" in report, kind
    drugs = next(i for i in demo_indicators() if i.name.endswith("Drug activity"))
    assert "with 64 percent of all OCGs" in report and drugs.comparator_value == 64
