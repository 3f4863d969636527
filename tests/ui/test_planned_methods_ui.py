"""Inspection ▸ Planned methods… in the real window: a tick becomes a check, undo takes it back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from models.vocabulary import SourceType
from ui.dialogs.planned_methods_dialog import SOURCES, PlannedMethodsDialog


def test_a_planned_method_with_no_evidence_shows_in_the_checks_and_undo_removes_it(
    demo_window, qtbot
):
    keeper = demo_window.view.review.keeper
    coverage = keeper.coverage()["3"]
    missing = next(s for s in SOURCES if coverage.get(s, 0) == 0)
    demo_window.plan_action.trigger()  # Inspection ▸ Planned methods…
    dialog = demo_window.findChild(PlannedMethodsDialog)
    qtbot.waitExposed(dialog)
    row = [q.code for q in dialog.questions].index("3")
    column = SOURCES.index(missing)
    dialog.grid.setCurrentCell(row, column)
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Space)
    assert dialog.grid.item(row, column).checkState() == Qt.CheckState.Checked
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )

    def planned_missing():
        return [r for r in keeper.results() if r.check == "planned-method-missing"]

    qtbot.waitUntil(lambda: len(planned_missing()) == 1)
    (result,) = planned_missing()
    assert result.place.question_code == "3" and missing.label.lower() in result.message
    assert demo_window.controller.inspection.planned_methods.plan() == {"3": frozenset({missing})}
    assert demo_window.undo_action.text() == "&Undo Change the planned methods"
    demo_window.controller.undo()
    qtbot.waitUntil(lambda: not planned_missing())
    assert demo_window.controller.inspection.planned_methods.plan() == {}


def test_the_dialog_shows_the_plan_and_cancel_changes_nothing(demo_window, qtbot):
    demo_window.controller.set_plan({"2": frozenset({SourceType.INTERVIEW})})
    dialog = demo_window.show_plan()
    qtbot.waitExposed(dialog)
    row = [q.code for q in dialog.questions].index("2")
    assert (
        dialog.grid.item(row, SOURCES.index(SourceType.INTERVIEW)).checkState()
        == Qt.CheckState.Checked
    )
    assert dialog.plan() == {"2": frozenset({SourceType.INTERVIEW})}
    dialog.grid.item(row, SOURCES.index(SourceType.INTERVIEW)).setCheckState(
        Qt.CheckState.Unchecked
    )
    dialog.reject()
    assert demo_window.controller.inspection.planned_methods.plan() == {
        "2": frozenset({SourceType.INTERVIEW})
    }
