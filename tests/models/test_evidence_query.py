"""The evidence query value and the search-box text → FTS5 expression rule."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.evidence.query import EvidenceQuery, EvidenceSort, fts_match_expression

ROWS = [
    ("Domestic abuse risk assessment by telephone", "Call handlers use DASH", "Eastleigh"),
    ("Neighbourhood policing teams", "PCSOs abstracted to response", "Southampton"),
    ("Child sexual exploitation", "Multi-agency safeguarding hub works well", "Portsmouth"),
    ("Café visit", "O'Brien's case file", "Isle of Wight"),
]


@pytest.fixture(scope="module")
def fts():
    """A real FTS5 table built like the inspection file's evidence index."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(summary, notes, location,"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)", ROWS)
    yield conn
    conn.close()


def search(conn, text) -> list[str]:
    expression = fts_match_expression(text)
    assert expression is not None
    return [
        r[0]
        for r in conn.execute("SELECT summary FROM t WHERE t MATCH ? ORDER BY rowid", [expression])
    ]


def test_query_defaults_mean_no_filter_sorted_by_ref():
    query = EvidenceQuery()
    assert query.question_code is None and query.author is None and query.text == ""
    assert not query.source_types and not query.assessments
    assert query.sort is EvidenceSort.REF and query.descending is False


def test_sort_columns_are_stable_values():
    assert {s.value for s in EvidenceSort} == {
        "ref",
        "collected_on",
        "source_type",
        "summary",
        "assessment",
        "questions",
        "author",
    }


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "!!!", "- ' -", '""', "*", "()", "^:"])
def test_text_without_words_gives_no_expression(text):
    assert fts_match_expression(text) is None


def test_every_word_is_quoted_and_the_last_is_a_prefix():
    assert fts_match_expression("domestic abuse") == '"domestic" "abuse"*'
    assert fts_match_expression("  risk ") == '"risk"*'


@pytest.mark.parametrize(
    "text",
    [
        "AND",
        "OR NOT",
        "NEAR(a b)",
        "summary:abuse",
        '"abuse',
        'abuse"',
        "*",
        "a*b",
        "^start",
        "{summary notes}: x",
        "a + b",
        "O'Brien's",
        "child-protection",
        "x OR",
        "(",
        ")",
    ],
)
def test_fts_operators_typed_by_a_user_are_plain_words(fts, text):
    expression = fts_match_expression(text)
    if expression is not None:
        fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", [expression]).fetchone()


def test_search_semantics_every_word_case_insensitive_prefix_on_last(fts):
    assert search(fts, "DOMESTIC") == [ROWS[0][0]]
    assert search(fts, "domestic telephone") == [ROWS[0][0]]
    assert search(fts, "domestic southampton") == []
    assert search(fts, "tele") == [ROWS[0][0]]  # prefix on the last word
    assert search(fts, "tele domestic") == []  # ... but only on the last word
    assert search(fts, "safeguard") == [ROWS[2][0]]  # notes column
    assert search(fts, "isle of") == [ROWS[3][0]]  # location column
    assert search(fts, "cafe") == [ROWS[3][0]]  # diacritics removed
    assert search(fts, "o'brien") == [ROWS[3][0]]
    assert search(fts, "multi-agency") == [ROWS[2][0]]


@settings(max_examples=400, derandomize=True)
@given(st.text())
def test_any_text_is_either_no_filter_or_a_valid_fts5_expression(fts, text):
    expression = fts_match_expression(text)
    if expression is None:
        assert not any(c.isalnum() for c in text)
        return
    fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", [expression]).fetchone()


@settings(max_examples=200, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("\"*()^:+-'{}[]., \tANDORNOTNEARab1é")), max_size=30))
def test_fts_syntax_characters_never_break_the_expression(fts, text):
    expression = fts_match_expression(text)
    if expression is not None:
        fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", [expression]).fetchone()


@settings(derandomize=True)
@given(
    st.text(
        alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1, max_size=12
    )
)
def test_a_single_plain_word_finds_itself(word):
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(
            "CREATE VIRTUAL TABLE t USING fts5(summary, tokenize='unicode61 remove_diacritics 2')"
        )
        conn.execute("INSERT INTO t VALUES (?)", [f"before {word} after"])
        expression = fts_match_expression(word)
        assert (
            conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", [expression]).fetchone()[0] == 1
        )
    finally:
        conn.close()
