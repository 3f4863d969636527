"""The pieces that let the checks be worked out again only where a change reached:
a merge into results already in order, and the findings' tallies per judgment."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from models.framework import framework_from_dict
from models.records import EvidenceCounts
from models.review.facts import FindingFacts
from models.review.finding_tallies import FindingTallies
from models.review.results import CheckPlace, CheckResult, Severity, merged_in, reading_key
from models.vocabulary import FindingKind
from tests.conftest import TINY_FRAMEWORK

FRAMEWORK = framework_from_dict(TINY_FRAMEWORK)
CODES = [q.code for q in FRAMEWORK.questions] + ["9.9"]  # and one the framework lacks
ORDER: dict[str | None, int] = {None: -1, **{q.code: q.position for q in FRAMEWORK.questions}}

results = st.builds(
    CheckResult,
    st.sampled_from(["a", "b", "c"]),
    st.sampled_from(list(Severity)),
    st.builds(CheckPlace, st.sampled_from([None, *CODES])),
    st.text(max_size=3),
)


@given(st.lists(results, max_size=30), st.lists(results, max_size=10))
def test_merging_in_gives_what_a_stable_sort_of_both_gives(ordered, more):
    key = reading_key(ORDER)
    ordered = sorted(ordered, key=key)
    merged = merged_in(ordered, [key(r) for r in ordered], more, key)
    assert merged == sorted(ordered + more, key=key)


findings = st.builds(
    FindingFacts,
    id=st.sampled_from([f"f{i}" for i in range(8)]),
    question_code=st.sampled_from(CODES),
    kind=st.sampled_from(list(FindingKind)),
    statement=st.sampled_from(["A", "B"]),
    has_recommendation=st.booleans(),
    evidence=st.just(EvidenceCounts(0, 0, 0)),
    source_types=st.just(frozenset()),
    inspectors=st.just(frozenset()),
)


@settings(max_examples=200)
@given(st.lists(st.tuples(st.booleans(), findings), max_size=40))
def test_tallies_kept_by_difference_equal_tallies_of_what_remains(changes):
    """Findings added and taken away in any order leave each judgment's basis as if
    the findings that remain had been tallied afresh."""
    kept = FindingTallies(FRAMEWORK)
    held: dict[str, FindingFacts] = {}
    for adding, finding in changes:
        if finding.id in held:  # a change replaces the finding's earlier facts
            kept.remove(held.pop(finding.id))
        if adding:
            kept.add(finding)
            held[finding.id] = finding
    fresh = FindingTallies(FRAMEWORK, held.values())
    for code in [None, *CODES]:
        assert kept.basis(code) == fresh.basis(code), code
    # The overall judgment stands on every kind under the headline.
    under_headline = {f.kind for f in held.values() if f.question_code != "9.9"}
    assert kept.basis(None).kinds == under_headline
