"""The draft judgment summary as other readers and validators see it.

Every cell read with python-calamine (a reader with no code in common with the
writer or with openpyxl) matches openpyxl's reading cell by cell, and the
register read by calamine matches the inspection file read with plain SQL.
The file itself is tidy: a size (``<dimension>``) on every sheet, no green
triangles for codes stored as text, nothing to recalculate on opening, the
inspector as its author, and no error from the openxml-audit validator.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime

import pytest
from openpyxl.utils import range_boundaries

from models.vocabulary import Assessment, SourceType
from tests.storage.summary_truth import REGISTER_HEADERS, WITHHELD
from tests.storage.workbook_reading import sheet_xml, shown


def _calamine_rows(path, sheet: str) -> list[list]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    return workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _same(value):
    """A value as both readers can agree on it: empty as None, whole floats as ints,
    dates as dates, text as Excel shows it."""
    if value in ("", None):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return shown(value) if isinstance(value, str) else value


def test_calamine_reads_every_cell_as_openpyxl_does(demo_export, workbook):
    compared = 0
    for ws in workbook.worksheets:
        rows = _calamine_rows(demo_export.out, ws.title)
        for row in ws.iter_rows():
            for cell in row:
                theirs = (
                    rows[cell.row - 1][cell.column - 1]
                    if cell.row <= len(rows) and cell.column <= len(rows[cell.row - 1])
                    else None
                )
                assert _same(theirs) == _same(cell.value), (ws.title, cell.coordinate)
                compared += cell.value is not None
        # …and calamine sees nothing that openpyxl does not.
        assert len([r for r in rows if any(v not in ("", None) for v in r)]) == len(
            [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]
        ), ws.title
    assert compared > 2_000


def test_calamine_reads_the_register_as_the_file_holds_it(demo_export, truth):
    rows = _calamine_rows(demo_export.out, "Evidence register")
    assert rows[0] == REGISTER_HEADERS
    by_ref = {r[0]: dict(zip(REGISTER_HEADERS, r)) for r in rows[1:]}
    assert set(by_ref) == {e["ref"] for e in truth.evidence.values()}
    for item in truth.evidence.values():
        row = by_ref[item["ref"]]
        day = row["Date"]
        assert (day if isinstance(day, date) else None) == (
            date.fromisoformat(item["collected_on"]) if item["collected_on"] else None
        )
        assert row["Source type"] == SourceType(item["source_type"]).label
        assert row["Assessment"] == Assessment(item["assessment"]).label
        assert row["Author"] == item["author"]
        assert shown(row["Summary"]) == item["summary"]
        assert shown(row["Notes"]) == (WITHHELD if item["sensitive"] else item["notes"])
        codes = row["Questions"].split(", ") if row["Questions"] else []
        assert sorted(codes) == sorted(truth.links.get(item["id"], ()))


def test_every_sheet_says_its_size_and_quiets_numbers_stored_as_text(demo_export, workbook):
    for name, xml in sheet_xml(demo_export.out).items():
        match = re.search(r'<dimension ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"/>', xml)
        assert match, name
        ws = workbook[name]
        first_col, first_row, last_col, last_row = range_boundaries(match.group(1))
        assert (first_col, first_row) == (1, 1), name
        assert (last_row, last_col) == (ws.max_row, ws.max_column), name
        assert re.search(r'<ignoredError [^>]*numberStoredAsText="1"', xml), name
        assert re.search(r'<ignoredError sqref="A1:XFD1048576"', xml), name


def test_nothing_asks_to_be_recalculated_and_the_author_is_the_inspector(demo_export):
    with zipfile.ZipFile(demo_export.out) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode()
        core = archive.read("docProps/core.xml").decode()
    assert "fullCalcOnLoad" not in workbook_xml
    assert "<dc:creator>Lead inspector</dc:creator>" in core
    assert not any(
        n.startswith("xl/calcChain") for n in zipfile.ZipFile(demo_export.out).namelist()
    )


def test_openxml_audit_finds_no_error(demo_export):
    audit = pytest.importorskip("openxml_audit")
    result = audit.OpenXmlValidator().validate(str(demo_export.out))
    errors = [e for e in result.errors if e.severity != audit.ValidationSeverity.WARNING]
    assert errors == [] and result.is_valid, [str(e) for e in errors]
    # What it warns about is only the streamed sheets' inline strings, which Excel
    # reads as they are (and moves to a shared table if the file is saved again).
    assert all("inline-string" in str(e) for e in result.errors), [str(e) for e in result.errors]
