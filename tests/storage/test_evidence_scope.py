"""The evidence under each question (``evidence_scope``), kept by triggers, and the
listing, counting and positions built on it, checked against plain recomputation."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

import storage.repositories.evidence.pages as evidence_module
from models.evidence.query import EvidenceQuery, EvidenceSort
from models.records import Evidence
from models.vocabulary import Assessment, SourceType
from storage.file.inspection_file import InspectionFile
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import apply_merge
from tests.storage.repository_helpers import counts_by_question


def scope_table(inspection) -> dict[tuple[str, str], int]:
    return {
        (r[0], r[1]): r[2]
        for r in inspection.db.query("SELECT question_id, evidence_id, links FROM evidence_scope")
    }


def scope_recomputed(inspection) -> dict[tuple[str, str], int]:
    """Straight from the live links: for each question, each item linked in its subtree."""
    result: dict[tuple[str, str], int] = {}
    links = inspection.db.query(
        "SELECT eq.evidence_id, q.position FROM evidence_question eq"
        " JOIN question q ON q.id = eq.question_id WHERE eq.deleted_at IS NULL"
    )
    questions = inspection.db.query("SELECT id, position, subtree_end FROM question")
    for evidence_id, position in links:
        for qid, start, end in questions:
            if start <= position <= end:
                result[(qid, evidence_id)] = result.get((qid, evidence_id), 0) + 1
    return result


def orders_kept(inspection) -> dict[str, int | None]:
    return {r[0]: r[1] for r in inspection.db.query("SELECT id, question_order FROM evidence")}


def orders_recomputed(inspection) -> dict[str, int | None]:
    """Each item's first question position in framework order, straight from its live links."""
    return {
        r[0]: r[1]
        for r in inspection.db.query(
            "SELECT e.id, (SELECT min(q.position) FROM evidence_question eq JOIN question q"
            " ON q.id = eq.question_id WHERE eq.evidence_id = e.id AND eq.deleted_at IS NULL)"
            " FROM evidence e"
        )
    }


def live_under(inspection, code: str | None) -> set[str]:
    """Ids of live items with a live link anywhere under ``code``, by plain Python."""
    framework = inspection.framework
    items = inspection.evidence.page(EvidenceQuery(), 0, 100_000)
    if code is None:
        return {e.id for e in items}
    under = {q.code for q in framework.subtree(code)}
    return {e.id for e in items if under & set(e.question_codes)}


def random_edits(inspection, rng: random.Random, steps: int) -> None:
    codes = [q.code for q in inspection.framework.questions]
    for step in range(steps):
        live = inspection.evidence.page(EvidenceQuery(), 0, 100_000)
        deleted = [
            r[0]
            for r in inspection.db.query("SELECT id FROM evidence WHERE deleted_at IS NOT NULL")
        ]
        action = rng.choice(["add", "add", "relink", "relink", "delete", "restore"])
        if action == "add" or not live:
            inspection.evidence.add(
                Evidence(
                    author=rng.choice(["AB", "CD"]),
                    summary=f"step {step}",
                    source_type=rng.choice(list(SourceType)),
                    assessment=rng.choice(list(Assessment)),
                    question_codes=tuple(rng.sample(codes, rng.randint(0, 3))),
                )
            )
        elif action == "relink":
            item = rng.choice(live)
            inspection.evidence.update(
                replace(item, question_codes=tuple(rng.sample(codes, rng.randint(0, 3))))
            )
        elif action == "delete":
            inspection.evidence.delete(rng.choice(live).id)
        elif deleted:
            inspection.evidence.restore(rng.choice(deleted))


def test_the_scope_follows_every_link_change(demo_inspection):
    assert scope_table(demo_inspection) == scope_recomputed(demo_inspection)
    random_edits(demo_inspection, random.Random(3), 80)
    assert scope_table(demo_inspection) == scope_recomputed(demo_inspection)
    assert orders_kept(demo_inspection) == orders_recomputed(demo_inspection)


def test_the_scope_is_built_for_files_made_before_it_existed(demo_path):
    # Take the file back to before the scope table, then open it: the migration fills it.
    with InspectionFile.open(demo_path) as inspection:
        expected = scope_table(inspection)
        conn = inspection.db.conn
        conn.execute("DROP TABLE evidence_scope")
        for name in ("evidence_live", "evidence_deleted"):
            conn.execute(f"DROP INDEX {name}")
        for (trigger,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'evidence_scope_%'"
        ).fetchall():
            conn.execute(f"DROP TRIGGER {trigger}")
        # m007 builds on m005: take it back too, so both run again in order.
        for (trigger,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'evidence_order_%'"
        ).fetchall():
            conn.execute(f"DROP TRIGGER {trigger}")
        conn.execute("DROP INDEX evidence_by_question_order")
        conn.execute("ALTER TABLE evidence DROP COLUMN question_order")
        # m016's search trigger reads the bulk flag m005 added: back to the trigger before it.
        conn.execute("DROP TRIGGER evidence_ai")
        conn.execute(
            'CREATE TRIGGER "evidence_ai" AFTER INSERT ON "evidence" BEGIN'
            ' INSERT INTO "evidence_fts" (rowid, "summary", "notes", "location")'
            ' VALUES (new.rowid, new."summary", new."notes", new."location"); END'
        )
        conn.execute("ALTER TABLE history_context DROP COLUMN bulk")
        conn.execute(
            "DELETE FROM _sqlite_migrations WHERE name IN"
            " ('m005_evidence_scope', 'm007_question_order', 'm016_bulk_writes')"
        )
        conn.execute("PRAGMA user_version = 4")
    with InspectionFile.open(demo_path) as inspection:
        assert scope_table(inspection) == expected == scope_recomputed(inspection)
        assert orders_kept(inspection) == orders_recomputed(inspection)


