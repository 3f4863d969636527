"""What a copy claims about who wrote what and when, held against the target's own records.

A copy says which copy of the inspection wrote each version of a row (its
origin), how far it has taken in every other copy (its marks), and when each
change was made. Believed blindly, these decide merges silently: a version
claiming the target wrote it, a mark claiming to have seen the target's latest
work, or a time in the far future make the copy's version win with no
conflict kept. So:

- no time a copy brings may lie more than two days ahead of this computer's
  clock (refused, naming the rows: the laptop's clock is wrong, or the file);
- a version claiming the target wrote it must be one the target holds;
- change history attributed to the target must be history the target has,
  and history of other copies must come from copies the copy has merged;
- a mark counts only as far as the history and versions the copy holds back
  it up, the versions its edited rows replaced included (beyond that it is
  lowered, so conflicts are kept, never lost);
- every change the copy made itself arrives with its own history (checked
  once the merge is worked out, see :func:`unrecorded_changes`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta
from typing import Iterator

from models.history import parse_stored_time, stored_time
from storage.health.row_checks import RowProblem
from storage.merge.case_review_checks import CASE_REVIEW_RECORDED, unrecorded_file_changes
from storage.merge.indicator_checks import INDICATOR_RECORDED
from storage.merge.plan import MergeWork, temp_table
from storage.merge.source import SOURCE, MergeContext
from storage.merge.tables import MERGE_TABLES, dot_sql

#: How far ahead of this computer's clock a copy's times may be.
CLOCK_SKEW = timedelta(days=2)
_TIMES = ("created_at", "updated_at", "deleted_at", "origin_updated_at")
#: What the change history records for each table whose changes it records:
#: the owner the rows are recorded on, the other id they name, and the data
#: whose change must have a history row.
_RECORDED = {
    "evidence": (
        "s.id",
        None,
        (
            "source_type",
            "collected_on",
            "location",
            "participants",
            "summary",
            "notes",
            "assessment",
            "sensitive",
            "author",
            "deleted_at",
        ),
    ),
    "finding": ("s.id", None, ("question_id", "kind", "statement", "recommendation", "deleted_at")),
    "evidence_question": ("s.evidence_id", "s.question_id", ()),
    "finding_evidence": ("s.finding_id", "s.evidence_id", ()),
    "attachment": ("s.evidence_id", "s.id", ()),
    "review_note": ("s.subject_id", "s.id", ("body", "resolved_by", "deleted_at")),
    "indicator": ("s.id", None, INDICATOR_RECORDED),
    **CASE_REVIEW_RECORDED,
}
_JUDGMENT_DATA = ("question_id", "grade_id", "rationale", "status", "deleted_at")


def _key(row) -> str:
    return "/".join(str(part) for part in row[:-1])


def time_limit(now: str) -> str:
    """The latest time a copy may carry, as stored times are written."""
    return stored_time(parse_stored_time(now) + CLOCK_SKEW)


def claim_problems(
    conn: sqlite3.Connection, ctx: MergeContext, now: str
) -> Iterator[RowProblem | str]:
    limit, target = time_limit(now), ctx.target_replica
    shown_limit = f"more than two days ahead of this computer's clock ({now[:16]} UTC)"
    for spec in MERGE_TABLES:
        cols = ctx.columns[spec.table]
        key = ", ".join(f"s.{k}" for k in spec.keys)
        times = ", ".join(f"s.{c}" for c in _TIMES)
        # One pass over the table for all its times (NULL compares as not later).
        later = " OR ".join(f"s.{c} > ?" for c in _TIMES)
        for row in conn.execute(
            f"SELECT {key}, {times} FROM {SOURCE}.{spec.table} s WHERE ({later})"
            f" AND NOT EXISTS (SELECT 1 FROM main.{spec.table} t WHERE"
            f" {cols.key_match('t', 's')} AND t.updated_at IS s.updated_at)",
            [limit] * len(_TIMES),
        ):
            found = row[len(spec.keys) :]
            for column, value in zip(_TIMES, found):
                if value is not None and value > limit:
                    yield RowProblem(
                        spec.table,
                        _key(row[: len(spec.keys)] + (None,)),
                        column,
                        value,
                        shown_limit,
                    )
        # A version the copy says the target wrote: the target must hold it, or a later one,
        # or hold it removed at its own time because a later row took its unique value
        # (``removed_by_clash``), which is the version the copy claims with a removal added.
        held = f"t.updated_at = s.updated_at AND {cols.same_values('t', 's')}"
        if spec.unique_live:
            same_but_removal = " AND ".join(
                f"t.{c} IS s.{c}" for c in cols.data if c != "deleted_at"
            )
            held += (
                f" OR (t.updated_at = s.updated_at AND s.deleted_at IS NULL"
                f" AND t.deleted_at = s.updated_at AND {same_but_removal})"
            )
        for row in conn.execute(
            f"SELECT {key}, s.updated_at FROM {SOURCE}.{spec.table} s"
            f" WHERE {dot_sql('s', '?')} = ? AND NOT EXISTS (SELECT 1 FROM"
            f" main.{spec.table} t WHERE {cols.key_match('t', 's')} AND (t.updated_at >"
            f" s.updated_at OR {held}))",
            [ctx.source_replica, target],
        ):
            yield RowProblem(
                spec.table,
                _key(row),
                "origin_replica",
                target,
                f"claims to be a version written in the target at {row[-1]}, "
                "which the target never held",
            )
    for table, column in (
        ("history", "changed_at"),
        ("merge_conflict", "detected_at"),
        ("merge_conflict", "resolved_at"),
    ):
        for row_id, value in conn.execute(
            f"SELECT s.id, s.{column} FROM {SOURCE}.{table} s WHERE s.{column} > ? AND NOT"
            f" EXISTS (SELECT 1 FROM main.{table} t WHERE t.id = s.id)",
            [limit],
        ):
            yield RowProblem(table, row_id, column, value, shown_limit)
    for replica, mark in conn.execute(
        f"SELECT replica_id, source_mark FROM {SOURCE}.replica_sync WHERE source_mark > ?"
        " OR target_mark > ?",
        [limit, limit],
    ):
        yield RowProblem("replica_sync", replica, "source_mark", mark, shown_limit)
    yield from _history_attribution(conn, ctx)


def _history_attribution(conn, ctx: MergeContext) -> Iterator[RowProblem]:
    known = {ctx.source_replica, *ctx.source_marks, *ctx.target_marks}
    known.discard(ctx.target_replica)
    for row_id, replica, actor in conn.execute(
        f"SELECT s.id, s.replica_id, s.actor FROM {SOURCE}.history s WHERE NOT EXISTS"
        " (SELECT 1 FROM main.history t WHERE t.id = s.id)"
    ):
        if replica == ctx.target_replica:
            yield RowProblem(
                "history",
                row_id,
                "replica_id",
                replica,
                f"is a change by {actor or 'someone'} attributed to the target, "
                "which has no record of it",
            )
        elif replica not in known:
            yield RowProblem(
                "history",
                row_id,
                "replica_id",
                replica,
                "is attributed to a copy that neither file has merged with",
            )


def backed_marks(conn: sqlite3.Connection, ctx: MergeContext) -> MergeContext:
    """``ctx`` with each of the copy's marks lowered to what its history and versions show.

    A mark says "this copy has seen that copy's versions up to here", which
    decides that a version it overwrote needs no conflict. A higher mark than
    the copy can show would silently drop the other copy's work; a lower one
    only keeps an extra conflict. What the copy can show: that copy's history,
    and the versions of that copy it took in, whether still current or since
    edited in the copy (a row keeps the origin it was taken in with). Versions
    said to be the target's count only when the target holds that very version.
    """
    marks = {}
    for replica, claimed in ctx.source_marks.items():
        own = replica == ctx.target_replica
        verified = " AND EXISTS (SELECT 1 FROM main.history t WHERE t.id = h.id)" if own else ""
        backing = [
            conn.execute(
                f"SELECT max(h.changed_at) FROM {SOURCE}.history h WHERE"
                f" h.replica_id = ?{verified}",
                [replica],
            ).fetchone()[0]
        ]
        for spec in MERGE_TABLES:
            cols = ctx.columns[spec.table]
            # A row's origin columns name the version it was taken in as, and stay when
            # the copy later edits the row: that version was seen all the same. Team
            # changes write no history, so an edited team member may be the only sign
            # that the copy saw the target's latest change to the team.
            held = (
                (
                    f" AND EXISTS (SELECT 1 FROM main.{spec.table} t WHERE"
                    f" {cols.key_match('t', 's')} AND t.updated_at = s.origin_updated_at)"
                )
                if own
                else ""
            )
            backing.append(
                conn.execute(
                    f"SELECT max(s.origin_updated_at) FROM {SOURCE}.{spec.table} s WHERE"
                    f" s.origin_replica = ?{held}",
                    [replica],
                ).fetchone()[0]
            )
        marks[replica] = min(claimed, max((b for b in backing if b), default=""))
    return replace(ctx, source_marks=marks)


def unrecorded_changes(work: MergeWork) -> Iterator[RowProblem]:
    """Changes the copy made itself that the merge would take without their history."""
    conn, ctx = work.conn, work.ctx
    for table, (owner, related, data) in _RECORDED.items():
        spec = next(s for s in MERGE_TABLES if s.table == table)
        cols = ctx.columns[table]
        recorded = (
            f"EXISTS (SELECT 1 FROM {SOURCE}.history h WHERE h.entity_id = {owner}"
            " AND h.changed_at = s.updated_at"
            + (f" AND h.related_id = {related})" if related else ")")
        )
        changed = {
            "new": "s.deleted_at IS NULL" if related else "1",
            "take": (
                " OR ".join(f"t.{c} IS NOT s.{c}" for c in data)
                if data
                else "(t.deleted_at IS NULL) != (s.deleted_at IS NULL)"
            ),
        }
        for kind, condition in changed.items():
            keys = ", ".join(f"s.{k}" for k in spec.keys)
            joined = f" JOIN main.{table} t ON {cols.key_match('t', 's')}" if kind == "take" else ""
            for row in conn.execute(
                f"SELECT {keys}, s.updated_at FROM temp.{temp_table(kind, spec)} m JOIN"
                f" {SOURCE}.{table} s ON {cols.key_match('m', 's')}{joined}"
                f" WHERE {dot_sql('s', '?')} = ? AND ({condition}) AND NOT {recorded}",
                [ctx.source_replica, ctx.source_replica],
            ):
                yield RowProblem(
                    table,
                    _key(row),
                    "updated_at",
                    row[-1],
                    "is a change made in the copy that has no history",
                )
    yield from unrecorded_file_changes(work)
    mine = work.small_targets.get("judgment", {})
    for key, (version, _exists) in work.small_writes.get("judgment", {}).items():
        if version.replica != ctx.source_replica:
            continue
        before = mine.get(key)
        if before is not None and all(
            before.values.get(c) == version.values.get(c) for c in _JUDGMENT_DATA
        ):
            continue
        found = conn.execute(
            f"SELECT 1 FROM {SOURCE}.history h WHERE h.entity_id = ? AND h.changed_at = ?",
            [key, version.updated_at],
        ).fetchone()
        if not found:
            yield RowProblem(
                "judgment",
                key,
                "updated_at",
                version.updated_at,
                "is a change made in the copy that has no history",
            )
