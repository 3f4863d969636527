"""The checks kept current change by change agree with a fresh run after every step."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from models.framework import framework_from_dict
from models.records import Evidence, Finding, Judgment
from models.review.results import reading_key
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType
from storage.file.inspection_file import InspectionFile
from storage.review.checks import review
from storage.review.state import ReviewState
from tests.conftest import TINY_FRAMEWORK
from tests.storage.merge_helpers import fake_clock

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
    """One thing a person does, told to the state as the window's controller tells it."""
    what = rng.choice(
        ["add", "edit", "relink", "delete", "restore", "find", "back", "unback", "drop", "grade"]
    )
    if what == "add" or not items:
        added = inspection.evidence.add(random_item(rng))
        state.item_replaced(None, added)
        items.append(added.id)
        return "add"
    evidence_id = rng.choice(items)
    before = inspection.evidence.get(evidence_id)
    if what in ("edit", "relink") and before.deleted_at is None:
        if what == "edit":
            changed = replace(
                before,
                assessment=rng.choice(list(Assessment)),
                source_type=rng.choice(list(SourceType)),
            )
        else:
            changed = replace(before, question_codes=tuple(rng.sample(CODES, 1)))
        state.item_replaced(before, inspection.evidence.update(changed))
    elif what == "delete" and before.deleted_at is None:
        inspection.evidence.delete(evidence_id)
        state.item_replaced(before, None)
    elif what == "restore" and before.deleted_at is not None:
        inspection.evidence.restore(evidence_id)
        state.item_replaced(None, inspection.evidence.get(evidence_id))
    elif what == "find" or not findings:
        live = [i for i in rng.sample(items, min(len(items), 2)) if _live(inspection, i)]
        found = inspection.findings.add(
            Finding(
                question_code=rng.choice(CODES),
                kind=rng.choice(list(FindingKind)),
                statement="F",
                evidence_ids=tuple(live),
            )
        )
        state.finding_replaced(found.id, live)
        findings.append(found.id)
    elif what in ("back", "unback"):
        finding = inspection.findings.get(rng.choice(findings))
        if finding.deleted_at is not None or not _live(inspection, evidence_id):
            return what
        if (evidence_id in finding.evidence_ids) == (what == "back"):
            return what  # nothing to save: the window saves no unchanged finding
        # Linked and unlinked as the window does: the finding saved with its new backing.
        backing = [i for i in finding.evidence_ids if i != evidence_id]
        if what == "back":
            backing.append(evidence_id)
        saved = inspection.findings.update(replace(finding, evidence_ids=tuple(backing)))
        state.finding_replaced(saved.id, {*finding.evidence_ids, *saved.evidence_ids})
    elif what == "drop":
        finding = inspection.findings.get(rng.choice(findings))
        if finding.deleted_at is None:
            inspection.findings.delete(finding.id)
        else:
            inspection.findings.restore(finding.id)
        state.finding_replaced(finding.id, finding.evidence_ids)
    elif what == "grade":
        inspection.judgments.save(
            Judgment(
                rng.choice([None, "1", "2"]),
                grade=rng.choice(["Good", "Poor", None]),
                rationale=rng.choice(["", "Why"]),
                status=rng.choice(list(JudgmentStatus)),
            )
        )
        state.judgments_changed()
    return what


def _live(inspection, evidence_id):
    return inspection.evidence.get(evidence_id).deleted_at is None


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
    # A clock that always moves on, so "changed after review" never hangs on a tie.
    with fake_clock(), InspectionFile.create(tmp_path / "c.inspection", framework, force="F") as f:
        yield f


@pytest.mark.parametrize("seed", range(8))
def test_the_kept_state_agrees_with_a_fresh_run_after_every_step(capped_inspection, seed):
    tiny_inspection = capped_inspection
    assert tiny_inspection.framework.cause_of_concern_cap == "Poor"
    rng = random.Random(seed)
    state = ReviewState(tiny_inspection)
    items: list[str] = []
    findings: list[str] = []
    done = []
    framework = tiny_inspection.framework
    key = reading_key({None: -1, **{q.code: q.position for q in framework.questions}})
    for _ in range(40):
        done.append(step(tiny_inspection, state, rng, items, findings))
        results = state.results()
        assert summary(results) == summary(review(tiny_inspection)), done
        # In reading order, as a full sort would give, and the same when asked again.
        assert [key(r) for r in results] == sorted(key(r) for r in results), done
        assert results == state.results()
    assert items and len(set(done)) >= 5, done
