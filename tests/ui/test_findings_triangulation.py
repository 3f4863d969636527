"""Each finding in the Findings tab says how well it is triangulated: its source types and
inspectors, in words, agreeing with what the judgment checks read."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.evidence.query import EvidenceQuery
from models.records import FindingBacking
from models.vocabulary import SourceType
from storage.review.checks import review
from storage.review.facts import FINDINGS_OF, findings_of


def test_every_finding_says_its_sources_and_inspectors(demo_window, qtmodeltester):
    view = demo_window.view
    view.select_question("E")
    view.tabs.setCurrentWidget(view.findings)
    model = view.findings.model
    assert model.rowCount() > 30
    qtmodeltester.check(model)
    inspection = demo_window.controller.inspection
    facts = {f.id: f for f in findings_of(inspection.db.conn.execute(FINDINGS_OF))}
    for row in range(model.rowCount()):
        finding = model.finding_at(row)
        fact = facts[finding.id]
        expected = FindingBacking(fact.source_types, fact.inspectors).short()
        assert model.data(model.index(row, 5)) == expected, finding.statement
    words = [model.data(model.index(r, 5)) for r in range(model.rowCount())]
    assert "none" in words  # the strength with nothing behind it
    assert any(w.startswith("✓ ") for w in words) and any(not w.startswith("✓") for w in words)
    # The checks name the same one-inspector findings the column shows without a tick.
    one_inspector = {r.place.finding_id for r in review(inspection) if r.check == "one-inspector"}
    for row in range(model.rowCount()):
        finding = model.finding_at(row)
        if finding.id in one_inspector:
            assert model.data(model.index(row, 5)).endswith(" · 1")


def test_the_tooltip_says_which_sources_and_whose_evidence():
    from ui.item_models.findings_table_model import triangulation_tooltip

    two = FindingBacking(
        frozenset({SourceType.INTERVIEW, SourceType.CASE_FILE_REVIEW}), frozenset({"AB", "CD"})
    )
    assert two.words() == "✓ 2 sources · 2 inspectors"
    assert two.short() == "✓ 2 · 2"
    assert triangulation_tooltip(two) == (
        "✓ 2 sources · 2 inspectors\nSources: case file review, interview\nInspectors: AB, CD\n"
        "Triangulated: more than one kind of source and more than one inspector."
    )
    one = FindingBacking(frozenset({SourceType.INTERVIEW}), frozenset({"AB"}))
    assert one.words() == "1 source · 1 inspector" and one.short() == "1 · 1"
    assert triangulation_tooltip(one).endswith(
        "more than one kind of source and more than one inspector."
    )
    assert FindingBacking().words() == "no evidence"
    assert triangulation_tooltip(FindingBacking()) == "No evidence supports this finding yet"


def test_linking_evidence_updates_the_column(demo_window, qtbot):
    view, controller = demo_window.view, demo_window.controller
    view.select_question("1.1.2")
    view.tabs.setCurrentWidget(view.findings)
    model = view.findings.model
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 5)) == "none")
    finding = model.finding_at(row)
    item = controller.evidence.page(EvidenceQuery(question_code="1.1.2"), 0, 1)[0]
    controller.link_evidence_to_finding(finding, [item.id])
    row = model.row_of(finding.id)
    assert model.data(model.index(row, 5)) == "1 · 1"
    tip = model.data(model.index(row, 5), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(
        "1 source · 1 inspector\n"
        f"Sources: {item.source_type.label.lower()}\nInspectors: {item.author}"
    )


def test_the_list_says_whether_each_finding_is_reviewed(demo_window, qtbot):
    from dataclasses import replace

    view, controller = demo_window.view, demo_window.controller
    view.select_question("4")  # the demo's findings under 4 wait for the lead's review
    view.tabs.setCurrentWidget(view.findings)
    model = view.findings.model
    assert {model.data(model.index(r, 6)) for r in range(model.rowCount())} == {"Draft"}
    view.select_question("3")
    assert {model.data(model.index(r, 6)) for r in range(model.rowCount())} == {"✓ JT"}
    words = Qt.ItemDataRole.AccessibleTextRole
    assert {model.data(model.index(r, 6), words) for r in range(model.rowCount())} == {
        "Reviewed by JT"
    }
    view.select_question("4")
    finding = model.finding_at(0)
    # Signed off as a colleague would in their copy: the list says who.
    controller.inspection.findings.update(
        replace(finding, reviewed_by="AB", reviewed_at="2015-10-08T09:00:00.000Z"), as_recorded=True
    )
    model.reload()
    assert model.data(model.index(model.row_of(finding.id), 6)) == "✓ AB"
    tooltip = Qt.ItemDataRole.ToolTipRole
    assert model.data(model.index(model.row_of(finding.id), 6), tooltip) == "Reviewed by AB"
