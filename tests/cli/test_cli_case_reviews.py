"""The case-file review commands run as a person would, in subprocesses: a checklist
template filled and installed, a log of reviews imported and imported again, the
results printed, and bad input refused with ``error:`` lines and the files unchanged."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from storage.file.inspection_file import InspectionFile
from storage.operations import case_reviews as reviews
from tests.cli.test_cli_import import run, state


def _new_inspection(home: Path, tmp_path: Path) -> Path:
    path = tmp_path / "t.inspection"
    made = run(home, "new", path, "--framework", "peel-2015-effectiveness", "--force", "Testshire")
    assert made.returncode == 0, made.stderr
    return path


def _checklist_workbook(home: Path, tmp_path: Path) -> Path:
    out = tmp_path / "checklist.xlsx"
    written = run(home, "checklist-template", out)
    assert written.returncode == 0 and "install-checklist" in written.stdout
    book = load_workbook(out)
    sheet = book["checklist"]
    sheet["B1"] = "Domestic abuse: risk assessment"
    sheet["B3"] = "3.2"
    for row in (
        ["1", "Was a DASH risk assessment completed?", "yes/no"],
        ["2", "Was it completed in person?", "yes/no", None, "1", "yes"],
        ["3", "Days to first contact", "number"],
    ):
        sheet.append(row)
    book.save(out)
    return out


def test_a_checklist_is_authored_in_excel_installed_reviewed_and_its_results_printed(
    tmp_path, isolated_home
):
    path = _new_inspection(isolated_home, tmp_path)
    workbook = _checklist_workbook(isolated_home, tmp_path)
    installed = run(isolated_home, "install-checklist", path, workbook, "--author", "JS")
    assert installed.returncode == 0, installed.stderr
    assert "Installed the checklist Domestic abuse: risk assessment (3 items)" in installed.stdout
    log = tmp_path / "log.xlsx"
    written = run(
        isolated_home,
        "checklist-template",
        log,
        "--from",
        path,
        "--checklist",
        "domestic abuse: risk assessment",
    )
    assert written.returncode == 0, written.stderr
    book = load_workbook(log)
    sheet = book["case reviews"]
    sheet.append(["44150000001", "Assault", "21/09/2015", "JS", "", "", "yes", "no", "1"])
    sheet.append(["44150000002", "Assault", "22/09/2015", "KP", "", "", "yes", "yes", "3"])
    sheet.append(["Jane Smith", "Assault", "22/09/2015", "KP", "", "", "no", "", "n/a"])
    book.save(log)
    imported = run(
        isolated_home,
        "import-case-reviews",
        path,
        log,
        "--checklist",
        "Domestic abuse: risk assessment",
        "--author",
        "JS",
    )
    assert imported.returncode == 0, imported.stderr
    assert "Imported 3 reviewed file(s) from log.xlsx" in imported.stdout
    assert "check Jane Smith: it looks like a person's name" in imported.stdout
    again = run(
        isolated_home,
        "import-case-reviews",
        path,
        log,
        "--checklist",
        "Domestic abuse: risk assessment",
    )
    assert "Imported 0 reviewed file(s)" in again.stdout and "3 already reviewed" in again.stdout
    shown = run(isolated_home, "case-reviews", path)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("Domestic abuse: risk assessment (") and "3 file(s)" in lines[0]
    assert (
        "  1. Was a DASH risk assessment completed? Yes in 2 of 3 cases (67 %); no in 1."
        " 3 files reviewed." in lines
    )
    assert "       Yes: 2 of 3 (67 %)" in lines
    assert any(
        "Median 2 (range 1 to 3) over 2 cases; N/A in 1 (not counted)" in line for line in lines
    )
    assert any(
        "Was it completed in person? Yes in 1 of 2 cases (50 %)" in line
        and "did not apply in 1" in line
        for line in lines
    )
    narrowed = run(
        isolated_home,
        "case-reviews",
        path,
        "--checklist",
        "domestic",
        "--reviewer",
        "kp",
        "--since",
        "22/9/2015",
    )
    assert narrowed.returncode == 0, narrowed.stderr
    first = narrowed.stdout.splitlines()[0]
    assert first.endswith("2 file(s) reviewed (reviewed by KP, reviewed on or after 2015-09-22)")
    assert "Yes in 1 of 2 cases (50 %)" in narrowed.stdout
    bad_day = run(isolated_home, "case-reviews", path, "--until", "31/02/2015")
    assert bad_day.returncode == 2 and bad_day.stderr.startswith("error: --until:")


def test_a_bad_log_is_refused_with_every_problem_and_nothing_changes(tmp_path, isolated_home):
    path = _new_inspection(isolated_home, tmp_path)
    workbook = _checklist_workbook(isolated_home, tmp_path)
    assert run(isolated_home, "install-checklist", path, workbook).returncode == 0
    log = tmp_path / "log.csv"
    log.write_text("case reference,reviewer,1,3\nHC/1,JS,maybe,3\n,JS,yes,x\n", encoding="utf-8")
    before = state(path, log)
    refused = run(
        isolated_home,
        "import-case-reviews",
        path,
        log,
        "--checklist",
        "Domestic abuse: risk assessment",
    )
    assert refused.returncode == 2
    assert refused.stdout == ""
    errors = refused.stderr.splitlines()
    assert "error: log.csv: row 2, column C: item 1: Answer yes, no, partly or n/a." in errors
    assert "error: log.csv: row 3, column A: the case reference is empty" in errors
    assert (
        "error: log.csv: row 3, column D: item 3: Give a number, like 3 or 2.5, or n/a." in errors
    )
    assert errors[-1].startswith("error: nothing was imported; correct the 3 problem(s)")
    assert "Traceback" not in refused.stderr
    assert state(path, log) == before


def test_bad_checklists_and_unknown_ones_are_refused_in_one_line(tmp_path, isolated_home):
    path = _new_inspection(isolated_home, tmp_path)
    blank = tmp_path / "blank.xlsx"
    assert run(isolated_home, "checklist-template", blank).returncode == 0
    before = state(path)
    refused = run(isolated_home, "install-checklist", path, blank)
    assert refused.returncode == 2
    assert (
        "error: blank.xlsx: checklist sheet, row 1, column B: the checklist needs a title"
        in refused.stderr
    )
    assert state(path) == before
    unknown = run(isolated_home, "case-reviews", path, "--checklist", "nothing")
    assert unknown.returncode == 2
    assert unknown.stderr.strip().startswith("error: No checklist of this inspection is")
    assert "Traceback" not in unknown.stderr
    empty = run(isolated_home, "case-reviews", path)
    assert empty.returncode == 0 and "has no case-file review checklists" in empty.stdout
    existing = run(isolated_home, "checklist-template", blank)
    assert existing.returncode == 2 and "already exists" in existing.stderr
    with InspectionFile.open(path, readonly=True) as inspection:
        assert reviews.list_checklists(inspection) == []
