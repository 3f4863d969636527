"""Fieldwork copies: same inspection, a replica of their own, made for one team member."""

from __future__ import annotations

import pytest

from models.evidence.query import EvidenceQuery
from models.records import Evidence
from storage.file.errors import InspectionNotFoundError
from storage.file.inspection_file import InspectionFile
from storage.health.check import check_inspection
from storage.merge.errors import FieldworkCopyError
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.tables import MERGE_TABLES, Columns, table_columns, versions
from storage.repositories.team_repository import NotInTeamError
from tests.storage.merge_helpers import fake_clock, file_state, make_master, snapshot


@pytest.fixture
def master(tmp_path, tiny_framework):
    with fake_clock():
        inspection = make_master(tmp_path / "master.inspection", tiny_framework)
        yield inspection
    inspection.close()


def test_copy_is_the_same_inspection_for_one_inspector(master, tmp_path):
    before = file_state(master.path)
    out = create_fieldwork_copy(master, "ab", tmp_path / "ab.inspection")
    assert out == tmp_path / "ab.inspection"
    mine = master.inspection
    with InspectionFile.open(out) as copy:
        info = copy.inspection
        assert info.id == mine.id and info.replica_id and info.replica_id != mine.replica_id
        assert (info.copy_for, copy.default_author) == ("AB", "AB")
        assert info.copied_at and info.copied_at.endswith("Z")
        assert (info.title, info.framework_id) == (mine.title, mine.framework_id)
        assert snapshot(copy) == snapshot(master)
        assert (
            copy.db.query("SELECT * FROM replica_sync WHERE replica_id = ?", [mine.replica_id])[0][
                "target_mark"
            ]
            == info.copied_at
        )
    # The master is only read: it learns of the copy when the copy is merged.
    assert file_state(master.path) == before
    assert master.db.scalar("SELECT count(*) FROM replica_sync") == 0
    assert mine.copy_for is None and master.default_author is None
    # Private to its owner, like exports and backups: it holds sensitive notes.
    assert out.stat().st_mode & 0o777 == 0o600


def test_copy_is_one_healthy_file_with_working_search(master, tmp_path):
    out = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ab")) == [
        "ab.inspection"
    ]
    assert check_inspection(out).healthy
    with InspectionFile.open(out) as copy:
        assert copy.db.scalar("PRAGMA journal_mode") == "wal"
        assert copy.evidence.count(EvidenceQuery(text="base item")) == 2


def test_every_row_of_a_copy_is_marked_as_written_in_the_master(master, tmp_path):
    out = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
    with InspectionFile.open(out) as copy:
        own = copy.inspection.replica_id
        marked = set()
        for spec in MERGE_TABLES:
            cols = Columns(spec, table_columns(copy.db.conn, "main", spec.table))
            origins = {v.replica for v in versions(copy.db.conn, cols, "main", own)}
            assert origins <= {master.inspection.replica_id}, spec.table
            if origins:
                marked.add(spec.table)
        # The master has rows in these tables (no attachments), so each was looked at.
        assert {"team_member", "evidence", "evidence_question", "finding", "judgment"} <= marked
        # An edit in the copy makes the version the copy's own.
        item = copy.evidence.page()[0]
        copy.evidence.update(item.__class__(**{**item.__dict__, "summary": "Edited"}))
        cols = Columns(MERGE_TABLES[1], table_columns(copy.db.conn, "main", "evidence"))
        mine = [v for v in versions(copy.db.conn, cols, "main", own) if v.replica == own]
        assert [v.values["summary"] for v in mine] == ["Edited"]


def test_new_evidence_in_a_copy_is_recorded_by_its_inspector(master, tmp_path):
    out = create_fieldwork_copy(master, "CD", tmp_path / "cd.inspection")
    with InspectionFile.open(out) as copy:
        item = copy.evidence.add(Evidence(id="", author=copy.default_author, summary="Visit"))
        assert item.ref == "CD-0001"


def test_master_given_as_a_path(master, tmp_path):
    path = master.path
    master.close()
    out = create_fieldwork_copy(path, "EF", tmp_path / "ef.inspection")
    with InspectionFile.open(out, readonly=True) as copy:
        assert copy.inspection.copy_for == "EF"


def test_initials_outside_the_team_are_refused_and_nothing_changes(master, tmp_path):
    path = master.path
    master.close()
    before = file_state(path)
    with pytest.raises(NotInTeamError, match="ZZ is not in the inspection team"):
        create_fieldwork_copy(path, "zz", tmp_path / "zz.inspection")
    assert file_state(path) == before
    assert not (tmp_path / "zz.inspection").exists()
    with InspectionFile.open(path) as reopened:
        assert reopened.db.scalar("SELECT count(*) FROM replica_sync") == 0


def test_removed_member_gets_no_copy(master, tmp_path):
    master.team.remove("AB")
    with pytest.raises(NotInTeamError):
        create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")


@pytest.mark.parametrize("what", ["existing", "missing folder", "bad initials"])
def test_bad_requests_are_refused(master, tmp_path, what):
    out = {
        "existing": tmp_path / "there.inspection",
        "missing folder": tmp_path / "nowhere" / "x.inspection",
        "bad initials": tmp_path / "x.inspection",
    }[what]
    if what == "existing":
        out.write_bytes(b"someone's notes")
    initials = "A1" if what == "bad initials" else "AB"
    with pytest.raises(FieldworkCopyError):
        create_fieldwork_copy(master, initials, out)
    if what == "existing":
        assert out.read_bytes() == b"someone's notes"
    else:
        assert not out.exists()
    assert master.db.scalar("SELECT count(*) FROM replica_sync") == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_no_copy_of_a_copy(master, tmp_path):
    out = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
    with InspectionFile.open(out) as copy:
        with pytest.raises(FieldworkCopyError, match="itself a fieldwork copy"):
            create_fieldwork_copy(copy, "CD", tmp_path / "cd.inspection")


def test_missing_master_is_refused(tmp_path):
    with pytest.raises(InspectionNotFoundError):
        create_fieldwork_copy(tmp_path / "none.inspection", "AB", tmp_path / "c.inspection")


def test_each_copy_gets_its_own_replica(master, tmp_path):
    first = create_fieldwork_copy(master, "AB", tmp_path / "one.inspection")
    second = create_fieldwork_copy(master, "AB", tmp_path / "two.inspection")
    replicas = set()
    for path in (first, second):
        with InspectionFile.open(path, readonly=True) as copy:
            replicas.add(copy.inspection.replica_id)
    assert len(replicas) == 2
