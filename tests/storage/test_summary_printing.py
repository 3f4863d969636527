"""The draft judgment summary on paper and on screen: page set-up, printed text size, frozen
panes, column and row sizes, the file's hygiene, and LibreOffice's PDF of the demo."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl.utils import range_boundaries

from tests.storage.summary_truth import (
    MARKING,
    TRAILING_SHEETS,
)
from tests.storage.workbook_reading import header_row, sheet_xml

# -- printing and properties ------------------------------------------------------------
A4, A3 = 9, 8


def _fonts(path: Path) -> list[tuple[str, float]]:
    """(name, size) of every font in the workbook's styles; each must have both."""
    with zipfile.ZipFile(path) as archive:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    found = []
    for font in styles.iter(f"{main}font"):
        name, size = font.find(f"{main}name"), font.find(f"{main}sz")
        assert name is not None and size is not None, ElementTree.tostring(font)
        found.append((name.get("val"), float(size.get("val"))))
    assert found
    return found


def _raw_header(path: Path, sheet: str) -> str:
    match = re.search(r"<oddHeader>(.*?)</oddHeader>", sheet_xml(path)[sheet])
    assert match, sheet
    return html.unescape(match.group(1))


def _table_header(ws) -> int:
    if ws.title == "Summary":
        return header_row(ws, "Question")
    if ws.title.startswith("Question ") or ws.title == "Overall":
        return header_row(ws, "Code", "Ref")
    return 1


def test_every_sheet_prints_at_a_readable_size_with_the_marking(demo_export, workbook):
    """Narrow margins, A4 or A3 landscape at a fixed scale (never shrunk to fit), no
    printed text under 8 points, a print area, the header row repeated, the marking
    in bold (``&B``, which every spreadsheet reads) and page numbers."""
    from openpyxl.utils import get_column_letter

    smallest = min(size for _, size in _fonts(demo_export.out))
    assert len(workbook.worksheets) == 2 + 4 + len(TRAILING_SHEETS)  # as the order test lists
    papers = {}
    for ws in workbook.worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape", ws.title
        assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
        papers[ws.title] = int(setup.paperSize)
        assert papers[ws.title] in (A4, A3), ws.title
        scale = int(setup.scale or 100)  # 100 % is left out of the file
        assert smallest * scale / 100 >= 8, (ws.title, scale, smallest)
        margins = ws.page_margins
        assert (margins.left, margins.right) == (0.25, 0.25), ws.title
        assert margins.top <= 0.75 and margins.bottom <= 0.75, ws.title
        header = _table_header(ws)
        assert ws.print_title_rows.replace("$", "") == f"{header}:{header}", ws.title
        area = ws.print_area[0] if isinstance(ws.print_area, list) else ws.print_area
        first_col, first_row, last_col, last_row = range_boundaries(area.split("!")[-1])
        assert (first_col, first_row) == (1, 1) and last_row >= ws.max_row, ws.title
        assert last_col >= ws.max_column, ws.title
        marking = ws.oddHeader.center.text
        assert MARKING in marking and '&"' not in _raw_header(demo_export.out, ws.title)
        assert "&B" in _raw_header(demo_export.out, ws.title), ws.title
        footer = "".join(
            filter(
                None, (ws.oddFooter.left.text, ws.oddFooter.center.text, ws.oddFooter.right.text)
            )
        )
        assert "&P" in footer, ws.title
        widths = {  # a run of equal widths is one <col min max> element
            column: d for d in ws.column_dimensions.values() for column in range(d.min, d.max + 1)
        }
        for column in range(1, ws.max_column + 1):
            dimension = widths.get(column)
            assert dimension is not None, (ws.title, get_column_letter(column))
            assert dimension.customWidth and dimension.width > 0, (ws.title, column)
    # The register, with its notes in the row, is the one table too wide for A4.
    assert papers["Evidence register"] == A3 and papers["Question 1"] == A4
    properties = workbook.properties
    assert properties.title and properties.subject and properties.creator == "Lead inspector"


# -- it opens in LibreOffice --------------------------------------------------------------
def _pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", str(pdf)], check=False, capture_output=True, text=True, timeout=60
        )
        match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
        if match:
            return int(match.group(1))
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))


@dataclass(frozen=True)
class _Word:
    text: str
    x: float
    y: float
    height: float


def _pdf_words(pdf: Path) -> list[tuple[float, list[_Word]]]:
    """Each page's height and its words with their boxes, from ``pdftotext -bbox``."""
    done = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    pages = []
    for page in re.findall(r'<page [^>]*height="([\d.]+)">(.*?)</page>', done.stdout, re.S):
        words = [
            _Word(
                html.unescape(m.group(5)),
                float(m.group(1)),
                float(m.group(2)),
                float(m.group(4)) - float(m.group(2)),
            )
            for m in re.finditer(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r"([^<]*)</word>",
                page[1],
            )
        ]
        pages.append((float(page[0]), words))
    return pages


