"""Evidence made from a checklist item's result: what it states, how it knows it is out
of date once more files are reviewed, and updating it and undoing each step."""

from __future__ import annotations

from datetime import date

from models.case_reviews.query import CaseFileQuery
from models.vocabulary import SourceType
from storage.operations import case_reviews as reviews
from tests.case_review_helpers import CHECKLIST, DASH, install_sample, review
from tests.storage.repository_helpers import history_of


def _three_files(inspection):
    install_sample(inspection)
    review(inspection, "B1", {DASH.id: "yes"}, reviewed_on=date(2015, 9, 21))
    review(inspection, "B2", {DASH.id: "yes"}, reviewed_on=date(2015, 9, 23))
    review(inspection, "B3", {DASH.id: "no"}, reviewed_on=date(2015, 9, 22))


def test_a_result_becomes_case_file_review_evidence_linked_to_the_checklists_questions(
    tiny_inspection,
):
    _three_files(tiny_inspection)
    made = reviews.make_result_evidence(tiny_inspection, DASH.id, CaseFileQuery(CHECKLIST.id), "JS")
    assert made.source_type is SourceType.CASE_FILE_REVIEW
    assert made.question_codes == ("1.1", "2")
    assert made.author == "JS" and made.ref == "JS-0001"
    assert made.collected_on == date(2015, 9, 23)
    assert "Yes in 2 of 3 cases (67 %)" in made.summary
    assert "3 files reviewed." in made.summary
    assert made.summary.startswith(f"Case-file review, {CHECKLIST.title}, item 1: ")
    state = reviews.result_evidence(tiny_inspection, made.id)
    assert state is not None and not state.out_of_date
    assert [s.evidence_id for s in reviews.result_evidence_of(tiny_inspection, CHECKLIST.id)] == [
        made.id
    ]


def test_evidence_made_under_a_filter_keeps_it_and_says_so(tiny_inspection):
    _three_files(tiny_inspection)
    review(tiny_inspection, "B4", {DASH.id: "no"}, crime_type="Harassment")
    query = CaseFileQuery(CHECKLIST.id, crime_type="Assault", search="ignored")
    made = reviews.make_result_evidence(tiny_inspection, DASH.id, query, "JS")
    assert "(crime type Assault)" in made.summary
    assert "in 2 of 3 cases" in made.summary
    review(tiny_inspection, "B5", {DASH.id: "yes"}, crime_type="Harassment")
    state = reviews.result_evidence(tiny_inspection, made.id)
    assert state is not None and not state.out_of_date  # outside its filter


def test_more_files_make_the_evidence_out_of_date_and_updating_it_is_undoable(tiny_inspection):
    _three_files(tiny_inspection)
    made = reviews.make_result_evidence(tiny_inspection, DASH.id, CaseFileQuery(CHECKLIST.id), "JS")
    review(tiny_inspection, "B6", {DASH.id: "yes"})
    state = reviews.result_evidence(tiny_inspection, made.id)
    assert state is not None and state.out_of_date
    assert "Yes in 3 of 4 cases (75 %)" in (state.current or "")
    change = reviews.update_result_evidence(tiny_inspection, made.id)
    assert change is not None
    updated = tiny_inspection.evidence.get(made.id)
    assert "Yes in 3 of 4 cases (75 %)" in updated.summary
    assert "2 of 3" not in updated.summary
    assert not reviews.result_evidence(tiny_inspection, made.id).out_of_date
    entry = history_of(tiny_inspection, made.id)[0]
    assert (entry.field, entry.old_value, entry.new_value) == (
        "summary",
        made.summary,
        updated.summary,
    )
    assert reviews.update_result_evidence(tiny_inspection, made.id) is None  # up to date
    reviews.put_back_result_evidence(tiny_inspection, change, undo=True)
    assert tiny_inspection.evidence.get(made.id).summary == made.summary
    assert reviews.result_evidence(tiny_inspection, made.id).out_of_date
    reviews.put_back_result_evidence(tiny_inspection, change, undo=False)
    assert tiny_inspection.evidence.get(made.id).summary == updated.summary


def test_a_summary_rewritten_by_hand_keeps_its_words_and_gets_the_new_result_first(
    tiny_inspection,
):
    _three_files(tiny_inspection)
    made = reviews.make_result_evidence(tiny_inspection, DASH.id, CaseFileQuery(CHECKLIST.id), "JS")
    from dataclasses import replace

    tiny_inspection.evidence.update(replace(made, summary="Most files had a DASH."))
    review(tiny_inspection, "B7", {DASH.id: "no"})
    reviews.update_result_evidence(tiny_inspection, made.id)
    summary = tiny_inspection.evidence.get(made.id).summary
    assert summary.endswith("\n\nMost files had a DASH.")
    assert "Yes in 2 of 4 cases (50 %)" in summary


def test_undoing_make_evidence_deletes_the_item_and_redo_brings_it_back(tiny_inspection):
    _three_files(tiny_inspection)
    made = reviews.make_result_evidence(tiny_inspection, DASH.id, CaseFileQuery(CHECKLIST.id), "JS")
    reviews.set_result_evidence_made(tiny_inspection, made.id, False)
    assert tiny_inspection.evidence.get(made.id).deleted_at is not None
    assert reviews.result_evidence(tiny_inspection, made.id) is None
    assert reviews.result_evidence_of(tiny_inspection, CHECKLIST.id) == []
    reviews.set_result_evidence_made(tiny_inspection, made.id, True)
    assert tiny_inspection.evidence.get(made.id).deleted_at is None
    assert reviews.result_evidence(tiny_inspection, made.id) is not None
