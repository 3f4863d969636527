"""Merging fieldwork copies into an inspection: preview, then (once the person agrees)
back the target up and merge each copy.

The two steps are apart because a person decides between them: the window shows
the preview in a dialog, the command line prints it and asks (or is told ``--yes``).
What there is to decide, and what a merge did, are plain data here, so both fronts
only present them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from models.merging.outcome import KindCounts, MergePlan, MergeResult
from storage.operations.progress import SILENT, JobProgress

if TYPE_CHECKING:
    from storage.file.inspection_file import InspectionFile

# Storage's inner modules raise this package's ``Cancelled`` and so import the package;
# they are imported here when a job runs, not when the package loads, so that importing
# either one first never meets the other half-made.

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MergePreview:
    """What merging the chosen copies into the target would do; nothing has changed yet."""

    target: Path
    plans: tuple[MergePlan, ...]

    @property
    def is_empty(self) -> bool:
        """Every copy's changes are already in the target: there is nothing to merge."""
        return all(plan.is_empty for plan in self.plans)

    @property
    def needs_confirming(self) -> bool:
        """Whether the merge would change the target, so the person must agree to it first."""
        return not self.is_empty

    @property
    def compared_one_by_one(self) -> bool:
        """Several copies, each compared with the target as it is now: merging one can
        add conflicts with the next, which the preview cannot show."""
        return len(self.plans) > 1


@dataclass(frozen=True)
class MergeOutcome:
    """What merging planned copies did: the backup made first and each copy's result."""

    backup: Path
    results: tuple[MergeResult, ...]

    @property
    def result(self) -> MergeResult:
        """The result of the only (or the last) copy merged."""
        return self.results[-1]

    @property
    def total(self) -> KindCounts:
        """Rows added, updated and deleted and new conflicts, over every copy merged."""
        total = KindCounts()
        for result in self.results:
            total = total + result.total
        return total

    @property
    def conflicts_to_review(self) -> int:
        """New conflicts and those the copies brought with them, still to be settled."""
        return sum(r.total.conflicts + r.plan.carried_conflicts for r in self.results)


def preview_merge(
    target: Path, sources: Sequence[Path], *, progress: JobProgress = SILENT
) -> MergePreview:
    """What merging each of ``sources`` into the file at ``target`` would do.

    Every copy is checked and every plan made before anything is written, and
    neither file changes. Raises the merge's ``StorageError`` for a copy that
    cannot be merged (the first one found), or :class:`Cancelled`.
    """
    from storage.file.inspection_file import InspectionFile
    from storage.merge.merging import plan_merge

    target = Path(target)
    plans = []
    with InspectionFile.open(target, readonly=True) as opened:
        for done, source in enumerate(sources):
            progress.check()
            progress.report(done, len(sources))
            plans.append(plan_merge(opened, Path(source)))
    progress.report(len(sources), len(sources))
    return MergePreview(target, tuple(plans))


def merge_planned(
    target: InspectionFile | Path,
    plans: Sequence[MergePlan],
    *,
    actor: str | None = None,
    progress: JobProgress = SILENT,
    on_backup: Callable[[Path], None] | None = None,
    on_merged: Callable[[MergeResult], None] | None = None,
) -> MergeOutcome:
    """Back ``target`` up, then merge each planned copy into it, in order.

    ``target`` is an inspection open for writing, or the path of one to open
    for the merge (the window's worker, whose window holds the file's lock);
    ``actor`` is whom the change history records the merge under. The first
    copy is held to its plan (refused if it would now do something else than
    the person saw); later copies were planned against the target as it was
    before the earlier merges, so their merges are worked out afresh.
    ``on_backup`` and ``on_merged`` are told of each step as it is done.
    """
    from storage.file.inspection_file import InspectionFile
    from storage.merge.merging import apply_merge, backup_before_merge

    if not isinstance(target, InspectionFile):
        with InspectionFile.open(Path(target)) as opened:
            return merge_planned(
                opened,
                plans,
                actor=actor,
                progress=progress,
                on_backup=on_backup,
                on_merged=on_merged,
            )
    if actor is not None:
        target.actor = actor
    names = ", ".join(plan.source_path.name for plan in plans)
    log.info("merging %s into %s", names, target.path.name)
    progress.check()
    backup = backup_before_merge(target)
    log.info("backed up %s to %s before merging", target.path.name, backup.name)
    if on_backup is not None:
        on_backup(backup)
    shown = progress is not SILENT
    results = []
    for i, plan in enumerate(plans):
        try:
            progress.check()
            result = apply_merge(
                target,
                plan.source_path,
                plan if i == 0 else None,
                progress=(lambda _s, done, total: progress.report(done, total)) if shown else None,
                is_cancelled=progress.is_cancelled if shown else None,
            )
        except Exception as e:
            # The reason is shown to the person; a refusal's message can quote the copy's rows.
            why = type(e).__name__
            log.info("%s not merged into %s (%s)", plan.source_path.name, target.path.name, why)
            raise
        total = result.total
        log.info(
            "merged %s into %s: %d added, %d updated, %d deleted, %d new conflicts,"
            " %d conflicts carried",
            plan.source_path.name,
            target.path.name,
            total.added,
            total.updated,
            total.deleted,
            total.conflicts,
            result.plan.carried_conflicts,
        )
        results.append(result)
        if on_merged is not None:
            on_merged(result)
    return MergeOutcome(backup, tuple(results))
