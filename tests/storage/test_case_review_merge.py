"""Case-file review in fieldwork copies: checklists, reviewed files and answers travel
and merge by id; two reviewers' files are both kept, the same file reviewed twice is a
conflict for review, and a crafted copy is refused whole."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from models.case_reviews.case_file import CaseFile
from models.case_reviews.query import CaseFileQuery
from storage.file.inspection_file import InspectionFile
from storage.health.check import check_inspection
from storage.merge.conflicts import list_conflicts, resolve_conflict
from storage.merge.errors import MergeRefusedError
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import apply_merge
from storage.operations import case_reviews as reviews
from tests.case_review_helpers import CHECKLIST, DASH, DAYS, IN_PERSON
from tests.storage.merge_helpers import fake_clock, file_state, make_master


def _file(reference: str, reviewer: str, answers: dict[str, str]) -> CaseFile:
    return CaseFile(
        CHECKLIST.id,
        reference,
        crime_type="Assault",
        reviewed_on=date(2015, 9, 22),
        reviewer=reviewer,
        answers=answers,
    )


def _refs(inspection: InspectionFile) -> list[tuple[str, str]]:
    rows = reviews.case_file_page(inspection, CaseFileQuery(CHECKLIST.id), 0, 100)
    return sorted((r.case_reference, r.reviewer) for r in rows)


def test_two_reviewers_files_are_both_kept_and_answers_merge_by_id(tmp_path, tiny_framework):
    with fake_clock() as clock:
        master = make_master(tmp_path / "master.inspection", tiny_framework)
        master.actor = "LD"
        reviews.save_checklist(master, CHECKLIST)
        shared = reviews.save_case_file(master, _file("HC/1", "LD", {DASH.id: "yes"}))
        ab_path = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
        cd_path = create_fieldwork_copy(master, "CD", tmp_path / "cd.inspection")
        clock.advance(minutes=1)
        with InspectionFile.open(ab_path) as ab:
            ab.actor = "AB"
            reviews.save_case_file(ab, _file("HC/2", "AB", {DASH.id: "no", DAYS.id: "4"}))
            reviews.save_case_file(
                ab, replace(shared, answers={DASH.id: "yes", IN_PERSON.id: "yes"})
            )
        clock.advance(minutes=1)
        with InspectionFile.open(cd_path) as cd:
            cd.actor = "CD"
            reviews.save_case_file(cd, _file("HC/3", "CD", {DASH.id: "partly"}))
        apply_merge(master, ab_path)
        apply_merge(master, cd_path)
        apply_merge(master, ab_path)  # again: nothing more
        assert _refs(master) == [("HC/1", "LD"), ("HC/2", "AB"), ("HC/3", "CD")]
        assert reviews.get_case_file(master, shared.id).answers == {
            DASH.id: "yes",
            IN_PERSON.id: "yes",
        }
        results = reviews.checklist_results(master, CaseFileQuery(CHECKLIST.id))
        assert results.of(DASH.id).base == 3 and results.of(IN_PERSON.id).count_of("yes") == 1
        assert list_conflicts(master) == []
        assert check_inspection(master.path).healthy
        master.close()


def test_the_same_file_reviewed_in_two_copies_is_a_conflict_for_review(tmp_path, tiny_framework):
    with fake_clock() as clock:
        master = make_master(tmp_path / "master.inspection", tiny_framework)
        master.actor = "LD"
        reviews.save_checklist(master, CHECKLIST)
        ab_path = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
        cd_path = create_fieldwork_copy(master, "CD", tmp_path / "cd.inspection")
        clock.advance(minutes=1)
        with InspectionFile.open(ab_path) as ab:
            ab.actor = "AB"
            first = reviews.save_case_file(ab, _file("HC/9", "AB", {DASH.id: "yes"}))
        clock.advance(minutes=1)
        with InspectionFile.open(cd_path) as cd:
            cd.actor = "CD"
            second = reviews.save_case_file(cd, _file("hc/9", "CD", {DASH.id: "no"}))
        apply_merge(master, ab_path)
        apply_merge(master, cd_path)
        # One review counts; the other is kept, shown as a conflict to look at.
        assert _refs(master) == [("hc/9", "CD")]
        conflicts = [c for c in list_conflicts(master) if c.entity == "case_file"]
        assert len(conflicts) == 1
        assert "review of case file HC/9" in conflicts[0].label
        resolve_conflict(master, conflicts[0].id, "other")
        assert _refs(master) == [("HC/9", "AB")]
        assert reviews.get_case_file(master, first.id).answers == {DASH.id: "yes"}
        assert reviews.get_case_file(master, second.id).deleted_at is not None
        assert check_inspection(master.path).healthy
        master.close()


@pytest.mark.parametrize(
    "sql, words",
    [
        ("UPDATE case_answer SET value = 'perhaps'", "is not an answer its item takes"),
        ("UPDATE case_file SET review_key = 'x'", "is not the checklist and case reference"),
        ("UPDATE case_file SET reviewer = 'not initials'", "is not initials"),
        ("UPDATE checklist SET question_ids = '[\"nowhere\"]'", "not a question of the framework"),
        ("UPDATE checklist_item SET answer_type = 'essay'", "is not a answer type"),
    ],
)
def test_a_copy_with_crafted_review_rows_is_refused_whole(tmp_path, tiny_framework, sql, words):
    master = make_master(tmp_path / "master.inspection", tiny_framework)
    copy = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
    with InspectionFile.open(copy) as ab:
        ab.actor = "AB"
        reviews.save_checklist(ab, CHECKLIST)
        reviews.save_case_file(ab, _file("HC/5", "AB", {DASH.id: "yes"}))
    conn = sqlite3.connect(copy)
    conn.execute(sql)
    conn.commit()
    conn.close()
    before = file_state(master.path)
    with pytest.raises(MergeRefusedError, match=words):
        apply_merge(master, copy)
    assert file_state(master.path) == before
    master.close()
