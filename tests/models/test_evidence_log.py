"""Reading evidence logs without any file: header matching, lenient values, dates, rows.

Property-based tests check that the date parser reads back every accepted way
of writing a date, and that no text — header or cell — makes the parsers fail
in any way other than a plain ``ValueError`` with a message.
"""

from __future__ import annotations

import copy
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.evidence_logs.fields import (
    LogField,
    column_letter,
    field_for_header,
    field_from_name,
    find_header_row,
    initial_mapping,
    mapping_problems,
    match_headers,
    override_mapping,
)
from models.evidence_logs.rows import KEPT_PROBLEMS, parse_log, problem_lines, row_fingerprint
from models.evidence_logs.values import (
    parse_assessment,
    parse_author,
    parse_log_date,
    parse_log_ref,
    parse_question_codes,
    parse_sensitive,
    parse_source_type,
)
from models.framework import framework_from_dict
from models.records import Evidence
from models.vocabulary import Assessment, SourceType
from tests.conftest import TINY_FRAMEWORK

FRAMEWORK = framework_from_dict(TINY_FRAMEWORK, "tiny")
HEADERS = (
    "Ref",
    "Date",
    "Source type",
    "Location",
    "Participants",
    "Summary",
    "Notes",
    "Assessment",
    "Questions",
    "Author",
    "Sensitive",
)
F = LogField


# -- headers --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "header, expected",
    [
        ("Ref", F.REF),
        ("REFERENCE", F.REF),
        ("Evidence ref", F.REF),
        ("date", F.DATE),
        ("Date (dd/mm/yyyy)", F.DATE),
        ("Collected on", F.DATE),
        ("Source type", F.SOURCE_TYPE),
        ("SOURCE_TYPE", F.SOURCE_TYPE),
        ("source-type", F.SOURCE_TYPE),
        ("Sourcetype", F.SOURCE_TYPE),
        ("  Type ", F.SOURCE_TYPE),
        ("Source", F.SOURCE_TYPE),
        ("Location", F.LOCATION),
        ("Place", F.LOCATION),
        ("unit", F.LOCATION),
        ("Place / unit", F.LOCATION),
        ("Participants", F.PARTICIPANTS),
        ("Who", F.PARTICIPANTS),
        ("Summary", F.SUMMARY),
        ("Evidence summary", F.SUMMARY),
        ("Notes", F.NOTES),
        ("Comments", F.NOTES),
        ("Assessment", F.ASSESSMENT),
        ("+/-", F.ASSESSMENT),
        ("Pos/Neg", F.ASSESSMENT),
        ("Questions", F.QUESTIONS),
        ("Question codes", F.QUESTIONS),
        ("question_code", F.QUESTIONS),
        ("Author", F.AUTHOR),
        ("Inspector", F.AUTHOR),
        ("Initials", F.AUTHOR),
        ("Sensitive?", F.SENSITIVE),
        ("Sensitive (Y/N)", F.SENSITIVE),
    ],
)
def test_headers_are_matched_ignoring_case_spaces_and_punctuation(header, expected):
    assert field_for_header(header) is expected


@pytest.mark.parametrize("header", ["", None, "Week", "Row #", "Findings it supports", "   "])
def test_other_headers_name_no_field(header):
    assert field_for_header(header) is None


@given(st.one_of(st.none(), st.text(), st.integers(), st.floats(), st.dates()))
def test_any_header_is_matched_or_not_without_failing(header):
    assert field_for_header(header) in (None, *LogField)


@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=15))
def test_any_header_row_gives_a_consistent_match(cells):
    match = match_headers(cells)
    assert len(set(match.assigned.values())) == len(match.assigned)
    named = set(match.assigned) | set(match.unmatched) | set(match.clashes)
    assert named == {i for i, h in enumerate(match.headers) if h}
    assert set(initial_mapping(match)) == set(range(len(match.headers)))


