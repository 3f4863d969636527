"""Merging a valid copy with random cells changed behind the app's back is safe.

Hypothesis changes cells of a sound fieldwork copy (wrong types, words outside
the vocabulary, broken JSON, huge values, NUL characters, far-off times, ids
that point nowhere, claims that the master wrote a version) and merges it.
Every merge either succeeds, leaving a master that opens, exports, lists its
history and conflicts and passes ``check``, or is refused, leaving the master
byte-for-byte as it was.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from models.history import HistoryFilter
from models.records import Evidence, Finding, Judgment
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.health.check import check_inspection
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import apply_merge, list_conflicts, plan_merge
from storage.workbooks.summary_export import export_summary
from tests.storage.merge_helpers import fake_clock, file_state, make_master
from tests.storage.repository_helpers import attach_file

#: Tables a copy brings, and how their rows are picked.
TABLES = (
    "evidence",
    "evidence_question",
    "finding",
    "finding_evidence",
    "judgment",
    "team_member",
    "attachment",
    "attachment_content",
    "history",
    "merge_conflict",
    "replica_sync",
    "inspection",
)

values = st.one_of(
    st.none(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False),
    st.binary(max_size=8),
    st.sampled_from(
        [
            "telepathy",
            "positive",
            "strength",
            "reviewed",
            "lead",
            "{",
            "[1, 2]",
            '["role"]',
            "null",
            "2099-01-01T00:00:00.000Z",
            "2026-03-02",
            "2026-03-02T09:00:05.000Z",
            "not-a-time",
            "ZZ",
            "ZZ-0001",
            "",
            " ",
            "../../etc/passwd",
            "a\x00b",
            "\x1b[2J",
            "MASTER",
            "x" * 10_000_001,
        ]
    ),
    st.text(max_size=20),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A closed master and a closed copy with its own work (written once per module)."""
    folder = tmp_path_factory.mktemp("mutations")
    with fake_clock():
        with make_master(folder / "master.inspection", _framework()) as master:
            copy = create_fieldwork_copy(master, "AB", folder / "ab.inspection")
        with InspectionFile.open(copy) as ab:
            ab.actor = "AB"
            item = ab.evidence.add(
                Evidence(
                    author="AB",
                    summary="Counter visit",
                    participants=("Custody sergeant",),
                    question_codes=("1.1", "2"),
                )
            )
            ab.findings.add(
                Finding(question_code="2", statement="Victims updated", evidence_ids=(item.id,))
            )
            ab.judgments.save(Judgment("2", "Poor", "Too few updates"))
            (folder / "note.txt").write_text("scanned custody record")
            attach_file(ab, item.id, folder / "note.txt")
    return folder


def _framework():
    from models.framework import framework_from_dict
    from tests.conftest import TINY_FRAMEWORK

    return framework_from_dict(TINY_FRAMEWORK, "tiny")


def _mutate(path: Path, data, master_replica: str) -> list[str]:
    conn = sqlite3.connect(path, isolation_level=None)
    done = []
    try:
        conn.execute("UPDATE history_context SET recording = 0")
        for _ in range(data.draw(st.integers(1, 3), label="cells")):
            table = data.draw(st.sampled_from(TABLES), label="table")
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            column = data.draw(st.sampled_from(columns), label="column")
            rows = (
                [r for (r,) in conn.execute(f"SELECT rowid FROM {table}")]
                if table not in ("evidence_question", "finding_evidence", "attachment_content")
                else None
            )
            value = data.draw(values, label="value")
            if value == "MASTER":
                value = master_replica
            where, params = ("", [])
            if rows:
                where, params = " WHERE rowid = ?", [data.draw(st.sampled_from(rows))]
            try:
                conn.execute(f"UPDATE {table} SET {column} = ?{where}", [value, *params])
                done.append(f"{table}.{column} = {value!r:.40}")
            except sqlite3.Error:
                pass  # refused by the schema itself (NOT NULL, UNIQUE…)
        conn.execute("UPDATE history_context SET recording = 1")
    finally:
        conn.close()
    return done


def _sound(master: Path, folder: Path) -> None:
    report = check_inspection(master)
    assert report.healthy, report.problems
    with InspectionFile.open(master, readonly=True) as opened:
        export_summary(opened, folder / "out.xlsx")
        list_conflicts(opened, unresolved_only=False)
        opened.history.page(HistoryFilter(), 0, 500)
        opened.team.list(include_removed=True)
        for item in opened.evidence.iter_all():
            opened.attachments.for_evidence(item.id)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_a_mutated_copy_merges_soundly_or_changes_nothing(template, data):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        master, copy = folder / "master.inspection", folder / "ab.inspection"
        shutil.copyfile(template / "master.inspection", master)
        shutil.copyfile(template / "ab.inspection", copy)
        with InspectionFile.open(master, readonly=True) as opened:
            replica = opened.inspection.replica_id
        changed = _mutate(copy, data, replica)
        before = file_state(master)
        with InspectionFile.open(master) as opened:
            try:
                plan_merge(opened, copy)
                apply_merge(opened, copy)
            except StorageError:
                refused = True
            else:
                refused = False
        event("refused" if refused else "merged")
        if refused:
            assert file_state(master) == before, changed
        _sound(master, folder)
