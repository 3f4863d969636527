"""Where the words of a search are found in an item, so a listed row can say why it is there.

The search itself runs in SQLite's full-text index (every word must occur in
the summary, notes or place; the last word may be the start of a word). This
reads the same words the same way — split at anything not a letter or digit,
compared without case or accents, the last word as a prefix — to mark the
matching words in the summary, or to name the field that matched when the
summary has none of them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: Characters of the field shown either side of a match found outside the summary.
CONTEXT = 30


def _plain(text: str) -> str:
    if text.isascii():  # most words: nothing to decompose, and casefold is lower
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_words(text: str) -> list[str]:
    """The words a search box's text is looked up by (as the index reads them)."""
    return [_plain(w) for w in _WORD.findall(text or "")]


@dataclass(frozen=True)
class SearchHit:
    """Spans of matching words in the summary, and the other field that matched."""

    summary_spans: tuple[tuple[int, int], ...] = ()
    field: str | None = None  # "location" or "notes" when the match is there
    excerpt: str = ""  # the matching part of that field, shortened


def word_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text`` that a search word finds."""
    if not words:
        return []
    last, whole = words[-1], set(words)
    spans = []
    for m in _WORD.finditer(text or ""):
        token = _plain(m.group())
        if token in whole or token.startswith(last):
            spans.append((m.start(), m.end()))
    return spans


def find_hit(words: list[str], summary: str, location: str, notes: str) -> SearchHit:
    """Where ``words`` were found: the summary's matching words, and when some word is
    not in the summary, the field (place, then notes) that holds it."""
    if not words:
        return SearchHit()
    spans = tuple(word_spans(summary, words))
    found = {_plain(summary[a:b]) for a, b in spans}
    missing = [
        w
        for i, w in enumerate(words)
        if not any(f == w or (i == len(words) - 1 and f.startswith(w)) for f in found)
    ]
    if not missing:
        return SearchHit(spans)
    for field, text in (("location", location), ("notes", notes)):
        other = word_spans(text, words)
        if other:
            start, end = other[0]
            begin = max(0, start - CONTEXT)
            stop = min(len(text), end + CONTEXT)
            excerpt = (
                ("…" if begin else "")
                + " ".join(text[begin:stop].split())
                + ("…" if stop < len(text) else "")
            )
            return SearchHit(spans, field, excerpt)
    return SearchHit(spans)
