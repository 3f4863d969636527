"""The change history in a real inspection file: a row for every kind of change, who
made it and why, nothing can rewrite it, a merge brings the copy's history, and the
whole history is filtered and paged in SQL."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from models.history import HistoryFilter
from models.records import Evidence, Finding, Judgment
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType
from storage.file.inspection_file import InspectionFile
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import apply_merge
from storage.repositories.judgment_repository import REOPENED_REASON
from tests.storage.merge_helpers import fake_clock, make_master
from tests.storage.repository_helpers import history_of, unlink_evidence


def changes(inspection, entity_id, action=None):
    """(action, field, old, new) of an item's own history, oldest first."""
    return [
        (e.action, e.field, e.old_value, e.new_value)
        for e in reversed(history_of(inspection, entity_id))
        if e.entity_id == entity_id and action in (None, e.action)
    ]


@pytest.fixture
def inspection(tiny_inspection):
    tiny_inspection.actor = "kp"
    return tiny_inspection


@pytest.fixture
def item(inspection):
    return inspection.evidence.add(
        Evidence(id="", author="JS", summary="Control room visit", question_codes=("1.1",))
    )


# -- evidence ----------------------------------------------------------------------
def test_creating_an_item_records_its_ref_and_question_links(inspection, item):
    assert changes(inspection, item.id) == [
        ("created", None, None, "JS-0001"),
        ("linked", "question", None, "1.1"),
    ]
    entry = history_of(inspection, item.id)[-1]
    assert (entry.actor, entry.reason, entry.subject) == ("KP", "", "JS-0001")


@pytest.mark.parametrize(
    "field, value, old, new",
    [
        ("source_type", SourceType.FOCUS_GROUP, "interview", "focus_group"),
        ("collected_on", date(2026, 3, 2), None, "2026-03-02"),
        ("location", "Eastleigh", "", "Eastleigh"),
        ("participants", ("PC", "Sergeant"), "[]", '["PC", "Sergeant"]'),
        ("summary", "Control room revisited", "Control room visit", "Control room revisited"),
        ("notes", "Calls graded by THRIVE.", "", "Calls graded by THRIVE."),
        ("assessment", Assessment.NEGATIVE, "neutral", "negative"),
        ("sensitive", True, 0, 1),
        ("author", "AB", "JS", "AB"),
    ],
)
def test_each_field_change_is_one_row_with_old_and_new_value(
    inspection, item, field, value, old, new
):
    inspection.evidence.update(replace(item, **{field: value}))
    assert changes(inspection, item.id, "changed") == [("changed", field, old, new)]


def test_an_edit_of_several_fields_records_each_and_unchanged_fields_not_at_all(inspection, item):
    inspection.evidence.update(replace(item, summary="New", notes="Seen", location="Ryde"))
    inspection.evidence.update(inspection.evidence.get(item.id))
    assert sorted(f for _, f, _, _ in changes(inspection, item.id, "changed")) == [
        "location",
        "notes",
        "summary",
    ]


def test_delete_restore_link_and_unlink_of_an_item(inspection, item):
    inspection.evidence.update(replace(item, question_codes=("1.2",)))
    inspection.evidence.delete(item.id)
    inspection.evidence.restore(item.id)
    assert changes(inspection, item.id)[2:] == [
        ("unlinked", "question", "1.1", None),
        ("linked", "question", None, "1.2"),
        ("deleted", None, None, None),
        ("restored", None, None, None),
    ]
    unlinked = [e for e in history_of(inspection, item.id) if e.action == "unlinked"][0]
    assert unlinked.related_id == inspection.framework.question("1.1").id


def test_a_deleted_item_keeps_its_history_and_ref(inspection, item):
    inspection.evidence.delete(item.id)
    assert {e.subject for e in history_of(inspection, item.id)} == {"JS-0001"}


# -- findings ----------------------------------------------------------------------
def test_finding_created_changed_linked_unlinked_deleted_and_restored(inspection, item):
    finding = inspection.findings.add(Finding(id="", question_code="1", statement="Calls wait"))
    finding = inspection.findings.update(
        replace(
            finding,
            question_code="2",
            kind=FindingKind.CAUSE_OF_CONCERN,
            statement="Calls wait too long",
            recommendation="Staff the desk",
        )
    )
    inspection.findings.update(replace(finding, evidence_ids=(item.id,)))
    unlink_evidence(inspection, finding.id, item.id)
    inspection.findings.delete(finding.id)
    inspection.findings.restore(finding.id)
    assert changes(inspection, finding.id) == [
        ("created", None, None, "Calls wait"),
        ("changed", "question", "1", "2"),
        ("changed", "kind", "strength", "cause_of_concern"),
        ("changed", "statement", "Calls wait", "Calls wait too long"),
        ("changed", "recommendation", "", "Staff the desk"),
        ("linked", "evidence", None, "JS-0001"),
        ("unlinked", "evidence", "JS-0001", None),
        ("deleted", None, None, None),
        ("restored", None, None, None),
    ]
    newest = history_of(inspection, finding.id)[0]
    assert (newest.subject, newest.question_code) == ("Calls wait too long", "2")


