"""Helpers for the team, fieldwork-copy and merge tests: a fake clock, a small master
with a team, and snapshots of what a file currently holds."""

from __future__ import annotations

import hashlib
import json
import shutil
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from models import records
from models.records import Evidence
from storage.file import file_access
from storage.file.inspection_file import InspectionFile
from storage.merge.tables import MERGE_TABLES, Columns, row_key, table_columns, versions

TEAM = [
    ("LD", "Lee Dunn", "lead"),
    ("AB", "Ana Bell", "inspector"),
    ("CD", "Cal Dee", "inspector"),
    ("EF", "Eve Fox", "inspector"),
]


class FakeClock:
    """Strictly increasing time: every reading is one second after the last."""

    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)):
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@contextmanager
def fake_clock():
    """Install a :class:`FakeClock` as the app's clock for the duration."""
    clock, saved = FakeClock(), records.clock
    records.clock = clock
    try:
        yield clock
    finally:
        records.clock = saved


def make_master(path: Path, framework, evidence: int = 2) -> InspectionFile:
    """A master with the team above, a few evidence items, a finding and a judgment."""
    master = InspectionFile.create(path, framework, force="Testshire Police")
    for initials, name, role in TEAM:
        master.team.add(initials, name, role)
    items = [
        master.evidence.add(
            Evidence(id="", author="LD", summary=f"Base item {i}", question_codes=("1.1",))
        )
        for i in range(evidence)
    ]
    from models.records import Finding, Judgment

    master.findings.add(
        Finding(
            id="",
            question_code="1",
            statement="Base finding",
            evidence_ids=(items[0].id,) if items else (),
        )
    )
    master.judgments.save(Judgment(question_code="1", grade="Good", rationale="Base"))
    return master


def file_state(path: Path) -> tuple:
    """The file's bytes and its log's (an empty or missing log counts as none).

    Read through the app's own raw reads, so a connection the test holds keeps its locks.
    """

    def digest(p: Path):
        if not p.exists() or (p.name.endswith("-wal") and p.stat().st_size == 0):
            return None
        with file_access.raw_file(p) as fd:
            return hashlib.sha256(file_access.read_at(fd, p.stat().st_size, 0)).hexdigest()

    return digest(path), digest(Path(f"{path}-wal"))


def copy_closed(source: Path, dest: Path) -> Path:
    """A plain file copy of a closed inspection (same replica)."""
    shutil.copyfile(source, dest)
    return dest


def snapshot(inspection: InspectionFile) -> dict[str, dict[str, str]]:
    """Current data: table → row key → canonical values (refs and origins left out)."""
    conn, own = inspection.db.conn, inspection.inspection.replica_id
    result = {}
    for spec in MERGE_TABLES:
        cols = Columns(spec, table_columns(conn, "main", spec.table))
        result[spec.table] = {
            row_key(spec, v.values): v.canonical for v in versions(conn, cols, "main", own)
        }
    return result


def current_versions(inspection: InspectionFile) -> set[tuple[str, str, str]]:
    """(table, key, canonical) of every current version, wherever it was written."""
    return {
        (table, key, canonical)
        for table, rows in snapshot(inspection).items()
        for key, canonical in rows.items()
    }


def refs(inspection: InspectionFile) -> dict[str, str]:
    return dict(inspection.db.conn.execute("SELECT id, ref FROM evidence"))


def ref_changes(inspection: InspectionFile) -> list[tuple]:
    return inspection.db.conn.execute(
        "SELECT evidence_id, old_ref, new_ref FROM ref_change ORDER BY evidence_id"
    ).fetchall()


def finding_refs(inspection: InspectionFile) -> dict[str, str]:
    return dict(inspection.db.conn.execute("SELECT id, ref FROM finding"))


def finding_ref_changes(inspection: InspectionFile) -> list[tuple]:
    return inspection.db.conn.execute(
        "SELECT finding_id, old_ref, new_ref FROM finding_ref_change ORDER BY finding_id"
    ).fetchall()


def conflict_versions(inspection: InspectionFile) -> set[tuple[str, str, str]]:
    """Every version kept in the conflict table, current or other side."""
    found = set()
    for entity, key, current, other in inspection.db.conn.execute(
        "SELECT entity, row_key, current_json, other_json FROM merge_conflict"
    ):
        found.add((entity, key, current))
        found.add((entity, key, other))
    return found


def conflict_rows(inspection: InspectionFile) -> list[tuple]:
    return inspection.db.conn.execute(
        "SELECT entity, row_key, other_json FROM merge_conflict ORDER BY 1, 2, 3"
    ).fetchall()


def values(canonical: str) -> dict:
    return json.loads(canonical)
