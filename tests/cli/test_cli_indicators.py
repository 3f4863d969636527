"""The indicator commands run as a person would: indicator-template, then the return filled
in Excel and imported with import-indicators, corrected and imported again; a bad return
gives one ``error:`` line per problem and leaves the inspection byte-for-byte as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from storage.file.inspection_file import InspectionFile
from tests.cli.test_cli import assert_refused, run, sha


@pytest.fixture
def home(isolated_home):
    return isolated_home


def _new(home: Path, folder: Path) -> Path:
    path = folder / "hants.inspection"
    done = run(home, "new", path, "--framework", "peel-2015-effectiveness", "--force", "Hampshire")
    assert done.returncode == 0, done.stderr
    return path


def _fill(template: Path, rows: list[list[object]]) -> Path:
    book = load_workbook(template)
    sheet = book["data return"]
    for row in rows:
        sheet.append(row)
    book.save(template)
    return template


def test_a_template_filled_in_imports_and_a_correction_says_what_changed(home, tmp_path):
    inspection = _new(home, tmp_path)
    template = tmp_path / "return.xlsx"
    written = run(home, "indicator-template", template)
    assert written.returncode == 0 and "import-indicators" in written.stdout
    assert [c.value for c in load_workbook(template)["data return"][1]][:5] == [
        "name",
        "group",
        "unit",
        "force value",
        "period",
    ]
    _fill(
        template,
        [
            [
                "Recorded crime (excluding fraud)",
                "Crime rates",
                "per_1000_population",
                62.5,
                "12 months to 30 June 2015",
                63.0,
                None,
                "lower",
                "2.1",
                None,
                "Home Office data",
            ],
            [
                "Assault with injury",
                "Crime rates",
                "per_1000_population",
                7.8,
                "12 months to 30 June 2015",
                6.3,
                None,
                "lower",
                "2.1",
                None,
                "Home Office data",
            ],
        ],
    )
    done = run(home, "import-indicators", inspection, template, "--author", "JS")
    assert done.returncode == 0, done.stderr
    assert "2 indicator(s) added, 0 updated" in done.stdout
    # Written out from the file, corrected in Excel and imported again.
    again = tmp_path / "again.xlsx"
    assert run(home, "indicator-template", again, "--from", inspection).returncode == 0
    book = load_workbook(again)
    book["data return"]["D3"] = 7.9
    book.save(again)
    redone = run(home, "import-indicators", inspection, again)
    assert redone.returncode == 0, redone.stderr
    assert "0 indicator(s) added, 1 updated, 1 already up to date" in redone.stdout
    assert "updated Assault with injury (12 months to 30 June 2015): force value 7.8 → 7.9" in (
        redone.stdout
    )
    with InspectionFile.open(inspection, readonly=True) as f:
        assert [(i.name, i.force_value, i.question_codes) for i in f.indicators.all()] == [
            ("Recorded crime (excluding fraud)", 62.5, ("2.1",)),
            ("Assault with injury", 7.9, ("2.1",)),
        ]


def test_a_bad_return_names_every_problem_and_changes_nothing(home, tmp_path):
    inspection = _new(home, tmp_path)
    template = tmp_path / "return.xlsx"
    run(home, "indicator-template", template)
    _fill(
        template,
        [
            ["Recorded crime", "Crime rates", "per_1000_population", "sixty", "2015"],
            ["Assault", "Crime rates", "furlongs", 7.8, "2015", None, None, "sideways"],
        ],
    )
    before = sha(inspection)
    done = run(home, "import-indicators", inspection, template)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == (
        "error: return.xlsx: data return sheet, row 2, column 'force value':"
        " 'sixty' is not a number"
    )
    assert lines[1].startswith("error: return.xlsx: data return sheet, row 3, column 'unit'")
    assert lines[2].startswith("error: return.xlsx: data return sheet, row 3, column 'better'")
    assert lines[-1] == (
        "error: nothing was imported; correct the 3 problem(s) in return.xlsx and import it again."
    )
    assert sha(inspection) == before


def test_an_existing_template_is_never_replaced_and_a_missing_return_is_refused(home, tmp_path):
    inspection = _new(home, tmp_path)
    existing = tmp_path / "keep.xlsx"
    existing.write_bytes(b"mine")
    assert_refused(run(home, "indicator-template", existing), "keep.xlsx")
    assert existing.read_bytes() == b"mine"
    before = sha(inspection)
    assert_refused(run(home, "import-indicators", inspection, tmp_path / "none.xlsx"), "none.xlsx")
    assert sha(inspection) == before
