"""Keeps the lead inspector's judgment checks current while the inspection is edited.

The facts are gathered once when the file opens — in place for a small inspection,
on a worker with its own read-only connection for a large one, so opening never
waits — and then moved change by change as the controller reports each one.
Results are worked out once per burst of changes (a zero-delay timer gathers
them), and ``updated`` tells the Checks tab, the coverage matrix and the status
bar. An import, which changes many items, gathers afresh.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from models.review.results import CheckResult, Severity
from models.vocabulary import SourceType
from storage.operations import ReviewSnapshot, ReviewState, snapshot_file, take_snapshot
from ui.editing.inspection_controller import InspectionController
from ui.workflows.tasks import TaskHandle, run_task

log = logging.getLogger(__name__)

#: Up to this many items the facts are gathered on the window's thread (well under 100 ms).
GATHER_IN_PLACE_LIMIT = 20_000


class ReviewKeeper(QObject):
    """The checks' results and coverage for the open inspection, kept current."""

    updated = Signal()

    def __init__(self, controller: InspectionController, parent: QObject | None = None):
        super().__init__(parent)
        self.controller = controller
        self.state: ReviewState | None = None
        self._results: list[CheckResult] = []
        self._gathering: TaskHandle | None = None
        self._gather_again = False
        self._stopped = False
        #: True when the inspection is too large to read whole on the window's thread.
        self.large = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._recompute)
        controller.evidence_counted.connect(self._item_replaced)
        controller.finding_counted.connect(self._finding_replaced)
        controller.judgment_changed.connect(self._judgment_changed)
        controller.evidence_recount.connect(self.gather)
        controller.plan_changed.connect(self._plan_changed)
        self.gather()

    # -- reading ------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self.state is not None and self._gathering is None

    def results(self) -> list[CheckResult]:
        return list(self._results)

    def must_fix(self) -> int:
        return sum(1 for r in self._results if r.severity is Severity.MUST_FIX)

    def coverage(self) -> dict[str, dict[SourceType, int]]:
        return self.state.coverage() if self.state is not None else {}

    # -- gathering afresh ----------------------------------------------------------
    def stop(self) -> None:
        """The inspection is closing: a gathering still running is of no use any more."""
        self._stopped = True
        self._timer.stop()
        if self._gathering is not None:
            self._gathering.cancel()

    def gather(self, *_args) -> None:
        if self._stopped:
            return
        self.large = self.controller.evidence.count() > GATHER_IN_PLACE_LIMIT
        if not self.large:
            self._adopt(take_snapshot(self.controller.inspection))
            return
        if self._gathering is not None:
            self._gather_again = True
            return
        path = Path(self.controller.inspection.path)
        self._gathering = run_task(lambda _h: snapshot_file(path), self._gathered, self._failed)

    def _gathered(self, snapshot: ReviewSnapshot) -> None:
        self._gathering = None
        if self._stopped:
            return
        if self._gather_again:  # something changed while gathering: gather again
            self._gather_again = False
            self.gather()
            return
        self._adopt(snapshot)

    def _failed(self, error: BaseException) -> None:
        self._gathering = None
        log.warning("the judgment checks could not gather their facts: %s", error)

    def _adopt(self, snapshot: ReviewSnapshot) -> None:
        self.state = ReviewState(self.controller.inspection, snapshot)
        self._recompute()

    # -- keeping up change by change ------------------------------------------------
    def _changed(self) -> bool:
        """True when the state should be told of a change now; while a gathering runs,
        it is gathered again when done instead."""
        if self._gathering is not None:
            self._gather_again = True
            return False
        return self.state is not None and not self._stopped

    def _item_replaced(self, before, after) -> None:
        if self._changed() and self.state is not None:
            self.state.item_replaced(before, after)
            self._timer.start()

    def _finding_replaced(self, finding_id: str, evidence_ids) -> None:
        if self._changed() and self.state is not None:
            self.state.finding_replaced(finding_id, evidence_ids)
            self._timer.start()

    def _judgment_changed(self, _code) -> None:
        if self._changed() and self.state is not None:
            self.state.judgments_changed()
            self._timer.start()

    def _plan_changed(self) -> None:
        if self._changed() and self.state is not None:
            self.state.plan_changed()
            self._timer.start()

    def _recompute(self) -> None:
        if self.state is None or self._stopped:
            return
        self._results = self.state.results()
        self.updated.emit()
