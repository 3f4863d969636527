"""Files attached to evidence: stored once per content inside the inspection file, read back
byte for byte, removed and restored, checked against their fingerprints, carried by
merges and fieldwork copies, and named in the export."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from models.evidence.attachment import (
    AttachmentProblem,
    guess_media_type,
    human_size,
    type_label,
)
from models.merging.outcome import MergeKind
from models.records import Evidence
from storage.file.inspection_file import InspectionFile
from storage.health.check import check_inspection
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import apply_merge, plan_merge
from storage.operations.progress import Cancelled
from storage.repositories.attachment_repository import (
    AttachmentTooLargeError,
    AttachmentUnreadableError,
)
from storage.workbooks.summary_export import export_summary
from tests.conftest import ROOT
from tests.storage.merge_helpers import fake_clock, file_state, make_master
from tests.storage.repository_helpers import attach_file, attachment_problems, live_id_for_ref


@pytest.fixture
def item(tiny_inspection):
    return tiny_inspection.evidence.add(Evidence(id="", author="JS", summary="Custody visit"))


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def stored_content(inspection) -> list[tuple[str, int]]:
    return inspection.db.conn.execute(
        "SELECT sha256, size FROM attachment_content ORDER BY sha256"
    ).fetchall()


def test_plain_rules_for_names_types_and_sizes():
    assert human_size(0) == "0 bytes" and human_size(1) == "1 byte"
    assert human_size(1023) == "1023 bytes" and human_size(2048) == "2.0 KB"
    assert human_size(int(2.4 * 1024 * 1024)) == "2.4 MB"
    assert human_size(100 * 1024 * 1024) == "100 MB"
    assert guess_media_type("scene.PNG") == "image/png"
    assert guess_media_type("notes.pdf") == "application/pdf"
    assert guess_media_type("no-extension") == "application/octet-stream"
    assert type_label("Custody log.pdf", "application/pdf") == "PDF"
    assert type_label("README", "application/octet-stream") == "application/octet-stream"


def test_added_file_is_listed_and_reads_back_byte_for_byte(tiny_inspection, item, tmp_path):
    source = write(tmp_path / "Custody log.pdf", b"%PDF-1.4 custody record\n" * 100)
    progress = []
    attached = attach_file(
        tiny_inspection, item.id, source, progress=lambda d, t: progress.append((d, t))
    )
    assert (attached.name, attached.media_type, attached.size) == (
        "Custody log.pdf",
        "application/pdf",
        source.stat().st_size,
    )
    assert attached.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert progress[-1] == (attached.size, attached.size)
    with InspectionFile.open(tiny_inspection.path, readonly=True) as disk:
        assert disk.attachments.for_evidence(item.id) == [attached]
        out = disk.attachments.read_to(attached.id, tmp_path / "out.pdf")
    assert out.read_bytes() == source.read_bytes()


def test_empty_file_can_be_attached(tiny_inspection, item, tmp_path):
    attached = attach_file(tiny_inspection, item.id, write(tmp_path / "empty.txt", b""))
    assert attached.size == 0
    assert tiny_inspection.attachments.read_to(attached.id, tmp_path / "e").read_bytes() == b""
    assert attachment_problems(tiny_inspection) == []


def test_same_content_is_stored_once_however_often_it_is_attached(tiny_inspection, item, tmp_path):
    other = tiny_inspection.evidence.add(Evidence(id="", author="JS", summary="Second visit"))
    data = os.urandom(300_000)
    first = attach_file(tiny_inspection, item.id, write(tmp_path / "photo.jpg", data))
    again = attach_file(tiny_inspection, item.id, write(tmp_path / "copy of photo.jpg", data))
    elsewhere = attach_file(tiny_inspection, other.id, tmp_path / "photo.jpg")
    assert len({first.id, again.id, elsewhere.id}) == 3
    assert first.sha256 == again.sha256 == elsewhere.sha256
    assert stored_content(tiny_inspection) == [(first.sha256, len(data))]
    assert [a.name for a in tiny_inspection.attachments.for_evidence(item.id)] == [
        "copy of photo.jpg",
        "photo.jpg",
    ]
    assert tiny_inspection.attachments.names_by_evidence([item.id, other.id]) == {
        item.id: ["copy of photo.jpg", "photo.jpg"],
        other.id: ["photo.jpg"],
    }


def test_several_files_are_one_all_or_nothing_action(tiny_inspection, item, tmp_path):
    good = write(tmp_path / "a.txt", b"alpha")
    with pytest.raises(AttachmentUnreadableError, match="does not exist"):
        tiny_inspection.attachments.add_files(item.id, [good, tmp_path / "missing.txt"])
    assert tiny_inspection.attachments.for_evidence(item.id) == []
    added = tiny_inspection.attachments.add_files(item.id, [good, write(tmp_path / "b.txt", b"b")])
    assert (
        [a.name for a in tiny_inspection.attachments.for_evidence(item.id)]
        == [a.name for a in added]
        == ["a.txt", "b.txt"]
    )


def test_large_file_is_written_in_chunks_and_hashed(tiny_inspection, item, tmp_path):
    data = os.urandom(5 * 1024 * 1024 + 123)
    progress = []
    attached = attach_file(
        tiny_inspection,
        item.id,
        write(tmp_path / "video.mp4", data),
        progress=lambda d, t: progress.append(d),
    )
    assert len(progress) >= 6 and progress == sorted(progress)  # reported chunk by chunk
    assert attached.sha256 == hashlib.sha256(data).hexdigest()
    assert tiny_inspection.attachments.read_to(attached.id, tmp_path / "v").read_bytes() == data
    # Nothing is left in the staging area once the file is stored.
    assert tiny_inspection.db.scalar("SELECT count(*) FROM temp.attachment_staging") == 0


def test_file_over_the_limit_is_refused_and_nothing_changes(tiny_inspection, item, tmp_path):
    big = write(tmp_path / "interview.wav", b"x" * 2048)
    before = big.read_bytes()
    with pytest.raises(AttachmentTooLargeError) as refused:
        attach_file(tiny_inspection, item.id, big, limit_bytes=1024)
    message = str(refused.value)
    assert "interview.wav" in message and "2.0 KB" in message and "1.0 KB" in message
    assert "smaller" in message
    assert big.read_bytes() == before
    assert tiny_inspection.attachments.for_evidence(item.id) == []
    assert stored_content(tiny_inspection) == []


def test_cancel_leaves_nothing_stored(tiny_inspection, item, tmp_path):
    source = write(tmp_path / "big.bin", os.urandom(3 * 1024 * 1024))
    seen = []

    def cancelled() -> bool:
        seen.append(1)
        return len(seen) > 2  # after two chunks

    with pytest.raises(Cancelled):
        attach_file(tiny_inspection, item.id, source, is_cancelled=cancelled)
    assert tiny_inspection.attachments.for_evidence(item.id) == []
    assert stored_content(tiny_inspection) == []
    assert tiny_inspection.db.scalar("SELECT count(*) FROM temp.attachment_staging") == 0


def test_unreadable_or_folder_is_refused_with_a_clear_message(tiny_inspection, item, tmp_path):
    with pytest.raises(AttachmentUnreadableError, match="is a folder"):
        attach_file(tiny_inspection, item.id, tmp_path)
    secret = write(tmp_path / "locked.txt", b"secret")
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running as a user who can read any file")
        with pytest.raises(AttachmentUnreadableError, match="cannot be read"):
            attach_file(tiny_inspection, item.id, secret)
    finally:
        secret.chmod(0o600)
    assert stored_content(tiny_inspection) == []


def test_remove_and_restore_are_soft_and_recorded(tiny_inspection, item, tmp_path):
    attached = attach_file(tiny_inspection, item.id, write(tmp_path / "a.txt", b"a"))
    tiny_inspection.attachments.remove(attached.id)
    assert tiny_inspection.attachments.for_evidence(item.id) == []
    assert tiny_inspection.attachments.get(attached.id).deleted_at is not None
    assert stored_content(tiny_inspection) != []  # kept, so the removal can be undone
    tiny_inspection.attachments.set_deleted([attached.id], False)  # as Undo does
    assert tiny_inspection.attachments.for_evidence(item.id) == [attached]
    actions = [
        a
        for (a,) in tiny_inspection.db.conn.execute(
            "SELECT action FROM history WHERE related_id = ? ORDER BY changed_at, rowid",
            [attached.id],
        )
    ]
    assert actions == ["attached", "detached", "attached"]
    with pytest.raises(KeyError):
        tiny_inspection.attachments.remove("no-such-attachment")


def test_deleted_item_takes_no_attachments(tiny_inspection, item, tmp_path):
    tiny_inspection.evidence.delete(item.id)
    with pytest.raises(Exception, match="deleted"):
        attach_file(tiny_inspection, item.id, write(tmp_path / "a.txt", b"a"))
    assert stored_content(tiny_inspection) == []


def tamper(path, sha256: str, data: bytes) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE attachment_content SET data = ? WHERE sha256 = ?", [data, sha256])
    conn.close()


def test_check_finds_tampered_content_by_item_and_name(tiny_inspection, item, tmp_path):
    good = attach_file(tiny_inspection, item.id, write(tmp_path / "fine.txt", b"fine"))
    bad = attach_file(tiny_inspection, item.id, write(tmp_path / "statement.pdf", b"true"))
    assert attachment_problems(tiny_inspection) == []
    assert check_inspection(tiny_inspection.path).healthy
    path = tiny_inspection.path
    tiny_inspection.close()
    tamper(path, bad.sha256, b"false")

    with InspectionFile.open(path) as reopened:
        problems = attachment_problems(reopened)
    assert [p.sha256 for p in problems] == [bad.sha256]
    assert problems[0].holders == ((item.ref, "statement.pdf"),)
    report = check_inspection(path)
    assert not report.healthy
    assert [p for p in report.problems if "statement.pdf" in p and item.ref in p]
    assert not any("fine.txt" in p for p in report.problems)
    assert good.sha256 != bad.sha256
    cli = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "check", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert cli.returncode != 0
    assert "statement.pdf" in cli.stdout + cli.stderr and item.ref in cli.stdout + cli.stderr


def test_missing_content_and_wrong_size_are_problems_too(tiny_inspection, item, tmp_path):
    attached = attach_file(tiny_inspection, item.id, write(tmp_path / "a.txt", b"abc"))
    with sqlite3.connect(tiny_inspection.path) as conn:
        conn.execute("UPDATE attachment_content SET size = 99")
    conn.close()
    problems = attachment_problems(tiny_inspection)
    assert [p.reason for p in problems] == ["is 3 bytes long but was recorded as 99"]
    with sqlite3.connect(tiny_inspection.path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM attachment_content")
    conn.close()
    problems = attachment_problems(tiny_inspection)
    assert problems == [
        AttachmentProblem(attached.sha256, "has lost its content", ((item.ref, "a.txt"),))
    ]
    assert "a.txt" in problems[0].message and item.ref in problems[0].message


# -- copies and merges -------------------------------------------------------------------
@pytest.fixture
def master(tmp_path, tiny_framework):
    with fake_clock():
        inspection = make_master(tmp_path / "master.inspection", tiny_framework)
        yield inspection
    inspection.close()


def first_item(f: InspectionFile) -> Evidence:
    return f.evidence.get(live_id_for_ref(f, "LD-0001"))


def test_fieldwork_copy_carries_attachments_marked_as_the_masters(master, tmp_path):
    data = os.urandom(50_000)
    attached = attach_file(master, first_item(master).id, write(tmp_path / "plan.png", data))
    out = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
    with InspectionFile.open(out) as copy:
        assert copy.attachments.for_evidence(attached.evidence_id) == [attached]
        assert copy.attachments.read_to(attached.id, tmp_path / "p").read_bytes() == data
        assert attachment_problems(copy) == []
        origins = copy.db.conn.execute("SELECT DISTINCT origin_replica FROM attachment").fetchall()
        assert origins == [(master.inspection.replica_id,)]
        # Merging the untouched copy back changes nothing.
        assert plan_merge(master, out).is_empty


def test_merge_brings_attachments_and_stores_shared_content_once(master, tmp_path):
    ab_path = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
    cd_path = create_fieldwork_copy(master, "CD", tmp_path / "cd.inspection")
    shared, own = os.urandom(40_000), os.urandom(20_000)
    with InspectionFile.open(ab_path) as ab, InspectionFile.open(cd_path) as cd:
        in_ab = ab.attachments.add_files(
            first_item(ab).id,
            [write(tmp_path / "briefing.pdf", shared), write(tmp_path / "ab-photo.jpg", own)],
        )
        new_item = cd.evidence.add(Evidence(id="", author="CD", summary="Partner meeting"))
        in_cd = attach_file(cd, new_item.id, tmp_path / "briefing.pdf")
    plan = plan_merge(master, ab_path)
    assert plan.counts[MergeKind.ATTACHMENTS].added == 2
    apply_merge(master, ab_path)
    apply_merge(master, cd_path)
    assert sorted(stored_content(master)) == sorted(
        [
            (hashlib.sha256(shared).hexdigest(), len(shared)),
            (hashlib.sha256(own).hexdigest(), len(own)),
        ]
    )
    assert {a.name for a in master.attachments.for_evidence(first_item(master).id)} == {
        "briefing.pdf",
        "ab-photo.jpg",
    }
    assert [a.id for a in master.attachments.for_evidence(new_item.id)] == [in_cd.id]
    for a in (*in_ab, in_cd):
        expected = shared if a.name == "briefing.pdf" else own
        assert master.attachments.read_to(a.id, tmp_path / "out").read_bytes() == expected
    assert attachment_problems(master) == [] and check_inspection(master.path).healthy


def test_removal_in_a_copy_travels_in_a_merge(master, tmp_path):
    attached = attach_file(master, first_item(master).id, write(tmp_path / "a.txt", b"a"))
    ab_path = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
    with InspectionFile.open(ab_path) as ab:
        ab.attachments.remove(attached.id)
    plan = plan_merge(master, ab_path)
    assert plan.counts[MergeKind.ATTACHMENTS].deleted == 1 and not plan.conflicts
    before = file_state(ab_path)
    apply_merge(master, ab_path)
    assert master.attachments.for_evidence(attached.evidence_id) == []
    assert file_state(ab_path) == before  # the copy merged from is never changed


# -- export ------------------------------------------------------------------------------
def test_register_lists_attachment_names_per_item(tiny_inspection, item, tmp_path):
    other = tiny_inspection.evidence.add(Evidence(id="", author="JS", summary="No files"))
    tiny_inspection.attachments.add_files(
        item.id, [write(tmp_path / "b.pdf", b"b"), write(tmp_path / "=a.png", b"a")]
    )
    removed = attach_file(tiny_inspection, item.id, write(tmp_path / "gone.txt", b"g"))
    tiny_inspection.attachments.remove(removed.id)
    out = tmp_path / "summary.xlsx"
    export_summary(tiny_inspection, out, generated_by="JS")
    rows = list(load_workbook(out)["Evidence register"].iter_rows(values_only=True))
    column = rows[0].index("Attachments")
    by_ref = {r[0]: r[column] for r in rows[1:]}
    assert by_ref == {item.ref: "=a.png; b.pdf", other.ref: None}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and devices")
@pytest.mark.parametrize("kind", ["pipe", "device"])
def test_only_regular_files_are_attached(tiny_inspection, item, tmp_path, kind):
    if kind == "pipe":
        path = tmp_path / "statement.pdf"
        os.mkfifo(path)  # reading it would wait for a writer for ever
    else:
        path = tmp_path / "zeros.bin"
        path.symlink_to("/dev/zero")  # reading it would never end
    with pytest.raises(AttachmentUnreadableError, match="not a regular file"):
        attach_file(tiny_inspection, item.id, path)
    assert stored_content(tiny_inspection) == []
    assert tiny_inspection.attachments.for_evidence(item.id) == []


def test_a_link_to_a_regular_file_is_attached_under_its_own_name(tiny_inspection, item, tmp_path):
    target = write(tmp_path / "original.txt", b"notes of the visit")
    link = tmp_path / "visit notes.txt"
    link.symlink_to(target)
    attached = attach_file(tiny_inspection, item.id, link)
    assert attached.name == "visit notes.txt" and attached.size == len(b"notes of the visit")


def test_a_stored_name_is_offered_without_its_folders():
    from models.evidence.attachment import base_name

    assert base_name("/home/lead/Desktop/record.pdf") == "record.pdf"
    assert base_name("C:\\Users\\lead\\record.pdf") == "record.pdf"
    assert base_name("../..") == "attachment" and base_name("") == "attachment"
    assert base_name("re\x1bcord?.pdf") == "re_cord_.pdf"