def test_an_items_history_includes_the_findings_that_link_it(inspection, item):
    finding = inspection.findings.add(
        Finding(id="", question_code="1", statement="Good", evidence_ids=(item.id,))
    )
    seen = [(e.entity, e.entity_id, e.action) for e in history_of(inspection, item.id)]
    assert seen[0] == ("finding", finding.id, "linked")
    assert ("finding", finding.id, "created") not in seen


# -- judgments ---------------------------------------------------------------------
def test_judgment_creation_and_each_change(inspection):
    saved = inspection.judgments.save(
        Judgment(question_code="1", grade="Good", rationale="Well led.")
    )
    inspection.judgments.save(replace(saved, grade="Poor"))
    inspection.judgments.save(replace(saved, grade="Poor", rationale="Backlogs."))
    inspection.judgments.save(
        replace(saved, grade="Poor", rationale="Backlogs.", status=JudgmentStatus.REVIEWED)
    )
    assert changes(inspection, saved.id) == [
        ("created", None, None, "Good"),
        ("changed", "grade", None, "Good"),
        ("changed", "rationale", None, "Well led."),
        ("changed", "status", None, "draft"),
        ("changed", "grade", "Good", "Poor"),
        ("changed", "rationale", "Well led.", "Backlogs."),
        # The sign-off is recorded with the status it goes with.
        ("changed", "reviewed_by", None, "KP"),
        ("changed", "status", "draft", "reviewed"),
    ]
    assert {e.question_code for e in history_of(inspection, saved.id)} == {"1"}


def test_a_reviewed_judgment_changed_afterwards_goes_back_to_draft_and_says_why(inspection):
    reviewed = inspection.judgments.save(
        Judgment(
            question_code=None, grade="Good", rationale="Sound.", status=JudgmentStatus.REVIEWED
        )
    )
    inspection.actor = "LD"
    saved = inspection.judgments.save(replace(reviewed, rationale="Sound, but slow."))
    assert saved.status is JudgmentStatus.DRAFT
    assert inspection.judgments.get(None).status is JudgmentStatus.DRAFT
    status = inspection.history.last_change(reviewed.id, "status")
    assert (status.old_value, status.new_value, status.reason, status.actor) == (
        "reviewed",
        "draft",
        REOPENED_REASON,
        "LD",
    )
    rationale = inspection.history.last_change(reviewed.id, "rationale")
    assert rationale.reason == REOPENED_REASON and status.question_code is None


def test_marking_reviewed_without_changing_it_stays_reviewed_with_no_reason(inspection):
    saved = inspection.judgments.save(Judgment(question_code="2", grade="Good"))
    reviewed = inspection.judgments.save(replace(saved, status=JudgmentStatus.REVIEWED))
    again = inspection.judgments.save(reviewed)
    assert again.status is JudgmentStatus.REVIEWED
    assert inspection.history.last_change(saved.id, "status").reason == ""


# -- who, and nothing rewrites it -----------------------------------------------------
def test_without_initials_changes_are_recorded_under_no_one(tiny_inspection):
    item = tiny_inspection.evidence.add(Evidence(id="", author="JS", summary="x"))
    assert {e.actor for e in history_of(tiny_inspection, item.id)} == {""}
    assert tiny_inspection.history.actors() == [""]


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE history SET actor = 'XX'",
        "UPDATE history SET new_value = 'x' WHERE action = 'created'",
        "DELETE FROM history",
        "DELETE FROM history WHERE rowid = 1",
    ],
)
def test_history_cannot_be_edited_or_deleted_even_directly(inspection, item, sql):
    before = history_of(inspection, item.id)
    path = inspection.path
    inspection.close()
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="change history cannot be"):
            conn.execute(sql)
        conn.rollback()
    finally:
        conn.close()
    with InspectionFile.open(path, readonly=True) as reopened:
        assert history_of(reopened, item.id) == before


