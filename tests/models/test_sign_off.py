"""The sign-off rules over any sequence of saves by anyone: the invariants a reader of the
file relies on hold after every step."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from models.records import Judgment
from models.sign_off import SignOffRefused, review_refusal, sign_judgment, unnamed_refusal
from models.vocabulary import JudgmentStatus

ACTORS = st.sampled_from(["", "AB", "CD", "not initials"])
SAVES = st.lists(
    st.tuples(
        ACTORS,
        st.sampled_from([None, "Good", "Poor"]),
        st.sampled_from(["", "Sound.", "Slow."]),
        st.sampled_from(list(JudgmentStatus)),
    ),
    min_size=1,
    max_size=12,
)


@given(SAVES, st.integers(0, 3))
def test_every_sequence_of_saves_keeps_the_sign_off_sound(saves, team_size):
    stored: Judgment | None = None
    for step, (actor, grade, rationale, status) in enumerate(saves):
        asked = replace(stored or Judgment("1"), grade=grade, rationale=rationale, status=status)
        now = f"2026-03-02T09:00:{step:02d}.000Z"
        try:
            saved = sign_judgment(stored, asked, actor, now, team_size)
        except SignOffRefused:
            assert team_size > 1 and status is JudgmentStatus.REVIEWED
            continue  # nothing is written
        # A sign-off names someone and says when, or neither.
        assert (saved.prepared_by is None) == (saved.prepared_at is None)
        assert (saved.reviewed_by is None) == (saved.reviewed_at is None)
        if saved.status is JudgmentStatus.DRAFT:
            assert saved.reviewed_by is None
        changed = stored is None or (stored.grade, stored.rationale) != (grade, rationale)
        if changed:
            assert saved.prepared_at == (now if saved.prepared_by else None)
            if stored is not None and stored.status is JudgmentStatus.REVIEWED:
                assert saved.status is JudgmentStatus.DRAFT
        newly_reviewed = saved.status is JudgmentStatus.REVIEWED and (
            stored is None or stored.status is not JudgmentStatus.REVIEWED or changed
        )
        if newly_reviewed and team_size > 1 and saved.reviewed_by:
            assert saved.reviewed_by != saved.prepared_by
        stored = saved


def test_the_refusals_say_what_to_do():
    assert review_refusal("AB", "CD", 4) is None
    assert review_refusal("AB", "AB", 1) is None
    assert review_refusal(None, "AB", 4) is None
    refusal = review_refusal("AB", "AB", 2)
    assert refusal and "another member of the team" in refusal
    assert unnamed_refusal("AB") is None
    assert "initials" in (unnamed_refusal(None) or "")
