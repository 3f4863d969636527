"""Importing a checked data return into an inspection, all in one transaction.

An indicator the inspection already has (the same name and period, ignoring case
and spacing) is updated with what the return says of it, and each change is
named; any other is added after the last. Nothing is written when the return
brings nothing new, so importing the same return twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from models.indicators.data_return import ReturnedIndicator
from models.indicators.indicator import Indicator
from models.indicators.return_changes import updated
from storage.file.inspection_file import InspectionFile
from storage.job_progress import SILENT, JobProgress

REASON = "Imported a data return"


@dataclass(frozen=True)
class IndicatorChange:
    """One indicator a re-import changed, and each change in words."""

    name: str
    period: str
    changes: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.name} ({self.period}): {'; '.join(self.changes)}"


@dataclass(frozen=True)
class ReturnImported:
    """What an import did: the indicators added, those changed and how, and how many
    were already as the return has them."""

    added: tuple[str, ...] = ()
    changed: tuple[IndicatorChange, ...] = ()
    unchanged: int = 0
    added_ids: tuple[str, ...] = field(default=(), compare=False)

    @property
    def wrote(self) -> bool:
        return bool(self.added or self.changed)

    def message(self, source: str) -> str:
        parts = [f"{len(self.added)} indicator(s) added", f"{len(self.changed)} updated"]
        if self.unchanged:
            parts.append(f"{self.unchanged} already up to date")
        return f"Imported {source}: {', '.join(parts)}."


def import_returned(
    inspection: InspectionFile,
    returned: Sequence[ReturnedIndicator],
    *,
    progress: JobProgress = SILENT,
    before_write: Callable[[], None] = lambda: None,
) -> ReturnImported:
    """Write ``returned`` (already checked whole) into ``inspection``; ``before_write`` runs
    only when something will be written (the backup before an import)."""
    existing = {i.key: i for i in inspection.indicators.all()}
    new: list[Indicator] = []
    changed: list[tuple[Indicator, IndicatorChange]] = []
    unchanged = 0
    for r in returned:
        old = existing.get(r.indicator.key)
        if old is None:
            new.append(r.indicator)
            continue
        after, said = updated(old, r)
        if said:
            changed.append((after, IndicatorChange(old.name, old.period, tuple(said))))
        else:
            unchanged += 1
    if not new and not changed:
        return ReturnImported(unchanged=unchanged)
    progress.check()
    before_write()
    progress.check()
    with inspection.db.transaction(reason=REASON) as conn:
        for count, (after, _said) in enumerate(changed, 1):
            inspection.indicators.update_in(conn, after)
            progress.report(count, len(changed) + len(new))
        stored = inspection.indicators.insert_in(conn, new)
    progress.report(1, 1)
    return ReturnImported(
        tuple(f"{i.name} ({i.period})" for i in stored),
        tuple(c for _a, c in changed),
        unchanged,
        tuple(i.id for i in stored),
    )
