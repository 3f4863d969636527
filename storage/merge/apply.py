"""Writing a computed merge into the target, inside the merge's one transaction.

New rows and winning versions are copied in set-wise SQL straight from the
attached source (the search-index triggers keep full-text search in step; new question
links get their scope rows and question order set-wise too);
small tables are written row by row. Every version written is stamped with the
copy it came from, losing versions go to ``merge_conflict``, conflicts already
recorded in the source are taken in too, renumbered refs go to ``ref_change``,
and the target remembers how far it has taken in the source (``replica_sync``)
and logs the merge (``merge_log``).
"""

from __future__ import annotations

import json

from models.merging.outcome import MergePlan
from models.records import new_id
from storage.merge.plan import RENUMBERED, MergeWork, renumber_table, temp_table
from storage.merge.source import SOURCE
from storage.merge.tables import MERGE_TABLES, ORIGIN_COLUMNS, MergeTable, dot_sql, key_values
from storage.repositories.evidence_bulk import keep_up_new_links
from storage.repositories.judgment_repository import REOPENED_REASON


def write_merge(work: MergeWork, plan: MergePlan, now: str) -> str:
    """Write everything ``work`` decided; returns the id of the merge-log entry."""
    conn, steps = work.conn, len(MERGE_TABLES) + 1
    _copy_attachment_content(work)
    for done, spec in enumerate(MERGE_TABLES):
        work.check_cancelled()
        work.progress(f"Writing {spec.kind.label.lower()}", done, steps)
        if spec.small:
            _write_small(work, spec)
        else:
            _write_bulk(work, spec)
    work.progress("Recording the merge", steps - 1, steps)
    _write_conflicts(work, now)
    _write_ref_changes(work, now)
    _write_history(work, now)
    _advance_marks(work, now)
    log_id = new_id()
    conn.execute(
        "INSERT INTO main.merge_log (id, merged_at, source_path, source_replica,"
        " summary_json) VALUES (?, ?, ?, ?, ?)",
        [
            log_id,
            now,
            str(work.ctx.source_path),
            work.ctx.source_replica,
            json.dumps(plan.summary(), sort_keys=True),
        ],
    )
    work.progress("Merged", steps, steps)
    return log_id


def _copy_attachment_content(work: MergeWork) -> None:
    """Bring the content of the source's attachments that this file does not hold yet.

    Content is keyed by its fingerprint, so content both copies hold (the same
    file attached in each) is stored once; it must be here before the rows
    that refer to it.
    """
    work.conn.execute(
        "INSERT OR IGNORE INTO main.attachment_content (sha256, size, data)"
        f" SELECT s.sha256, s.size, s.data FROM {SOURCE}.attachment_content s"
        f" WHERE s.sha256 IN (SELECT sha256 FROM {SOURCE}.attachment) AND NOT EXISTS"
        " (SELECT 1 FROM main.attachment_content t WHERE t.sha256 = s.sha256)"
    )


def _write_bulk(work: MergeWork, spec: MergeTable) -> None:
    conn, cols = work.conn, work.ctx.columns[spec.table]
    copied = [c for c in cols.all if c not in ORIGIN_COLUMNS]
    renumber = spec.table in RENUMBERED and any(r.entity == spec.table for r in work.renumbered)
    renumbered = (
        f" LEFT JOIN temp.{renumber_table(spec.table)} r ON r.id = s.id" if renumber else ""
    )
    # An item's place in framework order is this file's own: its links, merged next, set it.
    chosen = [
        "coalesce(r.ref, s.ref)"
        if c == "ref" and renumber
        else "NULL"
        if c == "question_order"
        else f"s.{c}"
        for c in copied
    ]
    origin = dot_sql("s", "?")
    # New question links hold back their per-link triggers (scope, question order) and
    # get those rows set-wise afterwards: a copy can bring a hundred thousand links.
    links = spec.table == "evidence_question"
    if links:
        conn.execute("UPDATE main.history_context SET bulk = 1 WHERE id = 1")
    conn.execute(
        f"INSERT INTO main.{spec.table} ({', '.join(copied)}, {', '.join(ORIGIN_COLUMNS)})"
        f" SELECT {', '.join(chosen)}, {origin}, s.updated_at FROM temp.{temp_table('new', spec)} n"
        f" JOIN {SOURCE}.{spec.table} s ON {cols.key_match('n', 's')}{renumbered}",
        [work.ctx.source_replica],
    )
    if links:
        conn.execute("UPDATE main.history_context SET bulk = 0 WHERE id = 1")
        new = temp_table("new", spec)
        keep_up_new_links(conn, f"SELECT evidence_id, question_id FROM temp.{new}")
    work.check_cancelled()
    assignments = ", ".join(f"{c} = s.{c}" for c in cols.data)
    conn.execute(
        f"UPDATE main.{spec.table} AS x SET {assignments}, origin_replica = {origin},"
        f" origin_updated_at = s.updated_at FROM temp.{temp_table('take', spec)} m"
        f" JOIN {SOURCE}.{spec.table} s ON {cols.key_match('m', 's')}"
        f" WHERE {cols.key_match('x', 's')}",
        [work.ctx.source_replica],
    )


