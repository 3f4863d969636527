"""``python main.py import-evidence``, run as a person would, in a subprocess.

A refused import exits with status 2 and ``error:`` lines only (one line, or
one per problem in the rows), prints no traceback, and leaves the inspection
and the log byte-for-byte as they were.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage.file.inspection_file import InspectionFile
from tests.storage.log_files import HEADERS, log_row, write_csv, write_xlsx

ROOT = Path(__file__).resolve().parents[2]


def run(home: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "EVIDENCE_REVIEW_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def state(*paths: Path) -> list[str | None]:
    """Each file's bytes (and its write-ahead log's, when not empty) as hashes."""
    result = []
    for path in paths:
        for p in (path, Path(f"{path}-wal")):
            exists = p.is_file() and p.stat().st_size
            result.append(hashlib.sha256(p.read_bytes()).hexdigest() if exists else None)
    return result


def refs(path: Path) -> list[str]:
    with InspectionFile.open(path, readonly=True) as inspection:
        return [e.ref for e in inspection.evidence.iter_all()]


@pytest.fixture
def home(isolated_home):
    return isolated_home


def test_import_then_import_again(home, demo_path, tmp_path):
    log = write_csv(
        tmp_path / "log.csv",
        [
            log_row(Date="05/10/2015", source_type="FG", Questions="2.2.1; 1.1", Author="TS"),
            log_row(
                Date="06/10/2015",
                source_type="RT",
                Questions="3.1",
                Author="TS",
                Summary="Control room used THRIVE on every call heard",
                Assessment="+",
            ),
        ],
    )
    before = refs(demo_path)
    log_bytes = log.read_bytes()
    result = run(home, "import-evidence", demo_path, log)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Imported 2 evidence items from log.csv (UTF-8) into "
        "demo.inspection; 0 already present (skipped).\n"
    )
    assert result.stderr == ""
    assert sorted(refs(demo_path)) == sorted(before + ["TS-0001", "TS-0002"])
    again = run(home, "import-evidence", demo_path, log)
    assert again.returncode == 0, again.stderr
    assert "Imported 0 evidence items" in again.stdout
    assert "2 already present (skipped)" in again.stdout
    assert log.read_bytes() == log_bytes


def test_workbook_sheet_columns_and_author_are_chosen_on_the_command_line(
    home, demo_path, tmp_path
):
    log = write_xlsx(
        tmp_path / "log.xlsx",
        [["Seen at Basingstoke front desk", "Visit", "1.1.1", "wk 2"]],
        ["Obs", "Kind", "Codes", "Week"],
        sheet="Week 2",
        other_sheets={"Week 3": [["Obs"]]},
    )
    result = run(
        home,
        "import-evidence",
        demo_path,
        log,
        "--sheet",
        "Week 2",
        "--author",
        "ts",
        "--map",
        "Obs=summary",
        "--map",
        "Kind=source type",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Imported 1 evidence item from log.xlsx, sheet Week 2 into demo.inspection; "
        "0 already present (skipped). Columns not imported: D (Week)."
    )
    assert "TS-0001" in refs(demo_path)


def test_help_lists_the_command(home):
    assert "import-evidence" in run(home, "--help").stdout
    result = run(home, "import-evidence", "--help")
    assert result.returncode == 0 and "--author" in result.stdout and "--map" in result.stdout


def test_problems_in_rows_are_listed_one_per_line_and_nothing_is_imported(
    home, demo_path, tmp_path
):
    log = write_csv(
        tmp_path / "log.csv",
        [
            log_row(Author="TS"),
            log_row(Date="31/02/2015", Author="TS"),
            log_row(Questions="1.1; 9.9", Author="TS"),
            log_row(Ref="JT-0001", Author=None),
        ],
    )
    before = state(demo_path, log)
    result = run(home, "import-evidence", demo_path, log)
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "error: log.csv: row 3, column B (Date): '31/02/2015' is not a real date",
        "error: log.csv: row 4, column I (Questions): 9.9 is not a question of this "
        "inspection's framework",
        "error: log.csv: row 5, column A (Ref): ref JT-0001 is already used in this inspection "
        "by an item with a different source type, date, location, participants, summary, "
        "notes, assessment, questions; give the row another ref, or leave the ref empty to "
        "add it as a new item",
        "error: nothing was imported; correct the 3 problem(s) in log.csv and import it again.",
    ]
    assert state(demo_path, log) == before


def _bad(tmp_path: Path, kind: str) -> tuple[list, str]:
    """Arguments after the inspection file, and a word the error line must hold."""
    good = write_csv(tmp_path / "good.csv", [log_row()])
    if kind == "missing log":
        return [tmp_path / "none.csv"], "does not exist"
    if kind == "text named xlsx":
        (tmp_path / "log.xlsx").write_text("Summary\n")
        return [tmp_path / "log.xlsx"], "not an Excel workbook"
    if kind == "empty csv":
        (tmp_path / "log.csv").write_text("")
        return [tmp_path / "log.csv"], "is empty"
    if kind == "no summary column":
        return [
            write_csv(tmp_path / "log.csv", [["FG", "1.1"]], ["Type", "Questions"]),
            "--author",
            "JS",
        ], "--map 'HEADER=summary'"
    if kind == "two summary columns":
        return [
            write_csv(tmp_path / "log.csv", [log_row() + ["x"]], HEADERS + ["Evidence"])
        ], "both hold the summary"
    if kind == "no author":
        return [write_csv(tmp_path / "log.csv", [log_row()[1:9]], HEADERS[1:9])], "--author"
    if kind == "unknown sheet":
        return [write_xlsx(tmp_path / "log.xlsx", [log_row()]), "--sheet", "Nope"], "no sheet"
    if kind == "sheet of a csv":
        return [good, "--sheet", "Log"], "has no sheets"
    if kind == "map without =":
        return [good, "--map", "summary"], "HEADER=FIELD"
    if kind == "map to no field":
        return [good, "--map", "Notes=colour"], "not a field"
    if kind == "map an absent column":
        return [good, "--map", "Week=notes"], "no column 'Week'"
    if kind == "bad initials":
        return [good, "--author", "J5"], "not valid initials"
    if kind == "an xls":
        (tmp_path / "log.xls").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
        return [tmp_path / "log.xls"], ".xls"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    [
        "missing log",
        "text named xlsx",
        "empty csv",
        "no summary column",
        "two summary columns",
        "no author",
        "unknown sheet",
        "sheet of a csv",
        "map without =",
        "map to no field",
        "map an absent column",
        "bad initials",
        "an xls",
    ],
)
def test_bad_input_is_one_error_line_and_changes_nothing(home, demo_path, tmp_path, kind):
    args, words = _bad(tmp_path, kind)
    files = [demo_path] + [a for a in args if isinstance(a, Path) and a.exists()]
    before = state(*files)
    result = run(home, "import-evidence", demo_path, *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert words in lines[0] and "Traceback" not in result.stderr and result.stdout == ""
    assert state(*files) == before


@pytest.mark.parametrize("inspection", ["missing", "not an inspection"])
def test_a_bad_inspection_file_is_refused(home, tmp_path, inspection):
    path = tmp_path / "x.inspection"
    if inspection == "not an inspection":
        path.write_text("minutes of the meeting\n" * 10)
    log = write_csv(tmp_path / "log.csv", [log_row()])
    before = state(path, log)
    result = run(home, "import-evidence", path, log)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("error: ") and result.stdout == ""
    assert state(path, log) == before
