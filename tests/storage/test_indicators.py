"""Indicators on real files: stored and read back, the questions they bear on, their
history, evidence made from them that follows a corrected value, the comparisons
drawn from them, and fieldwork copies and merges by id."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from models.indicators.indicator import (
    Better,
    Indicator,
    IndicatorUnit,
    SeriesPoint,
    difference_text,
    evidence_summary,
)
from models.vocabulary import Assessment, SourceType
from storage.file.inspection_file import InspectionFile
from storage.health.check import check_inspection
from storage.merge.errors import MergeRefusedError
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import apply_merge
from tests.storage.merge_helpers import fake_clock, file_state, make_master
from tests.storage.repository_helpers import history_of

CRIME = Indicator(
    name="Recorded crime (excluding fraud)",
    group="Crime rates",
    unit=IndicatorUnit.PER_1000_POPULATION,
    force_value=62.5,
    comparator_value=63.0,
    period="12 months to 30 June 2015",
    source="Home Office data",
    better=Better.LOWER,
    series=(SeriesPoint("12 months to 30 June 2014", 53.0, 60.6),),
    question_codes=("1.1", "2"),
)
ASSAULT = Indicator(
    name="Assault with injury",
    group="Crime rates",
    unit=IndicatorUnit.PER_1000_POPULATION,
    force_value=7.8,
    comparator_value=6.3,
    period="12 months to 30 June 2015",
    better=Better.LOWER,
    question_codes=("1.1",),
)


def test_indicators_are_stored_and_read_back_with_every_field(tiny_inspection):
    stored = tiny_inspection.indicators.add(CRIME)
    tiny_inspection.indicators.add(ASSAULT)
    read = tiny_inspection.indicators.get(stored.id)
    assert replace(read, created_at="", updated_at="") == replace(
        CRIME, id=stored.id, question_codes=("1.1", "2"), position=0
    )
    assert [i.name for i in tiny_inspection.indicators.all()] == [CRIME.name, ASSAULT.name]
    assert [i.name for i in tiny_inspection.indicators.for_question("1.1")] == [
        CRIME.name,
        ASSAULT.name,
    ]
    assert [i.name for i in tiny_inspection.indicators.for_question("2")] == [CRIME.name]
    assert tiny_inspection.indicators.for_question("1.2") == []
    assert check_inspection(tiny_inspection.path).healthy


@pytest.mark.parametrize(
    "change, words",
    [
        ({"name": " "}, "name"),
        ({"force_value": float("nan")}, "force value"),
        ({"comparator_value": 1e300}, "comparator value"),
        ({"threshold": -1.0}, "threshold"),
        ({"question_codes": ("9.9",)}, "9.9"),
        ({"series": (SeriesPoint("2014", 1.0), SeriesPoint(" 2014", 2.0))}, "twice"),
    ],
)
def test_a_value_the_rules_refuse_is_not_stored(tiny_inspection, change, words):
    with pytest.raises(ValueError) as refused:
        tiny_inspection.indicators.add(replace(CRIME, **change))
    assert words in str(refused.value)
    assert tiny_inspection.indicators.count() == 0


def test_changes_enter_the_history_and_a_deletion_can_be_undone(tiny_inspection):
    tiny_inspection.actor = "TS"
    stored = tiny_inspection.indicators.add(CRIME)
    tiny_inspection.indicators.update(replace(stored, force_value=61.9, question_codes=("1.2",)))
    tiny_inspection.indicators.set_deleted([stored.id], True)
    assert tiny_inspection.indicators.count() == 0
    tiny_inspection.indicators.set_deleted([stored.id], False)
    history = history_of(tiny_inspection, stored.id)
    assert [(h.action, h.field, h.old_value, h.new_value) for h in history] == [
        ("restored", None, None, None),
        ("deleted", None, None, None),
        ("changed", "questions", "1.1, 2", "1.2"),
        ("changed", "force_value", "62.5", "61.9"),
        ("created", None, None, CRIME.name),
    ]
    assert {h.actor for h in history} == {"TS"}
    assert history[0].subject == f"{CRIME.name} ({CRIME.period})"
    assert check_inspection(tiny_inspection.path).healthy


def test_the_comparison_reads_without_colour():
    assert difference_text(CRIME) == "▼ 0.5 (−0.8 %)"
    assert difference_text(ASSAULT) == "▲ 1.5 (+23.8 %)"
    assert not CRIME.notably_worse and ASSAULT.notably_worse
    assert not replace(ASSAULT, threshold=25.0).notably_worse
    assert not replace(ASSAULT, better=Better.NEITHER).notably_worse
    assert not replace(ASSAULT, comparator_value=None).notably_worse
    assert replace(CRIME, better=Better.HIGHER, force_value=50.0).notably_worse
    assert evidence_summary(CRIME, "Hampshire") == (
        "Recorded crime (excluding fraud), 12 months to 30 June 2015: Hampshire 62.5 per"
        " 1,000 population against England and Wales 63 (0.8 % lower; lower is better)."
    )


def test_an_indicator_becomes_evidence_that_follows_a_corrected_value(tiny_inspection):
    tiny_inspection.actor = "TS"
    crime = tiny_inspection.indicators.add(CRIME)
    assault = tiny_inspection.indicators.add(ASSAULT)
    made = tiny_inspection.indicators.make_evidence([crime.id, assault.id], "TS")
    assert [e.ref for e in made] == ["TS-0001", "TS-0002"]
    item = tiny_inspection.evidence.get(made[1].id)
    assert item.source_type is SourceType.DATA_RETURN
    assert item.question_codes == ("1.1",) and item.assessment is Assessment.NEGATIVE
    assert "Testshire Police 7.8 per 1,000 population against England and Wales 6.3" in item.summary
    assert tiny_inspection.indicators.for_evidence(item.id).id == assault.id
    # Made again: nothing new.
    assert tiny_inspection.indicators.make_evidence([assault.id], "TS") == []
    # The inspector adds a sentence of their own; a corrected figure keeps it.
    tiny_inspection.evidence.update(replace(item, summary=item.summary + " Checked with analyst."))
    tiny_inspection.indicators.update(
        replace(tiny_inspection.indicators.get(assault.id), force_value=6.0)
    )
    after = tiny_inspection.evidence.get(item.id).summary
    assert "Testshire Police 6 per 1,000 population" in after and "7.8" not in after
    assert after.endswith(" Checked with analyst.")
    changed = [h for h in history_of(tiny_inspection, item.id) if h.field == "summary"]
    assert len(changed) == 2
    # Rewritten by hand: left as written.
    tiny_inspection.evidence.update(replace(item, summary="My own words."))
    tiny_inspection.indicators.update(
        replace(tiny_inspection.indicators.get(assault.id), force_value=5.0)
    )
    assert tiny_inspection.evidence.get(item.id).summary == "My own words."


def test_indicators_travel_in_fieldwork_copies_and_merge_by_id(tmp_path, tiny_framework):
    with fake_clock() as clock:
        master = make_master(tmp_path / "master.inspection", tiny_framework)
        crime = master.indicators.add(CRIME)
        copy = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
        clock.advance(minutes=1)
        with InspectionFile.open(copy) as ab:
            ab.actor = "AB"
            assert [i.name for i in ab.indicators.all()] == [CRIME.name]
            ab.indicators.update(replace(ab.indicators.get(crime.id), note="Checked."))
            ab.indicators.add(ASSAULT)
        apply_merge(master, copy)
        apply_merge(master, copy)  # twice: nothing more
        names = [(i.name, i.note) for i in master.indicators.all()]
        assert names == [(CRIME.name, "Checked."), (ASSAULT.name, "")]
        assert check_inspection(master.path).healthy
        master.close()


def test_a_copy_with_a_crafted_indicator_is_refused_whole(tmp_path, tiny_framework):
    master = make_master(tmp_path / "master.inspection", tiny_framework)
    copy = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
    with InspectionFile.open(copy) as ab:
        ab.actor = "AB"
        stored = ab.indicators.add(CRIME)
    conn = sqlite3.connect(copy)
    conn.execute(
        "UPDATE indicator SET question_ids = '[\"not-a-question\"]', force_value = 'lots',"
        " evidence_id = 'gone' WHERE id = ?",
        [stored.id],
    )
    conn.commit()
    conn.close()
    before = file_state(master.path)
    with pytest.raises(MergeRefusedError) as refused:
        apply_merge(master, copy)
    text = str(refused.value)
    assert "not a question of the framework" in text and "force_value" in text
    assert "not evidence of either file" in text
    assert file_state(master.path) == before
    master.close()


def test_check_repair_cleans_a_damaged_indicator(tmp_path, tiny_inspection):
    from storage.health.repair import repair_into

    stored = tiny_inspection.indicators.add(CRIME)
    path = tiny_inspection.path
    tiny_inspection.close()
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE indicator SET series = 'not json', unit = 'bushels', threshold = -5 WHERE id = ?",
        [stored.id],
    )
    conn.commit()
    conn.close()
    assert not check_inspection(path).healthy
    report = repair_into(path, tmp_path / "repaired.inspection")
    assert not report.left and len(report.repaired) == 3
    with InspectionFile.open(tmp_path / "repaired.inspection") as repaired:
        (indicator,) = repaired.indicators.all()
        assert (indicator.series, indicator.unit, indicator.threshold) == (
            (),
            IndicatorUnit.COUNT,
            10.0,
        )
        assert indicator.force_value == CRIME.force_value
    assert check_inspection(tmp_path / "repaired.inspection").healthy
