"""Logs of reviewed case files imported under a checklist: the template's log sheet
filled in Excel and imported, a CSV log, a re-import that skips what is there, and bad
logs refused whole with the inspection byte for byte as it was."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from models.case_reviews.answers import AnswerError
from models.case_reviews.query import CaseFileQuery
from storage.operations import case_reviews as reviews
from tests.case_review_helpers import CHECKLIST, DASH, DAYS, IN_PERSON, RISK, SEEN, install_sample
from tests.storage.merge_helpers import file_state


def _filled_template(tmp_path, rows):
    """The checklist's workbook with ``rows`` typed into its case reviews sheet."""
    out = tmp_path / "reviews.xlsx"
    reviews.write_checklist_template(out, CHECKLIST)
    book = load_workbook(out)
    sheet = book["case reviews"]
    for row in rows:
        sheet.append(list(row))
    book.save(out)
    return out


ROWS = [
    (
        "44150000001",
        "Assault",
        "21/09/2015",
        "JS",
        "",
        "no",
        "Yes",
        "No",
        "Standard",
        "2",
        "22/09/2015",
        "Referred",
    ),
    (
        "44150000002",
        "Harassment",
        "22/09/2015",
        "kp",
        "Victim named in notes",
        "yes",
        "yes",
        "yes",
        "high",
        "n/a",
        "",
        "",
    ),
    ("44150000003", "Assault", "", "", "", "", "no", "", "", "14", "", ""),
]


def test_the_templates_log_sheet_is_headed_by_the_fields_and_numbered_items(tmp_path):
    out = tmp_path / "reviews.xlsx"
    reviews.write_checklist_template(out, CHECKLIST)
    header = [c.value for c in load_workbook(out)["case reviews"][1]]
    assert header[:6] == [
        "case reference",
        "crime type",
        "date reviewed",
        "reviewer",
        "notes",
        "sensitive",
    ]
    assert header[6:] == [f"{n}. {i.prompt}" for n, i in enumerate(CHECKLIST.items, 1)]


def test_a_filled_log_is_imported_and_a_second_import_skips_what_is_there(
    tmp_path, tiny_inspection
):
    install_sample(tiny_inspection)
    log = _filled_template(tmp_path, ROWS)
    imported = reviews.import_case_reviews(
        tiny_inspection, log, CHECKLIST.id, default_reviewer="AB"
    )
    assert imported.added == ("44150000001", "44150000002", "44150000003")
    assert imported.skipped == () and imported.backup is not None and imported.backup.exists()
    second = reviews.find_case_file(tiny_inspection, CHECKLIST.id, "44150000002")
    case = reviews.get_case_file(tiny_inspection, second)
    assert (case.reviewer, case.sensitive, case.crime_type) == ("KP", True, "Harassment")
    assert case.answers == {DASH.id: "yes", IN_PERSON.id: "yes", RISK.id: "High", DAYS.id: "n/a"}
    third = reviews.get_case_file(
        tiny_inspection, reviews.find_case_file(tiny_inspection, CHECKLIST.id, "44150000003")
    )
    assert (third.reviewer, third.reviewed_on) == ("AB", None)
    first = reviews.get_case_file(
        tiny_inspection, reviews.find_case_file(tiny_inspection, CHECKLIST.id, "44150000001")
    )
    assert first.reviewed_on == date(2015, 9, 21) and first.answers[SEEN.id] == "2015-09-22"
    results = reviews.checklist_results(tiny_inspection, CaseFileQuery(CHECKLIST.id))
    assert results.of(DASH.id).count_of("yes") == 2
    grown = _filled_template(tmp_path, [*ROWS, ("44150000004", "", "", "JS", "", "", "yes")])
    again = reviews.import_case_reviews(tiny_inspection, grown, CHECKLIST.id)
    assert again.added == ("44150000004",) and len(again.skipped) == 3
    nothing = reviews.import_case_reviews(tiny_inspection, grown, CHECKLIST.id)
    assert nothing.added == () and nothing.backup is None


def test_a_csv_log_headed_by_questions_is_imported(tmp_path, tiny_inspection):
    install_sample(tiny_inspection)
    path = tmp_path / "log.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["Case reference", "Reviewer", DASH.prompt, "Q4"])
        writer.writerow(["HC/15/1", "JS", "partly", "3"])
    imported = reviews.import_case_reviews(tiny_inspection, path, CHECKLIST.id)
    case = reviews.get_case_file(
        tiny_inspection, reviews.find_case_file(tiny_inspection, CHECKLIST.id, "hc/15/1")
    )
    assert imported.added == ("HC/15/1",)
    assert case.answers == {DASH.id: "partly", DAYS.id: "3"}


