"""New evidence written many at once gets exactly the history, scope and search rows the
schema's triggers write for one item at a time."""

from __future__ import annotations

from dataclasses import replace

from models.records import Evidence
from models.vocabulary import Assessment, SourceType


def history_of(inspection, evidence_ids) -> list[tuple]:
    marks = ",".join("?" * len(evidence_ids))
    return sorted(
        tuple(r)
        for r in inspection.db.query(
            "SELECT changed_at, actor, reason, replica_id, entity, entity_id, action, field,"
            f" old_value, new_value, related_id FROM history WHERE entity_id IN ({marks})",
            list(evidence_ids),
        )
    )


def scope_of(inspection, evidence_ids) -> set[tuple]:
    marks = ",".join("?" * len(evidence_ids))
    return {
        tuple(r)
        for r in inspection.db.query(
            "SELECT question_id, evidence_id, links FROM evidence_scope"
            f" WHERE evidence_id IN ({marks})",
            list(evidence_ids),
        )
    }


def items(n: int) -> list[Evidence]:
    codes = [("1.1",), ("1.1", "1.2", "2.2"), (), ("3",), ("E", "4.1")]
    return [
        Evidence(
            author="BK",
            summary=f"item {i}",
            source_type=list(SourceType)[i % 10],
            assessment=list(Assessment)[i % 3],
            question_codes=codes[i % len(codes)],
        )
        for i in range(n)
    ]


def written_by_the_triggers(inspection, stored: list[Evidence]) -> None:
    """Write ``stored`` again under new ids the slow way: plain inserts, triggers on."""
    with inspection.db.transaction() as conn:
        for e in stored:
            conn.execute(
                "INSERT INTO evidence (id, ref, source_type, assessment, summary, author,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    "copy-" + e.id,
                    "ZZ-" + e.ref[3:],
                    e.source_type.value,
                    e.assessment.value,
                    e.summary,
                    e.author,
                    e.created_at,
                    e.updated_at,
                ],
            )
            for code in e.question_codes:
                conn.execute(
                    "INSERT INTO evidence_question (evidence_id, question_id,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?)",
                    [
                        "copy-" + e.id,
                        inspection.framework.question(code).id,
                        e.created_at,
                        e.updated_at,
                    ],
                )


def test_many_new_items_get_the_rows_the_triggers_would_write(demo_inspection):
    demo_inspection.actor = "bk"
    stored = demo_inspection.evidence.add_many(items(25))
    written_by_the_triggers(demo_inspection, stored)
    ours = [e.id for e in stored]
    theirs = ["copy-" + e.id for e in stored]

    def as_copy(row):
        row = list(row)
        row[5] = "copy-" + row[5]
        if row[6] == "created":
            row[9] = "ZZ-" + row[9][3:]
        return tuple(row)

    assert sorted(map(as_copy, history_of(demo_inspection, ours))) == history_of(
        demo_inspection, theirs
    )
    assert {(q, "copy-" + e, n) for q, e, n in scope_of(demo_inspection, ours)} == scope_of(
        demo_inspection, theirs
    )
    orders = dict(
        tuple(r) for r in demo_inspection.db.query("SELECT id, question_order FROM evidence")
    )
    assert [orders[i] for i in ours] == [orders[i] for i in theirs]
    assert any(orders[i] is None for i in ours) and any(orders[i] for i in ours)
    # Every new item has its one "created" row and one "linked" row per question.
    created = [r for r in history_of(demo_inspection, ours) if r[6] == "created"]
    linked = [r for r in history_of(demo_inspection, ours) if r[6] == "linked"]
    assert len(created) == 25
    assert len(linked) == sum(len(e.question_codes) for e in stored)
    assert {r[1] for r in created + linked} == {"BK"}


def test_the_triggers_are_back_on_after_a_bulk_write(demo_inspection):
    demo_inspection.evidence.add_many(items(3))
    assert demo_inspection.db.query("SELECT recording, bulk FROM history_context")[0][:] == (1, 0)


def test_a_merge_without_history_still_keeps_the_scope(demo_inspection):
    with demo_inspection.db.transaction(record_history=False):
        pass
    before = demo_inspection.db.scalar("SELECT count(*) FROM history")
    with demo_inspection.db.transaction(record_history=False) as conn:
        from storage.repositories.evidence_bulk import insert_new_evidence

        insert_new_evidence(
            conn,
            "id, ref, source_type, assessment, created_at, updated_at",
            [("quiet", "QQ-0001", "interview", "neutral", "t", "t")],
            [("quiet", demo_inspection.framework.question("2.2").id, "t", "t")],
        )
    assert demo_inspection.db.scalar("SELECT count(*) FROM history") == before
    assert (
        demo_inspection.db.scalar("SELECT count(*) FROM evidence_scope WHERE evidence_id = 'quiet'")
        == 3
    )  # 2.2, 2, E


def test_many_new_items_are_in_the_search_index_as_the_trigger_puts_one_item(demo_inspection):
    words = ["quokka", "bramble", "lantern", "saffron"]
    many = [
        replace(e, summary=f"{words[i % 4]} item {i}", notes=f"notes{i} {words[(i + 1) % 4]}")
        for i, e in enumerate(items(12))
    ]
    many[0] = replace(many[0], location="Zanzibar custody suite")
    stored = demo_inspection.evidence.add_many(many)
    alone = demo_inspection.evidence.add(replace(many[0], id="", ref="", summary="quillwortian"))
    db = demo_inspection.db
    with db.transaction() as conn:  # the same items again, one plain insert each
        conn.executemany(
            "INSERT INTO evidence (id, ref, source_type, assessment, summary, notes, location,"
            " author, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ("copy-" + e.id, "ZZ-" + e.ref[3:], e.source_type.value, e.assessment.value)
                + (e.summary, e.notes, e.location, e.author, e.created_at, e.updated_at)
                for e in stored
            ],
        )
    # The index holds exactly what the items say (checked against the items themselves).
    db.conn.execute("INSERT INTO evidence_fts (evidence_fts, rank) VALUES ('integrity-check', 1)")
    rowids = dict(tuple(r) for r in db.query("SELECT id, rowid FROM evidence"))

    def found(query: str) -> set[str]:
        hits = {r[0] for r in db.query(_MATCH, [query])}
        return {i for i, rowid in rowids.items() if rowid in hits}

    for query in [*words, "notes3", "zanzibar", "custody", "qu*", "sa*"]:
        ours = {e.id for e in stored} & found(query)
        theirs = {i[len("copy-") :] for i in found(query) if i.startswith("copy-")}
        assert ours == theirs and ours, query
    assert found("quillwortian") == {alone.id}


_MATCH = "SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ?"
