"""The workbook's Force in numbers sheet, read back cell by cell against the file, and its
native charts read back from the chart XML: each series draws the table's own cells."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import load_workbook

from models.indicators.indicator import Better, Indicator, IndicatorUnit
from storage.workbooks.summary.indicators_sheet import FLAG, HEADERS, SHEET
from storage.workbooks.summary_export import export_summary
from tests.storage.test_indicators import ASSAULT, CRIME

CHARGES = Indicator(
    name="Charged or summonsed",
    group="Outcomes",
    unit=IndicatorUnit.PERCENT,
    force_value=14.4,
    comparator_value=None,
    period="12 months to 31 March 2015",
    better=Better.HIGHER,
)


def _rows(path):
    ws = load_workbook(path)[SHEET]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0], [r for r in rows[1:] if any(v is not None for v in r)]


def _charts(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [
            z.read(n).decode("utf-8")
            for n in sorted(z.namelist())
            if re.fullmatch(r"xl/charts/chart\d+\.xml", n)
        ]


def test_the_sheet_holds_every_figure_with_its_comparison(tiny_inspection, tmp_path):
    for indicator in (CRIME, ASSAULT, CHARGES):
        tiny_inspection.indicators.add(indicator)
    out = tmp_path / "summary.xlsx"
    export_summary(tiny_inspection, out, generated_by="")
    header, rows = _rows(out)
    assert tuple(header) == HEADERS
    table = rows[:3]
    stored = tiny_inspection.indicators.all()
    for row, indicator in zip(table, stored):
        assert row[:4] == [indicator.group, indicator.name, indicator.period, indicator.unit.label]
        assert row[4] == indicator.force_value
        assert row[5] == indicator.comparator_value
        if indicator.difference is None:
            assert row[7] is None
        else:
            assert row[7] == pytest.approx(indicator.difference)
        expected_flag = FLAG if indicator.notably_worse else None
        assert row[10] == expected_flag, indicator.name
        assert row[11] == (", ".join(indicator.question_codes) or None)
    assaults = table[1]
    assert assaults[8] == round((7.8 - 6.3) / 6.3 * 100, 1) and assaults[10] == FLAG
    assert table[2][5] is None and table[2][8] is None  # no comparator: no difference
    # Earlier periods, for the trend chart: the older period, then the current one.
    periods = [r for r in rows[3:] if r[1] == CRIME.name]
    assert [(r[2], r[4], r[5]) for r in periods] == [
        ("12 months to 30 June 2014", 53.0, 60.6),
        ("12 months to 30 June 2015", 62.5, 63.0),
    ]


def test_the_charts_draw_the_tables_own_cells(tiny_inspection, tmp_path):
    for indicator in (CRIME, ASSAULT, CHARGES):
        tiny_inspection.indicators.add(indicator)
    out = tmp_path / "summary.xlsx"
    export_summary(tiny_inspection, out, generated_by="")
    sheet = f"'{SHEET}'"
    charts = [c for c in _charts(out) if sheet in c]
    bars = [c for c in charts if "<c:barChart>" in c]
    lines = [c for c in charts if "<c:lineChart>" in c]
    # One bar chart for the group with comparators (Outcomes has none), one trend chart.
    assert len(bars) == 1 and len(lines) == 1
    bar = bars[0]
    assert f"{sheet}!$B$2:$B$3" in bar  # the indicators' names
    assert f"{sheet}!$E$2:$E$3" in bar and f"{sheet}!$F$2:$F$3" in bar  # force, comparator
    assert "wdUpDiag" in bar  # the comparator's bars are hatched, not told by colour alone
    assert "Testshire Police" in bar and "England and Wales" in bar
    line = lines[0]
    assert re.search(rf"{re.escape(sheet)}!\$E\$\d+:\$E\$\d+", line)
    assert 'val="circle"' in line and 'val="square"' in line and 'val="dash"' in line


def test_no_figures_no_sheet(tiny_inspection, tmp_path):
    out = tmp_path / "summary.xlsx"
    export_summary(tiny_inspection, out, generated_by="")
    assert SHEET not in load_workbook(out).sheetnames


def test_the_demo_figures_reach_the_workbook(demo_inspection, tmp_path):
    out = tmp_path / "summary.xlsx"
    export_summary(demo_inspection, out, generated_by="JT")
    _header, rows = _rows(out)
    names = {r[1] for r in rows}
    stored = demo_inspection.indicators.all()
    assert stored and {i.name for i in stored} <= names
    flagged = {i.name for i in stored if i.notably_worse}
    assert {r[1] for r in rows if r[10] == FLAG} == flagged
