"""The question tree's evidence counts: kept exact by difference, made afresh off the GUI thread.

Counts are checked against storage's own count after every step of a random
run of edits made through the controller (add, relink, delete, undo, redo).
"""

from __future__ import annotations

import random
from dataclasses import replace

import ui.item_models.question_counts as counts_module
from models.records import Evidence
from models.vocabulary import Assessment
from tests.storage.repository_helpers import counts_by_question
from ui.editing.inspection_controller import InspectionController
from ui.item_models.question_tree_model import QuestionTreeModel


def shown_counts(tree: QuestionTreeModel, framework) -> dict[str, int]:
    return {q.code: tree.data(tree.index_for_code(q.code, 2)) for q in framework.questions}


def stored_counts(inspection) -> dict[str, int]:
    counts = counts_by_question(inspection)
    counts[inspection.framework.headline.code] = inspection.evidence.count()
    return {q.code: counts.get(q.code, 0) for q in inspection.framework.questions}


def stored_assessments(inspection) -> dict[str, tuple[int, int, int]]:
    """Independently of the app: distinct live items per question subtree and assessment."""
    result = {}
    for q in inspection.framework.questions:
        if q.parent_code is None:
            rows = inspection.db.query(
                "SELECT assessment, count(*) FROM evidence WHERE deleted_at IS NULL"
                " GROUP BY assessment"
            )
        else:
            rows = inspection.db.query(
                "SELECT e.assessment, count(DISTINCT e.id) FROM evidence e"
                " JOIN evidence_question eq ON eq.evidence_id = e.id AND eq.deleted_at IS NULL"
                " JOIN question d ON d.id = eq.question_id WHERE e.deleted_at IS NULL"
                " AND d.position BETWEEN ? AND ? GROUP BY e.assessment",
                [q.position, q.subtree_end],
            )
        per = {r[0]: r[1] for r in rows}
        result[q.code] = (per.get("positive", 0), per.get("negative", 0), per.get("neutral", 0))
    return result


def counted_assessments(controller, framework) -> dict[str, tuple[int, int, int]]:
    result = {}
    for q in framework.questions:
        c = controller.counts.by_assessment(q.code)
        result[q.code] = (c.positive, c.negative, c.neutral)
    return result


def test_counts_stay_exact_through_edits_undo_and_redo(demo_inspection, qapp):
    controller = InspectionController(demo_inspection)
    tree = QuestionTreeModel(controller)
    framework = demo_inspection.framework
    codes = [q.code for q in framework.questions]
    rng = random.Random(7)
    live = [e.id for e in demo_inspection.evidence.page(limit=1000)]
    assert shown_counts(tree, framework) == stored_counts(demo_inspection)
    for step in range(60):
        action = rng.choice(["add", "relink", "relink", "delete", "undo", "redo"])
        if action == "add":
            item = controller.add_evidence(
                Evidence(
                    author="TC",
                    summary=f"step {step}",
                    question_codes=tuple(rng.sample(codes, rng.randint(0, 3))),
                )
            )
            live.append(item.id)
        elif action == "relink" and live:
            old = demo_inspection.evidence.get(rng.choice(live))
            new_codes = tuple(rng.sample(codes, rng.randint(0, 3)))
            controller.edit_evidence(
                old, replace(old, question_codes=new_codes, assessment=rng.choice(list(Assessment)))
            )
        elif action == "delete" and live:
            item_id = live.pop(rng.randrange(len(live)))
            controller.delete_evidence(demo_inspection.evidence.get(item_id))
        elif action == "undo":
            controller.undo_stack.undo()
            live = [e.id for e in demo_inspection.evidence.page(limit=10_000)]
        elif action == "redo":
            controller.undo_stack.redo()
            live = [e.id for e in demo_inspection.evidence.page(limit=10_000)]
        assert shown_counts(tree, framework) == stored_counts(demo_inspection), (
            f"counts wrong after step {step} ({action})"
        )
        assert counted_assessments(controller, framework) == stored_assessments(demo_inspection), (
            f"assessments wrong after step {step}"
        )


def test_large_inspections_are_counted_on_a_worker(demo_inspection, qtbot, monkeypatch):
    monkeypatch.setattr(counts_module, "COUNT_IN_PLACE_LIMIT", 0)
    controller = InspectionController(demo_inspection)
    tree = QuestionTreeModel(controller)
    framework = demo_inspection.framework
    # Until the worker reports, the tree says it is still counting rather than showing 0.
    assert not tree.counts_known
    assert tree.data(tree.index_for_code("2", 2)) == "…"
    qtbot.waitUntil(lambda: tree.counts_known, timeout=10_000)
    assert shown_counts(tree, framework) == stored_counts(demo_inspection)
    # An edit while a recount runs makes it count again rather than apply a stale result.
    tree.refresh_counts()
    assert not tree.counts_known
    controller.add_evidence(
        Evidence(author="TC", summary="during the count", question_codes=("3.1",))
    )
    qtbot.waitUntil(lambda: tree.counts_known, timeout=10_000)
    assert shown_counts(tree, framework) == stored_counts(demo_inspection)


def test_only_the_questions_whose_counts_moved_are_told(demo_inspection, qapp):
    controller = InspectionController(demo_inspection)
    framework = demo_inspection.framework
    told: list[set[str]] = []
    controller.counts.changed.connect(lambda codes: told.append(set(codes)))
    rng = random.Random(3)
    codes = [q.code for q in framework.questions]
    live = [e.id for e in demo_inspection.evidence.page(limit=1000)]
    for step in range(40):
        old = demo_inspection.evidence.get(rng.choice(live))
        before = counted_assessments(controller, framework)
        told.clear()
        if step % 2:  # the words alone: no count moves, no question is told
            new = replace(old, summary=f"{old.summary} (read again {step})")
        else:
            new = replace(
                old,
                question_codes=tuple(rng.sample(codes, rng.randint(0, 3))),
                assessment=rng.choice(list(Assessment)),
            )
        controller.edit_evidence(old, new)
        after = counted_assessments(controller, framework)
        moved = {code for code in after if after[code] != before[code]}
        assert set().union(*told) == moved, f"step {step}"
        assert after == stored_assessments(demo_inspection)