def test_a_header_row_reports_unmatched_and_clashing_columns():
    match = match_headers(["Summary", "Week", "Type", "Notes", "Comments", None, "Codes", None])
    assert match.headers == ("Summary", "Week", "Type", "Notes", "Comments", "", "Codes")
    assert match.assigned == {0: F.SUMMARY, 2: F.SOURCE_TYPE, 3: F.NOTES, 6: F.QUESTIONS}
    assert match.unmatched == (1,) and match.clashes == (4,)
    mapping = initial_mapping(match)
    assert mapping[4] is F.NOTES and mapping[1] is None and mapping[5] is None
    problems = mapping_problems(mapping, match.headers, has_default_author=True)
    assert problems == ["Columns D (Notes) and E (Comments) both hold the notes; ignore one."]


def test_mapping_problems_name_what_is_missing():
    problems = mapping_problems({0: F.NOTES}, ("Notes",), has_default_author=False)
    assert [p.split(",")[0] for p in problems[:3]] == [
        "No column holds the summary",
        "No column holds the source type",
        "No column holds the questions",
    ]
    assert problems[-1] == "No column gives the author of the rows; give the initials to use."
    cli = mapping_problems({0: F.NOTES}, ("Notes",), has_default_author=False, command_line=True)
    assert "--map 'HEADER=summary'" in cli[0] and "--author" in cli[-1]
    full = {i: field_for_header(h) for i, h in enumerate(HEADERS)}
    assert mapping_problems(full, HEADERS, has_default_author=False) == []


def test_columns_are_chosen_by_header_or_letter():
    headers = ("Obs", "Type", "Q", "Week")
    mapping = initial_mapping(match_headers(headers))
    assert mapping == {0: None, 1: F.SOURCE_TYPE, 2: F.QUESTIONS, 3: None}
    chosen = override_mapping(mapping, headers, {"obs": F.SUMMARY, "d": F.NOTES})
    assert chosen == {0: F.SUMMARY, 1: F.SOURCE_TYPE, 2: F.QUESTIONS, 3: F.NOTES}
    with pytest.raises(ValueError, match="no column 'Place'"):
        override_mapping(mapping, headers, {"Place": F.LOCATION})
    assert field_from_name("source type") is F.SOURCE_TYPE and field_from_name("ignore") is None
    with pytest.raises(ValueError, match="not a field"):
        field_from_name("colour")


def test_the_header_row_may_sit_below_a_title():
    rows = [
        (None, None),
        ("Evidence log, Hampshire 2015", None),
        (),
        ("Summary", "Source", "Questions"),
        ("x", "FG", "1"),
    ]
    assert find_header_row(rows) == 3
    assert find_header_row([("Obs", "Kind"), ("x", "y")]) == 0  # no field named: first row
    assert find_header_row([(), (None, "  ")]) is None


@pytest.mark.parametrize(
    "index, letter", [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters(index, letter):
    assert column_letter(index) == letter


# -- values -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Focus group", SourceType.FOCUS_GROUP),
        ("focus-group", SourceType.FOCUS_GROUP),
        ("FOCUS_GROUP", SourceType.FOCUS_GROUP),
        ("focusgroup", SourceType.FOCUS_GROUP),
        ("Focus groups", SourceType.FOCUS_GROUP),
        ("FG", SourceType.FOCUS_GROUP),
        ("RT", SourceType.REALITY_TESTING),
        ("unannounced visit", SourceType.REALITY_TESTING),
        ("CFR", SourceType.CASE_FILE_REVIEW),
        ("Case file reviews", SourceType.CASE_FILE_REVIEW),
        ("DR", SourceType.DOCUMENT_REVIEW),
        ("doc", SourceType.DOCUMENT_REVIEW),
        ("data", SourceType.DATA_RETURN),
        ("Interviews", SourceType.INTERVIEW),
        ("int", SourceType.INTERVIEW),
        ("OBS", SourceType.OBSERVATION),
        ("public", SourceType.PUBLIC_SURVEY),
        ("Partner survey", SourceType.PARTNER_SURVEY),
        (" other ", SourceType.OTHER),
    ],
)
def test_source_types_are_read_leniently(text, expected):
    assert parse_source_type(text) is expected


