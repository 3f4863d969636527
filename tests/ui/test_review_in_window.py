"""The judgment checks in the real window: the Checks and Coverage tabs and the status
count, kept current as a person grades, links and undoes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.evidence.query import EvidenceQuery
from models.review.results import Severity
from models.vocabulary import SourceType
from storage.review.checks import review
from ui.item_models.coverage_model import SOURCES


def results_shown(panel):
    model = panel.model
    return [
        model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(model.rowCount())
    ]


def summary(results):
    return sorted(
        (r.check, r.place.question_code or "", r.place.finding_id or "", r.message) for r in results
    )


def test_the_demo_opens_with_its_checks_and_nothing_that_must_be_fixed(demo_window, qtbot):
    review_tabs = demo_window.view.review
    qtbot.waitUntil(lambda: review_tabs.keeper.ready)
    shown = results_shown(review_tabs.checks)
    assert shown and not any(r.severity is Severity.MUST_FIX for r in shown)
    assert any("Volunteers" in r.message for r in shown)
    assert not review_tabs.status.isVisible()
    tabs = demo_window.view.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())][-5:] == [
        "Chec&ks",
        "Coverage &matrix",
        "To revie&w (9)",  # the demo's two open notes and seven findings not signed off
        # Under the headline question shown at first: five of the report's figures are
        # more than 10 % worse than England and Wales.
        "Force in n&umbers (⚑ 5)",
        "Case files (&Y)",
    ]


def test_grading_question_3_good_must_be_fixed_and_enter_goes_there(demo_window, qtbot):
    view, review_tabs = demo_window.view, demo_window.view.review
    view.select_question("3")
    view.tabs.setCurrentWidget(view.judgment)
    grade = view.judgment.grade
    grade.setCurrentIndex(grade.findText("Good"))
    qtbot.waitUntil(lambda: review_tabs.status.isVisible())
    assert review_tabs.status.text() == "■ 1 must fix"
    assert demo_window.statusBar().isAncestorOf(review_tabs.status)
    qtbot.mouseClick(review_tabs.status, Qt.MouseButton.LeftButton)
    assert view.tabs.currentWidget() is review_tabs.checks
    first = results_shown(review_tabs.checks)[0]
    assert first.severity is Severity.MUST_FIX and first.place.question_code == "3"
    view.select_question("1")
    table = review_tabs.checks.table
    table.setCurrentIndex(review_tabs.checks.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert view.current_question.code == "3"
    assert view.tabs.currentWidget() is view.judgment
    # Undo puts the grade back, and the must-fix goes with it.
    demo_window.controller.undo()
    qtbot.waitUntil(lambda: not review_tabs.status.isVisible())


def test_backing_the_unsupported_strength_clears_its_check_and_undo_brings_it_back(
    demo_window, qtbot
):
    controller, review_tabs = demo_window.controller, demo_window.view.review

    def bare():
        return [r for r in review_tabs.keeper.results() if r.check == "finding-without-evidence"]

    (result,) = bare()
    finding = controller.findings.get(result.place.finding_id)
    item = controller.evidence.page(EvidenceQuery(question_code="1.1.2"), 0, 1)[0]
    controller.link_evidence_to_finding(finding, [item.id])
    qtbot.waitUntil(lambda: not bare())
    controller.undo()
    qtbot.waitUntil(lambda: len(bare()) == 1)
    assert summary(review_tabs.keeper.results()) == summary(review(controller.inspection))


def test_a_coverage_cell_lists_its_items(demo_window, qtbot):
    view, coverage = demo_window.view, demo_window.view.review.coverage
    view.tabs.setCurrentWidget(coverage)
    model = coverage.model
    row = next(r for r in range(model.rowCount()) if model.question_at(r).code == "2.2")
    column = SOURCES.index(SourceType.INTERVIEW)
    expected = model.count(row, column)
    assert expected > 0
    index = model.index(row, column)
    coverage.table.scrollTo(index)
    qtbot.mouseClick(
        coverage.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=coverage.table.visualRect(index).center(),
    )
    assert view.current_question.code == "2.2"
    assert view.evidence_list.source_filter.currentText() == "Interview"
    qtbot.waitUntil(lambda: view.evidence_list.model.rowCount() == expected)


def test_the_question_tree_shows_each_questions_balance_in_a_bar_and_in_words(demo_window):
    from ui.item_models.balance_bar_delegate import BALANCE_ROLE, BalanceBarDelegate

    view = demo_window.view
    model = view.tree_model
    index = model.index_for_code("3", 2)
    counts = index.data(BALANCE_ROLE)
    # The demo's items under 3, two of them made from its case-file review results.
    assert (counts.positive, counts.negative, counts.neutral) == (12, 3, 4)
    assert "12 positive, 4 neutral, 3 negative" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert (
        index.data(Qt.ItemDataRole.AccessibleTextRole)
        == "Items: 12 positive, 4 neutral, 3 negative"
    )
    assert isinstance(view.tree.itemDelegateForColumn(2), BalanceBarDelegate)
