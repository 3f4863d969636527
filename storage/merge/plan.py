"""Working out what a merge will do, without writing to the target.

Rows new to the target are found in SQL and only counted (their keys go into
temporary tables for the writer); rows both files hold in different versions
are read into Python and decided by ``models.merging.rules``. Small tables (the
team, judgments) are decided entirely in Python, where clashes on values that
must be unique among live rows (initials, one judgment per question) are settled.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Callable

from models.merging.outcome import KindCounts, MergeKind, MergePlan, RefRenumbering
from models.merging.rules import RowVersion, decide, knows, removed_by_clash, time_after, winner
from models.records import format_finding_ref, format_ref, utc_now
from models.vocabulary import JudgmentStatus
from storage.job_progress import Cancelled
from storage.merge.source import SOURCE, MergeContext
from storage.merge.tables import MERGE_TABLES, MergeTable, dot_sql, row_key, unique_value, versions
from storage.repositories.finding_refs import highest_finding_number

Progress = Callable[[str, int, int], None]
_BATCH = 2000


@dataclass(frozen=True)
class PendingConflict:
    """A losing version to keep: what is current after the merge, and the other one."""

    spec: MergeTable
    key: str
    current: RowVersion
    other: RowVersion


#: The tables whose incoming rows are renumbered when their ref is taken here.
RENUMBERED = ("evidence", "finding")


def renumber_table(table: str) -> str:
    """The temporary table of new refs for incoming rows of ``table``."""
    return f"merge_renumber_{table}"


def temp_table(kind: str, spec: MergeTable) -> str:
    """The temporary table of row keys a merge adds ("new") or overwrites ("take")."""
    return f"merge_{kind}_{spec.table}"


class MergeWork:
    """The decisions for merging the attached source into the target."""

    def __init__(
        self,
        ctx: MergeContext,
        conn: sqlite3.Connection,
        progress: Progress | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        now: str | None = None,
    ):
        self.ctx, self.conn = ctx, conn
        self.now = now or utc_now()
        self.progress = progress or (lambda stage, done, total: None)
        self.is_cancelled = is_cancelled or (lambda: False)
        self.counts: dict[MergeKind, KindCounts] = {t.kind: KindCounts() for t in MERGE_TABLES}
        self.conflicts: list[PendingConflict] = []
        self._pending: set[tuple[str, str, str]] = set()
        self.renumbered: list[RefRenumbering] = []
        #: Small tables: key → (version to write, whether the target has the row).
        self.small_writes: dict[str, dict[str, tuple[RowVersion, bool]]] = {}
        #: Small tables: the target's own versions before the merge, by key.
        self.small_targets: dict[str, dict[str, RowVersion]] = {}
        #: Versions the merge writes as the target's own, for their history:
        #: (table, key, version, what happened: "reopened" or "removed").
        self.own_writes: list[tuple[str, str, RowVersion, str]] = []
        self.carried: list[tuple[str, str, str]] = []

    # -- the whole computation ------------------------------------------------
    def compute(self) -> "MergeWork":
        steps = len(MERGE_TABLES) + 1
        for done, spec in enumerate(MERGE_TABLES):
            self.check_cancelled()
            self.progress(spec.kind.label, done, steps)
            if spec.small:
                self._small(spec)
            else:
                self._bulk(spec)
        self._carried_conflicts()
        self.progress("Conflicts", steps, steps)
        return self

    def check_cancelled(self) -> None:
        if self.is_cancelled():
            raise Cancelled("The merge was cancelled; nothing was changed.")

    def plan(self, describe) -> MergePlan:
        """The outcome as a plan; ``describe(pending)`` turns a conflict into a ``Conflict``."""
        src = self.ctx.source
        return MergePlan(
            self.ctx.source_path,
            src.replica_id,
            src.copy_for,
            src.copied_at,
            dict(self.counts),
            tuple(self.renumbered),
            tuple(describe(p) for p in self.conflicts),
            len(self.carried),
        )

    def drop_temporary_tables(self) -> None:
        for spec in MERGE_TABLES:
            for kind in ("new", "take"):
                self.conn.execute(f"DROP TABLE IF EXISTS temp.{temp_table(kind, spec)}")
        for table in RENUMBERED:
            self.conn.execute(f"DROP TABLE IF EXISTS temp.{renumber_table(table)}")

    # -- counting ----------------------------------------------------------------
    def _count(self, kind: MergeKind, **more: int) -> None:
        c = self.counts[kind]
        self.counts[kind] = KindCounts(
            c.added + more.get("added", 0),
            c.updated + more.get("updated", 0),
            c.deleted + more.get("deleted", 0),
            c.conflicts + more.get("conflicts", 0),
        )

    def _changed(self, spec: MergeTable, source: RowVersion, target: RowVersion) -> None:
        if source.deleted and not target.deleted:
            self._count(spec.kind, deleted=1)
        else:
            self._count(spec.kind, updated=1)

    def _conflict(self, spec: MergeTable, key: str, current: RowVersion, other: RowVersion) -> None:
        identity = (spec.table, key, other.canonical)
        if identity in self._pending:
            return
        known = self.conn.execute(
            "SELECT 1 FROM main.merge_conflict WHERE entity = ? AND row_key = ? AND other_json = ?",
            list(identity),
        ).fetchone()
        if not known:
            self._pending.add(identity)
            self.conflicts.append(PendingConflict(spec, key, current, other))
            self._count(spec.kind, conflicts=1)

    def _decide(self, spec: MergeTable, source: RowVersion, target: RowVersion) -> bool:
        """Decide one row both sides hold differently; True when the source's version wins."""
        ctx = self.ctx
        decision = decide(
            source,
            target,
            knows(ctx.target_marks, ctx.target_replica, source),
            knows(ctx.source_marks, ctx.source_replica, target),
        )
        key = row_key(spec, source.values)
        if decision.record == "target":
            self._conflict(spec, key, source, target)
        elif decision.record == "source":
            self._conflict(spec, key, target, source)
        if decision.take_source:
            self._changed(spec, source, target)
        return decision.take_source

    # -- large tables, in SQL ----------------------------------------------------
    def _bulk(self, spec: MergeTable) -> None:
        conn, cols = self.conn, self.ctx.columns[spec.table]
        keys, new = ", ".join(spec.keys), temp_table("new", spec)
        for kind in ("new", "take"):
            conn.execute(
                f"CREATE TEMP TABLE {temp_table(kind, spec)} ({keys},"
                f" PRIMARY KEY ({keys})) WITHOUT ROWID"
            )
        conn.execute(
            f"INSERT INTO temp.{new} SELECT {', '.join('s.' + k for k in spec.keys)}"
            f" FROM {SOURCE}.{spec.table} s WHERE NOT EXISTS (SELECT 1 FROM main.{spec.table} t"
            f" WHERE {cols.key_match('t', 's')})"
        )
        added = conn.execute(f"SELECT count(*) FROM temp.{new}").fetchone()[0]
        self._count(spec.kind, added=added)
        if spec.table == "evidence" and added:
            self._renumber()
        elif spec.table == "finding" and added:
            self._renumber_findings()
        names, width = cols.values, len(cols.values) + 1
        differing = conn.execute(
            f"SELECT {cols.select('s')}, {dot_sql('s', '?')}, {cols.select('t')},"
            f" {dot_sql('t', '?')} FROM {SOURCE}.{spec.table} s JOIN main.{spec.table} t"
            f" ON {cols.key_match('t', 's')} WHERE NOT ({cols.same_values('s', 't')})",
            [self.ctx.source_replica, self.ctx.target_replica],
        )
        take = []
        for row in differing:
            source = RowVersion(dict(zip(names, row[: width - 1])), row[width - 1])
            target = RowVersion(dict(zip(names, row[width:-1])), row[-1])
            if self._decide(spec, source, target):
                take.append([source.values[k] for k in spec.keys])
            if len(take) >= _BATCH:
                self._store_take(spec, take)
                self.check_cancelled()
        self._store_take(spec, take)

    def _store_take(self, spec: MergeTable, keys: list) -> None:
        marks = ", ".join("?" * len(spec.keys))
        self.conn.executemany(f"INSERT INTO temp.{temp_table('take', spec)} VALUES ({marks})", keys)
        keys.clear()

    def _renumber(self) -> None:
        """Give incoming items whose ref is taken here by another item the author's next ref."""
        conn = self.conn
        conn.execute(
            f"CREATE TEMP TABLE {renumber_table('evidence')}"
            " (id TEXT PRIMARY KEY, ref TEXT NOT NULL)"
        )
        clashes = conn.execute(
            f"SELECT s.id, s.ref, s.author FROM temp.merge_new_evidence n JOIN {SOURCE}.evidence s"
            " ON s.id = n.id JOIN main.evidence t ON t.ref = s.ref"
            " ORDER BY s.author, s.ref, s.id"
        ).fetchall()
        highest: dict[str, int] = {}
        for evidence_id, old_ref, author in clashes:
            if author not in highest:
                highest[author] = max(
                    _highest_number(conn, "main", author), _highest_number(conn, SOURCE, author)
                )
            highest[author] += 1
            new_ref = format_ref(author, highest[author])
            self.renumbered.append(RefRenumbering(evidence_id, old_ref, new_ref))
            conn.execute(
                f"INSERT INTO temp.{renumber_table('evidence')} VALUES (?, ?)",
                [evidence_id, new_ref],
            )

    def _renumber_findings(self) -> None:
        """Give incoming findings whose ref is taken here by another finding the next refs
        after the highest in either file, in the order they were made (then by id)."""
        conn, table = self.conn, renumber_table("finding")
        conn.execute(f"CREATE TEMP TABLE {table} (id TEXT PRIMARY KEY, ref TEXT NOT NULL)")
        clashes = conn.execute(
            f"SELECT s.id, s.ref FROM temp.merge_new_finding n JOIN {SOURCE}.finding s"
            " ON s.id = n.id JOIN main.finding t ON t.ref = s.ref"
            " ORDER BY s.created_at, s.id"
        ).fetchall()
        if not clashes:
            return
        highest = max(highest_finding_number(conn, "main"), highest_finding_number(conn, SOURCE))
        for finding_id, old_ref in clashes:
            highest += 1
            new_ref = format_finding_ref(highest)
            self.renumbered.append(RefRenumbering(finding_id, old_ref, new_ref, "finding"))
            conn.execute(f"INSERT INTO temp.{table} VALUES (?, ?)", [finding_id, new_ref])

    # -- small tables, in Python ----------------------------------------------------
    def _small(self, spec: MergeTable) -> None:
        cols, ctx = self.ctx.columns[spec.table], self.ctx
        mine = {
            row_key(spec, v.values): v
            for v in versions(self.conn, cols, "main", ctx.target_replica)
        }
        final = dict(mine)
        writes: dict[str, tuple[RowVersion, bool]] = {}
        for source in versions(self.conn, cols, SOURCE, ctx.source_replica):
            key = row_key(spec, source.values)
            target = mine.get(key)
            if target is None:
                self._count(spec.kind, added=1)
                final[key] = source
                writes[key] = (source, False)
            elif not source.same_values(target) and self._decide(spec, source, target):
                final[key] = source
                writes[key] = (source, True)
        self._settle_clashes(spec, mine, final, writes)
        if spec.table == "judgment":
            self._reopen_reviewed(mine, writes)
        self.small_targets[spec.table] = mine
        self.small_writes[spec.table] = writes

    def _reopen_reviewed(self, mine, writes) -> None:
        """A reviewed judgment whose grade or rationale a merge changes is a draft again,
        as in the app: the review was of what it said before."""
        for key, (version, exists) in list(writes.items()):
            before = mine.get(key)
            if (
                before is None
                or before.deleted
                or version.deleted
                or before.values.get("status") != JudgmentStatus.REVIEWED.value
                or version.values.get("status") != JudgmentStatus.REVIEWED.value
                or (before.values.get("grade_id"), before.values.get("rationale"))
                == (version.values.get("grade_id"), version.values.get("rationale"))
            ):
                continue
            when = time_after(self.now, version.updated_at, before.updated_at)
            # A draft has no reviewer: the sign-off was of what it said before.
            draft = RowVersion(
                dict(
                    version.values,
                    status=JudgmentStatus.DRAFT.value,
                    updated_at=when,
                    reviewed_by=None,
                    reviewed_at=None,
                ),
                self.ctx.target_replica,
            )
            writes[key] = (draft, exists)
            self.own_writes.append(("judgment", key, draft, "reopened"))

    def _settle_clashes(self, spec, mine, final, writes) -> None:
        """Live rows sharing a value that must be unique: the later stays, the others are
        removed (and kept as conflicts)."""
        groups: dict[str, list[str]] = {}
        for key, version in final.items():
            if not version.deleted:
                groups.setdefault(unique_value(spec, version.values), []).append(key)
        for keys in groups.values():
            if len(keys) < 2:
                continue
            kept = winner(final[k] for k in keys)
            for key in sorted(keys):
                loser = final[key]
                if loser is kept:
                    continue
                removed = removed_by_clash(loser, self.ctx.target_replica)
                self.own_writes.append((spec.table, key, removed, "removed"))
                before = mine.get(key)
                if before is not None and not before.deleted:
                    # Live here before the merge, removed after it.
                    self._count(spec.kind, deleted=1, updated=0 if loser is before else -1)
                writes[key] = (removed, before is not None)
                self._conflict(spec, key, removed, loser)

    # -- conflicts recorded in the source ---------------------------------------------
    def _carried_conflicts(self) -> None:
        pending = self._pending
        rows = self.conn.execute(
            f"SELECT s.entity, s.row_key, s.other_json FROM {SOURCE}.merge_conflict s"
            " WHERE NOT EXISTS (SELECT 1 FROM main.merge_conflict t WHERE t.entity = s.entity"
            " AND t.row_key = s.row_key AND t.other_json = s.other_json)"
        ).fetchall()
        self.carried = [tuple(r) for r in rows if tuple(r) not in pending]


def _highest_number(conn: sqlite3.Connection, schema: str, author: str) -> int:
    """The highest ref number ``author`` has in a file (deleted items included)."""
    highest = conn.execute(
        f"SELECT max(CAST(substr(ref, ?) AS INTEGER)) FROM {schema}.evidence"
        " WHERE ref >= ? AND ref < ?",
        [len(author) + 2, author + "-", author + "."],
    ).fetchone()[0]
    return highest or 0
