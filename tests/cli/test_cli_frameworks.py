"""The framework commands run as a person would: framework-template, import-framework,
frameworks and new with an installed framework, and a five-grade framework from workbook to
exported summary.

Bad input gives one ``error:`` line and exit status 2 and leaves every input as it was; a
workbook with problems gives one ``error:`` line per problem and installs nothing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.framework import framework_to_dict
from models.grade_colours import grade_colour
from storage.file.inspection_file import InspectionFile
from storage.frameworks.library import find_framework
from storage.frameworks.workbook import read_framework_workbook
from tests.cli.test_cli import assert_refused, run, sha
from tests.storage.framework_workbooks import (
    FIVE_GRADE_ID,
    FIVE_GRADES,
    five_grade_rows,
    five_grade_workbook,
    write_sheets,
)
from tests.storage.workbook_reading import block, fill_colour, header_row, records

PEEL = "peel-2015-effectiveness"


@pytest.fixture
def home(isolated_home):
    return isolated_home


def installed(home: Path) -> list[str]:
    folder = home / "data" / "frameworks"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def contents(folder: Path) -> dict[str, str]:
    return {p.name: sha(p) for p in folder.iterdir() if p.is_file()}


# -- framework-template ------------------------------------------------------------
def test_blank_template_filled_in_and_imported(home, tmp_path):
    result = run(home, "framework-template", tmp_path / "mine")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "mine.xlsx"
    assert result.stdout.splitlines() == [
        f"Wrote a blank framework template to {out}: fill in its framework, questions and "
        f"grades sheets, then install it with: main.py import-framework {out}"
    ]

    workbook = load_workbook(out)  # filled in as an inspector would
    for row, value in enumerate(["city-forces", "City forces review", "1", ""], 2):
        workbook["framework"].cell(row=row, column=2, value=value)
    for row in (
        ["H", None, "How well are city forces doing?", None, "yes"],
        ["1", "H", "Is the night-time economy policed well?", None, "yes"],
        ["1.1", "1", "Are licensing powers used?", "Check the register.", None],
    ):
        workbook["questions"].append(row)
    for row in ([1, "Good", "Doing well."], [2, "Poor", "Not doing well."]):
        workbook["grades"].append(row)
    workbook.save(out)

    result = run(home, "import-framework", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Installed city-forces (City forces review, version 1): 3 questions, 1 graded core "
        "questions, grades Good, Poor; kept in "
    )
    assert installed(home) == ["city-forces@1.json"]

    listing = run(home, "frameworks")
    assert listing.returncode == 0 and listing.stderr == ""
    assert "city-forces (installed)\n  City forces review, version 1\n" in listing.stdout
    assert f"{PEEL} (built-in)" in listing.stdout
    assert f"Installed frameworks are kept in {home / 'data' / 'frameworks'}." in listing.stdout


def test_template_of_an_existing_framework_reads_back_the_same(home, tmp_path):
    out = tmp_path / "peel.xlsx"
    result = run(home, "framework-template", out, "--framework", PEEL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        f"Wrote {PEEL} (PEEL 2015: police effectiveness, version "
        f"2015.1) to {out}: 34 questions, 4 grades."
    )
    assert framework_to_dict(read_framework_workbook(out)) == framework_to_dict(
        find_framework(PEEL)
    )
    # Imported unchanged it would take the built-in id: refused, nothing installed.
    before = sha(out)
    assert_refused(run(home, "import-framework", out), PEEL, "built-in")
    assert sha(out) == before and installed(home) == []


@pytest.mark.parametrize(
    "case",
    [
        "existing file",
        "other suffix",
        "missing folder",
        "unknown framework",
        "version without framework",
        "unknown version",
    ],
)
def test_template_bad_input_is_refused_and_changes_nothing(home, tmp_path, case):
    existing = tmp_path / "kept.xlsx"
    existing.write_bytes(b"the lead's own workbook")
    args = {
        "existing file": [existing],
        "other suffix": [tmp_path / "template.csv"],
        "missing folder": [tmp_path / "no such folder" / "template.xlsx"],
        "unknown framework": [tmp_path / "t.xlsx", "--framework", "peel-2099"],
        "version without framework": [tmp_path / "t.xlsx", "--framework-version", "1"],
        "unknown version": [
            tmp_path / "t.xlsx",
            "--framework",
            PEEL,
            "--framework-version",
            "1999",
        ],
    }[case]
    words = {
        "existing file": ["already exists"],
        "other suffix": [".xlsx"],
        "missing folder": ["does not exist"],
        "unknown framework": ["peel-2099", PEEL],
        "version without framework": ["--framework"],
        "unknown version": ["1999", "2015.1"],
    }[case]
    before = contents(tmp_path)
    assert_refused(run(home, "framework-template", *args), *words)
    assert contents(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.xlsx"]


# -- import-framework --------------------------------------------------------------
def test_import_lists_every_problem_on_its_own_line_and_installs_nothing(home, tmp_path):
    sheets = five_grade_rows()
    sheets["Questions"][6][1] = 9.9  # row 7: a parent that does not exist
    sheets["Questions"][4][2] = ""  # row 5: no title
    sheets["Grades"][3][1] = "good"  # row 4: a grade named twice
    path = write_sheets(tmp_path / "draft framework.xlsx", sheets)
    before = sha(path)
    result = run(home, "import-framework", path)
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"error: {path}: questions sheet, row 5, column 'title': the title is empty",
        f"error: {path}: questions sheet, row 7, column 'parent code': parent 9.9 does not exist",
        f"error: {path}: grades sheet, row 4, column 'name': the grade good is already named "
        "in row 3 (names are compared ignoring case)",
    ]
    assert sha(path) == before
    assert installed(home) == []


@pytest.mark.parametrize("kind", ["missing", "text file", "folder"])
def test_import_of_something_that_is_not_a_workbook_is_one_line(home, tmp_path, kind):
    path = tmp_path / "framework.xlsx"
    if kind == "text file":
        path.write_text("code,parent code,title\n", encoding="utf-8")
    elif kind == "folder":
        path.mkdir()
    before = sha(path) if path.is_file() else None
    assert_refused(
        run(home, "import-framework", path),
        str(path),
        {"missing": "does not exist", "text file": "not an Excel workbook", "folder": "folder"}[
            kind
        ],
    )
    assert (sha(path) if path.is_file() else None) == before
    assert installed(home) == []


def test_import_of_the_same_version_again_needs_replace(home, tmp_path):
    path = five_grade_workbook(tmp_path / "five.xlsx")
    assert run(home, "import-framework", path).returncode == 0
    kept = home / "data" / "frameworks" / f"{FIVE_GRADE_ID}@2023.1.json"
    before = sha(kept)

    sheets = five_grade_rows()
    sheets["Questions"][3][2] = "Does it work well with partners?"
    changed = write_sheets(tmp_path / "five, reworded.xlsx", sheets)
    assert_refused(run(home, "import-framework", changed), "already installed", "--replace")
    assert sha(kept) == before

    result = run(home, "import-framework", changed, "--replace")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        f"Replaced {FIVE_GRADE_ID} (PEEL 2023 effectiveness, version 2023.1)"
    )
    assert installed(home) == [kept.name]
    assert (
        find_framework_in(home, FIVE_GRADE_ID).question("1.1").title
        == "Does it work well with partners?"
    )


def find_framework_in(home: Path, framework_id: str, version: str | None = None):
    return find_framework(framework_id, version, user_folder=home / "data" / "frameworks")


# -- frameworks and new ----------------------------------------------------------------
def test_new_versions_sit_side_by_side_and_new_uses_the_latest_unless_told(home, tmp_path):
    for version in ("2023.1", "2023.2"):
        sheets = five_grade_rows()
        sheets["Framework"][3][1] = version
        assert (
            run(
                home, "import-framework", write_sheets(tmp_path / f"{version}.xlsx", sheets)
            ).returncode
            == 0
        )
    listing = run(home, "frameworks").stdout
    assert listing.count(f"{FIVE_GRADE_ID} (installed)") == 2
    assert listing.index("version 2023.1") < listing.index("version 2023.2")

    latest = tmp_path / "latest.inspection"
    result = run(home, "new", latest, "--framework", FIVE_GRADE_ID, "--force", "Kent Police")
    assert result.returncode == 0, result.stderr
    assert "(version 2023.2)" in result.stdout
    older = tmp_path / "older.inspection"
    assert (
        run(
            home,
            "new",
            older,
            "--framework",
            FIVE_GRADE_ID,
            "--framework-version",
            "2023.1",
            "--force",
            "Kent Police",
        ).returncode
        == 0
    )
    with InspectionFile.open(older, readonly=True) as inspection:
        assert inspection.inspection.framework_version == "2023.1"

    before = sorted(p.name for p in tmp_path.iterdir())
    assert_refused(
        run(
            home,
            "new",
            tmp_path / "x.inspection",
            "--framework",
            FIVE_GRADE_ID,
            "--framework-version",
            "2024",
            "--force",
            "Kent Police",
        ),
        "2024",
        "2023.1, 2023.2",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_broken_installed_framework_is_a_warning_not_a_failure(home, tmp_path):
    folder = home / "data" / "frameworks"
    folder.mkdir(parents=True)
    (folder / "half-copied.json").write_text('{"id": "x", ', encoding="utf-8")
    result = run(home, "frameworks")
    assert result.returncode == 0
    assert f"{PEEL} (built-in)" in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: Skipped ")
    assert "half-copied.json" in lines[0]
    assert (
        run(home, "new", tmp_path / "x", "--framework", PEEL, "--force", "Kent Police").returncode
        == 0
    )


def test_help_lists_the_framework_commands(home):
    result = run(home, "--help")
    for command in ("framework-template", "import-framework", "frameworks"):
        assert command in result.stdout
    assert "--replace" in run(home, "import-framework", "--help").stdout
    assert "--framework-version" in run(home, "new", "--help").stdout


# -- five grades from workbook to summary ------------------------------------------------
def test_a_five_grade_framework_from_workbook_to_exported_summary(home, tmp_path):
    workbook = five_grade_workbook(tmp_path / "peel 2023.xlsx")
    result = run(home, "import-framework", workbook)
    assert result.returncode == 0, result.stderr
    assert f"grades {', '.join(name for name, _ in FIVE_GRADES)}" in result.stdout

    path = tmp_path / "kent.inspection"
    result = run(home, "new", path, "--framework", FIVE_GRADE_ID, "--force", "Kent Police")
    assert result.returncode == 0, result.stderr
    with InspectionFile.open(path) as inspection:
        assert [g.name for g in inspection.framework.grades] == [n for n, _ in FIVE_GRADES]
        for code, grade in (("2", "Adequate"), ("3", "Requires improvement"), (None, "Good")):
            inspection.judgments.save(
                replace(inspection.judgments.get(code), grade=grade, rationale=f"Graded {grade}.")
            )

    out = tmp_path / "summary.xlsx"
    result = run(home, "export", path, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "3 of 4 judgments graded" in result.stdout
    summary = load_workbook(out)["Summary"]
    header = header_row(summary, "Question")
    rows = records(summary, header)
    assert [(r["Question"], r["Grade"]) for r in rows] == [
        ("Overall", "Good"),
        ("1", "Not yet graded"),
        ("2", "Adequate"),
        ("3", "Requires improvement"),
    ]
    names, body = block(summary, header)  # the judgment table, up to its first empty row
    grade_cells = {cells[0].value: cells[names.index("Grade")] for cells in body}
    assert fill_colour(grade_cells["2"]) == grade_colour(2, 5).lstrip("#")
    assert fill_colour(grade_cells["3"]) == grade_colour(3, 5).lstrip("#")
    assert len({grade_colour(i, 5) for i in range(5)}) == 5
    definitions = load_workbook(out)["Grading definitions"]
    assert [r[0] for r in definitions.iter_rows(min_row=2, values_only=True) if r[0]][-5:] == [
        n for n, _ in FIVE_GRADES
    ]