def _write_small(work: MergeWork, spec: MergeTable) -> None:
    """Row by row, removals first, so a value unique among live rows is free when reused."""
    conn, cols = work.conn, work.ctx.columns[spec.table]
    writes = work.small_writes.get(spec.table, {})
    ordered = sorted(writes.items(), key=lambda item: (not item[1][0].deleted, item[0]))
    for key, (version, exists) in ordered:
        values = dict(version.values)
        own = version.replica == work.ctx.target_replica
        origin = [None, None] if own else [version.replica, version.updated_at]
        if exists:
            sets = ", ".join(f"{c} = ?" for c in cols.data + ORIGIN_COLUMNS)
            where = " AND ".join(f"{k} = ?" for k in spec.keys)
            conn.execute(
                f"UPDATE main.{spec.table} SET {sets} WHERE {where}",
                [values[c] for c in cols.data] + origin + key_values(spec, key),
            )
        else:
            names = list(cols.values) + list(ORIGIN_COLUMNS)
            conn.execute(
                f"INSERT INTO main.{spec.table} ({', '.join(names)}) VALUES"
                f" ({', '.join('?' * len(names))})",
                [values[c] for c in cols.values] + origin,
            )


def _write_conflicts(work: MergeWork, now: str) -> None:
    conn = work.conn
    conn.executemany(
        "INSERT OR IGNORE INTO main.merge_conflict (id, entity, row_key, current_json,"
        " other_json, other_replica, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                new_id(),
                p.spec.table,
                p.key,
                p.current.canonical,
                p.other.canonical,
                p.other.replica,
                now,
            )
            for p in work.conflicts
        ],
    )
    # Conflicts found in the source travel too: no losing version stays behind in a copy.
    conn.execute(
        "INSERT OR IGNORE INTO main.merge_conflict (id, entity, row_key, current_json,"
        " other_json, other_replica, detected_at, resolved_at, resolution)"
        " SELECT s.id, s.entity, s.row_key, s.current_json, s.other_json, s.other_replica,"
        f" s.detected_at, s.resolved_at, s.resolution FROM {SOURCE}.merge_conflict s"
        " WHERE NOT EXISTS (SELECT 1 FROM main.merge_conflict t WHERE t.entity = s.entity"
        " AND t.row_key = s.row_key AND t.other_json = s.other_json)"
    )
    conn.execute(
        "UPDATE main.merge_conflict AS t SET resolved_at = s.resolved_at,"
        f" resolution = s.resolution FROM {SOURCE}.merge_conflict s WHERE t.entity = s.entity"
        " AND t.row_key = s.row_key AND t.other_json = s.other_json AND t.resolved_at IS NULL"
        " AND s.resolved_at IS NOT NULL"
    )


_HISTORY_COLUMNS = (
    "id, changed_at, actor, reason, replica_id, entity, entity_id, action, field,"
    " old_value, new_value, related_id"
)


