"""Merging planned copies into an inspection: the target backed up, then each copy merged.

The plan is made (and shown, and confirmed) by the caller first with
:func:`storage.merge.merging.plan_merge`; this is what happens once the person
has said yes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from models.merge import MergePlan, MergeResult
from storage.file.inspection_file import InspectionFile
from storage.merge.merging import apply_merge, backup_before_merge
from storage.operations.progress import SILENT, JobProgress


@dataclass(frozen=True)
class MergeOutcome:
    """What merging planned copies did: the backup made first and each copy's result."""

    backup: Path
    results: tuple[MergeResult, ...]

    @property
    def result(self) -> MergeResult:
        """The result of the only (or the last) copy merged."""
        return self.results[-1]


def merge_planned(
    target: InspectionFile,
    plans: Sequence[MergePlan],
    *,
    progress: JobProgress = SILENT,
    on_backup: Callable[[Path], None] | None = None,
    on_merged: Callable[[MergeResult], None] | None = None,
) -> MergeOutcome:
    """Back ``target`` up, then merge each planned copy into it, in order.

    The first copy is held to its plan (refused if it would now do something
    else than the person saw); later copies were planned against the target as
    it was before the earlier merges, so their merges are worked out afresh.
    ``on_backup`` and ``on_merged`` are told of each step as it is done.
    """
    backup = backup_before_merge(target)
    if on_backup is not None:
        on_backup(backup)
    shown = progress is not SILENT
    results = []
    for i, plan in enumerate(plans):
        result = apply_merge(
            target,
            plan.source_path,
            plan if i == 0 else None,
            progress=(lambda _stage, done, total: progress.report(done, total)) if shown else None,
            is_cancelled=progress.is_cancelled if shown else None,
        )
        results.append(result)
        if on_merged is not None:
            on_merged(result)
    return MergeOutcome(backup, tuple(results))