# -- merging -------------------------------------------------------------------------
def test_a_merge_brings_the_copys_history_under_the_copys_initials(tmp_path, tiny_framework):
    with fake_clock():
        master = make_master(tmp_path / "master.inspection", tiny_framework)
        master.actor = "LD"
        copy_path = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
        with InspectionFile.open(copy_path) as copy:
            copy.actor = copy.default_author
            item = copy.evidence.add(Evidence(id="", author="AB", summary="Station visit"))
            copy.evidence.update(replace(item, summary="Station visit, Ryde"))
            copy_rows = {e.id: e for e in copy.history.page(HistoryFilter(actor="AB"), 0, None)}
        assert len(copy_rows) == 2  # created, changed summary (no questions linked)
        before = master.history.count()
        apply_merge(master, copy_path)
        merged = {e.id: e for e in master.history.page(HistoryFilter(actor="AB"), 0, None)}
        assert merged.keys() == copy_rows.keys()
        assert [
            (e.action, e.field, e.new_value, e.subject) for e in history_of(master, item.id)
        ] == [
            ("changed", "summary", "Station visit, Ryde", "AB-0001"),
            ("created", None, "AB-0001", "AB-0001"),
        ]
        newest = master.history.page(HistoryFilter(entity="inspection"), 0, 1)[0]
        assert (newest.action, newest.new_value, newest.actor) == ("merged", "ab.inspection", "LD")
        assert master.history.count() == before + len(copy_rows) + 1
        # Taking the same copy in again adds nothing but the record of that merge.
        apply_merge(master, copy_path)
        assert master.history.count() == before + len(copy_rows) + 2
        master.close()


# -- reading the whole history ---------------------------------------------------------
@pytest.fixture
def busy(inspection):
    """Changes by three people over three days (fake clock: one second per change)."""
    with fake_clock() as clock:
        for day, who in enumerate(("AB", "CD", "AB")):
            inspection.actor = who
            for n in range(5):
                inspection.evidence.add(Evidence(id="", author=who, summary=f"{who} {day} {n}"))
            clock.advance(days=1)
    return inspection


def test_pages_are_newest_first_and_add_up_to_the_whole_history(busy):
    everything = list(busy.history.iter_rows())
    assert busy.history.count() == len(everything) == 15
    paged = [e for offset in range(0, 15, 4) for e in busy.history.page(HistoryFilter(), offset, 4)]
    assert paged == everything
    times = [e.changed_at for e in everything]
    assert times == sorted(times, reverse=True)


def test_filters_by_person_and_by_day(busy):
    by_ab = HistoryFilter(actor="AB")
    assert busy.history.count(by_ab) == 10
    assert {e.actor for e in busy.history.iter_rows(by_ab)} == {"AB"}
    second_day = HistoryFilter(since=date(2026, 3, 3), until=date(2026, 3, 3))
    assert {e.actor for e in busy.history.iter_rows(second_day)} == {"CD"}
    assert busy.history.count(HistoryFilter(since=date(2026, 3, 3))) == 10
    assert busy.history.count(HistoryFilter(until=date(2026, 3, 2))) == 5
    assert busy.history.count(HistoryFilter(actor="AB", since=date(2026, 3, 3))) == 5
    assert busy.history.page(HistoryFilter(actor="ZZ")) == []
    assert busy.history.actors() == ["AB", "CD"]


def test_changes_to_the_inspections_details_are_recorded_field_by_field(inspection, tmp_path):
    from models.history import describe, sentence

    before = inspection.inspection
    inspection.inspection_repository.update(
        replace(
            before,
            title="Testshire 2026",
            fieldwork_start=date(2026, 3, 2),
            fieldwork_end=date(2026, 3, 13),
        )
    )
    rows = changes(inspection, before.id)
    assert rows == [
        ("changed", "title", before.title, "Testshire 2026"),
        ("changed", "fieldwork_start", None, "2026-03-02"),
        ("changed", "fieldwork_end", None, "2026-03-13"),
    ]
    entry = history_of(inspection, before.id)[0]
    assert entry.actor == inspection.actor
    assert describe(entry) == "Changed fieldwork end of the inspection"
    assert sentence(entry).endswith("(empty) → 2026-03-13")
    # Saving the same details again records nothing; a fieldwork copy records nothing.
    inspection.inspection_repository.update(inspection.inspection)
    inspection.team.add("JS", "Jo Smith")
    create_fieldwork_copy(inspection.path, "JS", tmp_path / "copy.inspection")
    assert len(changes(inspection, before.id)) == 3
    assert inspection.inspection.title == "Testshire 2026"


def test_details_that_cannot_be_saved_are_refused_and_nothing_changes(inspection):
    before = inspection.inspection
    for bad, words in (
        (replace(before, force="  "), "force"),
        (
            replace(before, fieldwork_start=date(2026, 3, 9), fieldwork_end=date(2026, 3, 2)),
            "cannot end before",
        ),
    ):
        with pytest.raises(ValueError, match=words):
            inspection.inspection_repository.update(bad)
    assert inspection.inspection == before
    assert changes(inspection, before.id) == []
