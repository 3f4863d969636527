"""Why a row is listed: the count names its scope and filters, search words are marked or the
matching field is shown, rows carry marks, and items and findings open each other."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from models.evidence.query import EvidenceQuery
from tests.storage.repository_helpers import attach_file, findings_supported
from ui.item_models.evidence_table_model import HIT_ROLE, MARKS_COLUMN, MARKS_ROLE, SUMMARY_COLUMN


def search(qtbot, view, text: str) -> None:
    view.evidence_list.search.setText(text)
    view.evidence_list._apply_filters()  # what the pause after typing does


def test_the_count_names_the_question_and_what_filters_leave(qtbot, demo_window, demo_inspection):
    view = demo_window.view
    view.select_question("3")
    in_scope = demo_inspection.evidence.count(EvidenceQuery(question_code="3"))
    label = view.evidence_list.count_label
    assert label.text() == f"{in_scope} items under 3"
    search(qtbot, view, "vulnerable")
    matching = demo_inspection.evidence.count(EvidenceQuery(question_code="3", text="vulnerable"))
    assert 0 < matching < in_scope
    assert label.text() == f"{matching} of {in_scope} items under 3 match"
    search(qtbot, view, "")
    view.select_question("E")
    assert label.text() == f"{demo_inspection.evidence.count()} items in the inspection"


def test_search_words_are_marked_and_a_match_on_the_place_is_shown(qtbot, demo_window):
    view = demo_window.view
    view.select_question("E")
    model = view.evidence_list.model
    first = model.evidence_at(0)
    demo_window.controller.edit_evidence(first, replace(first, location="Totton custody suite"))
    search(qtbot, view, "totton")
    assert model.total == 1
    hit = model.data(model.index(0, SUMMARY_COLUMN), HIT_ROLE)
    assert hit.field == "location" and hit.excerpt == "Totton custody suite"
    tip = model.data(model.index(0, SUMMARY_COLUMN), Qt.ItemDataRole.ToolTipRole)
    assert "Found in the place: Totton custody suite" in tip
    word = first.summary.split()[0]
    search(qtbot, view, word)
    row = next(r for r in range(model.total) if model.evidence_at(r).id == first.id)
    spans = model.data(model.index(row, SUMMARY_COLUMN), HIT_ROLE).summary_spans
    assert first.summary[spans[0][0] : spans[0][1]].lower() == word.lower()
    # The ref typed into the search is shown in bold in its row.
    search(qtbot, view, first.ref)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).bold()


def test_rows_mark_sensitive_attached_and_used_items(qtbot, demo_window, tmp_path):
    view = demo_window.view
    view.select_question("E")
    model = view.evidence_list.model
    controller = demo_window.controller
    used = next(
        model.evidence_at(r)
        for r in range(model.total)
        if findings_supported(controller.inspection, model.evidence_at(r).id)
    )
    controller.edit_evidence(used, replace(used, sensitive=True))
    picture = tmp_path / "station.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    attach_file(controller.inspection, used.id, picture)
    model.refresh_item(used.id)
    row = model.row_of(used.id)
    marks, sensitive = model.data(model.index(row, MARKS_COLUMN), MARKS_ROLE)
    assert sensitive and marks.attachments == 1 and marks.findings >= 1
    words = model.data(model.index(row, MARKS_COLUMN), Qt.ItemDataRole.ToolTipRole)
    assert words.startswith("Sensitive · 1 file attached · supports ")


def test_not_yet_in_a_finding_lists_the_gaps(qtbot, demo_window, demo_inspection):
    view = demo_window.view
    view.select_question("E")
    view.evidence_list.unused_filter.setChecked(True)
    model = view.evidence_list.model
    expected = demo_inspection.evidence.count(EvidenceQuery(unused_only=True))
    assert model.total == expected > 0
    assert all(
        not findings_supported(demo_window.controller.inspection, model.evidence_at(r).id)
        for r in range(model.total)
    )
    # Linking one to a finding takes it off the list.
    view.evidence_list.select(model.evidence_at(0).id)
    view.tabs.setCurrentWidget(view.findings)
    view.findings.select_finding(view.findings.model.finding_at(0).id)
    view.findings.link_selected_evidence()
    assert model.total == expected - 1


def test_the_editor_lists_an_items_findings_and_enter_opens_one(qtbot, demo_window):
    view = demo_window.view
    view.select_question("E")
    model = view.evidence_list.model
    controller = demo_window.controller
    item = next(
        model.evidence_at(r)
        for r in range(model.total)
        if findings_supported(controller.inspection, model.evidence_at(r).id)
    )
    view.evidence_list.select(item.id)
    listed = view.editor.findings_list
    supported = controller.findings.for_evidence(item.id)
    assert listed.count() == len(supported) and listed.isVisibleTo(view.editor)
    listed.setCurrentRow(0)
    qtbot.keyClick(listed, Qt.Key.Key_Return)
    assert view.tabs.currentWidget() is view.findings
    assert view.findings.current.id == supported[0].id


def test_double_clicking_linked_evidence_opens_it(qtbot, demo_window):
    view = demo_window.view
    view.select_question("2")
    view.tabs.setCurrentWidget(view.findings)
    panel = view.findings
    finding = next(
        panel.model.finding_at(r)
        for r in range(panel.model.rowCount())
        if panel.model.finding_at(r).evidence_ids
    )
    panel.select_finding(finding.id)
    item = panel.evidence_list.item(0)
    rect = panel.evidence_list.visualItemRect(item)
    qtbot.mouseClick(panel.evidence_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.evidence_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.tabs.currentWidget() is view.editor
    assert view.editor.current.id == finding.evidence_ids[0]
    assert view.evidence_list.selected_ids() == [finding.evidence_ids[0]]


def test_the_context_menu_of_rows(qtbot, demo_window, reader, answers):
    from ui.panels.evidence_context_menu import evidence_menu

    view = demo_window.view
    view.select_question("2.2")
    model = view.evidence_list.model
    items = [model.evidence_at(0), model.evidence_at(1)]
    view.evidence_list.select(items[0].id)
    view.evidence_list.table.selectRow(1)
    view.evidence_list.table.selectionModel().select(
        model.index(0, 0),
        view.evidence_list.table.selectionModel().SelectionFlag.Select
        | view.evidence_list.table.selectionModel().SelectionFlag.Rows,
    )
    ids = view.evidence_list.selected_ids()
    view.tabs.setCurrentWidget(view.findings)
    view.findings.new_finding()
    qtbot.keyClicks(view.findings.statement, "Victims are updated as promised")
    view.findings.commit()
    menu: QMenu = evidence_menu(view, ids)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[1].startswith("&Link 2 items to the finding “Victims are updated")
    assert "&Copy refs" in texts and any(t.startswith("&Delete 2 items") for t in texts)
    next(a for a in menu.actions() if a.text().startswith("&Link")).trigger()
    with reader() as disk:
        assert set(disk.findings.get(view.findings.current.id).evidence_ids) == set(ids)
    next(a for a in menu.actions() if a.text() == "&Copy refs").trigger()
    assert set(QApplication.clipboard().text().splitlines()) == {e.ref for e in items}
    # The menu opens on a right-click on a row (and closes on Esc).
    shown = []

    def answer() -> None:
        popup = QApplication.activePopupWidget()
        shown.append([a.text() for a in popup.actions()])
        popup.close()

    QTimer.singleShot(0, answer)
    table = view.evidence_list.table
    table.customContextMenuRequested.emit(table.visualRect(model.index(0, 4)).center())
    assert shown and shown[0][0] == "&Open in the editor"
