"""Random journeys through the real main window, checked after every step (see journeys.py).

A few short journeys run in the suite; ``benchmarks/journey_run.py`` runs many long ones
through this same test, asking for them with ``JOURNEYS`` and ``JOURNEY_STEPS``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis.stateful import run_state_machine_as_test

from tests.ui import journeys
from tests.ui.journey_support import JourneyContext
from tests.ui.journeys import Journey

JOURNEYS = int(os.environ.get("JOURNEYS", "5"))
STEPS = int(os.environ.get("JOURNEY_STEPS", "15"))
#: A long run explores (new random journeys each time); the suite's run is always the same.
EXPLORE = os.environ.get("JOURNEYS_EXPLORE") == "1"


def test_random_journeys_keep_the_file_whole_and_undo_back_to_the_start(
    qtbot, settings, demo_template, tmp_path
):
    context = JourneyContext(qtbot, tmp_path, demo_template, settings)
    journeys.CONTEXT = context
    try:
        run_state_machine_as_test(
            Journey,
            settings=hypothesis_settings(
                max_examples=JOURNEYS,
                stateful_step_count=STEPS,
                deadline=None,
                database=None,
                derandomize=not EXPLORE,
                suppress_health_check=list(HealthCheck),
            ),
        )
    finally:
        journeys.CONTEXT = None
        print(
            f"\n{context.journeys} journeys, {context.steps} steps: "
            + ", ".join(f"{what} {n}" for what, n in sorted(context.seen.items()))
        )
    assert context.journeys >= JOURNEYS
    assert context.steps >= JOURNEYS * STEPS // 3, context.seen
    # Every kind of thing a person does came up at least once in the run.
    assert len(context.seen) >= min(12, context.steps // 4), context.seen
