"""The inspection row, the framework copied into the file, and InspectionFile itself."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date

import pytest

from models.framework import Framework
from models.records import Evidence
from storage.file.database import InspectionDatabase
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.frameworks.library import find_framework
from storage.repositories.inspection_repository import InspectionRepository
from storage.repositories.soft_delete import set_links


def siblings(path):
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


def test_create_writes_the_inspection_row(tmp_path, tiny_framework):
    path = tmp_path / "new.inspection"
    with InspectionFile.create(
        path,
        tiny_framework,
        force="  Testshire Police ",
        period=" 2015 ",
        fieldwork_start=date(2015, 9, 28),
        fieldwork_end=date(2015, 10, 9),
    ) as inspection:
        assert inspection.path == path
        row = inspection.inspection
        assert (row.force, row.title, row.period) == (
            "Testshire Police",
            "Testshire Police — Tiny framework",
            "2015",
        )
        assert (row.fieldwork_start, row.fieldwork_end) == (date(2015, 9, 28), date(2015, 10, 9))
        assert (row.framework_id, row.framework_version) == ("tiny", "1")
        assert row.id and row.created_at == row.updated_at and row.created_at.endswith("Z")


def test_explicit_title_is_kept(tmp_path, tiny_framework):
    with InspectionFile.create(
        tmp_path / "t.inspection", tiny_framework, force="F", title=" PEEL 2015 "
    ) as inspection:
        assert inspection.inspection.title == "PEEL 2015"


def test_framework_read_from_the_file_equals_the_original(tiny_inspection, tiny_framework):
    stored = tiny_inspection.framework
    assert stored == tiny_framework
    assert stored.questions == tiny_framework.questions
    assert stored.grades == tiny_framework.grades
    assert InspectionRepository(tiny_inspection.db).framework() == tiny_framework


def test_builtin_framework_round_trips_through_a_file(tmp_path):
    peel = find_framework("peel-2015-effectiveness")
    path = tmp_path / "peel.inspection"
    InspectionFile.create(path, peel, force="Hampshire Constabulary").close()
    with InspectionFile.open(path, readonly=True) as reopened:
        assert reopened.framework == peel
        assert reopened.framework.description == peel.description
        assert [q.guidance for q in reopened.framework.questions] == [
            q.guidance for q in peel.questions
        ]


def test_update_changes_the_inspection_details(tiny_inspection):
    repo = tiny_inspection.inspection_repository
    before = tiny_inspection.inspection
    saved = repo.update(
        dataclasses.replace(
            before, title="Renamed", period="2016", fieldwork_start=date(2016, 1, 4)
        )
    )
    after = tiny_inspection.inspection
    assert (after.title, after.period, after.fieldwork_start) == (
        "Renamed",
        "2016",
        date(2016, 1, 4),
    )
    assert after.created_at == before.created_at and after.updated_at == saved.updated_at
    assert after.force == before.force


def test_a_file_holds_one_inspection(tiny_inspection, tiny_framework):
    with pytest.raises(ValueError, match="already holds"):
        InspectionRepository(tiny_inspection.db).create(tiny_inspection.inspection, tiny_framework)
    assert tiny_inspection.db.scalar("SELECT count(*) FROM inspection") == 1
    assert tiny_inspection.db.scalar("SELECT count(*) FROM question") == 7


@pytest.mark.parametrize("force", ["", "   ", "\n"])
def test_create_without_a_force_is_refused_and_leaves_no_file(tmp_path, tiny_framework, force):
    path = tmp_path / "nameless.inspection"
    with pytest.raises(ValueError, match="force"):
        InspectionFile.create(path, tiny_framework, force=force)
    assert siblings(path) == []


def test_create_on_an_existing_file_leaves_it_alone(tiny_inspection, tiny_framework):
    path = tiny_inspection.path
    tiny_inspection.evidence.add(Evidence(author="JS", summary="Precious"))
    with pytest.raises(StorageError, match="already exists"):
        InspectionFile.create(path, tiny_framework, force="Other")
    assert tiny_inspection.evidence.count() == 1
    assert tiny_inspection.inspection.force == "Testshire Police"


def test_failed_create_removes_the_half_made_file(tmp_path, tiny_framework):
    """A framework the schema refuses (two questions with one code) leaves nothing behind."""
    q = tiny_framework.questions
    broken = Framework(
        "broken",
        "Broken",
        "1",
        "",
        q + (dataclasses.replace(q[1], id="other-id", position=len(q), subtree_end=len(q)),),
        tiny_framework.grades,
    )
    path = tmp_path / "broken.inspection"
    with pytest.raises(sqlite3.IntegrityError):
        InspectionFile.create(path, broken, force="Testshire")
    assert siblings(path) == []


def test_reopening_gives_the_same_data(tmp_path, tiny_framework):
    path = tmp_path / "same.inspection"
    with InspectionFile.create(
        path, tiny_framework, force="Testshire", period="2026"
    ) as inspection:
        first = inspection.inspection
        item = inspection.evidence.add(Evidence(author="JS", summary="s", question_codes=("2.1",)))
    with InspectionFile.open(path) as again:
        assert again.inspection == first
        assert again.framework == tiny_framework
        assert again.evidence.get(item.id) == item
    with InspectionFile.open(path, readonly=True) as read_only:
        assert read_only.inspection == first
        assert read_only.evidence.count() == 1


def test_read_only_file_refuses_writes(tmp_path, tiny_framework):
    path = tmp_path / "ro.inspection"
    InspectionFile.create(path, tiny_framework, force="Testshire").close()
    before = path.read_bytes()
    with InspectionFile.open(path, readonly=True) as read_only:
        with pytest.raises((StorageError, sqlite3.Error)):
            read_only.evidence.add(Evidence(author="JS"))
        assert read_only.evidence.count() == 0
    assert path.read_bytes() == before


def test_question_rows_keep_the_tree(tiny_inspection):
    rows = tiny_inspection.db.query(
        "SELECT code, parent_code, depth, position, subtree_end, graded FROM question"
        " ORDER BY position"
    )
    expected = [
        (q.code, q.parent_code, q.depth, q.position, q.subtree_end, int(q.graded))
        for q in tiny_inspection.framework.questions
    ]
    assert [tuple(r) for r in rows] == expected


# -- link sets ----------------------------------------------------------------
@pytest.fixture
def link_db(tiny_inspection):
    ids = [tiny_inspection.evidence.add(Evidence(author="JS")).id for _ in range(3)]
    codes = [q.id for q in tiny_inspection.framework.questions[:4]]
    return tiny_inspection.db, ids[0], codes


def links(db, owner):
    return {
        m: d
        for m, d in db.conn.execute(
            "SELECT question_id, deleted_at FROM evidence_question WHERE evidence_id = ?", [owner]
        )
    }


def live(db, owner):
    return {m for m, d in links(db, owner).items() if d is None}


def test_set_links_makes_the_live_set_exactly_the_wanted_one(link_db):
    db, owner, q = link_db
    with db.transaction() as conn:
        set_links(conn, "evidence_question", owner, [q[0], q[1], q[0]], "t1")
    assert live(db, owner) == {q[0], q[1]}
    with db.transaction() as conn:
        set_links(conn, "evidence_question", owner, [q[1], q[2]], "t2")
    assert live(db, owner) == {q[1], q[2]}
    assert links(db, owner)[q[0]] == "t2"
    with db.transaction() as conn:
        set_links(conn, "evidence_question", owner, [], "t3")
    assert live(db, owner) == set() and len(links(db, owner)) == 3
    with db.transaction() as conn:
        set_links(conn, "evidence_question", owner, [q[0]], "t4")
    assert live(db, owner) == {q[0]} and len(links(db, owner)) == 3


def test_reading_a_file_with_no_inspection_row_is_refused(tmp_path):
    path = tmp_path / "empty.inspection"
    InspectionDatabase.create(path).close()
    with InspectionDatabase.open(path) as db:
        with pytest.raises(ValueError, match="no inspection"):
            InspectionRepository(db).get()
