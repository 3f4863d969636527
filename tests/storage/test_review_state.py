"""The checks kept current change by change agree with a fresh run after every step."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from models.framework import framework_from_dict
from models.records import Evidence, Finding, Judgment
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType
from storage.file.inspection_file import InspectionFile
from storage.review.checks import review
from storage.review.state import ReviewState
from tests.conftest import TINY_FRAMEWORK

CODES = ("1", "1.1", "1.1.1", "1.2", "2", "2.1", "H")


def random_item(rng):
    return Evidence(
        author=rng.choice(["AB", "CD", "EF"]),
        summary="Seen",
        question_codes=tuple(rng.sample(CODES, rng.randint(1, 2))),
        assessment=rng.choice(list(Assessment)),
        source_type=rng.choice(list(SourceType)),
    )


def step(inspection, state, rng, items, findings):
    """One thing a person does, wrapped as the window wraps it."""
    what = rng.choice(
        [
            "add",
            "edit",
            "relink",
            "delete",
            "restore",
            "find",
            "back",
            "unback",
            "drop-finding",
            "grade",
        ]
    )
    if what == "add" or not items:
        added = inspection.evidence.add(random_item(rng))
        state.added([added.id])
        items.append(added.id)
        return "add"
    evidence_id = rng.choice(items)
    if what == "edit":
        with state.changing([evidence_id]):
            item = inspection.evidence.get(evidence_id)
            inspection.evidence.update(
                replace(
                    item,
                    assessment=rng.choice(list(Assessment)),
                    source_type=rng.choice(list(SourceType)),
                )
            )
    elif what == "relink":
        with state.changing([evidence_id]):
            item = inspection.evidence.get(evidence_id)
            inspection.evidence.update(replace(item, question_codes=tuple(rng.sample(CODES, 1))))
    elif what == "delete":
        with state.changing([evidence_id]):
            inspection.evidence.delete(evidence_id)
    elif what == "restore":
        with state.changing([evidence_id]):
            inspection.evidence.restore(evidence_id)
    elif what == "find" or not findings:
        kind = rng.choice(list(FindingKind))
        backing = tuple(rng.sample(items, min(len(items), rng.randint(0, 2))))
        live = [i for i in backing if inspection.evidence.get(i).deleted_at is None]
        with state.changing(live):
            found = inspection.findings.add(
                Finding(
                    question_code=rng.choice(CODES),
                    kind=kind,
                    statement="F",
                    evidence_ids=tuple(live),
                )
            )
        with state.changing(live, [found.id]):
            pass
        findings.append(found.id)
    elif what in ("back", "unback"):
        finding_id = rng.choice(findings)
        if inspection.evidence.get(evidence_id).deleted_at is not None:
            return what
        with state.changing([evidence_id], [finding_id]):
            # Linked and unlinked as the window does: the finding saved with its new backing.
            finding = inspection.findings.get(finding_id)
            backing = [i for i in finding.evidence_ids if i != evidence_id]
            if what == "back":
                backing.append(evidence_id)
            inspection.findings.update(replace(finding, evidence_ids=tuple(backing)))
    elif what == "drop-finding":
        finding_id = rng.choice(findings)
        backing = inspection.findings.get(finding_id).evidence_ids
        with state.changing(backing, [finding_id]):
            inspection.findings.delete(finding_id)
    elif what == "grade":
        code = rng.choice([None, "1", "2"])
        with state.changing():
            inspection.judgments.save(
                Judgment(
                    code,
                    grade=rng.choice(["Good", "Poor", None]),
                    rationale=rng.choice(["", "Why"]),
                    status=rng.choice(list(JudgmentStatus)),
                )
            )
    return what


def summary(results):
    return sorted(
        (
            r.check,
            r.severity.value,
            r.place.question_code or "",
            r.place.finding_id or "",
            r.message,
        )
        for r in results
    )


@pytest.fixture
def capped_inspection(tmp_path):
    """The tiny framework with "Poor" as its cause of concern cap, in a real file."""
    framework = framework_from_dict({**TINY_FRAMEWORK, "cause_of_concern_cap": "Poor"})
    with InspectionFile.create(tmp_path / "capped.inspection", framework, force="F") as inspection:
        yield inspection


@pytest.mark.parametrize("seed", range(6))
def test_the_kept_state_agrees_with_a_fresh_run_after_every_step(capped_inspection, seed):
    tiny_inspection = capped_inspection
    assert tiny_inspection.framework.cause_of_concern_cap == "Poor"
    rng = random.Random(seed)
    state = ReviewState(tiny_inspection)
    items: list[str] = []
    findings: list[str] = []
    done = []
    for _ in range(40):
        done.append(step(tiny_inspection, state, rng, items, findings))
        assert summary(state.results()) == summary(review(tiny_inspection)), done
    assert items and len(set(done)) >= 5, done
