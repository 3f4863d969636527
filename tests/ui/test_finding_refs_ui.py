"""Finding refs in the window: the Findings list's own column and its search, the form's
heading, the evidence editor's findings, the checks and the history."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt

from models.history import HistoryFilter, describe
from models.merging.outcome import KindCounts, MergeKind, MergePlan, RefRenumbering
from storage.review.checks import review
from ui.dialogs.merge_preview_dialog import MergePreviewDialog
from ui.item_models.check_results_model import where
from ui.panels.checks_panel import ChecksPanel


def _findings_tab(window, code: str = "E"):
    view = window.view
    view.select_question(code)
    view.tabs.setCurrentWidget(view.findings)
    return view.findings


def _refs(panel) -> list[str]:
    return [panel.model.data(panel.model.index(r, 0)) for r in range(panel.model.rowCount())]


def test_the_list_shows_each_ref_in_its_own_narrow_first_column(demo_window, qtmodeltester):
    panel = _findings_tab(demo_window)
    model = panel.model
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Ref"
    refs = _refs(panel)
    assert len(refs) == 31 and sorted(refs, key=lambda r: int(r[1:])) == [
        f"F{n}" for n in range(1, 32)
    ]
    header = panel.table.horizontalHeader()
    # As narrow as its refs: the statement keeps the room.
    assert header.sectionSize(0) <= panel.table.fontMetrics().horizontalAdvance("F9999") + 30
    assert "F12" in model.data(model.index(refs.index("F12"), 0), Qt.ItemDataRole.ToolTipRole)


def test_a_typed_ref_finds_its_finding_and_esc_shows_them_all(qtbot, demo_window, qtmodeltester):
    panel = _findings_tab(demo_window)
    everything = panel.model.rowCount()
    qtbot.keyClicks(panel.search, "f12")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert _refs(panel) == ["F12"]
    qtmodeltester.check(panel.model)
    assert "University of Portsmouth" in panel.model.finding_at(0).statement
    # Words of a statement find it too, once typing pauses.
    panel.search.clear()
    qtbot.keyClicks(panel.search, "portsm")
    qtbot.waitUntil(lambda: _refs(panel) == ["F12"], timeout=3000)
    panel.search.clear()
    qtbot.keyClicks(panel.search, "F99")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.model.rowCount() == 0
    qtmodeltester.check(panel.model)
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == "" and panel.model.rowCount() == everything
    # The search holds within the question chosen in the tree.
    qtbot.keyClicks(panel.search, "F12")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    demo_window.view.select_question("3")
    assert panel.model.rowCount() == 0
    demo_window.view.select_question("2.2.3")
    assert _refs(panel) == ["F12"]


def test_a_new_finding_takes_the_next_ref_shown_in_its_heading(qtbot, demo_window, reader):
    panel = _findings_tab(demo_window, "2.2")
    qtbot.keyClick(
        demo_window,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert "next ref" in panel.heading.text()
    qtbot.keyClicks(panel.statement, "Crimes are allocated to the right team first time")
    qtbot.waitUntil(lambda: not panel.draft, timeout=3000)
    assert panel.current.ref == "F32"
    assert panel.heading.text() == "Finding F32"
    assert "F32" in _refs(panel)
    with reader() as disk:
        assert disk.findings.get(panel.current.id).ref == "F32"
    made = panel.current.id
    demo_window.controller.undo_stack.undo()  # the statement, then the finding itself
    demo_window.controller.undo_stack.undo()
    assert "F32" not in _refs(panel)
    demo_window.controller.undo_stack.redo()
    assert "F32" in _refs(panel)
    with reader() as disk:
        assert disk.findings.get(made).ref == "F32"


def test_the_evidence_editor_names_the_findings_an_item_supports(demo_window):
    view = demo_window.view
    finding = view.controller.findings.for_question("2.2.3")[0]
    view.open_finding(finding.id)
    view.findings.evidence_list.setCurrentRow(0)
    item_id = view.findings.evidence_list.currentItem().data(Qt.ItemDataRole.UserRole)
    view.editor.show_evidence(item_id)
    texts = [
        view.editor.findings_list.item(i).text() for i in range(view.editor.findings_list.count())
    ]
    assert any(t.startswith(f"{finding.ref}  2.2.3  ") for t in texts), texts


def test_checks_and_history_name_a_finding_by_its_ref(qtbot, demo_inspection):
    inspection = demo_inspection
    [result] = [r for r in review(inspection) if r.check == "finding-without-evidence"]
    assert result.place.finding_ref == "F3"
    assert "strength F3 “Volunteers" in result.message
    assert where(result) == "1.1.2 · F3"
    panel = ChecksPanel()
    qtbot.addWidget(panel)
    panel.set_framework(inspection.framework)
    panel.show_results(review(inspection), inspection.framework)
    shown = [panel.model.data(panel.model.index(r, 1)) for r in range(panel.model.rowCount())]
    assert "1.1.2 · F3" in shown
    f3 = next(f for f in inspection.findings.for_question() if f.ref == "F3")
    inspection.findings.update(replace(f3, statement="Volunteers add value"))
    [entry] = [
        e
        for e in inspection.history.page(HistoryFilter(entity_id=f3.id), 0, 50)
        if e.field == "statement"
    ]
    assert describe(entry).startswith("Changed statement of finding F3 under 1.1.2")


def test_the_merge_preview_says_which_findings_are_renumbered(qtbot):
    plan = MergePlan(
        Path("ab.inspection"),
        "replica-ab",
        "AB",
        "2026-03-02T09:00:00.000Z",
        {MergeKind.FINDINGS: KindCounts(added=1), MergeKind.EVIDENCE: KindCounts(added=1)},
        (
            RefRenumbering("item-1", "AB-0003", "AB-0004"),
            RefRenumbering("finding-1", "F3", "F7", "finding"),
        ),
    )
    dialog = MergePreviewDialog(plan)
    qtbot.addWidget(dialog)
    notes = dialog.notes.text()
    assert "Refs already used here are renumbered: AB-0003 → AB-0004." in notes
    assert "Finding refs already used here are renumbered: finding F3 renumbered F7." in notes


def test_a_finding_ref_typed_in_the_evidence_search_lists_its_evidence(
    qtbot, demo_window, demo_inspection
):
    view = demo_window.view
    view.select_question("E")
    f12 = next(f for f in demo_inspection.findings.for_question(None) if f.ref == "F12")
    behind = sorted(demo_inspection.evidence.get(i).ref for i in f12.evidence_ids)
    assert behind
    search = view.evidence_list.search
    search.setFocus()
    qtbot.keyClicks(search, "f12")
    model = view.evidence_list.model
    qtbot.waitUntil(lambda: model.total == len(behind), timeout=3000)
    shown = sorted(model.index(r, 0).data() for r in range(model.rowCount()))
    assert shown == behind
