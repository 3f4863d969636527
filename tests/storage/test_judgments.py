"""Judgments in a real inspection file: one per graded question plus one overall."""

from __future__ import annotations

import sqlite3

import pytest

from models.records import Judgment
from models.vocabulary import JudgmentStatus
from storage.file.inspection_file import InspectionFile


def rows(inspection, where="1") -> int:
    return inspection.db.scalar(f"SELECT count(*) FROM judgment WHERE {where}")


@pytest.mark.parametrize("code", [None, "H", "1", "2"])
def test_unrecorded_judgment_reads_as_not_graded(tiny_inspection, code):
    judgment = tiny_inspection.judgments.get(code)
    assert judgment.question_code == code
    assert judgment.grade is None and judgment.rationale == ""
    assert judgment.status is JudgmentStatus.DRAFT
    assert tiny_inspection.judgments.all() == {}


def test_save_and_get_round_trip(tiny_inspection):
    repo = tiny_inspection.judgments
    saved = repo.save(
        Judgment(
            question_code="1", grade="Good", rationale="Well led.", status=JudgmentStatus.REVIEWED
        )
    )
    got = repo.get("1")
    assert (got.question_code, got.grade, got.rationale, got.status) == (
        "1",
        "Good",
        "Well led.",
        JudgmentStatus.REVIEWED,
    )
    assert got.id == saved.id and got.created_at == saved.created_at == got.updated_at


def test_grade_is_matched_by_name_ignoring_case_and_read_back_as_named(tiny_inspection):
    repo = tiny_inspection.judgments
    repo.save(Judgment(question_code="2", grade="  pOOr "))
    assert repo.get("2").grade == "Poor"
    grade_id = tiny_inspection.framework.grade("Poor").id
    assert tiny_inspection.db.scalar("SELECT grade_id FROM judgment") == grade_id


def test_saving_again_replaces_in_place_one_row_per_question(tiny_inspection):
    repo = tiny_inspection.judgments
    first = repo.save(Judgment(question_code="1", grade="Poor", rationale="First go"))
    second = repo.save(Judgment(question_code="1", grade="Good", rationale="Second go"))
    third = repo.save(Judgment(question_code="1", grade=None, rationale="Not sure yet"))
    assert first.id == second.id == third.id
    assert third.created_at == first.created_at
    assert rows(tiny_inspection) == 1
    got = repo.get("1")
    assert (got.grade, got.rationale) == (None, "Not sure yet")


def test_overall_judgment_is_one_row_too(tiny_inspection):
    repo = tiny_inspection.judgments
    repo.save(Judgment(question_code=None, grade="Good", rationale="Overall good"))
    repo.save(Judgment(question_code=None, grade="Poor", rationale="On reflection"))
    repo.save(Judgment(question_code="H", grade="Good", rationale="Headline"))
    assert rows(tiny_inspection, "question_id IS NULL") == 1
    assert repo.get(None).grade == "Poor" and repo.get(None).rationale == "On reflection"
    assert repo.get("H").grade == "Good"
    assert set(repo.all()) == {None, "H"}


def test_all_lists_every_judgment_by_code(tiny_inspection):
    repo = tiny_inspection.judgments
    for code, grade in ((None, "Good"), ("1", "Good"), ("2", "Poor")):
        repo.save(Judgment(question_code=code, grade=grade, rationale=f"r{code}"))
    everything = repo.all()
    assert {code: j.grade for code, j in everything.items()} == {
        None: "Good",
        "1": "Good",
        "2": "Poor",
    }
    assert everything["2"] == repo.get("2")


@pytest.mark.parametrize("code", ["1.1", "1.1.1", "2.1"])
def test_ungraded_question_is_refused(tiny_inspection, code):
    with pytest.raises(ValueError, match="not graded"):
        tiny_inspection.judgments.save(Judgment(question_code=code, grade="Good"))
    assert rows(tiny_inspection) == 0


def test_unknown_grade_is_refused_and_nothing_is_written(tiny_inspection):
    repo = tiny_inspection.judgments
    repo.save(Judgment(question_code="1", grade="Good", rationale="Kept"))
    with pytest.raises((KeyError, ValueError), match="Excellent"):
        repo.save(Judgment(question_code="1", grade="Excellent", rationale="Lost"))
    assert (repo.get("1").grade, repo.get("1").rationale) == ("Good", "Kept")
    assert rows(tiny_inspection) == 1


def test_unknown_question_is_refused(tiny_inspection):
    with pytest.raises((KeyError, ValueError)):
        tiny_inspection.judgments.save(Judgment(question_code="9", grade="Good"))
    assert rows(tiny_inspection) == 0


def test_only_one_live_judgment_per_question_is_enforced_by_the_file(tiny_inspection):
    tiny_inspection.judgments.save(Judgment(question_code="1", grade="Good"))
    with pytest.raises(sqlite3.IntegrityError):
        with tiny_inspection.db.transaction() as conn:
            conn.execute(
                "INSERT INTO judgment (id, question_id, rationale, status, created_at,"
                " updated_at) VALUES ('x', ?, '', 'draft', 'n', 'n')",
                [tiny_inspection.framework.question("1").id],
            )


def test_judgments_survive_reopening(tmp_path, tiny_framework):
    path = tmp_path / "judged.inspection"
    with InspectionFile.create(path, tiny_framework, force="Testshire") as inspection:
        inspection.judgments.save(Judgment(question_code=None, grade="good", rationale="All"))
        inspection.judgments.save(
            Judgment(
                question_code="2", grade="Poor", rationale="Two", status=JudgmentStatus.REVIEWED
            )
        )
        before = inspection.judgments.all()
    with InspectionFile.open(path) as reopened:
        assert reopened.judgments.all() == before
        assert reopened.judgments.get(None).grade == "Good"
