"""Merges that must not happen, a cancelled or outdated merge, and the backup before merging.

Every refusal leaves both files byte-for-byte as they were.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from models.records import Evidence
from storage.file.errors import (
    InspectionNotFoundError,
    NewerSchemaError,
    NotAnInspectionError,
    StorageError,
)
from storage.file.inspection_file import InspectionFile
from storage.file.migrations import SCHEMA_VERSION
from storage.health.check import check_inspection
from storage.merge.errors import (
    DifferentFrameworkError,
    DifferentInspectionError,
    PlanOutdatedError,
    SameCopyError,
)
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import apply_merge, backup_before_merge, plan_merge
from storage.operations.progress import Cancelled
from tests.storage.merge_helpers import copy_closed, fake_clock, file_state, make_master, snapshot


@pytest.fixture
def closed_pair(tmp_path, tiny_framework):
    """A closed master and a closed fieldwork copy of it with one new item."""
    with fake_clock():
        with make_master(tmp_path / "master.inspection", tiny_framework) as master:
            copy = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
        with InspectionFile.open(copy) as ab:
            ab.evidence.add(Evidence(id="", author="AB", summary="From AB"))
        yield tmp_path / "master.inspection", copy


def _tamper(path, *statements):
    conn = sqlite3.connect(path, isolation_level=None)
    for sql in statements:
        conn.execute(sql)
    conn.close()


def _other_inspection(folder, framework):
    path = folder / "other.inspection"
    InspectionFile.create(path, framework, force="Elsewhere Police").close()
    return path


def _other_framework(folder, framework):
    path = copy_closed(folder / "ab.inspection", folder / "v2.inspection")
    _tamper(path, "UPDATE inspection SET framework_version = '2', replica_id = 'r2'")
    return path


def _newer(folder, framework):
    path = copy_closed(folder / "ab.inspection", folder / "newer.inspection")
    _tamper(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return path


def _text(folder, framework):
    path = folder / "notes.inspection"
    path.write_text("Minutes of the tasking meeting\n" * 20)
    return path


def _database(folder, framework):
    path = folder / "plain.inspection"
    _tamper(path, "CREATE TABLE contacts (name TEXT)")
    return path


REFUSALS = {
    "another inspection": (_other_inspection, DifferentInspectionError, "another inspection"),
    "another framework": (_other_framework, DifferentFrameworkError, "version 2"),
    "newer schema": (_newer, NewerSchemaError, "newer version"),
    "text file": (_text, NotAnInspectionError, "not an inspection"),
    "other database": (_database, NotAnInspectionError, "not an inspection"),
    "the target itself": (lambda folder, fw: folder / "master.inspection", SameCopyError, "itself"),
    "a plain copy of the target": (
        lambda folder, fw: copy_closed(folder / "master.inspection", folder / "cp.inspection"),
        SameCopyError,
        "plain file copy",
    ),
    "missing": (
        lambda folder, fw: folder / "gone.inspection",
        InspectionNotFoundError,
        "does not exist",
    ),
}


@pytest.mark.parametrize("kind", REFUSALS)
@pytest.mark.parametrize("step", ["plan", "apply"])
def test_refused_before_anything_changes(closed_pair, tiny_framework, kind, step):
    master_path, _ = closed_pair
    make, error, words = REFUSALS[kind]
    source = make(master_path.parent, tiny_framework)
    before = [file_state(p) for p in (master_path, source)]
    with InspectionFile.open(master_path) as master:
        data = snapshot(master)
        with pytest.raises(error, match=words) as info:
            (plan_merge if step == "plan" else apply_merge)(master, source)
        assert isinstance(info.value, StorageError)
        assert snapshot(master) == data
        assert master.db.scalar("SELECT count(*) FROM merge_log") == 0
        assert not master.db.conn.execute("PRAGMA database_list").fetchall()[1:]
    assert [file_state(p) for p in (master_path, source)] == before


def test_a_plan_changes_nothing(closed_pair):
    master_path, copy = closed_pair
    before = [file_state(p) for p in closed_pair]
    with InspectionFile.open(master_path, readonly=True) as master:
        assert plan_merge(master, copy).counts
    assert [file_state(p) for p in closed_pair] == before


def test_the_source_is_only_read(closed_pair):
    master_path, copy = closed_pair
    before = file_state(copy)
    with InspectionFile.open(master_path) as master:
        apply_merge(master, copy)
    assert file_state(copy) == before


def test_a_cancelled_merge_changes_nothing(closed_pair):
    master_path, copy = closed_pair
    before = file_state(master_path)
    calls = []
    with InspectionFile.open(master_path) as master:
        data = snapshot(master)
        with pytest.raises(Cancelled, match="nothing was changed"):
            apply_merge(master, copy, is_cancelled=lambda: calls.append(1) or len(calls) > 3)
        assert snapshot(master) == data
    assert file_state(master_path) == before


def test_a_merge_whose_plan_is_outdated_is_refused(closed_pair):
    master_path, copy = closed_pair
    with fake_clock(), InspectionFile.open(master_path) as master:
        plan = plan_merge(master, copy)
        with InspectionFile.open(copy) as ab:  # the copy is used meanwhile
            item = ab.evidence.page()[0]
            ab.evidence.update(replace(item, summary="Changed after the preview"))
            ab.evidence.add(Evidence(id="", author="AB", summary="Added after the preview"))
        data = snapshot(master)
        with pytest.raises(PlanOutdatedError, match="preview it again"):
            apply_merge(master, copy, plan)
        assert snapshot(master) == data
        assert apply_merge(master, copy, plan_merge(master, copy)).total.added == 2


def test_backup_before_merge(closed_pair, isolated_home):
    master_path, _ = closed_pair
    with InspectionFile.open(master_path) as master:
        first, second = backup_before_merge(master), backup_before_merge(master)
        data, title = snapshot(master), master.inspection.title
    assert first != second and first.parent == second.parent
    assert first.parent == isolated_home / "data" / "backups"
    assert first.name.startswith(title.split()[0]) and first.suffix == ".inspection"
    for path in (first, second):
        assert check_inspection(path).healthy
        with InspectionFile.open(path, readonly=True) as backup:
            assert snapshot(backup) == data


def test_a_backup_that_cannot_be_written_is_refused(closed_pair, isolated_home):
    master_path, _ = closed_pair
    (isolated_home / "data").mkdir(parents=True, exist_ok=True)
    (isolated_home / "data" / "backups").write_text("a file where the folder should be")
    with InspectionFile.open(master_path) as master:
        with pytest.raises(StorageError, match="nothing was merged"):
            backup_before_merge(master)