@pytest.mark.parametrize("text", ["", None, "telepathy", "PS", "survey"])
def test_unknown_or_empty_source_types_are_refused(text):
    with pytest.raises(ValueError, match="source type"):
        parse_source_type(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("+", Assessment.POSITIVE),
        ("pos", Assessment.POSITIVE),
        ("Positive", Assessment.POSITIVE),
        ("▲ Positive", Assessment.POSITIVE),
        ("strength", Assessment.POSITIVE),
        ("-", Assessment.NEGATIVE),
        ("–", Assessment.NEGATIVE),
        ("NEG", Assessment.NEGATIVE),
        ("weakness", Assessment.NEGATIVE),
        ("=", Assessment.NEUTRAL),
        ("neutral", Assessment.NEUTRAL),
        ("", Assessment.NEUTRAL),
        (None, Assessment.NEUTRAL),
        (0, Assessment.NEUTRAL),
    ],
)
def test_assessments_are_read_leniently(text, expected):
    assert parse_assessment(text) is expected


@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none()))
def test_any_cell_is_a_vocabulary_value_or_a_plain_refusal(value):
    for parse in (
        parse_source_type,
        parse_assessment,
        parse_sensitive,
        parse_log_ref,
        parse_author,
    ):
        try:
            parse(value)
        except ValueError as e:
            assert str(e)


def test_sensitive_refs_and_authors():
    assert [
        parse_sensitive(v) for v in ("Yes", "y", "TRUE", True, 1, "x", "", None, "No", 0, False)
    ] == [True] * 6 + [False] * 5
    with pytest.raises(ValueError, match="not yes or no"):
        parse_sensitive("maybe")
    assert parse_log_ref(" js-42 ") == "JS-0042" and parse_log_ref("AB - 0007") == "AB-0007"
    assert parse_log_ref(None) == ""
    for bad in ("42", "JS0042", "ABCDE-1", "JS-"):
        with pytest.raises(ValueError, match="not a ref"):
            parse_log_ref(bad)
    assert parse_author(" js ") == "JS" and parse_author(None) == ""
    with pytest.raises(ValueError, match="initials"):
        parse_author("J.S. 2")


def test_question_codes_are_split_checked_and_put_in_framework_order():
    assert parse_question_codes("2.1; 1.1,1.2 , 1.1", FRAMEWORK) == ("1.1", "1.2", "2.1")
    assert parse_question_codes("h\n1", FRAMEWORK) == ("H", "1")
    assert parse_question_codes(2, FRAMEWORK) == ("2",)
    assert parse_question_codes(1.2, FRAMEWORK) == ("1.2",)  # a number cell in Excel
    with pytest.raises(ValueError, match="9.9 is not a question"):
        parse_question_codes("1.1; 9.9", FRAMEWORK)
    with pytest.raises(ValueError, match="no question codes"):
        parse_question_codes(" ;, ", FRAMEWORK)


def test_a_number_that_could_be_two_codes_is_refused():
    data = copy.deepcopy(TINY_FRAMEWORK)
    data["questions"][0]["children"][0]["children"].append({"code": "1.10", "title": "Ten?"})
    framework = framework_from_dict(data, "tens")
    with pytest.raises(ValueError, match="could be 1.1 or 1.10"):
        parse_question_codes(1.1, framework)
    assert parse_question_codes("1.10", framework) == ("1.10",)


# -- dates ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "2015-09-22",
        "22/09/2015",
        "22/9/15",
        "22-09-2015",
        "22.09.2015",
        "22 Sep 2015",
        "22 September 2015",
        "22-Sep-15",
        "22nd September 2015",
        "Tuesday 22 September 2015",
        "2015-09-22 00:00:00",
        "2015-09-22T10:30",
        "22/09/2015 10:30",
        " 22 sept 2015 ",
        datetime(2015, 9, 22, 0, 0),
        date(2015, 9, 22),
    ],
)
def test_dates_are_read_in_the_usual_ways(text):
    assert parse_log_date(text) == date(2015, 9, 22)


