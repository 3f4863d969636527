"""The review sign-off of findings and judgments: who prepared one, who reviewed it, and when.

Pure rules over two versions of a judgment, so the app, the undo steps and the
tests all follow the same ones:

- prepared by is whoever made the judgment or last changed its grade or rationale;
- a reviewer cannot sign off a judgment they prepared, unless the team has a single
  member (nobody else could);
- a change to the grade or rationale of a reviewed judgment makes it a draft again
  (the review was of what it said before), and a draft has no reviewer;
- a finding is reviewed once someone signs it off; a change to its statement, kind,
  recommendation or evidence makes it a draft again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from models.records import Finding, Judgment
from models.stored_values.value_rules import initials
from models.vocabulary import JudgmentStatus


class SignOffRefused(ValueError):
    """A sign-off the rules do not allow; the message says why and what to do."""


def review_refusal(prepared_by: str | None, reviewer: str | None, team_size: int) -> str | None:
    """Why ``reviewer`` may not sign off work ``prepared_by`` prepared (``None`` when they may)."""
    if reviewer and reviewer == prepared_by and team_size > 1:
        return (
            f"{reviewer} prepared this, so another member of the team must review it. "
            "Ask a colleague to open the file and mark it reviewed."
        )
    return None


def unnamed_refusal(reviewer: str | None) -> str | None:
    """Why a sign-off asked for in the window cannot be made: nobody to name as reviewer."""
    if reviewer:
        return None
    return (
        "Signing off needs your initials. Set them in Edit ▸ Preferences…, "
        "then mark it reviewed again."
    )


def signed_initials(actor: str) -> str | None:
    """The initials a sign-off records for ``actor``; ``None`` when they are not initials
    (a script or a file opened without initials signs nothing)."""
    return actor if actor and initials(actor) is None else None


def sign_judgment(
    before: Judgment | None, new: Judgment, actor: str, now: str, team_size: int
) -> Judgment:
    """``new`` as saved by ``actor`` at ``now`` over ``before`` (``None`` when it is made now),
    with its sign-off worked out. Raises :class:`SignOffRefused` for a self-review."""
    # A sign-off names someone and says when, or records nothing: a change made without
    # initials (a script, the demo being built) was prepared by no one known.
    who = signed_initials(actor)
    when = now if who else None
    if before is None or (before.grade, before.rationale) != (new.grade, new.rationale):
        changed, signed = True, replace(new, prepared_by=who, prepared_at=when)
    else:
        changed = False
        signed = replace(new, prepared_by=before.prepared_by, prepared_at=before.prepared_at)
    was_reviewed = before is not None and before.status is JudgmentStatus.REVIEWED
    if was_reviewed and changed:
        signed = replace(signed, status=JudgmentStatus.DRAFT)
    if signed.status is JudgmentStatus.DRAFT:
        return replace(signed, reviewed_by=None, reviewed_at=None)
    if was_reviewed and not changed:
        assert before is not None
        return replace(signed, reviewed_by=before.reviewed_by, reviewed_at=before.reviewed_at)
    refusal = review_refusal(signed.prepared_by, who, team_size)
    if refusal:
        raise SignOffRefused(refusal)
    return replace(signed, reviewed_by=who, reviewed_at=when)


def _finding_text(finding: Finding) -> tuple[object, ...]:
    return (finding.question_code, finding.kind, finding.statement, finding.recommendation)


def sign_finding(before: Finding | None, new: Finding, actor: str, now: str) -> Finding:
    """``new`` as saved by ``actor`` at ``now`` over ``before`` (``None`` when it is made now).

    Whoever changes what it says (or where it sits) prepared it; a change to what it says
    or to its evidence takes a review away. Linking evidence alone names no new preparer,
    so two copies adding evidence to one draft finding do not clash when merged.
    """
    who = signed_initials(actor)
    when = now if who else None
    if before is None:
        return replace(new, prepared_by=who, prepared_at=when, reviewed_by=None, reviewed_at=None)
    said = _finding_text(before) != _finding_text(new)
    signed = replace(
        new,
        prepared_by=who if said else before.prepared_by,
        prepared_at=when if said else before.prepared_at,
        reviewed_by=before.reviewed_by,
        reviewed_at=before.reviewed_at,
    )
    backing = set(before.evidence_ids) != set(new.evidence_ids)
    what = (before.kind, before.statement, before.recommendation)
    if backing or what != (new.kind, new.statement, new.recommendation):
        return replace(signed, reviewed_by=None, reviewed_at=None)
    return signed


def review_finding(finding: Finding, actor: str, now: str, team_size: int) -> Finding:
    """``finding`` signed off by ``actor``; raises :class:`SignOffRefused` when it may not be
    (no initials to name, or their own work in a team)."""
    who = signed_initials(actor)
    refusal = unnamed_refusal(who) or review_refusal(finding.prepared_by, who, team_size)
    if refusal:
        raise SignOffRefused(refusal)
    return replace(finding, reviewed_by=who, reviewed_at=now)


def _when(stamp: str) -> str:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    return f"{moment.day} {moment:%b %H:%M}"


def sign_off_line(
    prepared_by: str | None,
    prepared_at: str | None,
    reviewed_by: str | None,
    reviewed_at: str | None,
) -> str:
    """The sign-off in words, as the panels show it: "Prepared by TS, 3 Oct 09:40 ·
    Reviewed by AB, 3 Oct 10:12" (times in this computer's zone); "" when none is known."""
    parts = []
    for label, who, when in (
        ("Prepared", prepared_by, prepared_at),
        ("Reviewed", reviewed_by, reviewed_at),
    ):
        if who or when:
            by = f" by {who}" if who else ""
            parts.append(f"{label}{by}" + (f", {_when(when)}" if when else ""))
    return " · ".join(parts)
