"""What leaves an inspection through the command line keeps its secrets: notes of evidence
that is or was sensitive (deleted items too), new files readable by their owner only, and
history written for Excel with nothing a spreadsheet or a terminal would run."""

from __future__ import annotations

import csv
import sqlite3
from dataclasses import replace

from models.records import Evidence
from storage.file.inspection_file import InspectionFile
from tests.cli.test_cli_team_merge import run

SECRET = "Victim named: Jane Roe, 12 Acacia Avenue"
OLDER = "First account, naming the victim"


def test_notes_of_deleted_and_once_sensitive_items_are_withheld(tmp_path, tiny_inspection):
    inspection = tiny_inspection
    inspection.actor = "JS"
    gone = inspection.evidence.add(
        Evidence(author="JS", summary="Custody visit", question_codes=("1.1",), sensitive=True)
    )
    inspection.evidence.update(replace(inspection.evidence.get(gone.id), notes=OLDER))
    inspection.evidence.update(replace(inspection.evidence.get(gone.id), notes=SECRET))
    inspection.evidence.delete(gone.id)
    once = inspection.evidence.add(
        Evidence(author="JS", summary="Call handling", question_codes=("1.1",), sensitive=True)
    )
    inspection.evidence.update(
        replace(inspection.evidence.get(once.id), notes="Caller's address given")
    )
    inspection.evidence.update(replace(inspection.evidence.get(once.id), sensitive=False))
    path = inspection.path
    inspection.close()
    home = tmp_path / "home"

    listing = run(home, "history", path)
    assert listing.returncode == 0, listing.stderr
    for secret in (SECRET, OLDER, "Caller's address given"):
        assert secret not in listing.stdout
    assert listing.stdout.count("[withheld: sensitive evidence]") >= 3
    out = tmp_path / "history.csv"
    assert run(home, "history", path, "--csv", out).returncode == 0
    text = out.read_text(encoding="utf-8-sig")
    for secret in (SECRET, OLDER, "Caller's address given"):
        assert secret not in text
    assert (
        run(home, "history", path, "--csv", out, "--overwrite", "--include-sensitive").returncode
        == 0
    )
    assert SECRET in out.read_text(encoding="utf-8-sig")


def test_history_csv_escapes_what_a_spreadsheet_or_terminal_would_run(tmp_path, tiny_inspection):
    inspection = tiny_inspection
    inspection.actor = "JS"
    item = inspection.evidence.add(
        Evidence(author="JS", summary="Desk visit", question_codes=("1.1",))
    )
    for summary in (' =HYPERLINK("http://x")', "\n=cmd|'/c calc'!A1", "\t+1", "Seen\x1b[2Jcleared"):
        inspection.evidence.update(replace(inspection.evidence.get(item.id), summary=summary))
    path = inspection.path
    inspection.close()
    # A value only a crafted file could hold.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(
        "INSERT INTO history (id, changed_at, actor, reason, replica_id, entity,"
        " entity_id, action, field, old_value, new_value) SELECT 'nul1',"
        " '2026-03-02T09:00:00.000Z', 'JS', '', replica_id, 'evidence', ?, 'changed',"
        " 'summary', 'a' || char(0) || 'b', '@SUM(1)' FROM inspection",
        [item.id],
    )
    conn.close()
    out = tmp_path / "history.csv"
    result = run(tmp_path / "home", "history", path, "--csv", out)
    assert result.returncode == 0, result.stderr
    with open(out, encoding="utf-8-sig", newline="") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert "\x00" not in "".join(cells) and "\x1b" not in "".join(cells)
    for cell in cells:
        stripped = cell.lstrip(" \t\n")
        assert not stripped.startswith(("=", "+", "-", "@")) or cell.startswith("'"), cell
    assert '\' =HYPERLINK("http://x")' in cells and "'\n=cmd|'/c calc'!A1" in cells
    assert "'@SUM(1)" in cells and "ab" in cells and "Seen[2Jcleared" in cells
    listing = run(tmp_path / "home", "history", path)
    assert "\x1b" not in listing.stdout and "\\x1b[2J" in listing.stdout


def test_new_inspections_and_fieldwork_copies_are_private(tmp_path):
    home = tmp_path / "home"
    assert run(home, "demo", tmp_path / "demo.inspection").returncode == 0
    assert (
        run(
            home,
            "new",
            tmp_path / "new.inspection",
            "--framework",
            "peel-2015-effectiveness",
            "--force",
            "Testshire",
        ).returncode
        == 0
    )
    with InspectionFile.open(tmp_path / "demo.inspection") as demo:
        demo.team.add("AB", "Ana Bell")
    assert (
        run(
            home,
            "fieldwork-copy",
            tmp_path / "demo.inspection",
            "--for",
            "AB",
            "--out",
            tmp_path / "ab.inspection",
        ).returncode
        == 0
    )
    for name in ("demo", "new", "ab"):
        assert (tmp_path / f"{name}.inspection").stat().st_mode & 0o777 == 0o600, name