def _calibration_workbook(path: Path) -> None:
    """One word of 10-point Arial printed at 100 %: its word box's height in the PDF is
    what 10 points measure in this LibreOffice with this machine's fonts."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_string(
        0, 0, "Calibration", book.add_format({"font_name": "Arial", "font_size": 10})
    )
    book.close()


#: Left margin of every sheet (a quarter inch) and the slack for a cell's own padding.
_LEFT_EDGE = 0.25 * 72 + 8
#: Printed pages per sheet that the 96-item demo should stay within.
_DEMO_PAGES = {
    "Summary": 2,
    "Evidence register": 6,
    "Finding evidence": 6,
    "Evidence notes": 10,
    # 36 figures on two pages, then six charts two to a page.
    "Force in numbers": 5,
    # Results of 8 and 7 items, the chart, then 60 and 40 files reviewed.
    "Case files – Domestic abuse": 5,
    "Case files – Supervision": 4,
}


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext (poppler-utils) is not installed, so the "
    "workbook cannot be printed to PDF and measured here",
)
def test_libreoffice_prints_every_column_on_its_page_at_8_points_or_more(
    demo_export, workbook, tmp_path
):
    """Printed through LibreOffice, the demo's text is nowhere under 8 points; every page
    carries its sheet's first column (with its header, repeated), so no column spills
    onto a page of its own; and each sheet takes a sane number of pages."""
    source, calibration = tmp_path / "summary.xlsx", tmp_path / "calibration.xlsx"
    shutil.copyfile(demo_export.out, source)
    _calibration_workbook(calibration)
    profile = tmp_path / "lo-profile"  # a private profile: no clash with a running LibreOffice
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(source),
            str(calibration),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "pdf" / "summary.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.is_file(), result.stdout + result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")

    [(_, calibrated)] = _pdf_words(tmp_path / "pdf" / "calibration.pdf")
    box_per_point = next(w.height for w in calibrated if w.text == "Calibration") / 10
    pages = _pdf_words(pdf)
    assert _pdf_pages(pdf) == len(pages)
    smallest = min(w.height for _, words in pages for w in words) / box_per_point
    assert smallest >= 7.9, smallest  # 8 points, less the rounding of the word boxes

    first_header = {}
    for ws in workbook.worksheets:
        first_header[ws.title] = ws.cell(_table_header(ws), 1).value.split()[0]
    per_sheet: dict[str, int] = {}
    for number, (height, words) in enumerate(pages, 1):
        # The footer's left part names the sheet (&A); it is the only text that low down.
        footer = [w for w in words if w.y > height - 0.75 * 72 and w.x < 0.3 * 72 + 200]
        name = " ".join(w.text for w in sorted(footer, key=lambda w: w.x))
        assert name in first_header, (number, name)
        per_sheet[name] = per_sheet.get(name, 0) + 1
        # A spilled page would start with some later column: the first column's header
        # (repeated on every page) sits at the left margin of every page.
        assert any(w.text == first_header[name] and w.x < _LEFT_EDGE for w in words), (
            f"page {number} of {name} does not start with its first column"
        )
    assert set(per_sheet) == set(first_header)
    for name, count in per_sheet.items():
        assert count <= _DEMO_PAGES.get(name, 3), (name, count)
    # 38 pages, five of the report's figures and their charts, and nine of case-file review.
    assert len(pages) <= 54


# -- on screen -----------------------------------------------------------------------------
TABLE_SHEETS = [
    "AFIs and causes of concern",
    "Strengths and notable practice",
    "Finding evidence",
    "Checks",
    "Coverage",
    "Grading definitions",
]
#: Points of one line of 10-point text, and the register's cap of three lines.
LINE = 10 * 1.28
REGISTER_CAP = 3 * LINE + 3


def test_only_header_rows_are_frozen_and_the_register_keeps_its_ref_column(workbook):
    for name in TABLE_SHEETS:
        assert workbook[name].freeze_panes == "A2", name
    assert workbook["Evidence register"].freeze_panes == "B2"
    # Sheets whose table starts under the judgment freeze nothing (a frozen pane
    # would hold the judgment on screen too).
    for name in ["Summary", "Overall", "Question 1", "Question 2", "Question 3", "Question 4"]:
        assert workbook[name].freeze_panes is None, name


def test_filtered_headers_leave_room_for_the_filter_button(workbook):
    """Each header's longest word, in bold, plus the button's three characters fits."""
    checked = 0
    for ws in workbook.worksheets:
        if not ws.auto_filter.ref:
            continue
        widths = {
            column: d.width
            for d in ws.column_dimensions.values()
            for column in range(d.min, d.max + 1)
        }
        for cell in ws[1]:
            if cell.value:
                longest = max(len(word) for word in cell.value.split())
                assert widths[cell.column] >= longest * 1.1 + 3, (ws.title, cell.value)
                checked += 1
    assert checked > 40


def test_register_rows_stop_at_three_lines(demo_export, workbook):
    ws = workbook["Evidence register"]
    heights = [ws.row_dimensions[r].height for r in range(2, ws.max_row + 1)]
    assert all(h is None or h <= REGISTER_CAP for h in heights)
    # The demo's notes run long, so most rows take the three lines.
    # (heights are kept in whole pixels: three-quarters of a point)
    assert sum(h is not None and h > REGISTER_CAP - 0.75 for h in heights) > len(heights) / 2


def test_wrapped_headings_are_tall_enough_for_bold_indented_text(workbook):
    """A question heading wraps in the bold font, inside its indent: its row is at least as
    tall as the lines it takes at a bold character's width (a conservative 7 pixels)."""
    seen = 0
    for name in ["Question 1", "Question 2", "Question 3", "Question 4"]:
        ws = workbook[name]
        header = header_row(ws, "Code", "Ref")
        column = [c.value for c in ws[header]].index("Question / finding") + 1
        width = next(d.width for d in ws.column_dimensions.values() if d.min <= column <= d.max)
        for row in ws.iter_rows(min_row=header + 1):
            cell = row[column - 1]
            if not (cell.font.b and cell.value and cell.alignment.indent):
                continue
            room = int(width * 7 + 0.5) + 5 - 10 - cell.alignment.indent * 10
            lines = -(-len(cell.value) * 7 // room)
            height = ws.row_dimensions[cell.row].height or 12.75
            assert height >= lines * 10 * 1.2, (name, cell.coordinate, cell.value)
            seen += lines > 1
    assert seen >= 3, "the demo has headings long enough to wrap"


# -- charts --------------------------------------------------------------------------------
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _charts(path: Path) -> list[ElementTree.Element]:
    """The charts on Summary (the Force in numbers and case-file review sheets have charts
    of their own)."""
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n))
        charts = [archive.read(n).decode("utf-8") for n in names]
    own = ("'Force in numbers'", "'Case files – ")
    return [ElementTree.fromstring(c) for c in charts if not any(s in c for s in own)]


