"""Marking why a row matched a search: words in the summary, or the field that holds them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from models.evidence.search_hits import find_hit, search_words, word_spans


def test_words_are_read_as_the_index_reads_them():
    assert search_words("Domestic-ABUSE  café") == ["domestic", "abuse", "cafe"]
    assert search_words("  ") == []


def test_summary_words_are_marked_with_the_last_word_as_a_prefix():
    summary = "Domestic abuse referrals reviewed"
    hit = find_hit(search_words("domestic ref"), summary, "", "")
    assert [summary[a:b] for a, b in hit.summary_spans] == ["Domestic", "referrals"]
    assert hit.field is None


def test_a_match_on_the_place_is_named_with_its_text():
    hit = find_hit(search_words("southampton"), "Front counter visit", "Southampton Central", "")
    assert hit.summary_spans == () and hit.field == "location"
    assert hit.excerpt == "Southampton Central"


def test_a_match_in_long_notes_shows_a_short_excerpt():
    notes = "x" * 100 + " the MASH triage was quick " + "y" * 100
    hit = find_hit(search_words("mash"), "Visit", "", notes)
    assert hit.field == "notes" and "MASH" in hit.excerpt
    assert hit.excerpt.startswith("…") and hit.excerpt.endswith("…")
    assert len(hit.excerpt) < 80


@given(st.text(min_size=1, max_size=40), st.text(max_size=60))
def test_spans_are_inside_the_text_and_cover_whole_words(query, text):
    for start, end in word_spans(text, search_words(query)):
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]


@given(st.text())
def test_words_are_read_alike_whatever_their_letters(text):
    # Plain ASCII takes a short cut; it must read every word as the full folding does.
    import unicodedata

    from models.evidence.search_hits import _plain

    folded = "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )
    assert _plain(text) == folded
