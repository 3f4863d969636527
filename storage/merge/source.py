"""The other file of a merge: checking it may be merged, and reading it read-only.

Every check runs before anything is written: a missing file, a file that is
not an inspection, one from a newer app, one that is not what this app writes
(see :mod:`storage.merge.untrusted_copy`), a copy of another inspection or
framework, or the target itself are all refused with a message and both files
stay as they were. The checked private copy of the source is then attached to
the target's connection read-only, so one transaction sees both at one moment.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from models.records import Inspection
from models.stored_values.safe_text import escaped
from storage.file.file_access import file_uri
from storage.file.inspection_file import InspectionFile
from storage.merge.errors import (
    DifferentFrameworkError,
    DifferentInspectionError,
    SameCopyError,
    SchemaMismatchError,
)
from storage.merge.tables import MERGE_TABLES, Columns, table_columns
from storage.merge.untrusted_copy import CheckedCopy, checked_copy

#: The name the source file is attached under while merging.
SOURCE = "merge_src"


@contextmanager
def checked_source(target: InspectionFile, source_path: Path) -> Iterator[CheckedCopy]:
    """The checked private copy of the source, or a :class:`MergeRefusedError` saying why not."""
    path = Path(source_path)
    try:
        same_file = path.exists() and path.samefile(target.path)
    except OSError:
        same_file = False
    if same_file:
        raise SameCopyError(
            f"{path} is {target.path.name} itself; choose another copy "
            "of the inspection to merge into it."
        )
    with checked_copy(path) as copy:
        info, mine = copy.inspection, target.inspection
        if info.id != mine.id:
            raise DifferentInspectionError(
                f'{path} holds another inspection ("{escaped(info.title)}"), not a copy of '
                f'"{mine.title}"; only copies of the same inspection can be merged.'
            )
        if (info.framework_id, info.framework_version) != (
            mine.framework_id,
            mine.framework_version,
        ):
            raise DifferentFrameworkError(
                f"{path} uses framework {escaped(info.framework_id)} version "
                f"{escaped(info.framework_version)}, but {target.path.name} uses "
                f"{mine.framework_id} version {mine.framework_version}; copies on different "
                "frameworks cannot be merged."
            )
        if info.replica_id == mine.replica_id:
            raise SameCopyError(
                f"{path} is a plain file copy of {target.path.name} (the same "
                "copy of the inspection); there is nothing to merge."
            )
        yield copy


@contextmanager
def attached(target: InspectionFile, source_path: Path) -> Iterator[sqlite3.Connection]:
    """The target's connection with the source attached read-only as ``merge_src``."""
    conn = target.db.conn
    conn.execute(f"ATTACH DATABASE ? AS {SOURCE}", [file_uri(source_path, mode="ro")])
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.execute(f"DETACH DATABASE {SOURCE}")


def read_marks(conn: sqlite3.Connection, schema: str) -> dict[str, str]:
    """How far a file has taken in each other copy: replica → newest version time seen."""
    return dict(conn.execute(f"SELECT replica_id, source_mark FROM {schema}.replica_sync"))


@dataclass(frozen=True)
class MergeContext:
    """Both sides of one merge, read at the start of its transaction."""

    target: InspectionFile
    source_path: Path
    source: Inspection
    mine: Inspection
    target_marks: dict[str, str]
    source_marks: dict[str, str]
    columns: dict[str, Columns]

    @property
    def target_replica(self) -> str:
        return self.mine.replica_id

    @property
    def source_replica(self) -> str:
        return self.source.replica_id


def load_context(
    conn: sqlite3.Connection, target: InspectionFile, source_path: Path, source: Inspection
) -> MergeContext:
    """Everything a merge needs to know about both files; refuses different schemas."""
    columns = {}
    for spec in MERGE_TABLES:
        mine, theirs = (table_columns(conn, s, spec.table) for s in ("main", SOURCE))
        if set(mine) != set(theirs):
            raise SchemaMismatchError(
                f"{source_path} and {target.path.name} were saved by different versions of "
                "Evidence Review; open both in the same version of the app, then merge."
            )
        columns[spec.table] = Columns(spec, mine)
    return MergeContext(
        target,
        Path(source_path),
        source,
        target.inspection,
        read_marks(conn, "main"),
        read_marks(conn, SOURCE),
        columns,
    )
