"""One item added, brought back or deleted moves one row of the evidence list, without the
list being read afresh: the rows always equal a fresh read of the same query."""

from __future__ import annotations

import pytest

from models.evidence.query import EvidenceQuery, EvidenceSort
from models.records import Evidence
from models.vocabulary import Assessment
from ui.item_models import evidence_table_model

QUERIES = [
    EvidenceQuery(),
    EvidenceQuery(sort=EvidenceSort.DATE, descending=True),
    EvidenceQuery(question_code="3", sort=EvidenceSort.SOURCE),
    EvidenceQuery(assessments=frozenset([Assessment.NEGATIVE]), sort=EvidenceSort.SUMMARY),
    EvidenceQuery(text="victims", sort=EvidenceSort.AUTHOR),
]


def rows(model) -> list[str]:
    return [model.evidence_at(r).id for r in range(model.rowCount())]


def fresh(controller, query) -> list[str]:
    return [e.id for e in controller.evidence.page(query, 0, 10**6)]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.sort.value}-{q.question_code}")
def test_rows_follow_single_additions_and_deletions(
    qtbot, qtmodeltester, demo_window, monkeypatch, query
):
    monkeypatch.setattr(evidence_table_model, "PAGE_SIZE", 7)  # several pages in the demo
    controller = demo_window.controller
    model = demo_window.view.evidence_list.model
    model.set_query(query)
    qtmodeltester.check(model)
    reads = []
    original_count = controller.evidence.count

    def counted(*args, **kwargs):
        reads.append(args)
        return original_count(*args, **kwargs)

    monkeypatch.setattr(controller.evidence, "count", counted)
    inserted, removed = [], []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))

    def check() -> None:
        assert rows(model) == fresh(controller, query)
        assert model.total == original_count(query)
        assert demo_window.view.evidence_list.count_text().startswith(f"{model.total:,} ")

    # A new item that the query lists, and one it does not.
    check()
    listed = controller.add_evidence(
        Evidence(
            author="TS",
            summary="Victims were called back within the day",
            assessment=Assessment.NEGATIVE,
            question_codes=("3.1",),
        )
    )
    check()
    unlisted = controller.add_evidence(
        Evidence(author="TS", summary="Canteen opening hours", question_codes=("1.1",))
    )
    check()
    shown = [e.id for e in (listed, unlisted) if e.id in rows(model)]
    assert listed.id in shown and (unlisted.id in shown) == (
        unlisted.id in fresh(controller, query)
    )
    assert len(inserted) == len(shown) and reads == []  # a row each, no count read again
    # Deleting a row held, then a row in a page never fetched.
    first_id = rows(model)[0]
    controller.delete_evidence(controller.evidence.get(first_id))
    check()
    model.reload()
    last = model.rowCount() - 1
    last_id = controller.evidence.page(query, last, 1)[0].id
    controller.delete_evidence(controller.evidence.get(last_id))
    check()
    # Undo and redo put each row back where it was, and take it out again.
    for _ in range(4):
        controller.undo()
        check()
    for _ in range(4):
        controller.redo()
        check()
    assert removed
    qtmodeltester.check(model)
