"""The checks worked out again only where a change reached equal a full run over the
file, after any sequence of edits a person could make (hypothesis drives them)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from models.framework import framework_from_dict
from models.review.results import reading_key
from models.vocabulary import SourceType
from storage.file.inspection_file import InspectionFile
from storage.review.checks import review
from storage.review.state import ReviewState
from tests.conftest import TINY_FRAMEWORK
from tests.storage.merge_helpers import fake_clock
from tests.storage.test_review_state import step, summary

PLANS = st.dictionaries(
    st.sampled_from(["1", "2"]), st.frozensets(st.sampled_from(list(SourceType)), max_size=3)
)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    rng=st.randoms(use_true_random=False),
    steps=st.integers(1, 25),
    plan_at=st.integers(0, 25),
    plan=PLANS,
)
def test_checks_kept_change_by_change_equal_a_full_run(rng, steps, plan_at, plan):
    framework = framework_from_dict({**TINY_FRAMEWORK, "cause_of_concern_cap": "Poor"})
    with tempfile.TemporaryDirectory() as folder, fake_clock():
        path = Path(folder) / "kept.inspection"
        with InspectionFile.create(path, framework, force="F") as inspection:
            state = ReviewState(inspection)
            key = reading_key({None: -1, **{q.code: q.position for q in framework.questions}})
            items: list[str] = []
            findings: list[str] = []
            done: list[str] = []
            state.results()  # worked out once, so that later results are kept ones
            for n in range(steps):
                if n == plan_at:
                    inspection.planned_methods.replace(plan)
                    state.plan_changed()
                    done.append("plan")
                done.append(step(inspection, state, rng, items, findings))
                kept = state.results()
                assert summary(kept) == summary(review(inspection)), done
                assert summary(kept) == summary(ReviewState(inspection).results()), done
                assert [key(r) for r in kept] == sorted(key(r) for r in kept), done
            assert len(done) >= steps
