"""Holding the rows of a file to the app's rules (``models.stored_values.rules``), table by table.

Used by ``check`` on a whole file and by merging on the rows a copy brings.
Each problem names its table, the row's key, the column and the value (shown
escaped and cut short, since it may be anything), so the person can find it.
Attached file content is never loaded whole: its type is read in SQL and its
fingerprint checked a chunk at a time elsewhere.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Iterator, Sequence, cast

from models.stored_values.rules import RULES, row_problems
from models.stored_values.safe_text import escaped
from storage.merge.tables import BY_TABLE, LOCAL_COLUMNS, ORIGIN_COLUMNS, table_columns

#: Each checked table's key, as the problem names the row.
KEYS = {
    "evidence_question": ("evidence_id", "question_id"),
    "finding_evidence": ("finding_id", "evidence_id"),
    "case_answer": ("case_file_id", "item_id"),
    "attachment_content": ("sha256",),
    "replica_sync": ("replica_id",),
}
#: Read in SQL instead of whole (content can be hundreds of megabytes).
_SQL_FOR = {
    (
        "attachment_content",
        "data",
    ): "CASE typeof(r.data) WHEN 'blob' THEN x'' ELSE substr(r.data, 1, 200) END"
}
_CONFLICT_JSON = ("current_json", "other_json")


@dataclass(frozen=True)
class RowProblem:
    """One value of one row that breaks the app's rules."""

    table: str
    key: str
    column: str
    value: object
    reason: str

    @property
    def message(self) -> str:
        return (
            f"{self.table} {escaped(self.key, 80)}, {self.column} "
            f"{escaped(self.value, 60)}: {self.reason}"
        )


def key_of(table: str, row: dict) -> str:
    return "/".join(str(row.get(k)) for k in KEYS.get(table, ("id",)))


def table_problems(
    conn: sqlite3.Connection, schema: str, table: str, where: str = "", params: Sequence = ()
) -> Iterator[RowProblem]:
    """Every rule broken by the rows of ``schema.table`` (``where`` on alias ``r``)."""
    rules = RULES.get(table, {})
    columns = [c for c in table_columns(conn, schema, table) if c in rules]
    if not columns:
        return
    selected = ", ".join(_SQL_FOR.get((table, c), f"r.{c}") for c in columns)
    # Hundreds of thousands of rows can arrive at once: each value goes straight to its
    # rule, and a row is looked at more closely only when one of them finds something.
    checks = [(i, rules[c]) for i, c in enumerate(columns)]
    conflicts = table == "merge_conflict"
    for values in conn.execute(f"SELECT {selected} FROM {schema}.{table} r {where}", params):
        if not conflicts and all(rule(values[i]) is None for i, rule in checks):
            continue
        row = dict(zip(columns, values))
        key = key_of(table, row)
        for column, reason in row_problems(table, row):
            yield RowProblem(table, key, column, row[column], reason)
        if conflicts:
            yield from _conflict_problems(conn, schema, key, row)


def _conflict_problems(conn, schema: str, key: str, row: dict) -> Iterator[RowProblem]:
    """A kept-aside version must be a row its table could hold: it may be written back."""
    spec = BY_TABLE.get(cast(str, row.get("entity")))
    if spec is None:
        return  # the entity itself is reported
    columns = [
        c
        for c in table_columns(conn, schema, spec.table)
        if c not in ORIGIN_COLUMNS and c not in LOCAL_COLUMNS.get(spec.table, ())
    ]
    rules = RULES.get(spec.table, {})
    parts = str(row.get("row_key") or "").split("/")
    for name in _CONFLICT_JSON:
        text = row.get(name)
        if not isinstance(text, str):
            continue  # reported by the rules
        try:
            version = json.loads(text)
        except ValueError:
            yield RowProblem("merge_conflict", key, name, text, "is not JSON")
            continue
        if not isinstance(version, dict) or set(version) != set(columns):
            yield RowProblem(
                "merge_conflict", key, name, text, f"is not a version of a row of {spec.table}"
            )
            continue
        if [str(version.get(k)) for k in spec.keys] != parts:
            yield RowProblem(
                "merge_conflict",
                key,
                name,
                text,
                "is a version of another row than the conflict names",
            )
            continue
        for column, value in version.items():
            reason = rules[column](value) if column in rules else None
            if reason is not None:
                yield RowProblem("merge_conflict", key, f"{name} {column}", value, reason)
