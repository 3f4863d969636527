"""The team's planned methods per core question: kept in the file, read by the judgment checks."""

from __future__ import annotations

import pytest

from models.records import Evidence
from models.vocabulary import SourceType
from storage.repositories.planned_methods import PlanError
from storage.review.checks import review


def test_the_plan_is_replaced_whole_and_read_back(tiny_inspection):
    plans = tiny_inspection.planned_methods
    assert plans.plan() == {}
    wanted = {"1": frozenset({SourceType.INTERVIEW, SourceType.REALITY_TESTING})}
    assert plans.replace(wanted) == wanted
    assert plans.replace({"2": frozenset({SourceType.CASE_FILE_REVIEW})}) == {
        "2": frozenset({SourceType.CASE_FILE_REVIEW})
    }
    assert plans.replace({}) == {}


def test_only_core_questions_take_a_plan_and_a_refused_plan_changes_nothing(tiny_inspection):
    plans = tiny_inspection.planned_methods
    plans.replace({"1": frozenset({SourceType.INTERVIEW})})
    with pytest.raises(PlanError, match="core questions only; 1.1 is not one"):
        plans.replace({"1.1": frozenset({SourceType.INTERVIEW}), "2": frozenset()})
    assert plans.plan() == {"1": frozenset({SourceType.INTERVIEW})}


def test_a_crafted_row_is_left_out(tiny_inspection):
    tiny_inspection.planned_methods.replace({"1": frozenset({SourceType.INTERVIEW})})
    with tiny_inspection.db.transaction() as conn:
        conn.execute(
            "INSERT INTO planned_method (question_id, source_type) VALUES (?, 'séance')",
            [tiny_inspection.framework.question("1").id],
        )
    assert tiny_inspection.planned_methods.plan() == {"1": frozenset({SourceType.INTERVIEW})}


def test_a_planned_method_with_no_evidence_is_worth_a_second_look(tiny_inspection):
    tiny_inspection.evidence.add(
        Evidence(
            author="AB", summary="Seen", question_codes=("1.1",), source_type=SourceType.INTERVIEW
        )
    )
    tiny_inspection.planned_methods.replace(
        {"1": frozenset({SourceType.INTERVIEW, SourceType.REALITY_TESTING})}
    )
    (missing,) = [r for r in review(tiny_inspection) if r.check == "planned-method-missing"]
    assert missing.place.question_code == "1"
    assert (
        missing.message
        == "Question 1 has no evidence from reality testing, which the team planned."
    )
    tiny_inspection.evidence.add(
        Evidence(
            author="AB",
            summary="Visit",
            question_codes=("1.2",),
            source_type=SourceType.REALITY_TESTING,
        )
    )
    assert [r for r in review(tiny_inspection) if r.check == "planned-method-missing"] == []


def test_a_fieldwork_copy_carries_the_plan_and_a_merge_leaves_the_masters(demo_path, tmp_path):
    from storage.file.inspection_file import InspectionFile
    from storage.operations import make_fieldwork_copy, merge_planned, preview_merge

    plan = {"3": frozenset({SourceType.DATA_RETURN})}
    with InspectionFile.open(demo_path) as master:
        master.planned_methods.replace(plan)
    copy = tmp_path / "ko.inspection"
    make_fieldwork_copy(demo_path, "KO", copy)
    with InspectionFile.open(copy) as fieldwork:
        assert fieldwork.planned_methods.plan() == plan
        fieldwork.planned_methods.replace({})
    merge_planned(demo_path, preview_merge(demo_path, [copy]).plans)
    with InspectionFile.open(demo_path) as master:
        assert master.planned_methods.plan() == plan
