"""Merging a crafted fieldwork copy through the merge command: refused, or made harmless.

Each copy below was altered behind the app's back, as someone could before
handing it over on a USB stick. A refused copy is named with its offending
rows (table, id, column and value, shown escaped), exit status 2, and the
master is left byte-for-byte as it was: it still opens, exports and passes
``check``. A copy whose claims are merely lowered (marks) merges with the
master's work kept as a conflict instead of lost.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest

from models.history import parse_stored_time, stored_time
from models.records import Evidence, Judgment
from models.vocabulary import JudgmentStatus
from storage.file.inspection_file import InspectionFile
from storage.health.check import check_inspection
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.merge.merging import list_conflicts
from storage.repositories.judgment_repository import REOPENED_REASON
from storage.workbooks.summary_export import export_summary
from tests.cli.test_cli_team_merge import run
from tests.storage.merge_helpers import fake_clock, file_state, make_master
from tests.storage.repository_helpers import attach_file


@dataclass
class Pair:
    master: Path
    copy: Path
    master_replica: str
    copy_replica: str
    item: str  # an item recorded in the copy
    judgment: str


@pytest.fixture
def pair(tmp_path, tiny_framework) -> Pair:
    with fake_clock():
        with make_master(tmp_path / "master.inspection", tiny_framework) as master:
            copy = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
            master_replica = master.inspection.replica_id
            judgment = master.judgments.get("1").id
        with InspectionFile.open(copy) as ab:
            ab.actor = "AB"
            item = ab.evidence.add(
                Evidence(author="AB", summary="Front counter visit", question_codes=("1.1",))
            ).id
            copy_replica = ab.inspection.replica_id
    return Pair(tmp_path / "master.inspection", copy, master_replica, copy_replica, item, judgment)


def tamper(path: Path, *statements, record: bool = False) -> None:
    """Change a file behind the app's back (its history triggers off unless ``record``)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(
            "UPDATE history_context SET recording = ?, actor = '', reason = ''", [int(record)]
        )
        for statement in statements:
            sql, *params = statement if isinstance(statement, tuple) else (statement,)
            conn.execute(sql, params)
        conn.execute("UPDATE history_context SET recording = 1")
    finally:
        conn.close()


def assert_master_sound(master: Path, tmp_path: Path) -> None:
    """The master opens, exports and passes check."""
    assert check_inspection(master).healthy
    with InspectionFile.open(master, readonly=True) as opened:
        out = tmp_path / f"export-{len(list(tmp_path.glob('export-*')))}.xlsx"
        assert export_summary(opened, out).evidence_items >= 2
        list_conflicts(opened)
        opened.team.list()


