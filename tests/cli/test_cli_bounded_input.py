"""Evidence logs and framework workbooks past the app's limits are refused early, with the
limit named, and change nothing; NUL characters are refused with their row."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from models.evidence_logs.input_limits import FRAMEWORK_QUESTIONS, LOG_ROWS
from models.framework import framework_from_dict, framework_to_dict
from storage.evidence_logs.errors import EvidenceLogError
from storage.evidence_logs.reader import read_log
from storage.workbooks.workbook_limits import WorkbookTooLargeError, check_workbook
from tests.cli.test_cli_import import run, state
from tests.storage.log_files import HEADERS, log_row, write_csv, write_xlsx


@pytest.fixture
def inspection_path(tiny_inspection):
    path = tiny_inspection.path
    tiny_inspection.close()
    return path


def bomb(path: Path, characters: int = 200_000_000) -> Path:
    """A workbook of a few hundred kilobytes whose one cell unpacks to ``characters``."""
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        + b"x" * characters
        + b"</t></is></c></row></sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def assert_refused(result, *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    for word in words:
        assert word in result.stderr, result.stderr


def test_a_workbook_bomb_is_refused_before_it_is_unpacked(inspection_path, tmp_path):
    log = bomb(tmp_path / "log.xlsx")
    assert log.stat().st_size < 300_000
    before = state(inspection_path, log)
    result = run(tmp_path / "home", "import-evidence", inspection_path, log, "--author", "JS")
    assert_refused(result, "log.xlsx has a cell of more than 32,767 characters")
    assert state(inspection_path, log) == before


def test_a_workbook_that_unpacks_past_the_limit_is_refused_naming_it(tmp_path):
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.bin", b"\0" * 3_000_000)
    with pytest.raises(WorkbookTooLargeError, match=r"unpacks to 3 MB, more than the 2 MB"):
        check_workbook(path, 2 * 1024 * 1024, "evidence log")


def test_a_cell_longer_than_excel_allows_is_refused_not_cut_short(tmp_path):
    # The spreadsheet library would silently keep only the first 32,767 characters.
    with pytest.raises(
        EvidenceLogError, match="log.xlsx has a cell of more than 32,767 characters"
    ):
        read_log(bomb(tmp_path / "log.xlsx", 40_000))
    long = "é" * 40_000
    csv_log = write_csv(tmp_path / "log.csv", [log_row(), log_row(Notes=long)])
    with pytest.raises(EvidenceLogError, match="more than 32,767 characters"):
        read_log(csv_log)
    # A cell of exactly the limit, written with characters of several bytes, is fine.
    fits = write_xlsx(tmp_path / "fits.xlsx", [log_row(Notes="é&<" * 10_922 + "x")])
    assert len(read_log(fits).rows[0][1][HEADERS.index("Notes")]) == 32_767


def test_a_log_of_more_rows_than_allowed_is_refused_naming_the_limit(inspection_path, tmp_path):
    # No ref column (the rows are alike) and no other problem: the columns are checked
    # before the rows are read, the rows as they are read.
    log = write_csv(tmp_path / "log.csv", [log_row()] * (LOG_ROWS + 1), ["Kept", *HEADERS[1:]])
    before = state(inspection_path, log)
    result = run(tmp_path / "home", "import-evidence", inspection_path, log, "--author", "JS")
    assert_refused(result, f"more than {LOG_ROWS:,} rows below its header")
    assert state(inspection_path, log) == before


def test_nul_characters_are_refused_with_their_row(inspection_path, tmp_path):
    log = write_csv(
        tmp_path / "log.csv",
        [log_row(), log_row(), log_row(Notes="a\x00b"), log_row(Summary="Custody\x00 suite")],
    )
    before = state(inspection_path, log)
    result = run(tmp_path / "home", "import-evidence", inspection_path, log, "--author", "JS")
    assert_refused(
        result,
        "row 4, column G (Notes): the cell holds a NUL character",
        "row 5, column F (Summary): the cell holds a NUL character",
    )
    assert state(inspection_path, log) == before


def framework_workbook(path: Path, questions: int) -> Path:
    book = Workbook(write_only=True)
    head = book.create_sheet("framework")
    for row in (("id", "big-framework"), ("name", "Big"), ("version", "1")):
        head.append(row)
    grades = book.create_sheet("grades")
    grades.append(("order", "name", "definition"))
    grades.append((1, "Good", "Fine."))
    sheet = book.create_sheet("questions")
    sheet.append(("code", "parent code", "title", "guidance", "graded"))
    sheet.append(("H", None, "Headline", "", "yes"))
    for i in range(1, questions):
        sheet.append((f"Q{i}", "H", f"Question {i}", "", "no"))
    book.save(path)
    return path


def test_a_framework_of_too_many_questions_is_refused_naming_the_limit(tmp_path):
    workbook = framework_workbook(tmp_path / "big.xlsx", FRAMEWORK_QUESTIONS + 5)
    result = run(tmp_path / "home", "import-framework", workbook)
    assert_refused(
        result,
        f"the workbook has a sheet of more than {FRAMEWORK_QUESTIONS + 1:,} "
        "rows, more questions than a framework may have",
    )
    assert run(tmp_path / "home", "frameworks").stdout.count("big-framework") == 0


def test_a_framework_cell_longer_than_excel_allows_is_refused(tmp_path):
    workbook = bomb(tmp_path / "long.xlsx", 40_000)
    result = run(tmp_path / "home", "import-framework", workbook)
    assert_refused(result, "the workbook has a cell of more than 32,767 characters")


def test_a_large_framework_is_built_and_written_out_in_full(tmp_path):
    """Every question's children are looked up, not searched for, so a wide framework
    round-trips whole (benchmarks/input_benchmark.py times it)."""
    children = [
        {
            "code": f"1.{i}",
            "title": f"Sub {i}",
            "children": [{"code": f"1.{i}.{j}", "title": f"Prompt {j}"} for j in range(3)],
        }
        for i in range(3000)
    ]
    data = {
        "id": "wide",
        "name": "Wide",
        "version": "1",
        "grades": [{"name": "Good"}],
        "questions": [{"code": "1", "title": "Headline", "graded": True, "children": children}],
    }
    framework = framework_from_dict(data)
    assert len(framework.questions) == 12_001
    assert [q.code for q in framework.children("1.2999")] == ["1.2999.0", "1.2999.1", "1.2999.2"]
    again = framework_from_dict(framework_to_dict(framework))
    assert again.questions == framework.questions
    assert [q.code for q in framework.outside_core_questions()] == [
        q.code
        for q in framework.questions
        if not any(c.contains(q) for c in framework.core_questions())
    ]
