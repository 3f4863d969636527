"""Case-file review on real files: checklists saved and versioned, files reviewed with
their answers in one step, paged and filtered lists, results counted in SQL, and the
history and undo of each step."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from models.case_reviews.answers import AnswerType
from models.case_reviews.case_file import CaseFile
from models.case_reviews.checklist import ChecklistItem, Condition
from models.case_reviews.query import ANY_ANSWER, UNANSWERED, CaseFileQuery
from storage.health.check import check_inspection
from storage.operations import case_reviews as reviews
from tests.case_review_helpers import (
    CHECKLIST,
    DASH,
    DAYS,
    IN_PERSON,
    NOTE,
    RISK,
    SEEN,
    install_sample,
    review,
)
from tests.storage.repository_helpers import history_of


def test_a_checklist_is_saved_with_its_items_in_order_and_read_back(tiny_inspection):
    stored = install_sample(tiny_inspection)
    assert stored.version == 1
    assert [i.number for i in stored.items] == [1, 2, 3, 4, 5, 6]
    assert [i.prompt for i in stored.items] == [i.prompt for i in CHECKLIST.items]
    assert stored.item(IN_PERSON.id).condition == Condition(DASH.id, "yes")
    assert stored.item(RISK.id).choices == ("Standard", "Medium", "High")
    assert stored.question_codes == ("1.1", "2")
    assert [c.id for c in reviews.list_checklists(tiny_inspection)] == [CHECKLIST.id]


def test_changing_items_counts_the_version_up_and_a_title_change_does_not(tiny_inspection):
    install_sample(tiny_inspection)
    renamed = reviews.save_checklist(tiny_inspection, replace(CHECKLIST, title="DA review"))
    assert (renamed.title, renamed.version) == ("DA review", 1)
    fewer = reviews.save_checklist(tiny_inspection, replace(renamed, items=renamed.items[:-1]))
    assert fewer.version == 2
    assert NOTE.id not in [i.id for i in fewer.items]
    # Saving the version from before is the undo: the item is back, live.
    back = reviews.save_checklist(tiny_inspection, renamed)
    assert [i.id for i in back.items] == [i.id for i in CHECKLIST.items]
    assert back.version == 3


@pytest.mark.parametrize(
    "bad, words",
    [
        (replace(CHECKLIST, title="  "), "needs a title"),
        (replace(CHECKLIST, question_codes=("9.9",)), "Question 9.9"),
        (replace(CHECKLIST, items=(IN_PERSON, DASH)), "earlier item"),
        (
            replace(CHECKLIST, items=(ChecklistItem("Pick", AnswerType.CHOICE, ("One",)),)),
            "at least two choices",
        ),
        (
            replace(CHECKLIST, items=(DAYS, replace(IN_PERSON, condition=Condition(DAYS.id, "3")))),
            "yes/no or choice item",
        ),
        (
            replace(
                CHECKLIST, items=(DASH, replace(IN_PERSON, condition=Condition(DASH.id, "maybe")))
            ),
            "must be one of",
        ),
    ],
)
def test_a_checklist_that_breaks_a_rule_is_refused_and_nothing_is_written(
    tiny_inspection, bad, words
):
    tiny_inspection.actor = "JS"
    with pytest.raises(ValueError, match=words):
        reviews.save_checklist(tiny_inspection, bad)
    assert reviews.list_checklists(tiny_inspection) == []
    assert history_of(tiny_inspection, CHECKLIST.id) == []


def test_a_reviewed_file_is_saved_with_all_its_answers_in_one_step(tiny_inspection):
    install_sample(tiny_inspection)
    saved = review(
        tiny_inspection,
        "44150012345",
        {
            DASH.id: "Yes",
            IN_PERSON.id: "n",
            RISK.id: "standard",
            DAYS.id: "2",
            SEEN.id: "23/9/2015",
            NOTE.id: "Referred to MARAC",
        },
        notes="Victim's address withheld.",
        sensitive=True,
    )
    read = reviews.get_case_file(tiny_inspection, saved.id)
    assert read.answers == {
        DASH.id: "yes",
        IN_PERSON.id: "no",
        RISK.id: "Standard",
        DAYS.id: "2",
        SEEN.id: "2015-09-23",
        NOTE.id: "Referred to MARAC",
    }
    assert (read.case_reference, read.crime_type, read.reviewer) == ("44150012345", "Assault", "JS")
    assert (read.reviewed_on, read.sensitive, read.notes) == (
        date(2015, 9, 22),
        True,
        "Victim's address withheld.",
    )
    entries = history_of(tiny_inspection, saved.id)
    assert [e.action for e in entries].count("created") == 1
    assert sum(1 for e in entries if e.field == "answer") == 6
    assert {e.actor for e in entries} == {"JS"}


def test_changing_one_answer_writes_only_that_answer_and_undo_puts_the_file_back(
    tiny_inspection,
):
    install_sample(tiny_inspection)
    first = review(tiny_inspection, "HC/15/1", {DASH.id: "yes", IN_PERSON.id: "yes"})
    before = len(history_of(tiny_inspection, first.id))
    changed = reviews.save_case_file(
        tiny_inspection, replace(first, answers={DASH.id: "yes", IN_PERSON.id: "no"})
    )
    entries = history_of(tiny_inspection, first.id)
    assert len(entries) == before + 1
    assert (entries[0].field, entries[0].old_value, entries[0].new_value) == ("answer", "yes", "no")
    assert entries[0].related_id == IN_PERSON.id
    # A cleared answer is recorded too, and undo is saving the version from before.
    reviews.save_case_file(tiny_inspection, replace(changed, answers={DASH.id: "yes"}))
    assert reviews.get_case_file(tiny_inspection, first.id).answers == {DASH.id: "yes"}
    reviews.save_case_file(tiny_inspection, first)
    assert reviews.get_case_file(tiny_inspection, first.id).answers == first.answers


def test_a_second_review_of_the_same_case_reference_is_refused(tiny_inspection):
    install_sample(tiny_inspection)
    review(tiny_inspection, "HC/15/1", {DASH.id: "yes"})
    with pytest.raises(ValueError, match="reviewed under this checklist already"):
        review(tiny_inspection, "hc/15/1", {DASH.id: "no"})
    assert reviews.count_case_files(tiny_inspection, CaseFileQuery(CHECKLIST.id)) == 1


@pytest.mark.parametrize(
    "change, words",
    [
        ({"case_reference": " "}, "case reference"),
        ({"reviewer": "J S 1"}, "initials"),
        ({"answers": {DASH.id: "perhaps"}}, "item 1"),
        ({"answers": {"no-such-item": "yes"}}, "not in the checklist"),
        ({"answers": {DAYS.id: "3 days"}}, "item 4"),
        ({"checklist_id": "missing"}, "not in the inspection"),
    ],
)
def test_a_file_that_breaks_a_rule_is_refused_whole(tiny_inspection, change, words):
    install_sample(tiny_inspection)
    good = CaseFile(CHECKLIST.id, "HC/15/2", reviewer="JS", answers={DASH.id: "yes"})
    with pytest.raises(ValueError, match=words):
        reviews.save_case_file(tiny_inspection, replace(good, **change))
    assert reviews.count_case_files(tiny_inspection, CaseFileQuery(CHECKLIST.id)) == 0


def test_deleting_a_file_leaves_it_out_and_bringing_it_back_restores_its_answers(
    tiny_inspection,
):
    install_sample(tiny_inspection)
    saved = review(tiny_inspection, "HC/15/3", {DASH.id: "yes"})
    query = CaseFileQuery(CHECKLIST.id)
    reviews.delete_case_files(tiny_inspection, [saved.id])
    assert reviews.count_case_files(tiny_inspection, query) == 0
    assert reviews.checklist_results(tiny_inspection, query).of(DASH.id).base == 0
    reviews.delete_case_files(tiny_inspection, [saved.id], deleted=False)
    assert reviews.checklist_results(tiny_inspection, query).of(DASH.id).base == 1
    actions = [e.action for e in history_of(tiny_inspection, saved.id)]
    assert actions[:2] == ["restored", "deleted"]


def _sample_files(inspection):
    install_sample(inspection)
    review(
        inspection,
        "A1",
        {DASH.id: "yes", IN_PERSON.id: "yes", DAYS.id: "1"},
        reviewer="JS",
        crime_type="Assault",
        reviewed_on=date(2015, 9, 21),
    )
    review(
        inspection,
        "A2",
        {DASH.id: "yes", IN_PERSON.id: "no", DAYS.id: "3"},
        reviewer="KP",
        crime_type="Harassment",
        reviewed_on=date(2015, 9, 22),
    )
    review(
        inspection,
        "A3",
        {DASH.id: "yes", DAYS.id: "10", RISK.id: "High"},
        reviewer="KP",
        crime_type="Assault",
        reviewed_on=date(2015, 9, 23),
    )
    review(
        inspection,
        "A4",
        {DASH.id: "no", IN_PERSON.id: "yes", DAYS.id: "n/a"},
        reviewer="JS",
        crime_type="Assault",
        reviewed_on=date(2015, 9, 24),
    )
    review(
        inspection,
        "A5",
        {DASH.id: "n/a", RISK.id: "Standard"},
        reviewer="JS",
        crime_type="Criminal damage",
        reviewed_on=None,
    )


def test_results_count_each_answer_leave_na_out_and_respect_conditions(tiny_inspection):
    _sample_files(tiny_inspection)
    results = reviews.checklist_results(tiny_inspection, CaseFileQuery(CHECKLIST.id))
    assert results.files == 5
    dash = results.of(DASH.id)
    assert (dash.base, dash.not_applicable, dash.unanswered, dash.not_applied) == (4, 1, 0, 0)
    assert [(c.value, c.count) for c in dash.counts] == [("yes", 3), ("no", 1), ("partly", 0)]
    # In person applies only where the DASH was completed: A4's stray answer is not counted.
    person = results.of(IN_PERSON.id)
    assert (person.base, person.not_applied, person.unanswered) == (2, 2, 1)
    assert person.count_of("yes") == 1
    days = results.of(DAYS.id)
    assert (days.base, days.not_applicable, days.unanswered) == (3, 1, 1)
    assert days.numbers is not None
    assert (days.numbers.median, days.numbers.low, days.numbers.high) == (3.0, 1.0, 10.0)
    risk = results.of(RISK.id)
    assert [(c.value, c.count) for c in risk.counts] == [
        ("Standard", 1),
        ("Medium", 0),
        ("High", 1),
    ]


def test_results_and_lists_are_narrowed_by_crime_type_reviewer_and_dates(tiny_inspection):
    _sample_files(tiny_inspection)
    query = CaseFileQuery(CHECKLIST.id, crime_type="assault", reviewer="js")
    assert reviews.count_case_files(tiny_inspection, query) == 2
    assert reviews.checklist_results(tiny_inspection, query).of(DASH.id).count_of("yes") == 1
    dated = CaseFileQuery(
        CHECKLIST.id, reviewed_from=date(2015, 9, 22), reviewed_to=date(2015, 9, 23)
    )
    assert [r.case_reference for r in reviews.case_file_page(tiny_inspection, dated)] == [
        "A3",
        "A2",
    ]
    searched = CaseFileQuery(CHECKLIST.id, search="damage")
    assert [r.case_reference for r in reviews.case_file_page(tiny_inspection, searched)] == ["A5"]
    choices = reviews.case_file_filter_choices(tiny_inspection, CHECKLIST.id)
    assert choices.crime_types == ("Assault", "Criminal damage", "Harassment")
    assert choices.reviewers == ("JS", "KP")


def test_pages_come_in_list_order_with_each_files_progress(tiny_inspection):
    _sample_files(tiny_inspection)
    query = CaseFileQuery(CHECKLIST.id)
    first = reviews.case_file_page(tiny_inspection, query, 0, 2)
    rest = reviews.case_file_page(tiny_inspection, query, 2, 10)
    assert [r.case_reference for r in first + rest] == ["A4", "A3", "A2", "A1", "A5"]
    by_ref = {r.case_reference: r.progress for r in first + rest}
    # A1: DASH yes so all six items apply; three answered.
    assert (by_ref["A1"].answered, by_ref["A1"].applicable) == (3, 6)
    # A4: DASH no, so "in person" does not apply (its stray answer is not counted).
    assert (by_ref["A4"].answered, by_ref["A4"].applicable) == (2, 5)


def test_the_files_behind_an_answer_are_one_call_away(tiny_inspection):
    _sample_files(tiny_inspection)
    query = CaseFileQuery(CHECKLIST.id)

    def refs(item_id, value):
        return [
            r.case_reference
            for r in reviews.files_behind_answer(tiny_inspection, item_id, value, query)
        ]

    assert refs(DASH.id, "yes") == ["A3", "A2", "A1"]
    assert refs(DASH.id, "n/a") == ["A5"]
    assert refs(IN_PERSON.id, UNANSWERED) == ["A3"]
    assert refs(IN_PERSON.id, "yes") == ["A1"]
    assert refs(DAYS.id, ANY_ANSWER) == ["A3", "A2", "A1"]


def test_case_review_rows_are_healthy_for_check(tiny_inspection):
    _sample_files(tiny_inspection)
    report = check_inspection(tiny_inspection.path)
    assert report.healthy, report.problems


def test_a_checklists_history_names_items_added_changed_and_deleted(tiny_inspection):
    install_sample(tiny_inspection)
    reworded = replace(DASH, prompt="Was a DASH risk assessment done?")
    reviews.save_checklist(
        tiny_inspection, replace(CHECKLIST, items=(reworded, *CHECKLIST.items[1:-1]))
    )
    entries = history_of(tiny_inspection, CHECKLIST.id)
    changes = {(e.field, e.old_value, e.new_value) for e in entries if e.action == "changed"}
    assert ("item_prompt", DASH.prompt, reworded.prompt) in changes
    assert ("item", NOTE.prompt, None) in changes
    assert sum(1 for e in entries if e.action == "created") == 1
    reviews.delete_checklists(tiny_inspection, [CHECKLIST.id])
    assert reviews.list_checklists(tiny_inspection) == []
    assert history_of(tiny_inspection, CHECKLIST.id)[0].action == "deleted"
    reviews.delete_checklists(tiny_inspection, [CHECKLIST.id], deleted=False)
    assert [c.id for c in reviews.list_checklists(tiny_inspection)] == [CHECKLIST.id]


def test_the_history_export_withholds_the_notes_of_a_sensitive_file(tiny_inspection, tmp_path):
    from storage.operations import export_history, history_entries

    install_sample(tiny_inspection)
    hidden = review(
        tiny_inspection, "S1", {DASH.id: "yes"}, notes="Lives with suspect.", sensitive=True
    )
    plain = review(tiny_inspection, "S2", {DASH.id: "yes"})
    # Notes written after the file was first saved are changes the history records.
    hidden = reviews.save_case_file(tiny_inspection, replace(hidden, notes="Lives nearby."))
    reviews.save_case_file(tiny_inspection, replace(plain, notes="Nothing private."))
    path = tiny_inspection.path
    tiny_inspection.close()
    entries = list(history_entries(path))
    notes = {e.entity_id: e.new_value for e in entries if e.field == "notes"}
    assert notes[hidden.id] == "[withheld: sensitive evidence]"
    assert "Nothing private." in notes.values()
    shown = list(history_entries(path, include_sensitive=True))
    assert any(e.new_value == "Lives nearby." for e in shown)
    out = tmp_path / "history.csv"
    export_history(path, out)
    assert "Lives with suspect." not in out.read_text(encoding="utf-8-sig")
    assert "Lives nearby." not in out.read_text(encoding="utf-8-sig")


def test_check_names_damaged_review_rows_and_repair_cleans_them(tmp_path, tiny_inspection):
    import sqlite3

    from storage.file.inspection_file import InspectionFile
    from storage.health.repair import repair_into

    install_sample(tiny_inspection)
    damaged = review(tiny_inspection, "D1", {DASH.id: "yes", DAYS.id: "3"})
    kept = review(tiny_inspection, "D2", {DASH.id: "no"})
    path = tiny_inspection.path
    tiny_inspection.close()
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE case_answer SET value = '' WHERE case_file_id = ? AND item_id = ?",
        [damaged.id, DAYS.id],
    )
    conn.execute("UPDATE case_file SET reviewer = 'j1', sensitive = 7 WHERE id = ?", [damaged.id])
    conn.execute("UPDATE checklist_item SET answer_type = 'essay' WHERE id = ?", [NOTE.id])
    conn.commit()
    conn.close()
    report = check_inspection(path)
    assert f"case_answer {damaged.id}/{DAYS.id}" in " ".join(report.problems)
    assert len(report.problems) == 4
    repaired_path = tmp_path / "repaired.inspection"
    repair = repair_into(path, repaired_path)
    assert not repair.left and len(repair.repaired) == 4
    assert check_inspection(repaired_path).healthy
    with InspectionFile.open(repaired_path) as repaired:
        case = reviews.get_case_file(repaired, damaged.id)
        assert case.answers == {DASH.id: "yes"}  # the unreadable answer is gone, not guessed
        assert (case.reviewer, case.sensitive) == ("UNK", True)
        assert reviews.get_case_file(repaired, kept.id).answers == {DASH.id: "no"}
        note = reviews.get_checklist(repaired, CHECKLIST.id).item(NOTE.id)
        assert note.answer_type is AnswerType.TEXT


def test_an_items_type_or_choices_cannot_change_under_answers_it_would_not_take(
    tiny_inspection,
):
    install_sample(tiny_inspection)
    review(tiny_inspection, "T1", {RISK.id: "High", DASH.id: "partly"})
    fewer = replace(RISK, choices=("Standard", "Medium"))
    with pytest.raises(ValueError, match="Item 3 has been answered 'High'"):
        reviews.save_checklist(
            tiny_inspection, replace(CHECKLIST, items=(DASH, IN_PERSON, fewer, DAYS, SEEN, NOTE))
        )
    as_number = replace(DASH, answer_type=AnswerType.NUMBER)
    with pytest.raises(ValueError, match="Item 1 has been answered 'partly'"):
        reviews.save_checklist(tiny_inspection, replace(CHECKLIST, items=(as_number,)))
    assert reviews.get_checklist(tiny_inspection, CHECKLIST.id).item(RISK.id).choices == (
        "Standard",
        "Medium",
        "High",
    )
    # A choice added, or an item no file answered, may change freely.
    more = replace(RISK, choices=("Standard", "Medium", "High", "Very high"))
    saved = reviews.save_checklist(
        tiny_inspection, replace(CHECKLIST, items=(DASH, IN_PERSON, more, DAYS, SEEN, NOTE))
    )
    assert saved.item(RISK.id).choices[-1] == "Very high" and saved.version == 2
