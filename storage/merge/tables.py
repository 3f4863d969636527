"""The tables a merge carries and how their rows are read as versions.

Each merged table is described once: its key (rows are matched by id, links
by their pair of ids, never by text), which column must be unique among live
rows, and whether it is small enough to merge in Python. The data columns are
read from the schema itself, so a column added by a later migration travels
without anyone remembering to list it here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Iterator, Mapping, Sequence, cast

from models.merging.outcome import MergeKind
from models.merging.rules import RowVersion

#: Columns that say where a version came from; they never travel as data.
ORIGIN_COLUMNS = ("origin_replica", "origin_updated_at")
#: The evidence ref is this file's own name for an item (renumbered on a clash);
#: its question order is worked out in each file from the item's links.
LOCAL_COLUMNS = {"evidence": ("ref", "question_order"), "finding": ("ref",)}


@dataclass(frozen=True)
class MergeTable:
    table: str
    kind: MergeKind
    keys: tuple[str, ...]
    #: The column whose value must be unique among live rows (small tables only;
    #: NULL counts as one value, as the schema's index has it).
    unique_live: str | None = None
    #: Merged in Python row by row (a handful of rows) rather than in bulk SQL.
    small: bool = False


#: In merge order: a row's references are always merged before it.
MERGE_TABLES = (
    MergeTable("team_member", MergeKind.TEAM, ("id",), unique_live="initials", small=True),
    MergeTable("evidence", MergeKind.EVIDENCE, ("id",)),
    MergeTable("evidence_question", MergeKind.EVIDENCE_LINKS, ("evidence_id", "question_id")),
    # Attachment content is copied before these rows (see ``merge_apply``).
    MergeTable("attachment", MergeKind.ATTACHMENTS, ("id",)),
    MergeTable("finding", MergeKind.FINDINGS, ("id",)),
    MergeTable("finding_evidence", MergeKind.FINDING_LINKS, ("finding_id", "evidence_id")),
    MergeTable("judgment", MergeKind.JUDGMENTS, ("id",), unique_live="question_id", small=True),
    # After what notes are about; a reply after the note it answers is not needed: the
    # rows of one table are written in one statement.
    MergeTable("review_note", MergeKind.REVIEW_NOTES, ("id",)),
    # After the evidence an indicator may have been made into.
    MergeTable("indicator", MergeKind.INDICATORS, ("id",)),
    # Case-file review, each after what it points at. Two live reviews of one case file
    # under one checklist share a review key: the later stays, the other is a conflict.
    MergeTable("checklist", MergeKind.CHECKLISTS, ("id",)),
    MergeTable("checklist_item", MergeKind.CHECKLIST_ITEMS, ("id",)),
    MergeTable("case_file", MergeKind.CASE_FILES, ("id",), unique_live="review_key", small=True),
    MergeTable("case_answer", MergeKind.CASE_ANSWERS, ("case_file_id", "item_id")),
    MergeTable("case_review_evidence", MergeKind.RESULT_EVIDENCE, ("id",)),
)
BY_TABLE = {t.table: t for t in MERGE_TABLES}


def unique_value(spec: MergeTable, values: Mapping[str, object]) -> str:
    return str(values.get(cast(str, spec.unique_live)) or "")


def table_columns(conn: sqlite3.Connection, schema: str, table: str) -> tuple[str, ...]:
    return tuple(r[1] for r in conn.execute(f"PRAGMA {schema}.table_info({table})"))


@dataclass(frozen=True)
class Columns:
    """The columns of one merged table, as this schema has them."""

    spec: MergeTable
    all: tuple[str, ...]

    @property
    def values(self) -> tuple[str, ...]:
        """Key and data columns: what a version is (and what conflicts record)."""
        local = LOCAL_COLUMNS.get(self.spec.table, ())
        return tuple(c for c in self.all if c not in ORIGIN_COLUMNS and c not in local)

    @property
    def data(self) -> tuple[str, ...]:
        return tuple(c for c in self.values if c not in self.spec.keys)

    def key_match(self, left: str, right: str) -> str:
        return " AND ".join(f"{left}.{k} = {right}.{k}" for k in self.spec.keys)

    def same_values(self, left: str, right: str) -> str:
        return " AND ".join(f"{left}.{c} IS {right}.{c}" for c in self.data)

    def select(self, alias: str) -> str:
        return ", ".join(f"{alias}.{c}" for c in self.values)


def dot_sql(alias: str, own_replica_param: str) -> str:
    """SQL for the replica a row's current version was written in.

    A merge stamps the version it writes with its origin and ``updated_at``; an
    edit in the app changes ``updated_at``, which makes the version this file's own.
    """
    return (
        f"(CASE WHEN {alias}.origin_replica IS NOT NULL AND {alias}.origin_updated_at"
        f" = {alias}.updated_at THEN {alias}.origin_replica ELSE {own_replica_param} END)"
    )


def row_key(spec: MergeTable, values: Mapping[str, object]) -> str:
    """The key of a row as one text: the id, or the two ids of a link joined by ``/``."""
    return "/".join(str(values[k]) for k in spec.keys)


def key_values(spec: MergeTable, key: str) -> list[str]:
    parts = key.split("/")
    if len(parts) != len(spec.keys):
        raise ValueError(f"'{key}' is not a key of {spec.table}")
    return parts


def versions(
    conn: sqlite3.Connection,
    columns: Columns,
    schema: str,
    own_replica: str,
    where: str = "",
    params: Sequence = (),
) -> Iterator[RowVersion]:
    """Every row of a table in ``schema`` (``main`` or the attached source) as a version."""
    names = columns.values
    sql = (
        f"SELECT {columns.select('r')}, {dot_sql('r', '?')} FROM {schema}."
        f"{columns.spec.table} r {where}"
    )
    for row in conn.execute(sql, [own_replica, *params]):
        yield RowVersion(dict(zip(names, row[:-1])), row[-1])
