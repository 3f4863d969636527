"""Tests for making user text safe in a workbook: control characters, formulas, limits, names."""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils.escape import unescape

from storage.workbooks.excel_text import (
    CELL_LIMIT,
    SHEET_NAME_LIMIT,
    TRUNCATED_MARKER,
    cell_text,
    excel_encoded,
    remove_control_characters,
    sheet_name,
    text_cell,
    truncate_for_cell,
)

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# -- control characters ----------------------------------------------------------
def test_control_characters_are_removed_but_tabs_and_line_breaks_kept():
    assert remove_control_characters("a\x00b\x07c\x1bd\x7fe\x85f") == "abcdef"
    assert remove_control_characters("col1\tcol2\nnext line") == "col1\tcol2\nnext line"


def test_windows_and_old_mac_line_breaks_become_line_feeds():
    assert remove_control_characters("one\r\ntwo\rthree") == "one\ntwo\nthree"


def test_unicode_text_is_kept():
    text = "Officer 👮 said «bonjour»; مرحبا بالعالم; שלום; naïve café"
    assert cell_text(text) == text


def test_none_is_an_empty_cell_and_numbers_become_text():
    assert cell_text(None) == ""
    assert cell_text(42) == "42"


# -- length -----------------------------------------------------------------------
def test_text_at_the_limit_is_unchanged():
    text = "x" * CELL_LIMIT
    assert truncate_for_cell(text) == text


def test_long_text_is_cut_with_a_visible_marker_within_the_limit():
    result = truncate_for_cell("y" * 40_000)
    assert result.endswith(TRUNCATED_MARKER)
    assert len(result) == CELL_LIMIT
    assert result.startswith("y" * 30_000)


def test_the_limit_counts_characters_beyond_the_basic_plane_twice():
    # Excel counts UTF-16 units, so 20,000 emoji (40,000 units) do not fit.
    result = truncate_for_cell("😀" * 20_000)
    assert result.endswith(TRUNCATED_MARKER)
    assert _utf16_length(result) <= CELL_LIMIT
    assert set(result[: -len(TRUNCATED_MARKER)]) == {"😀"}  # no half characters


# -- formulas ---------------------------------------------------------------------
@pytest.mark.parametrize("text", ["=1+1", "+A", "-B", "@C", '=HYPERLINK("http://x")', "-"])
def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path, text):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Test")
    cell = text_cell(sheet, text)
    assert cell.data_type == "s"
    sheet.append([cell])
    path = tmp_path / "f.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml
    assert load_workbook(path)["Test"]["A1"].value == text


def test_text_cell_applies_styles():
    from openpyxl.styles import Font

    sheet = Workbook(write_only=True).create_sheet("S")
    cell = text_cell(sheet, "Header", {"font": Font(bold=True)})
    assert cell.font.bold


# -- properties -------------------------------------------------------------------
@given(st.text())
def test_any_text_becomes_safe_cell_text(text):
    safe = cell_text(text)
    assert not _CONTROL.search(safe)
    assert len(safe) <= CELL_LIMIT and _utf16_length(safe) <= CELL_LIMIT
    sheet = Workbook(write_only=True).create_sheet("S")
    # The cell type, not the text, is what stops a formula.
    assert text_cell(sheet, text).data_type == "s"


# U+FFFE and U+FFFF are not controls but XML 1.0 forbids them, so they are removed too.
@given(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"
        ),
        max_size=500,
    )
)
def test_safe_short_text_is_kept_exactly(text):
    assert cell_text(text) == text


@given(st.text(min_size=1).map(lambda t: t * (CELL_LIMIT // len(t) + 2)))
def test_any_long_text_is_marked_as_truncated(text):
    safe = cell_text(text)
    if _utf16_length(remove_control_characters(text)) > CELL_LIMIT:
        assert safe.endswith(TRUNCATED_MARKER)
    assert _utf16_length(safe) <= CELL_LIMIT


# -- sheet names ------------------------------------------------------------------
def test_sheet_name_drops_forbidden_characters_and_keeps_the_rest():
    assert sheet_name("Q1: [draft] a/b\\c*?") == "Q1 draft a b c"
    assert sheet_name("Evidence register") == "Evidence register"


def test_sheet_name_is_never_empty_or_reserved():
    assert sheet_name("") == "Sheet"
    assert sheet_name("[]:*") == "Sheet"
    assert sheet_name("''") == "Sheet"
    assert sheet_name("History").lower() != "history"


def test_long_sheet_names_are_shortened_without_trailing_space_or_apostrophe():
    name = sheet_name("How effective is the force at protecting from harm those who are vulnerable")
    assert len(name) <= SHEET_NAME_LIMIT
    assert name == name.strip() and not name.endswith("'")
    assert sheet_name("x" * 29 + " 'y") == "x" * 29


def test_sheet_names_are_unique_ignoring_case():
    assert sheet_name("Summary", ["summary"]) == "Summary (2)"
    assert sheet_name("Summary", ["Summary", "Summary (2)"]) == "Summary (3)"
    long = "L" * 40
    first = sheet_name(long)
    second = sheet_name(long, [first])
    assert second != first and len(second) <= SHEET_NAME_LIMIT and second.endswith(" (2)")


@given(st.text(), st.lists(st.text(), max_size=5))
def test_any_wanted_name_gives_a_valid_unique_sheet_name(wanted, existing):
    taken = [sheet_name(n) for n in existing]
    name = sheet_name(wanted, taken)
    assert name and _utf16_length(name) <= SHEET_NAME_LIMIT
    assert not re.search(r"[\[\]:*?/\\]", name) and not _CONTROL.search(name)
    assert not name.startswith("'") and not name.endswith("'")
    assert name.lower() not in {t.lower() for t in taken}
    # openpyxl accepts it, and so would Excel.
    Workbook(write_only=True).create_sheet(name)


# -- round trip through a real file ------------------------------------------------
def test_literal_excel_escapes_are_shown_as_typed():
    # Excel would show "_x0041_" as "A"; openpyxl's unescape reads the file the way Excel does.
    for text in ("_x0041_", "a_x0041_x0042_b", "_x005F_", "snake_case_x"):
        assert unescape(excel_encoded(text)) == text
    assert excel_encoded("snake_case_x") == "snake_case_x"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=12))
def test_any_text_reads_back_from_the_file_as_shown_and_never_as_a_formula(texts):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "round-trip.xlsx"
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("S")
        for text in texts:
            sheet.append([text_cell(sheet, text)])
        workbook.save(path)
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
        assert "<f>" not in xml and "<f " not in xml
        back = [unescape(row[0].value or "") for row in load_workbook(path)["S"].iter_rows()]
    assert back == [cell_text(t) for t in texts]