@pytest.mark.parametrize(
    "value, words",
    [
        ("31/02/2015", "not a real date"),
        ("09/22/2015", "day/month/year"),
        ("next Tuesday", "not a date"),
        ("22 Smarch 2015", "not a date"),
        (42269, "is a number"),
        (42269.5, "is a number"),
        ("1066-10-14", "not a plausible date"),
    ],
)
def test_bad_dates_are_refused_with_a_reason(value, words):
    with pytest.raises(ValueError, match=words):
        parse_log_date(value)


def test_empty_dates_are_allowed():
    assert parse_log_date(None) is None and parse_log_date("  ") is None


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FORMATS = [
    lambda d: d.isoformat(),
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year % 100:02d}",
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d.day}-{MONTHS[d.month - 1].upper()}-{d.year % 100:02d}",
    lambda d: d.strftime("%A %d %B %Y"),
    lambda d: datetime(d.year, d.month, d.day),
]


@given(
    st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31)),
    st.sampled_from(range(len(FORMATS))),
)
def test_every_accepted_way_of_writing_a_date_reads_back(day, which):
    assert parse_log_date(FORMATS[which](day)) == day


@given(
    st.one_of(
        st.text(),
        st.from_regex(r"\d{1,4}[/.\- ]\w{1,9}[/.\- ]\d{1,4}"),
        st.integers(),
        st.floats(),
        st.booleans(),
        st.none(),
    )
)
def test_any_cell_is_a_date_or_a_plain_refusal(value):
    try:
        result = parse_log_date(value)
    except ValueError as e:
        assert str(e)
    else:
        assert result is None or 1900 <= result.year <= 2100


# -- rows ---------------------------------------------------------------------------------
MAPPING = {i: field_for_header(h) for i, h in enumerate(HEADERS)}


def row(**cells) -> tuple:
    values = {"Source type": "FG", "Summary": "Officers know THRIVE", "Questions": "1.1"}
    values.update(
        {
            k.replace("_", " ").capitalize() if k != "source_type" else "Source type": v
            for k, v in cells.items()
        }
    )
    return tuple(values.get(h) for h in HEADERS)


def test_rows_become_evidence_as_stored():
    log = parse_log(
        [
            (
                2,
                row(
                    ref="js-7",
                    date="22/09/2015",
                    location=" Basingstoke ",
                    participants="PC; PCSO\nSergeant",
                    notes="Long\r\nnotes",
                    assessment="+",
                    questions="2.1, 1.1",
                    sensitive="yes",
                ),
            ),
            (3, ()),
            (4, row(author="ab")),
        ],
        HEADERS,
        MAPPING,
        FRAMEWORK,
        default_author="ZZ",
    )
    assert log.problems == [] and log.blank_rows == 1
    first, second = log.entries
    assert first.row == 2 and first.fingerprint is None and first.ref_column == "A (Ref)"
    assert first.evidence == Evidence(
        id=first.evidence.id,
        ref="JS-0007",
        source_type=SourceType.FOCUS_GROUP,
        collected_on=date(2015, 9, 22),
        location="Basingstoke",
        participants=("PC", "PCSO", "Sergeant"),
        summary="Officers know THRIVE",
        notes="Long\nnotes",
        assessment=Assessment.POSITIVE,
        sensitive=True,
        author="JS",
        question_codes=("1.1", "2.1"),
    )
    assert second.evidence.author == "AB" and second.evidence.ref == ""
    assert second.fingerprint and len(second.fingerprint) == 64


