"""Review notes on real files: threads on items, findings and judgments, open and resolved,
their authors' rights, the history, the lead's To review list, and merges by id."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from models.records import Evidence, Finding, Judgment
from models.review.notes import NoteRefused, NoteSubject, ToReviewKind, threads
from models.vocabulary import JudgmentStatus
from storage.file.inspection_file import InspectionFile
from storage.health.check import check_inspection
from storage.merge.errors import MergeRefusedError
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import apply_merge
from tests.storage.merge_helpers import fake_clock, file_state, make_master
from tests.storage.repository_helpers import history_of


@pytest.fixture
def team_file(tiny_inspection):
    tiny_inspection.team.add("TS", "Toni Shaw")
    tiny_inspection.team.add("AB", "Ali Bell")
    tiny_inspection.actor = "TS"
    return tiny_inspection


def _item(inspection) -> Evidence:
    return inspection.evidence.add(Evidence(author="TS", summary="Visit", question_codes=("1.1",)))


def test_a_thread_on_an_item_is_answered_resolved_and_reopened_with_its_history(team_file):
    item = _item(team_file)
    team_file.actor = "AB"
    first = team_file.review_notes.add(NoteSubject.EVIDENCE, item.id, "Which station was this?")
    team_file.actor = "TS"
    reply = team_file.review_notes.add(
        NoteSubject.EVIDENCE, item.id, "Basingstoke custody.", reply_to=first.id
    )
    (thread,) = threads(team_file.review_notes.for_subject(item.id))
    assert [n.body for n in thread.notes] == ["Which station was this?", "Basingstoke custody."]
    assert [n.author for n in thread.notes] == ["AB", "TS"] and thread.open
    assert team_file.review_notes.open_count(item.id) == 1
    resolved = team_file.review_notes.set_resolved(first.id, True)
    assert (resolved.resolved_by, resolved.resolved_at) == ("TS", resolved.updated_at)
    assert team_file.review_notes.open_count(item.id) == 0
    team_file.actor = "AB"
    team_file.review_notes.set_resolved(first.id, False)
    assert team_file.review_notes.open_count(item.id) == 1
    notes = [h for h in history_of(team_file, item.id) if h.field == "review_note"]
    assert [(h.action, h.actor, h.related_id) for h in notes] == [
        ("reopened", "AB", first.id),
        ("resolved", "TS", first.id),
        ("noted", "TS", reply.id),
        ("noted", "AB", first.id),
    ]
    assert check_inspection(team_file.path).healthy


def test_only_the_author_changes_or_deletes_a_note_and_a_thread_goes_with_its_first_note(
    team_file,
):
    item = _item(team_file)
    first = team_file.review_notes.add(NoteSubject.EVIDENCE, item.id, "Date looks wrong.")
    team_file.actor = "AB"
    reply = team_file.review_notes.add(NoteSubject.EVIDENCE, item.id, "Fixed.", first.id)
    before = file_state(team_file.path)
    with pytest.raises(NoteRefused, match="Only TS"):
        team_file.review_notes.change(first.id, "Rewritten by someone else")
    with pytest.raises(NoteRefused, match="Only TS"):
        team_file.review_notes.delete(first.id)
    assert file_state(team_file.path) == before
    team_file.actor = "TS"
    assert team_file.review_notes.change(first.id, "The date looks wrong.").body == (
        "The date looks wrong."
    )
    deleted = team_file.review_notes.delete(first.id)
    assert set(deleted) == {first.id, reply.id}
    assert team_file.review_notes.for_subject(item.id) == []
    team_file.review_notes.set_deleted(deleted, False)
    assert {n.id for n in team_file.review_notes.for_subject(item.id)} == {first.id, reply.id}


@pytest.mark.parametrize(
    "body, actor, message",
    [
        ("   ", "TS", "needs some text"),
        ("x" * 2_001, "TS", "at most 2,000"),
        ("Fine", "", "need your initials"),
    ],
)
def test_a_bad_note_is_refused_and_the_file_is_unchanged(team_file, body, actor, message):
    item = _item(team_file)
    team_file.actor = actor
    before = file_state(team_file.path)
    with pytest.raises(NoteRefused, match=message):
        team_file.review_notes.add(NoteSubject.EVIDENCE, item.id, body)
    assert file_state(team_file.path) == before


def test_a_note_on_something_deleted_or_a_reply_to_nothing_is_refused(team_file):
    item = _item(team_file)
    team_file.evidence.delete(item.id)
    with pytest.raises(NoteRefused, match="not in this inspection"):
        team_file.review_notes.add(NoteSubject.EVIDENCE, item.id, "Where did it go?")
    other = _item(team_file)
    with pytest.raises(NoteRefused, match="has been deleted"):
        team_file.review_notes.add(NoteSubject.EVIDENCE, other.id, "Reply", reply_to="nope")


def test_the_to_review_list_has_open_notes_then_unsigned_findings_and_judgments(team_file):
    item = _item(team_file)
    finding = team_file.findings.add(
        Finding(id="", question_code="1", statement="Well led.", evidence_ids=(item.id,))
    )
    signed = team_file.findings.add(
        Finding(id="", question_code="2", statement="Signed.", evidence_ids=(item.id,))
    )
    team_file.judgments.save(Judgment(question_code="1", grade="Good", rationale="Sound."))
    team_file.judgments.save(Judgment(question_code="2"))  # nothing to review yet
    team_file.actor = "AB"
    team_file.findings.sign_off(signed.id)
    note = team_file.review_notes.add(NoteSubject.FINDING, finding.id, "Needs a second source.")
    resolved = team_file.review_notes.add(NoteSubject.EVIDENCE, item.id, "Done already.")
    team_file.review_notes.set_resolved(resolved.id, True)
    entries = team_file.review_notes.to_review()
    assert [(e.kind, e.place.question_code, e.place.finding_id) for e in entries] == [
        (ToReviewKind.OPEN_NOTE, "1", finding.id),
        (ToReviewKind.UNSIGNED_FINDING, "1", finding.id),
        (ToReviewKind.UNSIGNED_JUDGMENT, "1", None),
    ]
    assert entries[0].text == "Needs a second source." and entries[0].who == "AB"
    assert entries[0].note_subject_id == finding.id
    assert entries[1].who == "TS" and entries[2].text == "Good: Sound."
    finding = team_file.findings.get(finding.id)
    assert entries[0].subject == entries[1].subject == f"1 · {finding.ref} strength"
    assert entries[2].subject == "1 judgment"
    # Signing off and resolving empties the list.
    team_file.findings.sign_off(finding.id)
    judgment = team_file.judgments.get("1")
    team_file.judgments.save(replace(judgment, status=JudgmentStatus.REVIEWED))
    team_file.review_notes.set_resolved(note.id, True)
    assert team_file.review_notes.to_review() == []


def test_notes_added_in_two_copies_are_two_notes_and_resolve_and_reply_both_arrive(
    tmp_path, tiny_framework
):
    with fake_clock():
        master = make_master(tmp_path / "master.inspection", tiny_framework)
        (finding,) = master.findings.for_question()
        master.actor = "LD"
        question = master.review_notes.add(NoteSubject.FINDING, finding.id, "Is this triangulated?")
        copies = {
            who: create_fieldwork_copy(master, who, tmp_path / f"{who}.inspection")
            for who in ("AB", "CD")
        }
        with InspectionFile.open(copies["AB"]) as ab:
            ab.actor = "AB"
            ab.review_notes.add(NoteSubject.FINDING, finding.id, "Same text", question.id)
            ab.review_notes.set_resolved(question.id, True)
        with InspectionFile.open(copies["CD"]) as cd:
            cd.actor = "CD"
            cd.review_notes.add(NoteSubject.FINDING, finding.id, "Same text", question.id)
        apply_merge(master, copies["AB"])
        apply_merge(master, copies["CD"])
        apply_merge(master, copies["CD"])  # twice: nothing more
        (thread,) = threads(master.review_notes.for_subject(finding.id))
        assert [(n.author, n.body) for n in thread.replies] == [
            ("AB", "Same text"),
            ("CD", "Same text"),
        ]
        assert thread.first.resolved_by == "AB" and not thread.open
        assert master.db.conn.execute("SELECT count(*) FROM merge_conflict").fetchone()[0] == 0
        assert check_inspection(master.path).healthy
        master.close()


def test_a_copy_with_a_crafted_note_is_refused_whole(tmp_path, tiny_framework):
    master = make_master(tmp_path / "master.inspection", tiny_framework)
    copy = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
    with InspectionFile.open(copy) as ab:
        ab.actor = "AB"
        item = ab.evidence.add(Evidence(author="AB", summary="New", question_codes=("1.1",)))
        note = ab.review_notes.add(NoteSubject.EVIDENCE, item.id, "Fine note")
    conn = sqlite3.connect(copy)
    conn.execute(
        "UPDATE review_note SET subject_id = 'nothing-here', author = 'not initials' WHERE id = ?",
        [note.id],
    )
    conn.commit()
    conn.close()
    before = file_state(master.path)
    with pytest.raises(MergeRefusedError) as refused:
        apply_merge(master, copy)
    text = str(refused.value)
    assert "review_note" in text and "subject" in text and "initials" in text
    assert file_state(master.path) == before
    master.close()


def test_check_names_a_crafted_note_and_repair_removes_it_with_its_replies(team_file, tmp_path):
    from storage.health.repair import repair_into

    item = _item(team_file)
    bad = team_file.review_notes.add(NoteSubject.EVIDENCE, item.id, "Question")
    team_file.actor = "AB"
    team_file.review_notes.add(NoteSubject.EVIDENCE, item.id, "Answer", bad.id)
    good = team_file.review_notes.add(NoteSubject.EVIDENCE, item.id, "Fine\x00 text")
    path = team_file.path
    team_file.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE history_context SET recording = 0")
    conn.execute("UPDATE review_note SET author = 'not initials' WHERE id = ?", [bad.id])
    conn.execute("UPDATE review_note SET body = 'Fine' || char(0) WHERE id = ?", [good.id])
    conn.commit()
    conn.close()
    report = check_inspection(path)
    assert not report.healthy
    out = tmp_path / "repaired.inspection"
    repair_into(path, out)
    assert check_inspection(out).healthy
    with InspectionFile.open(out) as repaired:
        (thread,) = threads(repaired.review_notes.for_subject(item.id))
        assert (thread.first.id, thread.first.body, thread.replies) == (good.id, "Fine", ())
