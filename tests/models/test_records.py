"""Records and their small rules: refs, author initials, participants, timestamps."""

from __future__ import annotations

import dataclasses
import re
import uuid
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.records import (
    Evidence,
    EvidenceCounts,
    Finding,
    Judgment,
    format_ref,
    new_id,
    normalise_initials,
    parse_participants,
    parse_ref,
    utc_now,
)
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType

initials = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=4)


# -- refs ------------------------------------------------------------------
@pytest.mark.parametrize(
    "initials_, number, ref",
    [
        ("JS", 1, "JS-0001"),
        ("JS", 42, "JS-0042"),
        ("A", 9999, "A-9999"),
        ("ABCD", 10000, "ABCD-10000"),
        ("JS", 0, "JS-0000"),
    ],
)
def test_format_ref_pads_to_four_digits(initials_, number, ref):
    assert format_ref(initials_, number) == ref
    assert parse_ref(ref) == (initials_, number)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "JS",
        "JS-",
        "JS-001",
        "js-0001",
        "JS0001",
        "JS_0001",
        "ABCDE-0001",
        "-0001",
        "JS-0001 ",
        " JS-0001",
        "JS-00a1",
        "JS--0001",
        "J S-0001",
        None,
    ],
)
def test_parse_ref_rejects_what_is_not_a_ref(text):
    assert parse_ref(text) is None


@pytest.mark.parametrize("text", ["JS-0001\n", "JS-\u0660\u0660\u0660\u0661"])
def test_parse_ref_rejects_trailing_newline_and_non_ascii_digits(text):
    assert parse_ref(text) is None


@settings(derandomize=True)
@given(initials, st.integers(min_value=0, max_value=10**9))
def test_format_then_parse_ref_round_trips(who, number):
    ref = format_ref(who, number)
    assert re.fullmatch(r"[A-Z]{1,4}-\d{4,}", ref)
    assert parse_ref(ref) == (who, number)


@settings(derandomize=True)
@given(initials, st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9999))
def test_refs_of_one_author_below_10000_sort_by_number(who, a, b):
    assert (format_ref(who, a) < format_ref(who, b)) == (a < b)


# -- initials --------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("JS", "JS"),
        ("js", "JS"),
        (" j s ", "JS"),
        ("a", "A"),
        ("abcd", "ABCD"),
        ("J\tS\n", "JS"),
    ],
)
def test_normalise_initials_upper_cases_and_drops_spaces(text, expected):
    assert normalise_initials(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "ABCDE", "J.S.", "J-S", "J1", "ÉL", "JS\u00e9", "42"])
def test_normalise_initials_rejects_invalid_initials(text):
    with pytest.raises(ValueError, match="initials"):
        normalise_initials(text)


@settings(derandomize=True)
@given(st.text(max_size=8))
def test_normalise_initials_either_gives_one_to_four_capitals_or_raises(text):
    try:
        result = normalise_initials(text)
    except ValueError:
        return
    assert re.fullmatch(r"[A-Z]{1,4}", result)
    assert normalise_initials(result) == result


# -- participants ----------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("", ()),
        (None, ()),
        ("  ;\n ; ", ()),
        ("Chief constable", ("Chief constable",)),
        ("Chief constable; Deputy chief constable", ("Chief constable", "Deputy chief constable")),
        (
            "PC (response)\n  Sergeant, custody  \n\nInspector;",
            ("PC (response)", "Sergeant, custody", "Inspector"),
        ),
        (
            "Detective sergeant\r\nDetective constable",
            ("Detective sergeant", "Detective constable"),
        ),
    ],
)
def test_parse_participants_splits_on_semicolons_and_new_lines(text, expected):
    assert parse_participants(text) == expected


@settings(derandomize=True)
@given(st.text())
def test_parse_participants_gives_clean_roles_and_round_trips_through_the_text_form(text):
    roles = parse_participants(text)
    for role in roles:
        assert role and role == role.strip()
        assert ";" not in role and "\n" not in role
    shown = Evidence(participants=roles).participants_text
    assert parse_participants(shown) == roles


# -- records ---------------------------------------------------------------
def test_new_ids_are_unique_uuids():
    ids = {new_id() for _ in range(200)}
    assert len(ids) == 200
    for value in ids:
        assert str(uuid.UUID(value)) == value


def test_utc_now_is_iso_8601_utc_with_milliseconds():
    stamp = utc_now()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", stamp)
    parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    assert parsed.utcoffset().total_seconds() == 0


def test_record_defaults_are_an_empty_live_item():
    evidence = Evidence()
    assert evidence.id and evidence.deleted_at is None
    assert evidence.source_type is SourceType.INTERVIEW
    assert evidence.assessment is Assessment.NEUTRAL
    assert evidence.question_codes == () and evidence.participants == ()
    assert Evidence().id != evidence.id
    assert Finding().kind is FindingKind.STRENGTH
    judgment = Judgment(question_code=None)
    assert judgment.grade is None and judgment.status is JudgmentStatus.DRAFT


def test_records_are_immutable_and_edited_by_replace():
    evidence = Evidence(summary="Before", author="JS")
    with pytest.raises(dataclasses.FrozenInstanceError):
        evidence.summary = "After"  # type: ignore[misc]
    edited = dataclasses.replace(evidence, summary="After")
    assert edited.summary == "After" and evidence.summary == "Before"
    assert edited.id == evidence.id and edited != evidence


def test_participants_text_joins_roles_with_semicolons():
    assert Evidence(participants=("DCI", "Sergeant")).participants_text == "DCI; Sergeant"
    assert Evidence().participants_text == ""


def test_evidence_counts_total():
    assert EvidenceCounts().total == 0
    assert EvidenceCounts(positive=3, negative=2, neutral=1).total == 6
