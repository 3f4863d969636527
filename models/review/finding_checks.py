"""Checks on one finding: is it backed, and by more than one kind of source and inspector?"""

from __future__ import annotations

from models.review.facts import FindingFacts
from models.review.results import CheckPlace, CheckResult, Severity
from models.vocabulary import FindingKind

#: Findings that speak well of the force, and those that speak of what must improve.
_FAVOURABLE = {FindingKind.STRENGTH, FindingKind.NOTABLE_PRACTICE}
_CRITICAL = {FindingKind.AREA_FOR_IMPROVEMENT, FindingKind.CAUSE_OF_CONCERN}


def finding_results(finding: FindingFacts) -> list[CheckResult]:
    """Everything the checks have to say about ``finding``."""
    place = CheckPlace(
        finding.question_code, finding_id=finding.id, finding_ref=finding.ref or None
    )
    name = finding.label
    results: list[CheckResult] = []

    def say(check: str, severity: Severity, message: str) -> None:
        results.append(CheckResult(check, severity, place, message))

    if finding.reviewed_by and finding.evidence_changed_at > finding.reviewed_at:
        # A change to the finding itself makes it a draft; its items change on their own.
        say(
            "finding-changed-since-review",
            Severity.LOOK_AGAIN,
            f"Evidence behind the {name} has changed since {finding.reviewed_by} reviewed it.",
        )
    if finding.kind.needs_recommendation and not finding.has_recommendation:
        say("no-recommendation", Severity.MUST_FIX, f"The {name} has no recommendation.")
    evidence = finding.evidence
    if evidence.total == 0:
        say("finding-without-evidence", Severity.LOOK_AGAIN, f"No evidence backs the {name}.")
        return results
    if finding.kind in _FAVOURABLE and evidence.negative == evidence.total:
        say(
            "favourable-on-negative",
            Severity.LOOK_AGAIN,
            f"The {name} rests only on negative evidence.",
        )
    if finding.kind in _CRITICAL and evidence.positive == evidence.total:
        say(
            "critical-on-positive",
            Severity.LOOK_AGAIN,
            f"The {name} rests only on positive evidence.",
        )
    if len(finding.source_types) == 1:
        (only,) = finding.source_types
        say(
            "one-source-type",
            Severity.NOTE,
            f"The {name} rests on one source type only ({only.label.lower()}): not triangulated.",
        )
    if len(finding.inspectors) == 1:
        (who,) = finding.inspectors
        say(
            "one-inspector", Severity.NOTE, f"The {name} rests on one inspector's evidence ({who})."
        )
    return results
