"""Evidence counted per question and assessment, kept exact without re-querying.

The question tree, the judgment panel and the evidence list all need "how many
items, and how many positive, negative and neutral, sit under this question".
Counting that in SQL for a large inspection takes hundreds of milliseconds per
question, so the counts are made once (on a worker thread when the inspection is
large, so opening it never waits) and then kept up to date by difference: each
change of one item moves it out of the questions its old version counted under
and into those of its new version, with no query at all. Anything that changes
many items at once (an import, its undo, a reload) makes them afresh.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from models.records import Evidence, EvidenceCounts
from models.vocabulary import Assessment

#: Up to this many items the counts are made on the GUI thread (well under 100 ms).
COUNT_IN_PLACE_LIMIT = 20_000

_FIELD = {
    Assessment.POSITIVE: "positive",
    Assessment.NEGATIVE: "negative",
    Assessment.NEUTRAL: "neutral",
}


class QuestionCounts(QObject):
    """Live evidence per question (its subtree, each item once) and per assessment.

    The headline question stands for the whole inspection: its counts include
    items not linked to any question.
    """

    #: Counts changed for these question codes (a set).
    changed = Signal(object)
    #: Every count was made afresh.
    ready = Signal()

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.framework = controller.framework
        headline = self.framework.headline
        self._headline = headline.code if headline else None
        self._counts: dict[str, dict[str, int]] | None = None
        self._counting = None  # the handle of a recount running on a worker
        self._recount_again = False
        self._stopped = False
        controller.evidence_counted.connect(self._item_changed)
        controller.evidence_recount.connect(self.refresh)
        self.refresh()

    # -- reading ------------------------------------------------------------------
    @property
    def known(self) -> bool:
        """False while a recount of a large inspection is still running."""
        return self._counts is not None and self._counting is None

    def total(self, code: str | None) -> int | None:
        """Items under ``code`` (``None``: the whole inspection); ``None`` while counting."""
        counts = self.by_assessment(code)
        return None if counts is None else counts.total

    def by_assessment(self, code: str | None) -> EvidenceCounts | None:
        counts = self._counts
        if not self.known or counts is None:
            return None
        key = self._headline if code is None else code
        per = counts.get(key, {}) if key is not None else {}
        return EvidenceCounts(**{name: per.get(name, 0) for name in _FIELD.values()})

    # -- counting afresh ----------------------------------------------------------
    def stop(self) -> None:
        """The inspection is closing: a recount still running is of no use any more."""
        self._stopped = True
        if self._counting is not None:
            self._counting.cancel()

    def refresh(self, *_args) -> None:
        """Make every count afresh."""
        if self._stopped:
            return
        evidence = self.controller.evidence
        if evidence.count() <= COUNT_IN_PLACE_LIMIT:
            self._set(_count(self.controller.inspection))
            return
        if self._counting is not None:
            self._recount_again = True
            return
        from ui.workflows.tasks import run_task

        path = Path(self.controller.inspection.path)
        self._counting = run_task(
            lambda _handle: _count_file(path), self._counted, self._count_failed
        )

    def _counted(self, counts) -> None:
        self._counting = None
        if self._stopped:
            return
        if self._recount_again:  # something changed while counting: count again
            self._recount_again = False
            self.refresh()
            return
        self._set(counts)

    def _count_failed(self, _error) -> None:
        self._counting = None

    def _set(self, counts: dict[str, dict[str, int]]) -> None:
        self._counts = counts
        self.changed.emit({q.code for q in self.framework.questions})
        self.ready.emit()

    # -- keeping up by difference -------------------------------------------------
    def _item_changed(self, before: Evidence | None, after: Evidence | None) -> None:
        if self._counting is not None:
            self._recount_again = True
            return
        if self._counts is None:
            return
        moved: dict[tuple[str, str], int] = {}
        for version, step in ((before, -1), (after, +1)):
            if version is None:
                continue
            field = _FIELD[version.assessment]
            codes = set(self.framework.codes_counted_under(version.question_codes))
            if self._headline is not None:
                codes.add(self._headline)  # every item counts towards the whole inspection
            for code in codes:
                moved[code, field] = moved.get((code, field), 0) + step
        touched: set[str] = set()
        for (code, field), step in moved.items():
            if step:  # an edit of the item's words alone moves no count
                per = self._counts.setdefault(code, {})
                per[field] = per.get(field, 0) + step
                touched.add(code)
        if touched:
            self.changed.emit(touched)


def _count(inspection) -> dict[str, dict[str, int]]:
    """Counts per question code and assessment name, the headline being every live item."""
    counts = {
        code: {name: getattr(c, name) for name in _FIELD.values()}
        for code, c in inspection.evidence.assessments_by_question().items()
    }
    headline = inspection.framework.headline
    if headline is not None:
        whole = inspection.evidence.assessment_counts(None)
        counts[headline.code] = {name: getattr(whole, name) for name in _FIELD.values()}
    return counts


def _count_file(path: Path) -> dict[str, dict[str, int]]:
    """On a worker thread: the counts of the inspection at ``path``, on its own connection."""
    from storage.operations import InspectionFile

    with InspectionFile.open(path, readonly=True) as inspection:
        return _count(inspection)
