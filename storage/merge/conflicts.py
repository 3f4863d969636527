"""Conflicts left by merging: listing them, and resolving each by keeping one version.

A conflict is a row changed in two copies: the version the merge made current
and the other one, kept aside so nothing is lost. Keeping "other" writes the
other version back as current with a new ``updated_at`` (so it wins from then
on, in every copy it reaches); the version it replaces is itself kept as a
resolved conflict. Each resolution is one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import cast

from models.merging.outcome import Conflict
from models.merging.rules import RowVersion, canonical_json, time_after
from models.records import new_id, utc_now
from models.stored_values.rules import row_problems
from models.vocabulary import FindingKind
from storage.file.inspection_file import InspectionFile
from storage.merge.errors import ConflictError
from storage.merge.tables import BY_TABLE, Columns, key_values, table_columns, versions

_SELECT = (
    "SELECT id, entity, row_key, current_json, other_json, other_replica, detected_at,"
    " resolved_at, resolution FROM main.merge_conflict"
)
KEEP = ("current", "other")


def _lookup(conn, schemas, sql: str, value) -> str | None:
    for schema in schemas:
        row = conn.execute(sql.format(schema=schema), [value]).fetchone()
        if row:
            return row[0]
    return None


def describe(
    conn: sqlite3.Connection, entity: str, values: dict, schemas: tuple[str, ...] = ("main",)
) -> str:
    """What a row is, for people: a ref, a question code, initials."""

    def code(question_id):
        return (
            _lookup(conn, ("main",), "SELECT code FROM {schema}.question WHERE id = ?", question_id)
            or "?"
        )

    def ref(evidence_id):
        return (
            _lookup(conn, schemas, "SELECT ref FROM {schema}.evidence WHERE id = ?", evidence_id)
            or "an evidence item"
        )

    def finding_ref(finding_id):
        # A finding merged in a preview is not here yet: its ref is the copy's.
        return _lookup(conn, schemas, "SELECT ref FROM {schema}.finding WHERE id = ?", finding_id)

    def short(text) -> str:
        text = " ".join(str(text or "").split())
        return text if len(text) <= 60 else text[:57] + "…"

    if entity == "team_member":
        return f"team member {values.get('initials')} ({values.get('name')})"
    if entity == "evidence":
        return f"evidence {ref(values.get('id'))}: {short(values.get('summary'))}"
    if entity == "evidence_question":
        return (
            f"link of {ref(values.get('evidence_id'))} to question "
            f"{code(values.get('question_id'))}"
        )
    if entity == "attachment":
        return f'attachment "{values.get("name")}" of {ref(values.get("evidence_id"))}'
    if entity == "finding":
        try:
            kind = FindingKind(cast(str, values.get("kind"))).label.lower()
        except ValueError:
            kind = "finding"
        named = f"{kind} {finding_ref(values.get('id')) or ''}".rstrip()
        return f"{named} under {code(values.get('question_id'))}: {short(values.get('statement'))}"
    if entity == "finding_evidence":
        question = _lookup(
            conn,
            schemas,
            "SELECT question_id FROM {schema}.finding WHERE id = ?",
            values.get("finding_id"),
        )
        linked = finding_ref(values.get("finding_id"))
        named = f"finding {linked}" if linked else "the finding"
        return f"link of {named} under {code(question)} to {ref(values.get('evidence_id'))}"
    if entity == "judgment":
        question = values.get("question_id")
        return f"judgment of question {code(question)}" if question else "overall judgment"
    if entity == "indicator":
        return f"indicator {short(values.get('name'))} ({short(values.get('period'))})"
    if entity in ("checklist", "checklist_item"):
        return f"{entity.replace('_', ' ')} {short(values.get('title') or values.get('prompt'))}"
    if entity == "case_file":
        return f"review of case file {short(values.get('case_reference'))}"
    if entity == "case_answer":
        return f"answer {short(values.get('value'))} in a reviewed case file"
    if entity == "case_review_evidence":
        return "link of evidence to a case-file review result"
    if entity == "review_note":
        return f"review note by {values.get('author')}: {short(values.get('body'))}"
    return f"{entity} {values.get('id', '')}"


def source_name(
    conn: sqlite3.Connection,
    replica: str | None,
    own_replica: str,
    preview: tuple[str, str] | None = None,
) -> str:
    """Where a version came from, for people: "this file" or the file it was merged from."""
    if replica is None or replica == own_replica:
        return "this file"
    if preview and replica == preview[0]:
        return preview[1]
    found = conn.execute(
        "SELECT source_path FROM main.merge_log WHERE source_replica = ?"
        " ORDER BY merged_at DESC LIMIT 1",
        [replica],
    ).fetchone()
    return Path(found[0]).name if found else f"another copy ({replica[:8]})"


def _conflict(conn, row, own_replica: str) -> Conflict | None:
    """The conflict a row records; ``None`` for one this app cannot read (``check`` names
    it and ``check --repair`` removes it)."""
    cid, entity, key, current_json, other_json, other_replica, detected, resolved, how = row
    try:
        current, other = json.loads(current_json), json.loads(other_json)
        spec = BY_TABLE[entity]
    except (TypeError, ValueError, KeyError):
        return None
    if not isinstance(current, dict) or not isinstance(other, dict):
        return None
    return Conflict(
        spec.kind,
        entity,
        key,
        describe(conn, entity, current),
        current,
        other,
        other_replica,
        source_name(conn, other_replica, own_replica),
        cid,
        detected,
        resolved,
        how,
    )


def list_conflicts(target: InspectionFile, unresolved_only: bool = True) -> list[Conflict]:
    """Conflicts in the target, oldest first (only unresolved ones unless asked)."""
    where = " WHERE resolved_at IS NULL" if unresolved_only else ""
    conn, own = target.db.conn, target.inspection.replica_id
    rows = conn.execute(f"{_SELECT}{where} ORDER BY detected_at, entity, row_key").fetchall()
    return [c for r in rows if (c := _conflict(conn, r, own)) is not None]


def _find(conn, conflict_id: str):
    wanted = (conflict_id or "").strip().lower()
    if len(wanted) < 4:
        raise ConflictError(
            f"'{conflict_id}' is too short to name a conflict; give at least "
            "its first four characters."
        )
    rows = conn.execute(
        f"{_SELECT} WHERE id >= ? AND id < ? LIMIT 2", [wanted, wanted + "\uffff"]
    ).fetchall()
    if not rows:
        raise ConflictError(f"There is no conflict {conflict_id} in this inspection.")
    if len(rows) > 1 and rows[0][0] != wanted:
        raise ConflictError(
            f"More than one conflict starts with {conflict_id}; give more of its id."
        )
    return rows[0]


def resolve_conflict(target: InspectionFile, conflict_id: str, keep: str) -> Conflict:
    """Keep the current version, or write the other one back as current (a unique
    start of the conflict's id is enough)."""
    if keep not in KEEP:
        raise ConflictError(f"Keep 'current' or 'other', not '{keep}'.")
    own = target.inspection.replica_id
    with target.db.transaction() as conn:
        row = _find(conn, conflict_id)
        if row[7] is not None:
            raise ConflictError(f"Conflict {row[0][:8]} was already resolved ({row[8]}).")
        readable = _conflict(conn, row, own)
        if readable is None or row_problems(row[1], readable.other):
            raise ConflictError(
                f"Conflict {row[0][:8]} holds a version this app cannot use; "
                "check the file (main.py check FILE) and repair it."
            )
        now = utc_now()
        if keep == "other":
            _write_other(conn, row[1], row[2], readable.other, own, now)
        conn.execute(
            "UPDATE main.merge_conflict SET resolved_at = ?, resolution = ? WHERE id = ?",
            [now, f"kept {keep}", row[0]],
        )
        row = conn.execute(f"{_SELECT} WHERE id = ?", [row[0]]).fetchone()
    return readable if row is None else (_conflict(target.db.conn, row, own) or readable)


def _write_other(conn, entity: str, key: str, other: dict, own: str, now: str) -> None:
    spec = BY_TABLE[entity]
    cols = Columns(spec, table_columns(conn, "main", entity))
    keys = key_values(spec, key)
    where = " AND ".join(f"{k} = ?" for k in spec.keys)
    present = next(versions(conn, cols, "main", own, f"WHERE {where}", keys), None)
    if present is None:
        raise ConflictError(f"The {spec.kind.label.lower()} row of this conflict is missing.")
    now = time_after(now, present.updated_at, other.get("updated_at"))
    chosen = dict(other, updated_at=now)
    _keep_aside(
        conn,
        entity,
        key,
        canonical_json(chosen),
        present,
        "replaced by the other version when a conflict was resolved",
        now,
        resolved=True,
    )
    if spec.unique_live and chosen.get("deleted_at") is None:
        value = chosen.get(spec.unique_live)
        for clash in versions(
            conn,
            cols,
            "main",
            own,
            f"WHERE {spec.unique_live} IS ? AND deleted_at IS NULL",
            [value],
        ):
            clash_key = "/".join(str(clash.values[k]) for k in spec.keys)
            if clash_key == key:
                continue
            gone = time_after(now, clash.updated_at)
            removed = dict(clash.values, deleted_at=gone, updated_at=gone)
            _keep_aside(
                conn, entity, clash_key, canonical_json(removed), clash, None, now, resolved=False
            )
            conn.execute(
                f"UPDATE main.{entity} SET deleted_at = ?, updated_at = ?,"
                f" origin_replica = NULL, origin_updated_at = NULL WHERE {where}",
                [gone, gone, *key_values(spec, clash_key)],
            )
    sets = ", ".join(f"{c} = ?" for c in cols.data)
    conn.execute(
        f"UPDATE main.{entity} SET {sets}, origin_replica = NULL,"
        f" origin_updated_at = NULL WHERE {where}",
        [chosen.get(c) for c in cols.data] + keys,
    )


def _keep_aside(
    conn,
    entity,
    key,
    current_json: str,
    version: RowVersion,
    resolution: str | None,
    now: str,
    resolved: bool,
) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO main.merge_conflict (id, entity, row_key, current_json,"
        " other_json, other_replica, detected_at, resolved_at, resolution)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            new_id(),
            entity,
            key,
            current_json,
            version.canonical,
            version.replica,
            now,
            now if resolved else None,
            resolution,
        ],
    )