def test_a_bad_log_is_refused_whole_naming_each_problem_by_row_and_column(
    tmp_path, tiny_inspection
):
    install_sample(tiny_inspection)
    log = _filled_template(
        tmp_path,
        [
            ROWS[0],
            ("", "Assault", "", "JS", "", "", "yes"),
            ("44150000001", "", "", "JS", "", "", "yes"),
            ("44150000009", "", "31/02/2015", "J2", "", "maybe", "perhaps", "", "Low", "few"),
        ],
    )
    tiny_inspection.close()
    before, log_before = file_state(tiny_inspection.path), log.read_bytes()
    from storage.file.inspection_file import InspectionFile

    with InspectionFile.open(tiny_inspection.path) as inspection:
        with pytest.raises(reviews.CaseReviewLogProblems) as refused:
            reviews.import_case_reviews(inspection, log, CHECKLIST.id)
    lines = refused.value.lines()
    assert "row 3, column A: the case reference is empty" in lines
    assert "row 4, column A: 44150000001 is reviewed again (also row 2)" in lines
    assert any(line.startswith("row 5, column C: '31/02/2015' is not") for line in lines)
    assert any(line.startswith("row 5, column D: 'J2' is not initials") for line in lines)
    assert "row 5, column F: 'maybe' is not yes or no" in lines
    assert "row 5, column G: item 1: Answer yes, no, partly or n/a." in lines
    assert any(line.startswith("row 5, column I: item 3: Answer one of") for line in lines)
    assert "row 5, column J: item 4: Give a number, like 3 or 2.5, or n/a." in lines
    assert refused.value.total == 8
    assert file_state(tiny_inspection.path) == before
    assert log.read_bytes() == log_before


@pytest.mark.parametrize(
    "content, words",
    [
        (b"\xd0\xcf\x11\xe0old", "old-style \\(.xls\\)"),
        (b"PK\x03\x04broken", "cannot be read as an Excel workbook"),
        (b"", "is empty"),
    ],
)
def test_a_file_that_is_no_log_is_refused_in_plain_words(tmp_path, tiny_inspection, content, words):
    install_sample(tiny_inspection)
    path = tmp_path / "odd.xlsx"
    path.write_bytes(content)
    if not content:
        path = path.with_suffix(".csv")
        path.write_bytes(content)
    with pytest.raises(reviews.CaseReviewLogError, match=words):
        reviews.import_case_reviews(tiny_inspection, path, CHECKLIST.id)
    assert reviews.count_case_files(tiny_inspection, CaseFileQuery(CHECKLIST.id)) == 0


cells = st.one_of(
    st.sampled_from(["yes", "No", "partly", "n/a", "3", "2.5", "-1", "High", "22/9/2015", ""]),
    st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=12),
)
_shared: dict[str, object] = {}


@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=4))
def test_any_typed_answers_are_imported_as_the_form_reads_them_or_refused_whole(
    tmp_path_factory, generated
):
    """Every cell is either imported exactly as the form would store what was typed, or
    the whole log is refused and the inspection left as it was."""
    from models.framework import framework_from_dict
    from storage.file.inspection_file import InspectionFile
    from tests.conftest import TINY_FRAMEWORK

    if "inspection" not in _shared:  # one file for every example: each adds its own files
        folder = tmp_path_factory.mktemp("logs")
        framework = framework_from_dict(TINY_FRAMEWORK, "tiny")
        _shared["folder"] = folder
        _shared["inspection"] = InspectionFile.create(folder / "t.inspection", framework, force="T")
        install_sample(_shared["inspection"])
    inspection, folder = _shared["inspection"], _shared["folder"]
    _shared["round"] = prefix = int(_shared.get("round", 0)) + 1
    path = folder / f"log{prefix}.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["case reference", "reviewer", "1", "3", "4"])
        for n, row in enumerate(generated):
            writer.writerow([f"R{prefix}-{n}", "JS", *row])
    items = (DASH, RISK, DAYS)
    try:
        expected = [
            {i.id: v for i, typed in zip(items, row) if (v := i.read(typed)) is not None}
            for row in generated
        ]
    except AnswerError:
        expected = None
    before = reviews.count_case_files(inspection, CaseFileQuery(CHECKLIST.id))
    if expected is None:
        with pytest.raises(reviews.CaseReviewLogProblems):
            reviews.import_case_reviews(inspection, path, CHECKLIST.id)
        assert reviews.count_case_files(inspection, CaseFileQuery(CHECKLIST.id)) == before
        return
    reviews.import_case_reviews(inspection, path, CHECKLIST.id)
    for n, answers in enumerate(expected):
        found = reviews.find_case_file(inspection, CHECKLIST.id, f"R{prefix}-{n}")
        assert reviews.get_case_file(inspection, found).answers == answers


@pytest.fixture(autouse=True, scope="module")
def _close_shared():
    yield
    if "inspection" in _shared:
        _shared.pop("inspection").close()  # type: ignore[attr-defined]
