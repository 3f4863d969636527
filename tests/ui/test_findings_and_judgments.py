"""Findings backed by evidence, and grading a question, through the real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.vocabulary import FindingKind, JudgmentStatus


def test_add_finding_backed_by_selected_evidence(qtbot, demo_window, reader):
    view = demo_window.view
    view.select_question("2.2")
    model = view.evidence_list.model
    chosen = [model.evidence_at(0), model.evidence_at(1)]
    view.evidence_list.select(chosen[0].id)
    view.evidence_list.table.selectRow(1)  # extend to the second row as a user would
    view.evidence_list.table.selectionModel().select(
        model.index(0, 0),
        view.evidence_list.table.selectionModel().SelectionFlag.Select
        | view.evidence_list.table.selectionModel().SelectionFlag.Rows,
    )
    assert set(view.evidence_list.selected_ids()) == {e.id for e in chosen}

    panel = view.findings
    view.tabs.setCurrentWidget(panel)
    before = panel.model.rowCount()
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == before  # a draft until it has a statement
    assert panel.statement.hasFocus()
    assert panel.link_button.text() == "Link 2 selected items"
    qtbot.keyClicks(panel.statement, "Victims are kept informed throughout")
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == before + 1
    assert panel.evidence_list.count() == 2
    assert "2 items" in panel.support_label.text()

    with reader() as disk:
        found = [
            f
            for f in disk.findings.for_question("2.2")
            if f.statement == "Victims are kept informed throughout"
        ]
    assert len(found) == 1
    assert set(found[0].evidence_ids) == {e.id for e in chosen}
    assert found[0].kind is FindingKind.STRENGTH

    # unlink one, then undo the unlink
    panel.evidence_list.item(0).setSelected(True)
    qtbot.mouseClick(panel.unlink_button, Qt.MouseButton.LeftButton)
    with reader() as disk:
        assert len(disk.findings.get(found[0].id).evidence_ids) == 1
    demo_window.undo_action.trigger()
    with reader() as disk:
        assert len(disk.findings.get(found[0].id).evidence_ids) == 2


def test_cause_of_concern_takes_a_recommendation(qtbot, demo_window, reader):
    view = demo_window.view
    view.select_question("3.1")
    panel = view.findings
    panel.new_finding()
    assert not panel.recommendation.isEnabled()
    panel.kind.setCurrentIndex(panel.kind.findData(FindingKind.CAUSE_OF_CONCERN))
    assert panel.recommendation.isEnabled()
    panel.statement.setFocus()
    qtbot.keyClicks(panel.statement, "Risk is not assessed face to face")
    panel.recommendation.setFocus()  # leaving the statement saves it
    qtbot.keyClicks(panel.recommendation, "Assess risk in person within 24 hours")
    panel.statement.setFocus()
    with reader() as disk:
        saved = disk.findings.get(panel.current.id)
    assert saved.kind is FindingKind.CAUSE_OF_CONCERN
    assert saved.statement == "Risk is not assessed face to face"
    assert saved.recommendation == "Assess risk in person within 24 hours"


def test_delete_finding_and_undo(qtbot, demo_window, reader, answers):
    view = demo_window.view
    view.select_question("2")
    panel = view.findings
    view.tabs.setCurrentWidget(panel)
    count = panel.model.rowCount()
    panel.select_finding(panel.model.finding_at(0).id)
    target = panel.current
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == count - 1
    with reader() as disk:
        assert target.id not in {f.id for f in disk.findings.for_question("2")}
    demo_window.undo_action.trigger()
    assert panel.model.rowCount() == count


def grade_shown(window, code):
    model = window.view.tree_model
    return model.data(model.index_for_code(code, 1))


def test_grade_a_question_then_undo_and_redo(qtbot, demo_window, reader):
    view = demo_window.view
    view.select_question("3")
    panel = view.judgment
    view.tabs.setCurrentWidget(panel)
    assert panel.grade.currentText() == "Requires improvement"
    assert "Requires improvement" == grade_shown(demo_window, "3")
    panel.grade.setFocus()
    panel.grade.setCurrentIndex(panel.grade.findData("Good"))
    assert "good" in panel.definition.text().lower() or panel.definition.text()
    with reader() as disk:
        assert disk.judgments.get("3").grade == "Good"
    assert grade_shown(demo_window, "3") == "Good"

    qtbot.keyClick(demo_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with reader() as disk:
        assert disk.judgments.get("3").grade == "Requires improvement"
    assert grade_shown(demo_window, "3") == "Requires improvement"
    assert panel.grade.currentText() == "Requires improvement"

    demo_window.redo_action.trigger()
    with reader() as disk:
        assert disk.judgments.get("3").grade == "Good"


def test_overall_judgment_on_the_headline_and_rationale_autosave(qtbot, demo_window, reader):
    view = demo_window.view
    view.select_question("E")
    panel = view.judgment
    assert panel.judgment_code is None
    assert panel.grade.currentText() == "Good"
    panel.status.setCurrentIndex(panel.status.findData(JudgmentStatus.DRAFT))
    panel.rationale.setFocus()
    panel.rationale.moveCursor(panel.rationale.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.rationale, " Added while typing.")
    qtbot.waitUntil(
        lambda: reader().judgments.get(None).rationale.endswith("Added while typing."), timeout=3000
    )
    with reader() as disk:
        assert disk.judgments.get(None).status is JudgmentStatus.DRAFT


def test_ungraded_question_explains_where_judgments_go(qtbot, demo_window):
    view = demo_window.view
    view.select_question("2.2")
    assert view.judgment.form.isHidden()
    assert "core questions" in view.judgment.heading.text()


def test_findings_are_read_when_their_tab_is_shown(demo_window, reader):
    view = demo_window.view
    panel = view.findings
    view.tabs.setCurrentWidget(view.editor)
    view.select_question("3")
    with reader() as disk:
        expected = [f.id for f in disk.findings.for_question("3")]
    assert [panel.model.finding_at(r).id for r in range(panel.model.rowCount())] != expected
    view.tabs.setCurrentWidget(panel)
    assert [panel.model.finding_at(r).id for r in range(panel.model.rowCount())] == expected
    # While shown, changing question reads at once.
    view.select_question("1")
    with reader() as disk:
        assert panel.model.rowCount() == len(disk.findings.for_question("1"))


def test_tree_grade_badges_say_draft_or_reviewed_and_explain_the_grade(qtbot, demo_window):
    from ui.item_models.grade_badge_delegate import REVIEWED_ROLE, badge_text

    view = demo_window.view
    model = view.tree_model
    index = model.index_for_code("3", 1)
    assert model.data(index) == "Requires improvement"
    reviewed = model.data(index, REVIEWED_ROLE)
    tooltip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert ("reviewed" if reviewed else "draft") in tooltip.lower()
    assert demo_window.controller.framework.grade("Requires improvement").definition in tooltip
    assert badge_text("Requires improvement", True) == "RI ✓"
    # Marking the judgment draft takes the tick away and says so.
    view.select_question("3")
    view.tabs.setCurrentWidget(view.judgment)
    panel = view.judgment
    panel.status.setCurrentIndex(panel.status.findData(JudgmentStatus.REVIEWED))
    assert model.data(index, REVIEWED_ROLE) is True
    assert (
        model.data(index, Qt.ItemDataRole.AccessibleTextRole)
        == "Grade: Requires improvement, reviewed"
    )
    panel.status.setCurrentIndex(panel.status.findData(JudgmentStatus.DRAFT))
    assert model.data(index, REVIEWED_ROLE) is False
    assert "draft" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    # The badge column is narrow: far narrower than the full grade name would need.
    header = view.tree.header()
    wide = view.tree.fontMetrics().horizontalAdvance("Requires improvement")
    assert header.sectionSize(1) < wide
    # Grade choices carry the grade's definition and colour.
    for i in range(1, panel.grade.count()):
        name = panel.grade.itemData(i)
        assert (
            panel.grade.itemData(i, Qt.ItemDataRole.ToolTipRole)
            == demo_window.controller.framework.grade(name).definition
        )
        assert not panel.grade.itemIcon(i).isNull()


def test_behind_it_counts_findings_in_plain_english(qtbot, demo_window):
    view = demo_window.view
    view.select_question("E")  # the overall judgment: every finding of the demo
    view.tabs.setCurrentWidget(view.judgment)  # read while it is in view
    text = view.judgment.context.text()
    assert (
        "Findings: 1 cause of concern (F20), 2 areas for improvement (F11, F28), 25 strengths, "
        "3 notable practices (F12, F15, F29)." in text
    )


def test_what_stands_behind_a_judgment_is_current_whenever_it_is_in_view(qtbot, demo_window):
    from models.records import Evidence, Finding
    from models.vocabulary import Assessment

    view, controller = demo_window.view, demo_window.controller
    view.select_question("3")
    view.tabs.setCurrentWidget(view.judgment)
    panel = view.judgment

    def negative() -> int:
        return controller.counts.by_assessment("3").negative

    assert f"{negative()} negative" in panel.context.text()
    # In view: an item recorded under the question moves its count at once.
    controller.add_evidence(
        Evidence(
            author="TS",
            summary="No call-back",
            assessment=Assessment.NEGATIVE,
            question_codes=("3.1",),
        )
    )
    assert f"{negative()} negative" in panel.context.text()
    # Out of view: changes wait until the panel is shown again, then all show.
    view.tabs.setCurrentWidget(view.editor)
    item = controller.add_evidence(
        Evidence(
            author="TS",
            summary="Risk missed",
            assessment=Assessment.NEGATIVE,
            question_codes=("3.1",),
        )
    )
    finding = controller.add_finding(
        Finding(
            question_code="3.1",
            kind=FindingKind.CAUSE_OF_CONCERN,
            statement="Risk is missed",
            recommendation="Train call handlers",
            evidence_ids=(item.id,),
        )
    )
    view.tabs.setCurrentWidget(view.judgment)
    text = panel.context.text()
    assert f"{negative()} negative" in text and finding.ref in text
