"""Merging another copy of an inspection into this one: preview, back up, merge, conflicts.

The one module the app and the command line use. Rows are matched by id
(links by their pair of ids); the later version of a row wins (last writer
wins, with a fixed tie-break), and a version that loses is kept as a conflict
unless the winning copy had already seen it. Merging is lossless, merging the
same copy again changes nothing, and the order copies are merged in does not
change the result (only which item keeps a clashing ref depends on it).

    plan = plan_merge(master, copy_path)          # read-only preview
    backup = backup_before_merge(master)          # the caller backs up first
    result = apply_merge(master, copy_path, plan)  # one transaction

The copy is untrusted input: before anything is worked out, its private copy
is checked (``storage.merge.untrusted_copy``), every row it brings is held to the
app's rules (``storage.merge.copy_validation``) and what it claims about who wrote
what and when is held against the target's records (``storage.merge.claims``).
Any problem refuses the whole merge with the rows named, and nothing changes.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Callable

from models.merging.outcome import Conflict, MergePlan, MergeResult
from models.records import utc_now
from storage.backups.automatic import BEFORE_MERGE, create_backup
from storage.backups.errors import BackupError
from storage.file.inspection_file import InspectionFile
from storage.merge.apply import write_merge
from storage.merge.claims import backed_marks, claim_problems, unrecorded_changes
from storage.merge.conflicts import describe, list_conflicts, resolve_conflict, source_name
from storage.merge.copy_validation import incoming_problems
from storage.merge.errors import PlanOutdatedError
from storage.merge.plan import MergeWork, PendingConflict, Progress
from storage.merge.source import SOURCE, attached, checked_source, load_context
from storage.merge.untrusted_copy import CheckedCopy, UnsafeCopyError

log = logging.getLogger(__name__)

__all__ = ["plan_merge", "apply_merge", "backup_before_merge", "list_conflicts", "resolve_conflict"]


def _describer(conn: sqlite3.Connection, work: MergeWork):
    ctx = work.ctx
    preview = (ctx.source_replica, ctx.source_path.name)

    def to_conflict(pending: PendingConflict) -> Conflict:
        current, other = dict(pending.current.values), dict(pending.other.values)
        return Conflict(
            pending.spec.kind,
            pending.spec.table,
            pending.key,
            describe(conn, pending.spec.table, current, ("main", SOURCE)),
            current,
            other,
            pending.other.replica,
            source_name(conn, pending.other.replica, ctx.target_replica, preview),
        )

    return to_conflict


def _worked_out(
    conn: sqlite3.Connection,
    target: InspectionFile,
    copy: CheckedCopy,
    now: str,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> MergeWork:
    """The merge's decisions, once everything the copy brings has been checked."""
    ctx = load_context(conn, target, copy.original, copy.inspection)
    if progress is not None:
        progress("Checking the copy", 0, 1)
    shown, total = incoming_problems(conn, ctx, is_cancelled or (lambda: False))
    _refuse(copy, target, shown, total)
    # Only rows that keep the rules are weighed for what they claim.
    claims = [p if isinstance(p, str) else p.message for p in claim_problems(conn, ctx, now)]
    _refuse(copy, target, claims, len(claims))
    work = MergeWork(backed_marks(conn, ctx), conn, progress, is_cancelled, now).compute()
    late = [p.message for p in unrecorded_changes(work)]
    _refuse(copy, target, late, len(late))
    return work


def _refuse(copy: CheckedCopy, target: InspectionFile, problems: list[str], total: int) -> None:
    if total:
        raise UnsafeCopyError(copy.original.name, problems, total, target.path.name)


def plan_merge(target: InspectionFile, source_path: Path) -> MergePlan:
    """What merging ``source_path`` into ``target`` would do; changes neither file.

    Raises a :class:`~storage.merge.errors.MergeRefusedError` (or another
    ``StorageError``) when the source cannot be merged.
    """
    with checked_source(target, source_path) as copy, attached(target, copy.path) as conn:
        conn.execute("BEGIN")  # one snapshot of both files; nothing is written
        try:
            work = _worked_out(conn, target, copy, utc_now())
            return work.plan(_describer(conn, work))
        finally:
            conn.execute("ROLLBACK")


def apply_merge(
    target: InspectionFile,
    source_path: Path,
    plan: MergePlan | None = None,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> MergeResult:
    """Merge ``source_path`` into ``target`` in one transaction; the source is only read.

    With ``plan`` (from :func:`plan_merge`) the merge is refused with
    :class:`PlanOutdatedError` if it would now do something else than the plan
    the user saw. ``progress(stage, done, total)`` is called between steps and
    ``is_cancelled()`` checked; a cancelled merge changes nothing. Back up the
    target first (:func:`backup_before_merge`).
    """
    with checked_source(target, source_path) as copy, attached(target, copy.path) as conn:
        with target.db.transaction(record_history=False):
            now = utc_now()
            work = _worked_out(conn, target, copy, now, progress, is_cancelled)
            done = work.plan(_describer(conn, work))
            if plan is not None and not plan.same_outcome(done):
                raise PlanOutdatedError(
                    f"{target.path.name} or {Path(source_path).name} changed since the merge "
                    "was previewed; preview it again."
                )
            log_id = write_merge(work, done, now)
            work.drop_temporary_tables()
    log.info("merged %s into %s: %s", Path(source_path).name, target.path, done.summary())
    return MergeResult(done, now, log_id)


def backup_before_merge(target: InspectionFile) -> Path:
    """Back ``target`` up (verified, into the app's backups folder) before merging into it."""
    try:
        return create_backup(target, BEFORE_MERGE)
    except BackupError as e:
        raise BackupError(f"{str(e).rstrip('.')}; nothing was merged.") from None
