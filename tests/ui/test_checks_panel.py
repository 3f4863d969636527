"""The Checks tab on the demo: filtered by severity and question, each result going to its place."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from models.review.results import Severity
from storage.review.checks import review
from ui.panels.checks_panel import ChecksPanel, tally


@pytest.fixture
def panel(qtbot, demo_inspection):
    demo_inspection.judgments.save(replace(demo_inspection.judgments.get("3"), grade="Good"))
    panel = ChecksPanel()
    qtbot.addWidget(panel)
    panel.set_framework(demo_inspection.framework)
    panel.show_results(review(demo_inspection), demo_inspection.framework)
    panel.resize(900, 400)
    panel.show()
    return panel


def shown(panel):
    model = panel.model
    return [
        model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(model.rowCount())
    ]


def test_the_model_passes_the_model_tester(panel, qtmodeltester):
    assert panel.model.rowCount() > 0
    qtmodeltester.check(panel.model)


def test_the_summary_counts_each_severity_and_the_must_fix_comes_first(panel):
    results = shown(panel)
    assert results[0].severity is Severity.MUST_FIX and results[0].place.question_code == "3"
    assert panel.must_fix() == 1
    assert panel.summary.text().startswith("■ 1 must fix · ▲ ")
    assert panel.model.data(panel.model.index(0, 0)) == "■ Must fix"


def test_filtering_by_severity_and_by_question(qtbot, panel):
    everything = len(shown(panel))
    panel.severity.setCurrentIndex(panel.severity.findData(Severity.LOOK_AGAIN.value))
    looks = shown(panel)
    assert looks and all(r.severity is Severity.LOOK_AGAIN for r in looks)
    panel.question.setCurrentIndex(panel.question.findData("1.1"))
    under = shown(panel)
    assert under and all(r.place.question_code.startswith("1.1") for r in under)
    assert any("Volunteers" in r.message for r in under)
    panel.severity.setCurrentIndex(0)
    panel.question.setCurrentIndex(0)
    assert len(shown(panel)) == everything
    # The summary still counts what the filters hide.
    assert panel.summary.text().startswith("■ 1 must fix")


def test_enter_on_a_result_goes_to_its_place(qtbot, panel):
    panel.table.setFocus()
    panel.table.selectRow(0)
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    with qtbot.waitSignal(panel.place_chosen) as chosen:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert chosen.args[0].question_code == "3"


def test_the_summary_words():
    assert tally(dict.fromkeys(Severity, 0)) == "Nothing found"
    counts = {Severity.MUST_FIX: 0, Severity.LOOK_AGAIN: 2, Severity.NOTE: 1}
    assert tally(counts) == "■ 0 must fix · ▲ 2 look again · ● 1 note"
