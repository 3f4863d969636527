"""The evidence list: scoping by question, searching as you type, filters, sorting, models."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.evidence.query import EvidenceQuery, EvidenceSort
from models.vocabulary import Assessment, SourceType
from ui.editing.inspection_controller import InspectionController
from ui.item_models.evidence_table_model import PAGE_SIZE, EvidenceTableModel
from ui.item_models.findings_table_model import FindingsTableModel
from ui.item_models.question_tree_model import QuestionTreeModel


def listed_refs(window) -> list[str]:
    model = window.view.evidence_list.model
    return [model.evidence_at(r).ref for r in range(model.rowCount())]


def test_selecting_a_question_scopes_the_list_to_its_subtree(demo_window, demo_inspection):
    view = demo_window.view
    view.select_question("2")
    expected = demo_inspection.evidence.page(EvidenceQuery(question_code="2"), 0, 10_000)
    assert listed_refs(demo_window) == [e.ref for e in expected]
    assert view.evidence_list.count_label.text().startswith(f"{len(expected)} item")
    view.select_question("2.2.1")
    sub = {
        e.ref
        for e in demo_inspection.evidence.page(EvidenceQuery(question_code="2.2.1"), 0, 10_000)
    }
    assert set(listed_refs(demo_window)) == sub and sub < {e.ref for e in expected}
    view.select_question("E")
    assert len(listed_refs(demo_window)) == demo_inspection.evidence.count()


def test_search_as_you_type_is_debounced_and_matches_storage(qtbot, demo_window, demo_inspection):
    view = demo_window.view
    view.select_question("E")
    search = view.evidence_list.search
    search.setFocus()
    qtbot.keyClicks(search, "domestic ab")
    # nothing re-queried per keystroke: the query changes once typing pauses
    assert view.evidence_list.model.query.text == ""
    expected = demo_inspection.evidence.count(EvidenceQuery(text="domestic ab"))
    assert 0 < expected < demo_inspection.evidence.count()
    qtbot.waitUntil(lambda: view.evidence_list.model.total == expected, timeout=3000)
    assert view.evidence_list.model.query.text == "domestic ab"
    search.clear()
    qtbot.waitUntil(
        lambda: view.evidence_list.model.total == demo_inspection.evidence.count(), timeout=3000
    )


def test_find_shortcut_focuses_search(qtbot, demo_window):
    qtbot.keyClick(demo_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.view.evidence_list.search.hasFocus()


def test_source_and_assessment_filters(qtbot, demo_window, demo_inspection):
    lst = demo_window.view.evidence_list
    demo_window.view.select_question("E")
    lst.source_filter.setCurrentIndex(lst.source_filter.findData(SourceType.INTERVIEW))
    assert lst.model.total == demo_inspection.evidence.count(
        EvidenceQuery(source_types=frozenset({SourceType.INTERVIEW}))
    )
    lst.assessment_filter.setCurrentIndex(lst.assessment_filter.findData(Assessment.NEGATIVE))
    assert lst.model.total == demo_inspection.evidence.count(
        EvidenceQuery(
            source_types=frozenset({SourceType.INTERVIEW}),
            assessments=frozenset({Assessment.NEGATIVE}),
        )
    )
    assert all(
        lst.model.evidence_at(r).source_type is SourceType.INTERVIEW
        for r in range(lst.model.rowCount())
    )


def test_clicking_a_header_sorts_in_sql(qtbot, demo_window, demo_inspection):
    view = demo_window.view
    view.select_question("E")
    header = view.evidence_list.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().topLeft()
        + header.rect().topLeft().__class__(header.sectionViewportPosition(2) + 5, 5),
    )
    query = view.evidence_list.model.query
    assert query.sort is EvidenceSort.DATE
    expected = [e.ref for e in demo_inspection.evidence.page(query, 0, 10_000)]
    assert listed_refs(demo_window) == expected


def test_selection_survives_requery_when_item_still_listed(qtbot, demo_window):
    lst = demo_window.view.evidence_list
    demo_window.view.select_question("E")
    item = lst.model.evidence_at(5)
    lst.select(item.id)
    lst.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert lst.selected_ids() == [item.id]


def test_models_pass_the_model_tester(qtmodeltester, demo_inspection, qapp):
    controller = InspectionController(demo_inspection)
    evidence = EvidenceTableModel(controller)
    qtmodeltester.check(evidence)
    evidence.set_query(
        EvidenceQuery(question_code="3", sort=EvidenceSort.QUESTIONS, descending=True)
    )
    qtmodeltester.check(evidence)
    tree = QuestionTreeModel(controller)
    qtmodeltester.check(tree)
    findings = FindingsTableModel(controller)
    findings.set_question("E")
    qtmodeltester.check(findings)


def test_paging_fetches_only_what_is_needed(tiny_inspection, qapp):
    from models.records import Evidence
    from ui.item_models.evidence_table_model import CACHED_PAGES

    count = PAGE_SIZE * (CACHED_PAGES + 2) + 5
    tiny_inspection.evidence.add_many(
        Evidence(author="AB", summary=f"item {i}", question_codes=("1.1",)) for i in range(count)
    )
    model = EvidenceTableModel(InspectionController(tiny_inspection))
    # Every item is a row, but only the first page is held until more is shown.
    assert model.rowCount() == model.total == count
    assert model.cached_rows == PAGE_SIZE
    expected = [e.ref for e in tiny_inspection.evidence.page(EvidenceQuery(), 0, count)]
    # Straight to the end: one more page, not every page before it.
    assert model.evidence_at(count - 1).ref == expected[-1]
    assert model.cached_rows == PAGE_SIZE + 5
    refs = [model.evidence_at(r).ref for r in range(model.rowCount())]
    assert refs == expected and len(set(refs)) == count
    # Reading everything keeps only the most recently used pages.
    assert model.cached_rows <= PAGE_SIZE * CACHED_PAGES
    far = tiny_inspection.evidence.page(EvidenceQuery(), PAGE_SIZE * 2 + 1, 1)[0]
    fresh = EvidenceTableModel(InspectionController(tiny_inspection))
    assert fresh.row_of(far.id) == PAGE_SIZE * 2 + 1
    assert fresh.cached_rows == PAGE_SIZE
    assert fresh.row_of("no-such-id") is None
    assert fresh.evidence_at(count) is None and fresh.evidence_at(-1) is None


def test_an_item_relinked_out_of_the_question_leaves_the_list_but_not_the_editor(
    qtbot, demo_window, demo_inspection
):
    view = demo_window.view
    view.select_question("1")
    listed = view.evidence_list.model.total
    item = view.evidence_list.model.evidence_at(0)
    view.evidence_list.select(item.id)
    editor = view.editor
    editor.questions.setText("4.2")
    editor.commit()
    assert view.evidence_list.model.total == listed - 1
    assert view.evidence_list.model.row_of(item.id) is None
    assert view.evidence_list.count_label.text() == f"{listed - 1} items under 1"
    assert editor.current.id == item.id  # still being worked on
    demo_window.undo_action.trigger()
    assert view.evidence_list.model.total == listed