def _refs(series: ElementTree.Element, tag: str) -> str:
    return series.find(f"{_C}{tag}").find(f".//{_C}f").text


def test_summary_carries_a_grade_chart_and_a_balance_chart_readable_without_colour(
    demo_export, workbook, truth
):
    with zipfile.ZipFile(demo_export.out) as archive:
        rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert "drawing" in rels  # the charts sit on Summary, the first sheet
    grades, balance = _charts(demo_export.out)
    ws = workbook["Summary"]

    # Grades: one bar per core question, each labelled with the grade's name.
    [series] = grades.iter(f"{_C}ser")
    labels = [f.text for f in series.find(f"{_C}dLbls").iter(f"{_C}f")]
    assert len(labels) == len(truth.core_codes())
    named = [ws[ref.split("!")[1].replace("$", "")].value for ref in labels]
    assert named == [truth.judgments[c]["grade"] for c in truth.core_codes()]
    categories = _refs(series, "cat").split("!")[1].replace("$", "")
    assert [c.value for (c,) in ws[categories]] == truth.core_codes()

    # Balance: positive, neutral and negative stacked, each with its count shown and
    # the neutral and negative parts patterned.
    assert balance.find(f".//{_C}grouping").get("val") == "stacked"
    parts = list(balance.iter(f"{_C}ser"))
    assert [p.find(f"{_C}tx").find(f".//{_C}v").text for p in parts] == [
        "Positive",
        "Neutral",
        "Negative",
    ]
    assert all(p.find(f"{_C}dLbls").find(f"{_C}showVal").get("val") == "1" for p in parts)
    fills = [p.find(f"{_C}spPr") for p in parts]
    patterned = ["pattFill" in ElementTree.tostring(f).decode() for f in fills]
    assert patterned == [False, True, True]
    header = header_row(ws, "Question")
    names = [c.value for c in ws[header]]
    for part, label in zip(parts, ["Positive", "Neutral", "Negative"]):
        cells = ws[_refs(part, "val").split("!")[1].replace("$", "")]
        assert {c.column for (c,) in cells} == {names.index(f"{label} evidence") + 1}
        assert [ws.cell(c.row, 1).value for (c,) in cells] == truth.core_codes()