def _write_history(work: MergeWork, now: str) -> None:
    """Take in the source's own change history (rows are never changed, so a set union),
    and record the merge itself; the merge's writes are not recorded row by row because
    the history they come from arrives with them."""
    conn = work.conn
    conn.execute(
        f"INSERT OR IGNORE INTO main.history ({_HISTORY_COLUMNS})"
        f" SELECT {_HISTORY_COLUMNS} FROM {SOURCE}.history"
    )
    conn.execute(
        f"INSERT INTO main.history ({_HISTORY_COLUMNS}) SELECT ?, ?, actor, '',"
        " ?, 'inspection', (SELECT id FROM main.inspection), 'merged', 'copy', NULL,"
        " ?, ? FROM main.history_context WHERE id = 1",
        [
            new_id(),
            now,
            work.ctx.target_replica,
            work.ctx.source_path.name,
            work.ctx.source_replica,
        ],
    )
    # Versions the merge itself writes as this file's own carry their own history,
    # like every change made here (the team is not in the history).
    for table, key, version, what in work.own_writes:
        if table != "judgment":
            continue
        row: tuple[str, str | None, str | None, str | None, str]
        if what == "reopened":
            row = ("changed", "status", "reviewed", "draft", REOPENED_REASON)
            reviewer = work.small_targets["judgment"][key].values.get("reviewed_by")
            if reviewer is not None:
                _write_own_change(work, key, version, "reviewed_by", reviewer)
        else:
            row = (
                "deleted",
                None,
                None,
                None,
                "Another judgment of the same question was "
                f"kept when {work.ctx.source_path.name} was merged",
            )
        action, field, old, new, reason = row
        conn.execute(
            f"INSERT INTO main.history ({_HISTORY_COLUMNS}) SELECT ?, ?, actor, ?, ?,"
            " 'judgment', ?, ?, ?, ?, ?, NULL FROM main.history_context WHERE id = 1",
            [
                new_id(),
                version.updated_at,
                reason,
                work.ctx.target_replica,
                key,
                action,
                field,
                old,
                new,
            ],
        )


def _write_own_change(work: MergeWork, key: str, version, field: str, old: object) -> None:
    """The history of a judgment's sign-off the merge took away (it went back to draft)."""
    work.conn.execute(
        f"INSERT INTO main.history ({_HISTORY_COLUMNS}) SELECT ?, ?, actor, ?, ?,"
        " 'judgment', ?, 'changed', ?, ?, NULL, NULL FROM main.history_context WHERE id = 1",
        [new_id(), version.updated_at, REOPENED_REASON, work.ctx.target_replica, key, field, old],
    )


def _write_ref_changes(work: MergeWork, now: str) -> None:
    """Record each renumbering where the file keeps them, and a finding's in its history
    too (the history a merge brings names the finding by its ref before it)."""
    name = work.ctx.source_path.name
    for entity, table in (("evidence", "ref_change"), ("finding", "finding_ref_change")):
        changes = [
            (
                r.row_id,
                r.old_ref,
                r.new_ref,
                now,
                f"{r.old_ref} was already used here by another {r.noun} when {name} was merged",
            )
            for r in work.renumbered
            if r.entity == entity
        ]
        work.conn.executemany(
            f"INSERT OR IGNORE INTO main.{table} ({entity}_id, old_ref, new_ref, changed_at,"
            " reason) VALUES (?, ?, ?, ?, ?)",
            changes,
        )
        if entity == "finding":
            work.conn.executemany(
                f"INSERT INTO main.history ({_HISTORY_COLUMNS}) SELECT ?, ?, actor, ?, ?,"
                " 'finding', ?, 'changed', 'ref', ?, ?, NULL FROM main.history_context"
                " WHERE id = 1",
                [
                    (new_id(), now, reason, work.ctx.target_replica, row_id, old, new)
                    for row_id, old, new, _, reason in changes
                ],
            )


def _advance_marks(work: MergeWork, now: str) -> None:
    """Remember the newest version written in the source that has now been taken in, and
    what the source itself had taken in from other copies."""
    conn, ctx = work.conn, work.ctx
    newest = ""
    for spec in MERGE_TABLES:
        found = conn.execute(
            f"SELECT max(r.updated_at) FROM {SOURCE}.{spec.table} r WHERE {dot_sql('r', '?')} = ?",
            [ctx.source_replica, ctx.source_replica],
        ).fetchone()[0]
        newest = max(newest, found or "")
    marks = dict(ctx.source_marks)
    marks[ctx.source_replica] = newest
    for replica, mark in marks.items():
        if replica == ctx.target_replica:
            continue
        # target_mark: when this file last took in that copy directly (now, for the source).
        refresh = ", target_mark = excluded.target_mark" if replica == ctx.source_replica else ""
        conn.execute(
            "INSERT INTO main.replica_sync (replica_id, source_mark, target_mark) VALUES (?, ?, ?)"
            " ON CONFLICT (replica_id) DO UPDATE SET"
            f" source_mark = max(source_mark, excluded.source_mark){refresh}",
            [replica, mark, now],
        )
