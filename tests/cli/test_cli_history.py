"""The history command: a readable table, filters by day and person, CSV for Excel,
and the commands that write recording who made their changes."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest

from models.records import Evidence
from storage.file.inspection_file import InspectionFile
from tests.cli.test_cli_team_merge import assert_refused, run
from tests.storage.merge_helpers import fake_clock, file_state


@pytest.fixture
def inspection_path(tiny_inspection):
    """Changes by AB on 2 March 2026 and by CD on 4 March (UTC)."""
    with fake_clock() as clock:
        tiny_inspection.actor = "AB"
        item = tiny_inspection.evidence.add(Evidence(id="", author="AB", summary="Desk visit"))
        clock.advance(days=2)
        tiny_inspection.actor = "CD"
        tiny_inspection.evidence.update(
            replace(item, summary='=HYPERLINK("x")', notes="Queue of 12")
        )
    path = tiny_inspection.path
    tiny_inspection.close()
    return path


def test_table_lists_changes_newest_first_with_who_and_what(tmp_path, inspection_path):
    before = file_state(inspection_path)
    result = run(tmp_path, "history", inspection_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["When", "(UTC)", "Who", "What"]
    assert lines[1].startswith("2026-03-04 ") and " CD " in lines[1]
    assert "Changed notes of AB-0001: (empty) → Queue of 12" in lines[1]
    assert lines[-2].startswith("2026-03-02 ") and "Created AB-0001: AB-0001" in lines[-2]
    assert lines[-1] == "3 changes."
    assert file_state(inspection_path) == before  # only read


def test_since_until_and_by_narrow_the_list(tmp_path, inspection_path):
    since = run(tmp_path, "history", inspection_path, "--since", "2026-03-03")
    assert since.stdout.splitlines()[-1] == "2 changes."
    until = run(tmp_path, "history", inspection_path, "--until", "2026-03-02")
    assert until.stdout.splitlines()[-1] == "1 change."
    by = run(tmp_path, "history", inspection_path, "--by", "ab")
    assert by.stdout.splitlines()[-1] == "1 change." and " CD " not in by.stdout
    none = run(tmp_path, "history", inspection_path, "--by", "ZZ")
    assert none.stdout == "No changes recorded that match.\n"


@pytest.mark.parametrize(
    "args, word",
    [
        (["--since", "2026-02-30"], "--since"),
        (["--until", "March"], "--until"),
        (["--since", "2026-03-05", "--until", "2026-03-01"], "swap"),
    ],
)
def test_a_bad_date_is_one_error_line(tmp_path, inspection_path, args, word):
    assert_refused(run(tmp_path, "history", inspection_path, *args), word)


def test_csv_reads_back_with_every_change_and_no_formulas(tmp_path, inspection_path):
    out = tmp_path / "changes.csv"
    result = run(tmp_path, "history", inspection_path, "--csv", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote 3 changes to {out}."
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["Who"] for r in rows] == ["CD", "CD", "AB"]
    summary = next(r for r in rows if r["Field"] == "summary")
    assert summary["Old value"] == "Desk visit"
    assert summary["New value"] == '\'=HYPERLINK("x")'
    assert summary["Item"] == "AB-0001" and summary["When (UTC)"].startswith("2026-03-04")
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())

    # An existing file is kept unless --overwrite, and the inspection is never written over.
    assert_refused(run(tmp_path, "history", inspection_path, "--csv", out), "--overwrite")
    again = run(tmp_path, "history", inspection_path, "--csv", out, "--overwrite", "--by", "AB")
    assert again.stdout.strip() == f"Wrote 1 change to {out}."
    assert_refused(run(tmp_path, "history", inspection_path, "--csv", inspection_path), ".csv")


def test_writing_commands_record_their_author_or_the_copys_inspector(tmp_path, inspection_path):
    log = tmp_path / "log.csv"
    log.write_text(
        "Summary,Source type,Questions\nFront desk queue,Observation,1.1\n", encoding="utf-8"
    )
    result = run(tmp_path, "import-evidence", inspection_path, log, "--author", "ef")
    assert result.returncode == 0, result.stderr
    with InspectionFile.open(inspection_path, readonly=True) as inspection:
        assert "EF" in inspection.history.actors()


def test_notes_of_sensitive_evidence_are_withheld_unless_asked_for(tmp_path, tiny_inspection):
    secret, plain = "Victim named in the custody record", "Shift briefing covered the new policy"
    tiny_inspection.actor = "JS"
    hidden = tiny_inspection.evidence.add(
        Evidence(author="JS", summary="Custody visit", question_codes=("1.1",), sensitive=True)
    )
    shown = tiny_inspection.evidence.add(
        Evidence(author="JS", summary="Briefing", question_codes=("1.1",))
    )
    tiny_inspection.evidence.update(replace(tiny_inspection.evidence.get(hidden.id), notes=secret))
    tiny_inspection.evidence.update(replace(tiny_inspection.evidence.get(shown.id), notes=plain))
    path = tiny_inspection.path
    tiny_inspection.close()
    home = tmp_path / "home"

    table = run(home, "history", path)
    assert table.returncode == 0, table.stderr
    assert secret not in table.stdout and plain in table.stdout
    assert "[withheld: sensitive evidence]" in table.stdout
    assert secret in run(home, "history", path, "--include-sensitive").stdout

    out = tmp_path / "history.csv"
    assert run(home, "history", path, "--csv", out).returncode == 0
    text = out.read_text(encoding="utf-8-sig")
    assert secret not in text and plain in text and "[withheld: sensitive evidence]" in text
    assert (
        run(home, "history", path, "--csv", out, "--overwrite", "--include-sensitive").returncode
        == 0
    )
    assert secret in out.read_text(encoding="utf-8-sig")
