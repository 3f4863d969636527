"""The inspection vocabulary: stored values, labels and parsing what people type."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType

ALL_ENUMS = (SourceType, Assessment, FindingKind, JudgmentStatus)


def test_source_types_are_the_ten_of_the_design():
    assert [s.value for s in SourceType] == [
        "interview",
        "focus_group",
        "reality_testing",
        "case_file_review",
        "document_review",
        "data_return",
        "public_survey",
        "partner_survey",
        "observation",
        "other",
    ]
    assert SourceType.REALITY_TESTING.label == "Reality testing"


def test_finding_kinds_are_in_report_order_and_only_a_cause_of_concern_needs_a_recommendation():
    assert list(FindingKind) == [
        FindingKind.CAUSE_OF_CONCERN,
        FindingKind.AREA_FOR_IMPROVEMENT,
        FindingKind.STRENGTH,
        FindingKind.NOTABLE_PRACTICE,
    ]
    assert [k for k in FindingKind if k.needs_recommendation] == [FindingKind.CAUSE_OF_CONCERN]


@pytest.mark.parametrize("enum", ALL_ENUMS)
def test_members_are_their_stored_value_and_have_a_capitalised_label(enum):
    labels = [m.label for m in enum]
    assert len(set(labels)) == len(labels)
    for member in enum:
        assert member == member.value  # str enum: compares equal to what is stored
        assert enum(member.value) is member
        assert member.label and member.label[0].isupper()
        assert member.label.lower() == member.value.replace("_", " ")


@pytest.mark.parametrize("enum", ALL_ENUMS)
def test_from_text_accepts_value_and_label_of_every_member(enum):
    assert list(enum)
    for member in enum:
        assert enum.from_text(member.value) is member
        assert enum.from_text(member.label) is member
        assert enum.from_text(member.label.upper()) is member
        assert enum.from_text(member.value.upper()) is member


@pytest.mark.parametrize(
    "text, expected",
    [
        ("  Focus   GROUP ", SourceType.FOCUS_GROUP),
        ("focus-group", SourceType.FOCUS_GROUP),
        ("FOCUS_GROUP", SourceType.FOCUS_GROUP),
        ("case\tfile\nreview", SourceType.CASE_FILE_REVIEW),
        ("Case_File-Review", SourceType.CASE_FILE_REVIEW),
        ("\u00a0reality testing\u00a0", SourceType.REALITY_TESTING),
        ("area for   improvement", FindingKind.AREA_FOR_IMPROVEMENT),
        (" NEGATIVE", Assessment.NEGATIVE),
        ("Reviewed\n", JudgmentStatus.REVIEWED),
    ],
)
def test_from_text_ignores_case_spacing_hyphens_and_underscores(text, expected):
    assert type(expected).from_text(text) is expected


@pytest.mark.parametrize(
    "enum, text",
    [
        (SourceType, ""),
        (SourceType, "   "),
        (SourceType, "focusgroup"),
        (SourceType, "phone call"),
        (Assessment, "good"),
        (Assessment, "+"),
        (FindingKind, "afi"),
        (JudgmentStatus, "final"),
        (SourceType, None),
        (Assessment, 1),
    ],
)
def test_from_text_rejects_unknown_text_listing_the_choices(enum, text):
    with pytest.raises(ValueError) as info:
        enum.from_text(text)
    message = str(info.value)
    assert repr(str(text)) in message or f"'{text}'" in message
    for member in enum:
        assert member.label in message


@settings(derandomize=True)
@given(
    st.sampled_from([m for e in ALL_ENUMS for m in e]),
    st.lists(st.sampled_from([" ", "\t", "\n", "  "]), min_size=2, max_size=2),
    st.booleans(),
)
def test_from_text_round_trips_labels_with_any_surrounding_whitespace(member, pads, upper):
    label = member.label.upper() if upper else member.label
    assert type(member).from_text(pads[0] + label + pads[1]) is member


@pytest.mark.parametrize("member", [SourceType.FOCUS_GROUP, FindingKind.CAUSE_OF_CONCERN])
def test_from_text_accepts_a_member_unchanged(member):
    assert type(member).from_text(member) is member


@pytest.mark.parametrize(
    "enum, noun",
    [(SourceType, "source type"), (FindingKind, "finding kind"), (JudgmentStatus, "status")],
)
def test_from_text_error_names_the_vocabulary_in_words_a_user_knows(enum, noun):
    with pytest.raises(ValueError, match=noun):
        enum.from_text("nonsense")


def test_finding_kinds_are_counted_in_plain_english():
    from models.vocabulary import FindingKind

    assert FindingKind.AREA_FOR_IMPROVEMENT.counted(3) == "3 areas for improvement"
    assert FindingKind.AREA_FOR_IMPROVEMENT.counted(1) == "1 area for improvement"
    assert FindingKind.CAUSE_OF_CONCERN.counted(2) == "2 causes of concern"
    assert FindingKind.STRENGTH.counted(4) == "4 strengths"
    assert FindingKind.NOTABLE_PRACTICE.counted(2) == "2 notable practices"
