"""The results counted in SQL agree with a plain recomputation in Python, over random
answers to a checklist with conditions, for every filter."""

from __future__ import annotations

import statistics
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.case_reviews.answers import NOT_APPLICABLE, AnswerType, answer_values
from models.case_reviews.case_file import CaseFile
from models.case_reviews.checklist import Checklist, ChecklistItem, Condition, applies
from models.case_reviews.query import CaseFileQuery
from storage.file.inspection_file import InspectionFile
from storage.operations import case_reviews as reviews

FIRST = ChecklistItem("Was a DASH risk assessment completed?")
SECOND = ChecklistItem("In person?", condition=Condition(FIRST.id, "yes"))
THIRD = ChecklistItem(
    "Method", AnswerType.CHOICE, ("Phone", "Visit", "Letter"), condition=Condition(SECOND.id, "no")
)
DAYS = ChecklistItem("Days to contact", AnswerType.NUMBER)
CHOSEN = ChecklistItem("Risk", AnswerType.CHOICE, ("Standard", "Medium", "High"))
CHECKLIST = Checklist("Random", question_codes=("1.1",), items=(FIRST, SECOND, THIRD, DAYS, CHOSEN))
ITEMS = {i.id: i for i in CHECKLIST.items}


def _value(item: ChecklistItem):
    offered = list(answer_values(item.answer_type, item.choices))
    if item.answer_type is AnswerType.NUMBER:
        return st.one_of(st.none(), st.just(NOT_APPLICABLE), st.integers(0, 30).map(str))
    return st.one_of(st.none(), st.sampled_from([*offered, NOT_APPLICABLE]))


files = st.lists(
    st.tuples(
        st.fixed_dictionaries({i.id: _value(i) for i in CHECKLIST.items}),
        st.sampled_from(["Assault", "Harassment"]),
        st.sampled_from(["JS", "KP"]),
        st.integers(1, 5),
        st.booleans(),
    ),
    max_size=25,
)
queries = st.builds(
    lambda crime, reviewer, start: CaseFileQuery(
        CHECKLIST.id,
        crime_type=crime,
        reviewer=reviewer,
        reviewed_from=None if start is None else date(2015, 9, start),
    ),
    st.sampled_from([None, "Assault", "harassment"]),
    st.sampled_from([None, "JS"]),
    st.sampled_from([None, 3]),
)


def _recount(kept: list[tuple[dict, str, str, int]], item: ChecklistItem, query: CaseFileQuery):
    chosen = [
        answers
        for answers, crime, reviewer, day in kept
        if (query.crime_type is None or crime.lower() == query.crime_type.lower())
        and (query.reviewer is None or reviewer == query.reviewer)
        and (query.reviewed_from is None or date(2015, 9, day) >= query.reviewed_from)
    ]
    applied = [a for a in chosen if applies(item, a, ITEMS)]
    given_ = [a[item.id] for a in applied if item.id in a]
    counted = [v for v in given_ if v != NOT_APPLICABLE]
    return len(chosen), len(applied), len(given_), counted


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files, queries)
def test_sql_counts_match_a_plain_recount(tiny_framework, generated, query):
    with tempfile.TemporaryDirectory() as tmp:
        inspection = InspectionFile.create(Path(tmp) / "r.inspection", tiny_framework, force="T")
        try:
            inspection.actor = "JS"
            reviews.save_checklist(inspection, CHECKLIST)
            kept = []
            saved = []
            for n, (answers, crime, reviewer, day, deleted) in enumerate(generated):
                answers = {k: v for k, v in answers.items() if v is not None}
                case = reviews.save_case_file(
                    inspection,
                    CaseFile(
                        CHECKLIST.id,
                        f"REF{n}",
                        crime_type=crime,
                        reviewer=reviewer,
                        reviewed_on=date(2015, 9, day),
                        answers=answers,
                    ),
                )
                saved.append(case.id)
                if deleted:
                    reviews.delete_case_files(inspection, [case.id])
                else:
                    kept.append((answers, crime, reviewer, day))
            results = reviews.checklist_results(inspection, query)
            for item in CHECKLIST.items:
                files, applied, given_, counted = _recount(kept, item, query)
                result = results.of(item.id)
                assert result.files == files
                assert result.not_applied == files - applied
                assert result.unanswered == applied - given_
                assert result.not_applicable == given_ - len(counted)
                assert result.base == len(counted)
                for value in answer_values(item.answer_type, item.choices):
                    assert result.count_of(value) == counted.count(value)
                    behind = reviews.files_behind_answer(inspection, item.id, value, query)
                    assert len(behind) == counted.count(value)
                if item.answer_type is AnswerType.NUMBER:
                    numbers = [float(v) for v in counted]
                    if numbers:
                        assert result.numbers is not None
                        assert result.numbers.median == statistics.median(numbers)
                        assert (result.numbers.low, result.numbers.high) == (
                            min(numbers),
                            max(numbers),
                        )
                    else:
                        assert result.numbers is None
            assert reviews.count_case_files(inspection, query) == results.files
        finally:
            inspection.close()


def test_the_kept_counts_follow_every_write_and_check_notices_them_tampered(tiny_inspection):
    import sqlite3

    from storage.health.check import check_inspection

    tiny_inspection.actor = "JS"
    reviews.save_checklist(tiny_inspection, CHECKLIST)
    first = reviews.save_case_file(
        tiny_inspection, CaseFile(CHECKLIST.id, "K1", reviewer="JS", answers={FIRST.id: "yes"})
    )
    reviews.save_case_file(
        tiny_inspection, CaseFile(CHECKLIST.id, "K2", reviewer="JS", answers={FIRST.id: "yes"})
    )
    query = CaseFileQuery(CHECKLIST.id)

    def yes() -> int:
        return reviews.checklist_results(tiny_inspection, query).of(FIRST.id).count_of("yes")

    assert yes() == 2
    reviews.save_case_file(tiny_inspection, replace_answers(first, {FIRST.id: "no"}))
    assert yes() == 1
    reviews.delete_case_files(tiny_inspection, [first.id])
    assert yes() == 1 and reviews.checklist_results(tiny_inspection, query).files == 1
    reviews.delete_case_files(tiny_inspection, [first.id], deleted=False)
    assert reviews.checklist_results(tiny_inspection, query).of(FIRST.id).count_of("no") == 1
    path = tiny_inspection.path
    assert check_inspection(path).healthy
    tiny_inspection.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE case_answer_count SET files = 9")
    conn.commit()
    conn.close()
    report = check_inspection(path)
    assert any(p.startswith("Case-file review counts: 4 entries disagree") for p in report.problems)


def replace_answers(case: CaseFile, answers: dict[str, str]) -> CaseFile:
    from dataclasses import replace

    return replace(case, answers=answers)
