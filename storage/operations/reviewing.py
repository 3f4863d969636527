"""Reviewing an inspection: every judgment check's result, for the command line and the
window alike (the window then keeps them current change by change)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from models.review.results import CheckResult, Severity
from storage.operations.opening import open_for_reading
from storage.review.checks import review
from storage.review.state import ReviewSnapshot, take_snapshot

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReviewOutcome:
    """What the checks found in one file, most serious first."""

    path: Path
    framework: str
    cap: str | None
    results: tuple[CheckResult, ...]

    def counts(self) -> dict[Severity, int]:
        found = dict.fromkeys(Severity, 0)
        for result in self.results:
            found[result.severity] += 1
        return found

    @property
    def must_fix(self) -> int:
        return self.counts()[Severity.MUST_FIX]


def review_file(path: Path) -> ReviewOutcome:
    """Run every judgment check over the inspection at ``path``, opened only to read it
    (it may be open in the app meanwhile)."""
    path = Path(path)
    with open_for_reading(path) as inspection:
        framework = inspection.framework
        results = tuple(review(inspection))
    outcome = ReviewOutcome(path, framework.title, framework.cause_of_concern_cap, results)
    log.info("reviewed %s: %s", path.name, {s.value: n for s, n in outcome.counts().items()})
    return outcome


def snapshot_file(path: Path) -> ReviewSnapshot:
    """On a worker: every fact the checks read, from its own read-only connection to
    ``path``, for the window's :class:`~storage.review.state.ReviewState` to adopt."""
    with open_for_reading(Path(path)) as inspection:
        return take_snapshot(inspection)
