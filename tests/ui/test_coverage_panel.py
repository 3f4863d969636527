"""The coverage matrix on the demo: every cell is what the evidence list shows when chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from models.evidence.query import EvidenceQuery
from models.vocabulary import SourceType
from storage.review.state import ReviewState
from ui.item_models.coverage_model import EMPTY, SOURCES, SPARSE
from ui.panels.coverage_panel import CoveragePanel


@pytest.fixture
def panel(qtbot, demo_inspection):
    panel = CoveragePanel()
    qtbot.addWidget(panel)
    state = ReviewState(demo_inspection)
    panel.show_coverage(demo_inspection.framework, state.coverage())
    panel.resize(1200, 600)
    panel.show()
    return panel


def test_the_model_passes_the_model_tester(panel, qtmodeltester):
    assert panel.model.rowCount() > 30
    qtmodeltester.check(panel.model)


def test_every_cell_counts_what_the_evidence_list_would_show(panel, demo_inspection):
    model, checked = panel.model, 0
    for row in range(model.rowCount()):
        code = model.question_at(row).code
        for column, source in enumerate(SOURCES):
            query = EvidenceQuery(question_code=code, source_types=frozenset({source}))
            assert model.count(row, column) == demo_inspection.evidence.count(query), (code, source)
            checked += 1
        total = demo_inspection.evidence.count(EvidenceQuery(question_code=code))
        assert model.count(row, len(SOURCES)) == total, code
    assert checked == model.rowCount() * len(SOURCES) > 300


def test_thin_cells_stand_out_and_say_so_in_words(panel):
    model = panel.model
    row = next(r for r in range(model.rowCount()) if model.question_at(r).code == "1.1.2")
    column = SOURCES.index(SourceType.PUBLIC_SURVEY)
    index = model.index(row, column)
    assert model.count(row, column) == 0
    assert model.data(index) == "–"
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) == EMPTY
    assert "public survey: 0 items" in model.data(index, Qt.ItemDataRole.AccessibleTextRole)
    thin = [
        model.index(r, c)
        for r in range(model.rowCount())
        for c in range(len(SOURCES))
        if 0 < model.count(r, c) < 3
    ]
    assert thin and all(model.data(i, Qt.ItemDataRole.BackgroundRole) == SPARSE for i in thin)


def test_choosing_a_cell_names_its_question_and_source(qtbot, panel):
    model = panel.model
    row = next(r for r in range(model.rowCount()) if model.question_at(r).code == "2.2")
    column = SOURCES.index(SourceType.INTERVIEW)
    panel.table.scrollTo(model.index(row, column))
    rect = panel.table.visualRect(model.index(row, column))
    with qtbot.waitSignal(panel.cell_chosen) as chosen:
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen.args == ["2.2", SourceType.INTERVIEW]
    total = panel.table.visualRect(model.index(row, len(SOURCES)))
    with qtbot.waitSignal(panel.cell_chosen) as chosen:
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=total.center())
    assert chosen.args == ["2.2", None]
