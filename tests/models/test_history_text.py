"""How history entries read: enum labels, Yes/No, roles, shortened text, and wording
seen from an item or from the whole inspection."""

from __future__ import annotations

from datetime import date, timedelta, timezone

from models.history import (
    HistoryEntry,
    HistoryFilter,
    change_text,
    describe,
    readable,
    sentence,
    shorten,
)


def entry(**values) -> HistoryEntry:
    base = dict(
        id="h",
        changed_at="2026-03-02T09:00:00.000Z",
        actor="KP",
        reason="",
        entity="evidence",
        entity_id="e1",
        action="changed",
        subject="JS-0042",
    )
    return HistoryEntry(**{**base, **values})


def test_stored_values_read_as_the_app_shows_them():
    assert readable("source_type", "focus_group") == "Focus group"
    assert readable("assessment", "negative") == "Negative"
    assert readable("kind", "area_for_improvement") == "Area for improvement"
    assert readable("status", "reviewed") == "Reviewed"
    assert (readable("sensitive", 1), readable("sensitive", 0)) == ("Yes", "No")
    assert readable("participants", '["PC", "Sergeant"]') == "PC; Sergeant"
    assert readable("participants", "[]") == readable("notes", "") == "(empty)"
    assert readable("source_type", "from_a_newer_app") == "from_a_newer_app"


def test_long_text_is_one_shortened_line_and_whole_on_request():
    text = "word " * 40
    assert shorten("a\nb") == "a b"
    assert len(shorten(text)) == 80 and shorten(text).endswith("…")
    long = entry(field="notes", old_value=text, new_value="short")
    assert change_text(long).endswith("… → short")
    assert change_text(long, None) == f"{text} → short"


def test_wording_from_the_item_and_from_the_inspection():
    summary = entry(field="summary", old_value="Old", new_value="New")
    assert describe(summary, "e1") == "Changed summary"
    assert describe(summary) == "Changed summary of JS-0042"
    assert sentence(summary) == "KP changed summary of JS-0042: Old → New"
    link = entry(action="linked", field="question", new_value="2.3")
    assert describe(link, "e1") == "Linked to question 2.3"
    assert describe(link) == "Linked JS-0042 to question 2.3"
    grade = entry(
        entity="judgment",
        entity_id="j",
        subject=None,
        question_code="2",
        field="grade",
        old_value="Good",
        new_value="Requires improvement",
    )
    assert describe(grade) == "Changed grade of judgment for 2"
    assert change_text(grade) == "Good → Requires improvement"
    by_finding = entry(
        entity="finding",
        entity_id="f",
        subject="Calls wait",
        action="linked",
        question_code="1",
        field="evidence",
        new_value="JS-0042",
        related_id="e1",
    )
    assert describe(by_finding, "e1") == 'Linked to finding under 1 "Calls wait"'
    assert change_text(by_finding, viewpoint="e1") == ""


def test_days_are_whole_and_counted_in_the_filters_zone():
    utc = HistoryFilter(since=date(2026, 3, 2), until=date(2026, 3, 2))
    assert utc.time_bounds() == ("2026-03-02T00:00:00.000Z", "2026-03-03T00:00:00.000Z")
    summer = HistoryFilter(since=date(2026, 7, 1), zone=timezone(timedelta(hours=1)))
    assert summer.time_bounds() == ("2026-06-30T23:00:00.000Z", None)
    assert HistoryFilter().time_bounds() == (None, None)
