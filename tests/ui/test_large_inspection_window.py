"""A large inspection opens without waiting for what can be read behind the window: its
counts, the checks' facts and the To review list come from workers, and keep up after."""

from __future__ import annotations

import ui.item_models.question_counts as counts_module
import ui.workflows.review_keeper as keeper_module
from ui.window.tabs.review_tabs import TO_REVIEW


def test_the_to_review_list_of_a_large_inspection_is_read_on_a_worker(
    qtbot, window, demo_path, monkeypatch
):
    # The demo stands in for a large inspection: everything counted as large.
    monkeypatch.setattr(keeper_module, "GATHER_IN_PLACE_LIMIT", 0)
    monkeypatch.setattr(counts_module, "COUNT_IN_PLACE_LIMIT", 0)
    assert window.open_file(demo_path)
    view, controller = window.view, window.controller
    tabs = view.review
    assert tabs.keeper.large

    def shown() -> int:
        return len(tabs.to_review.model._all)

    expected = controller.review_notes.to_review()
    assert expected
    qtbot.waitUntil(lambda: shown() == len(expected), timeout=20000)
    assert [e.subject for e in tabs.to_review.model._all] == [e.subject for e in expected]
    index = view.tabs.indexOf(tabs.to_review)
    assert view.tabs.tabText(index) == f"{TO_REVIEW} ({len(expected)})"
    # A finding signed off leaves the list once the worker has read it again.
    finding = next(
        controller.findings.get(e.place.finding_id)
        for e in expected
        if e.place.finding_id is not None
    )
    controller.inspection.actor = "LD"  # the lead, who did not prepare it
    controller.set_finding_reviewed(finding, True)
    qtbot.waitUntil(lambda: shown() == len(expected) - 1, timeout=20000)
    assert view.tabs.tabText(index) == f"{TO_REVIEW} ({len(expected) - 1})"