def test_every_problem_is_reported_with_its_row_and_column():
    log = parse_log(
        [
            (2, row(date="31/02/2015", source_type="telepathy", author="JS")),
            (3, row(summary="", questions="9.9", author="JS")),
            (4, row(ref="JS-0001")),
            (5, row(ref="js-1")),
            (6, row(ref="AB-0001", author="JS")),
            (7, row(author="")),
            (8, row(author="1234")),
        ],
        HEADERS,
        MAPPING,
        FRAMEWORK,
    )
    assert [str(p) for p in log.problems] == [
        "row 2, column C (Source type): 'telepathy' is not a source type (use one of: "
        "Interview, Focus group, Reality testing, Case file review, Document review, "
        "Data return, Public survey, Partner survey, Observation, Other; or FG, RT, CFR, DR, "
        "INT, OBS)",
        "row 2, column B (Date): '31/02/2015' is not a real date",
        "row 3, column F (Summary): the summary is empty",
        "row 3, column I (Questions): 9.9 is not a question of this inspection's framework",
        "row 5, column A (Ref): ref JS-0001 is also on row 4",
        "row 6, column A (Ref): ref AB-0001 does not start with the author's initials JS",
        "row 7, column J (Author): the author is empty; give the author's initials",
        "row 8, column J (Author): '1234' is not valid initials: use one to four letters, like JS",
    ]
    assert [e.row for e in log.entries] == [4]


def test_without_an_author_column_rows_need_a_ref_or_default_initials():
    headers = ("Summary", "Type", "Questions", "Ref")
    mapping = initial_mapping(match_headers(headers))
    rows = [(2, ("a", "FG", "1", "")), (3, ("b", "FG", "1", "CD-0003"))]
    log = parse_log(rows, headers, mapping, FRAMEWORK)
    assert [str(p) for p in log.problems] == [
        "row 2: no author: the row has no ref and no author column, and no initials were "
        "given for it"
    ]
    log = parse_log(rows, headers, mapping, FRAMEWORK, default_author="JS")
    assert [e.evidence.author for e in log.entries] == ["JS", "CD"]


def test_fingerprints_tell_identical_rows_apart_but_not_who_imports():
    rows = [(2, row()), (3, row()), (4, row(notes="other"))]
    once = parse_log(rows, HEADERS, MAPPING, FRAMEWORK, default_author="JS")
    again = parse_log(rows, HEADERS, MAPPING, FRAMEWORK, default_author="AB")
    prints = [e.fingerprint for e in once.entries]
    assert len(set(prints)) == 3
    assert prints == [e.fingerprint for e in again.entries]
    spaced = parse_log(
        [(9, row(summary="  Officers   know THRIVE "))],
        HEADERS,
        MAPPING,
        FRAMEWORK,
        default_author="JS",
    )
    assert spaced.entries[0].fingerprint == prints[0]
    e = once.entries[0].evidence
    assert row_fingerprint(e, "", 0) != row_fingerprint(e, "JS", 0)


def test_problems_beyond_the_kept_number_are_counted_and_shown_as_more():
    rows = [(n, row(questions="9.9")) for n in range(2, KEPT_PROBLEMS + 52)]
    log = parse_log(rows, HEADERS, MAPPING, FRAMEWORK, default_author="JS")
    assert len(log.problems) == KEPT_PROBLEMS and log.problem_count == KEPT_PROBLEMS + 50
    lines = problem_lines(log.problems, log.problem_count, limit=200)
    assert len(lines) == 201 and lines[-1] == f"… and {KEPT_PROBLEMS + 50 - 200} more"
    assert problem_lines(log.problems[:3], 3) == [str(p) for p in log.problems[:3]]


cells = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.sampled_from(["FG", "1.1", "+", "JS-0001", "y"]),
)


@settings(max_examples=200)
@given(st.lists(st.lists(cells, max_size=13), max_size=8), st.sampled_from(["", "JS"]))
def test_any_rows_are_entries_or_problems_never_a_crash(rows, default_author):
    log = parse_log(enumerate(rows, 2), HEADERS, MAPPING, FRAMEWORK, default_author)
    assert len(log.entries) + log.blank_rows <= len(rows)
    assert all(p.row >= 2 and p.message for p in log.problems)
    assert len({e.row for e in log.entries} & {p.row for p in log.problems}) == 0