def refused(pair: Pair, tmp_path: Path, *expected: str) -> list[str]:
    """Merge the copy with --yes and with --dry-run; both refused with the rows named."""
    before = file_state(pair.master), file_state(pair.copy)
    for flag in ("--yes", "--dry-run"):
        result = run(tmp_path / "home", "merge", pair.master, pair.copy, flag)
        assert result.returncode == 2, (result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        assert all(line.startswith("error: ") for line in lines)
        assert "cannot be merged" in lines[-1] and "Nothing was merged" in lines[-1]
        for words in expected:
            assert any(words in line for line in lines), (words, lines)
        assert "\x1b" not in result.stderr + result.stdout
    assert (file_state(pair.master), file_state(pair.copy)) == before
    assert_master_sound(pair.master, tmp_path)
    return lines


CRAFTED_ROWS = {
    "an unknown source type": (
        "UPDATE evidence SET source_type = 'telepathy' WHERE id = ?",
        "evidence {item}, source_type telepathy: is not a source type",
    ),
    "an unknown assessment": (
        "UPDATE evidence SET assessment = 'great' WHERE id = ?",
        "evidence {item}, assessment great: is not a assessment",
    ),
    "participants that are not JSON": (
        "UPDATE evidence SET participants = 'PC Smith, Sgt Jones' WHERE id = ?",
        "evidence {item}, participants PC Smith, Sgt Jones: is not JSON",
    ),
    "a NUL character": (
        "UPDATE evidence SET notes = 'before' || char(0) || 'after' WHERE id = ?",
        "evidence {item}, notes before\\x00after: holds a NUL character",
    ),
    "bytes where text belongs": (
        "UPDATE evidence SET summary = x'c0ffee' WHERE id = ?",
        "evidence {item}, summary <3 bytes>: is not text",
    ),
    "a huge value": (
        "UPDATE evidence SET notes = zeroblob(10) || printf('%.10000001c', 'x') WHERE id = ?",
        "evidence {item}, notes",
    ),
    "an unreadable date": (
        "UPDATE evidence SET collected_on = '31/02/2015' WHERE id = ?",
        "evidence {item}, collected_on 31/02/2015: is not a date",
    ),
    "a finding kind outside the vocabulary": (
        "UPDATE finding SET kind = 'rumour', updated_at = '2026-03-02T10:00:00.000Z'"
        " WHERE ? IS NOT NULL",
        "kind rumour: is not a finding kind",
    ),
    "a judgment status outside the vocabulary": (
        "UPDATE judgment SET status = 'final', updated_at = '2026-03-02T10:00:00.000Z'"
        " WHERE ? IS NOT NULL",
        "status final: is not a judgment status",
    ),
    "a sign-off that is not initials": (
        "UPDATE judgment SET status = 'reviewed', reviewed_by = 'ab; x',"
        " reviewed_at = '2026-03-02T10:00:00.000Z', updated_at = '2026-03-02T10:00:00.000Z'"
        " WHERE ? IS NOT NULL",
        "reviewed_by ab; x: is not initials",
    ),
    "a sign-off time the app never writes": (
        "UPDATE finding SET prepared_by = 'AB', prepared_at = 'yesterday',"
        " updated_at = '2026-03-02T10:00:00.000Z' WHERE ? IS NOT NULL",
        "prepared_at yesterday: is not a time as the app writes it",
    ),
    "a team role outside the vocabulary": (
        "UPDATE team_member SET role = 'boss', updated_at = '2026-03-02T10:00:00.000Z'"
        " WHERE initials = 'AB' AND ? IS NOT NULL",
        "role boss: is not a team role",
    ),
    "a malformed conflict": (
        "INSERT INTO merge_conflict (id, entity, row_key, current_json, other_json,"
        " detected_at) VALUES ('c0ffee', 'evidence', ?, '{oops', '{}',"
        " '2026-03-02T10:00:00.000Z')",
        "merge_conflict c0ffee, current_json {{oops: is not JSON",
    ),
    "a conflict holding a bad version": (
        "INSERT INTO merge_conflict (id, entity, row_key, current_json, other_json,"
        " detected_at) VALUES ('bad1', 'finding', 'f1', '{\"id\": \"f1\"}', '[]',"
        " '2026-03-02T10:00:00.000Z') -- ?",
        "merge_conflict bad1, current_json",
    ),
}


@pytest.mark.parametrize("case", CRAFTED_ROWS)
def test_a_crafted_row_is_refused_with_the_row_named(pair, tmp_path, case):
    sql, words = CRAFTED_ROWS[case]
    params = [] if "-- ?" in sql else [pair.item]
    tamper(pair.copy, (sql.replace("-- ?", ""), *params))
    refused(pair, tmp_path, words.format(item=pair.item))


def test_planted_attachment_content_is_refused_and_the_genuine_file_stays_genuine(pair, tmp_path):
    genuine = b"%PDF-1.4 custody record, page 1\n"
    key = hashlib.sha256(genuine).hexdigest()
    tamper(
        pair.copy,
        (
            "INSERT INTO attachment_content (sha256, size, data) VALUES (?, ?, ?)",
            key,
            len(genuine),
            b"%PDF-1.4 planted text!!, page 1\n",
        ),
        (
            "INSERT INTO attachment (id, evidence_id, sha256, name, media_type, size,"
            " created_at, updated_at) VALUES ('a1', ?, ?, 'record.pdf', 'application/pdf', ?,"
            " '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z')",
            pair.item,
            key,
            len(genuine),
        ),
        record=True,
    )
    refused(
        pair,
        tmp_path,
        f"attachment_content {key}, data <{len(genuine)} bytes>: does not match its fingerprint",
    )
    # The lead attaches the genuine file later: its own bytes are stored.
    (tmp_path / "record.pdf").write_bytes(genuine)
    with InspectionFile.open(pair.master) as master:
        item = master.evidence.page()[0]
        added = attach_file(master, item.id, tmp_path / "record.pdf")
        out = tmp_path / "out.pdf"
        master.attachments.read_to(added.id, out)
    assert out.read_bytes() == genuine


def test_a_view_where_the_history_should_be_is_refused_unread(pair, tmp_path):
    # Reading this view would never end; it is refused before anything reads it.
    tamper(
        pair.copy,
        "ALTER TABLE history RENAME TO history_kept",
        "CREATE VIEW history AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
        " FROM n) SELECT hex(i) AS id, '2026-03-02T10:00:00.000Z' AS changed_at, 'LD' AS"
        " actor, '' AS reason, NULL AS replica_id, 'evidence' AS entity, 'x' AS entity_id,"
        " 'created' AS action, NULL AS field, NULL AS old_value, NULL AS new_value, NULL AS"
        " related_id FROM n",
    )
    refused(
        pair,
        tmp_path,
        "schema: history is a view where the app keeps a table",
        "schema: table history_kept is not part of an inspection file",
    )


@pytest.mark.parametrize("kind", ["view", "trigger", "index", "table"])
def test_any_schema_object_the_app_did_not_make_is_refused_by_name(pair, tmp_path, kind):
    sql = {
        "view": "CREATE VIEW planted AS SELECT * FROM evidence",
        "trigger": "CREATE TRIGGER planted AFTER INSERT ON evidence BEGIN SELECT 1; END",
        "index": "CREATE INDEX planted ON evidence(notes)",
        "table": "CREATE TABLE planted (x)",
    }[kind]
    tamper(pair.copy, sql)
    refused(pair, tmp_path, f"schema: {kind} planted is not part of an inspection file")


def test_a_version_claiming_to_come_from_the_master_is_refused(pair, tmp_path):
    tamper(
        pair.copy,
        (
            "UPDATE judgment SET rationale = 'Overwritten quietly', updated_at ="
            " '2026-03-03T09:00:00.000Z', origin_replica = ?, origin_updated_at ="
            " '2026-03-03T09:00:00.000Z' WHERE id = ?",
            pair.master_replica,
            pair.judgment,
        ),
    )
    refused(
        pair,
        tmp_path,
        f"judgment {pair.judgment}, origin_replica {pair.master_replica}: "
        "claims to be a version written in the target",
    )


def test_a_removed_member_claimed_live_from_the_master_is_refused_if_it_says_otherwise(
    pair, tmp_path
):
    # A member the lead removed, claimed by the copy as the lead's own live version of that
    # moment: a removal that settled a clash on initials looks like this, but only with
    # everything else as the master holds it, so a changed name is refused.
    with InspectionFile.open(pair.master) as master:
        removed = master.team.remove("EF")
    tamper(
        pair.copy,
        (
            "UPDATE team_member SET name = 'Someone else', updated_at = ?, deleted_at = NULL,"
            " origin_replica = ?, origin_updated_at = ? WHERE id = ?",
            removed.updated_at,
            pair.master_replica,
            removed.updated_at,
            removed.id,
        ),
    )
    refused(
        pair,
        tmp_path,
        f"team_member {removed.id}, origin_replica {pair.master_replica}: "
        "claims to be a version written in the target",
    )


def test_times_far_ahead_of_the_clock_are_refused(pair, tmp_path):
    tamper(
        pair.copy,
        (
            "UPDATE evidence SET summary = 'From the future', updated_at ="
            " '2099-01-01T00:00:00.000Z' WHERE id = ?",
            pair.item,
        ),
        record=True,
    )
    refused(
        pair,
        tmp_path,
        f"evidence {pair.item}, updated_at 2099-01-01T00:00:00.000Z: "
        "more than two days ahead of this computer's clock",
    )


def test_a_change_without_its_history_is_refused(pair, tmp_path):
    tamper(
        pair.copy,
        (
            "UPDATE judgment SET grade_id = (SELECT id FROM grade WHERE name ="
            " 'Poor'), updated_at = '2026-03-03T09:00:00.000Z' WHERE id = ?",
            pair.judgment,
        ),
    )
    refused(
        pair,
        tmp_path,
        f"judgment {pair.judgment}, updated_at 2026-03-03T09:00:00.000Z: "
        "is a change made in the copy that has no history",
    )


def test_history_forged_under_the_leads_name_is_refused(pair, tmp_path):
    tamper(
        pair.copy,
        (
            "INSERT INTO history (id, changed_at, actor, reason, replica_id, entity,"
            " entity_id, action, field, old_value, new_value) VALUES ('f0rged',"
            " '2026-03-02T11:00:00.000Z', 'LD', '', ?, 'judgment', ?, 'changed',"
            " 'rationale', 'Base', 'Approved by the lead')",
            pair.master_replica,
            pair.judgment,
        ),
    )
    refused(pair, tmp_path, "history f0rged, replica_id", "attributed to the target")


def test_a_forged_mark_cannot_overwrite_the_leads_newer_work(tmp_path, tiny_framework):
    with fake_clock():
        with make_master(tmp_path / "master.inspection", tiny_framework) as master:
            copy = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
            master.actor = "LD"
            master.judgments.save(Judgment("1", "Good", "The lead's newer rationale"))
            master_replica = master.inspection.replica_id
        with InspectionFile.open(copy) as ab:
            ab.actor = "AB"
            ab.judgments.save(Judgment("1", "Poor", "The copy's rationale"))
            seen = ab.judgments.get("1").updated_at
    # The copy claims to have seen everything the master wrote up to its own change.
    tamper(
        copy, ("UPDATE replica_sync SET source_mark = ? WHERE replica_id = ?", seen, master_replica)
    )
    result = run(tmp_path / "home", "merge", tmp_path / "master.inspection", copy, "--yes")
    assert result.returncode == 0, result.stderr
    with InspectionFile.open(tmp_path / "master.inspection", readonly=True) as master:
        assert master.judgments.get("1").rationale == "The copy's rationale"
        kept = [c.other.get("rationale") for c in list_conflicts(master)]
    assert kept == ["The lead's newer rationale"]
    listed = run(tmp_path / "home", "conflicts", tmp_path / "master.inspection")
    assert "The lead's newer rationale" in listed.stdout


def test_a_forged_origin_left_on_an_edited_row_cannot_back_a_forged_mark(tmp_path, tiny_framework):
    with fake_clock():
        with make_master(tmp_path / "master.inspection", tiny_framework) as master:
            copy = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
            master.actor = "LD"
            master.judgments.save(Judgment("1", "Good", "The lead's newer rationale"))
            master_replica = master.inspection.replica_id
        with InspectionFile.open(copy) as ab:
            ab.actor = "AB"
            changed = ab.judgments.save(Judgment("1", "Poor", "The copy's rationale"))
            seen = changed.updated_at
    # The copy claims to have seen everything the master wrote up to its own change, and
    # that the version its judgment replaced was one the master wrote just before it.
    just_before = stored_time(parse_stored_time(seen) - timedelta(milliseconds=1))
    tamper(
        copy,
        ("UPDATE replica_sync SET source_mark = ? WHERE replica_id = ?", seen, master_replica),
        (
            "UPDATE judgment SET origin_replica = ?, origin_updated_at = ? WHERE id = ?",
            master_replica,
            just_before,
            changed.id,
        ),
    )
    result = run(tmp_path / "home", "merge", tmp_path / "master.inspection", copy, "--yes")
    assert result.returncode == 0, result.stderr
    with InspectionFile.open(tmp_path / "master.inspection", readonly=True) as master:
        assert master.judgments.get("1").rationale == "The copy's rationale"
        kept = [c.other.get("rationale") for c in list_conflicts(master)]
    assert kept == ["The lead's newer rationale"]


def test_a_reviewed_judgment_changed_in_a_copy_is_a_draft_again(tmp_path, tiny_framework):
    with fake_clock():
        with make_master(tmp_path / "master.inspection", tiny_framework) as master:
            master.actor = "LD"
            master.judgments.save(Judgment("1", "Good", "Base", status=JudgmentStatus.REVIEWED))
            copy = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
        with InspectionFile.open(copy) as ab:
            ab.actor = "AB"
            regraded = ab.judgments.save(
                Judgment("1", "Poor", "Base", status=JudgmentStatus.REVIEWED)
            )
            ab.actor = "LD"  # the lead signs off AB's change on AB's laptop
            ab.judgments.save(replace(regraded, status=JudgmentStatus.REVIEWED))
            assert ab.judgments.get("1").status is JudgmentStatus.REVIEWED
    result = run(tmp_path / "home", "merge", tmp_path / "master.inspection", copy, "--yes")
    assert result.returncode == 0, result.stderr
    with InspectionFile.open(tmp_path / "master.inspection", readonly=True) as master:
        merged = master.judgments.get("1")
        assert (merged.grade, merged.status) == ("Poor", JudgmentStatus.DRAFT)
        why = master.history.last_change(merged.id, "status")
        assert (why.old_value, why.new_value, why.reason) == ("reviewed", "draft", REOPENED_REASON)
        # A draft has no reviewer; who changed it in the copy prepared it.
        assert (merged.prepared_by, merged.reviewed_by, merged.reviewed_at) == ("AB", None, None)
        signed = master.history.last_change(merged.id, "reviewed_by")
        assert (signed.old_value, signed.new_value, signed.reason) == ("LD", None, REOPENED_REASON)
    assert check_inspection(tmp_path / "master.inspection").healthy


def test_escape_sequences_from_a_copy_never_reach_the_terminal(tmp_path, tiny_framework):
    with fake_clock():
        with make_master(tmp_path / "master.inspection", tiny_framework) as master:
            copy = create_fieldwork_copy(master, "AB", tmp_path / "ab.inspection")
            item = master.evidence.page()[0]
            master.evidence.update(replace(item, summary="Changed by the lead"))
        with InspectionFile.open(copy) as ab:
            ab.evidence.update(
                replace(ab.evidence.get(item.id), summary="\x1b[2J\x1b[31mAll clear\r\u202eyaw")
            )
    result = run(tmp_path / "home", "merge", tmp_path / "master.inspection", copy, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "conflict:" in result.stdout
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    assert "\u202e" not in result.stdout
    assert "\\x1b[2J\\x1b[31mAll clear \\u202eyaw" in result.stdout