def test_the_scope_travels_through_copies_and_merges(tmp_path, demo_path):
    master = InspectionFile.open(demo_path)
    if master.team.by_initials("KP") is None:
        master.team.add("KP", "Kim Patel")
    copy_path = create_fieldwork_copy(master, "KP", tmp_path / "kp.inspection")
    with InspectionFile.open(copy_path) as copy:
        random_edits(copy, random.Random(11), 40)
    random_edits(master, random.Random(12), 20)
    apply_merge(master, copy_path)
    assert scope_table(master) == scope_recomputed(master)
    assert orders_kept(master) == orders_recomputed(master)
    master.close()


@pytest.mark.parametrize("large_scope", [1, 10**9], ids=["walk-in-order", "list-first"])
@pytest.mark.parametrize(
    "sort", [EvidenceSort.REF, EvidenceSort.DATE, EvidenceSort.SUMMARY, EvidenceSort.QUESTIONS]
)
def test_listing_counting_and_positions_under_a_question(
    demo_inspection, monkeypatch, large_scope, sort
):
    monkeypatch.setattr(evidence_module, "LARGE_SCOPE", large_scope)
    random_edits(demo_inspection, random.Random(5), 40)
    repo = demo_inspection.evidence
    for code in (None, "E", "1", "2.2", "3.1", "4"):
        for extra in (
            {},
            {"assessments": frozenset([Assessment.NEGATIVE])},
            {"source_types": frozenset([SourceType.INTERVIEW])},
            {"text": "victims"},
        ):
            query = EvidenceQuery(question_code=code, sort=sort, descending=bool(extra), **extra)
            listed = repo.page(query, 0, 100_000)
            expected = live_under(demo_inspection, code)
            assert expected, code  # every question listed has items in the demo
            everything = repo.page(replace(query, question_code=None), 0, 100_000)
            assert [e.id for e in listed] == [e.id for e in everything if e.id in expected]
            assert repo.count(query) == len(listed)
            # Pages join up without gaps or repeats, and positions agree with them.
            paged = repo.page(query, 0, 7) + repo.page(query, 7, 7) + repo.page(query, 14, 500)
            assert [e.id for e in paged] == [e.id for e in listed]
            # Given the total, pages past the middle are read from the other end.
            for offset in range(0, len(listed), 5):
                assert [e.id for e in repo.page(query, offset, 5, total=len(listed))] == [
                    e.id for e in listed[offset : offset + 5]
                ]
            for position in (0, len(listed) // 2, len(listed) - 1):
                if listed:
                    assert repo.position_of(query, listed[position].id) == position


def test_assessment_counts_under_each_question(demo_inspection):
    random_edits(demo_inspection, random.Random(9), 30)
    assert demo_inspection.framework.questions
    for q in demo_inspection.framework.questions:
        ids = live_under(demo_inspection, q.code)
        items = [
            e for e in demo_inspection.evidence.page(EvidenceQuery(), 0, 100_000) if e.id in ids
        ]
        counts = demo_inspection.evidence.assessment_counts(q.code)
        assert (counts.positive, counts.negative, counts.neutral) == tuple(
            sum(1 for e in items if e.assessment is a)
            for a in (Assessment.POSITIVE, Assessment.NEGATIVE, Assessment.NEUTRAL)
        )
        assert counts_by_question(demo_inspection).get(q.code, 0) == len(items)


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("sort", list(EvidenceSort))
def test_every_item_is_found_at_its_row_in_every_order(demo_inspection, sort, descending):
    # Many items share a date, a source or an author: the ref decides among them, and an
    # item's position must say so in both directions, with a filter and without.
    random_edits(demo_inspection, random.Random(21), 30)
    repo = demo_inspection.evidence
    for extra in ({}, {"question_code": "3"}, {"assessments": frozenset([Assessment.POSITIVE])}):
        query = EvidenceQuery(sort=sort, descending=descending, **extra)
        listed = repo.page(query, 0, 100_000)
        assert len(listed) > 10
        positions = [repo.position_of(query, e.id) for e in listed]
        assert positions == list(range(len(listed)))
    hidden = repo.page(EvidenceQuery(assessments=frozenset([Assessment.NEGATIVE])), 0, 1)[0]
    assert (
        repo.position_of(EvidenceQuery(assessments=frozenset([Assessment.POSITIVE])), hidden.id)
        is None
    )
