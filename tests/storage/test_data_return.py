"""Data returns on real files: the template written and read back, imports all or
nothing with every problem named by row and column, re-imports that update by name
and period and say what changed, CSV as well as Excel, and hypothesis on the cells."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from models.indicators.data_return import COLUMNS, SERIES_COLUMNS, parse_number
from models.indicators.indicator import Better, Indicator, IndicatorUnit, SeriesPoint
from storage.indicators.errors import IndicatorReturnError, IndicatorReturnProblems
from storage.operations.indicators import import_indicators, write_indicator_template_file
from tests.storage.merge_helpers import file_state

ROWS = [
    [
        "Recorded crime (excluding fraud)",
        "Crime rates",
        "Rate per 1,000 population",
        62.5,
        "12 months to 30 June 2015",
        63.0,
        "",
        "lower",
        "1.1, 2",
        "",
        "Home Office data",
        "",
    ],
    [
        "Burglary in a dwelling",
        "Crime rates",
        "per 1,000 households",
        "4.8",
        "12 months to 30 June 2015",
        "8.4",
        "England and Wales",
        "Lower is better",
        "1.1",
        15,
        "Home Office data",
        "Rate per 1,000 households, not population.",
    ],
    [
        "Charged/summonsed",
        "Outcomes",
        "%",
        "14.4%",
        "12 months to 30 June 2015",
        "16.0",
        "",
        "higher",
        "2",
        "",
        "",
        "=cmd|' /C calc'!A0",
    ],
]


def _return(path, rows=ROWS, series=None, header=COLUMNS):
    book = Workbook()
    ws = book.active
    ws.title = "data return"
    ws.append(list(header))
    for row in rows:
        ws.append(row)
        if isinstance(row[-1], str) and row[-1].startswith("="):
            ws.cell(ws.max_row, len(row)).data_type = "s"
    if series is not None:
        ws2 = book.create_sheet("earlier periods")
        ws2.append(list(SERIES_COLUMNS))
        for row in series:
            ws2.append(row)
    book.save(path)
    return path


def test_a_return_imports_whole_and_reads_back_through_the_template(tmp_path, tiny_inspection):
    source = _return(
        tmp_path / "return.xlsx",
        series=[
            ["Recorded crime (excluding fraud)", "12 months to 30 June 2015", "2014", 53.0, 60.6],
            ["Recorded crime (excluding fraud)", "12 months to 30 June 2015", "2013", "55", ""],
        ],
    )
    tiny_inspection.actor = "TS"
    done = import_indicators(tiny_inspection, source)
    assert done.backup is not None and done.result.changed == () and len(done.result.added) == 3
    crime, burglary, charged = tiny_inspection.indicators.all()
    assert (crime.unit, crime.force_value, crime.comparator_value, crime.better) == (
        IndicatorUnit.PER_1000_POPULATION,
        62.5,
        63.0,
        Better.LOWER,
    )
    assert crime.comparator_name == "England and Wales" and crime.question_codes == ("1.1", "2")
    assert crime.series == (SeriesPoint("2014", 53.0, 60.6), SeriesPoint("2013", 55.0, None))
    assert (burglary.unit, burglary.threshold, burglary.note) == (
        IndicatorUnit.PER_1000_HOUSEHOLDS,
        15.0,
        "Rate per 1,000 households, not population.",
    )
    assert (charged.unit, charged.force_value, charged.note) == (
        IndicatorUnit.PERCENT,
        14.4,
        "=cmd|' /C calc'!A0",
    )
    # Written out from the file and read back: every value equal, units kept.
    tiny_inspection.close()
    out = tmp_path / "filled.xlsx"
    assert write_indicator_template_file(out, tiny_inspection.path) == 3
    ws = load_workbook(out)["data return"]
    assert [c.value for c in ws[1]] == list(COLUMNS)
    assert [c.value for c in ws[2]][:6] == [
        crime.name,
        "Crime rates",
        "per_1000_population",
        62.5,
        crime.period,
        63.0,
    ]
    assert ws.cell(4, 12).value == "=cmd|' /C calc'!A0" and ws.cell(4, 12).data_type == "s"
    series = load_workbook(out)["earlier periods"]
    assert [[c.value for c in r] for r in series.iter_rows(min_row=2)] == [
        [crime.name, crime.period, "2014", 53.0, 60.6],
        [crime.name, crime.period, "2013", 55.0, None],
    ]
    from storage.file.inspection_file import InspectionFile

    with InspectionFile.open(tiny_inspection.path) as again:
        before = again.indicators.all()
        redone = import_indicators(again, out)
        assert redone.result.wrote is False and redone.result.unchanged == 3
        assert redone.backup is None
        assert again.indicators.all() == before


def test_a_re_import_updates_by_name_and_period_and_says_what_changed(tmp_path, tiny_inspection):
    import_indicators(tiny_inspection, _return(tmp_path / "first.xlsx"))
    rows = [list(r) for r in ROWS]
    rows[0][3] = 61.9
    rows[0][0] = "recorded  CRIME (excluding fraud)"  # the same indicator, typed differently
    rows[1][8] = "1.2"
    rows.append(
        [
            "Sexual offences",
            "Crime rates",
            "per 1,000 population",
            2.0,
            "12 months to 30 June 2015",
            1.6,
            "",
            "neither",
            "",
            "",
            "",
            "",
        ]
    )
    done = import_indicators(tiny_inspection, _return(tmp_path / "second.xlsx", rows))
    assert done.result.added == ("Sexual offences (12 months to 30 June 2015)",)
    assert [str(c) for c in done.result.changed] == [
        "Recorded crime (excluding fraud) (12 months to 30 June 2015): force value 62.5 → 61.9",
        "Burglary in a dwelling (12 months to 30 June 2015): questions 1.1 → 1.2",
    ]
    assert done.result.unchanged == 1
    assert [i.force_value for i in tiny_inspection.indicators.all()] == [61.9, 4.8, 14.4, 2.0]
    assert "1 indicator(s) added, 2 updated, 1 already up to date" in done.result.message("r")


def test_a_column_left_out_leaves_its_field_as_it_was(tmp_path, tiny_inspection):
    import_indicators(tiny_inspection, _return(tmp_path / "first.xlsx"))
    short = [r[:5] for r in ROWS]
    short[0][3] = 60.0
    done = import_indicators(
        tiny_inspection, _return(tmp_path / "short.xlsx", short, header=COLUMNS[:5])
    )
    crime = tiny_inspection.indicators.all()[0]
    assert [str(c) for c in done.result.changed] == [
        "Recorded crime (excluding fraud) (12 months to 30 June 2015): force value 62.5 → 60"
    ]
    assert crime.comparator_value == 63.0 and crime.question_codes == ("1.1", "2")


def test_a_bad_return_is_refused_whole_naming_row_and_column(tmp_path, tiny_inspection):
    import_indicators(tiny_inspection, _return(tmp_path / "first.xlsx"))
    path = tiny_inspection.path
    tiny_inspection.close()
    before = file_state(path)
    rows = [list(r) for r in ROWS]
    rows[0][3] = "lots"
    rows[1][2] = "bushels"
    rows[2][8] = "9.9"
    rows.append(list(ROWS[0]))  # the same name and period again
    rows.append(["", "Crime rates", "count", 1, "2015"] + [""] * 7)
    with pytest.raises(IndicatorReturnProblems) as refused:
        import_indicators(path, _return(tmp_path / "bad.xlsx", rows), actor="TS")
    lines = refused.value.lines()
    assert "data return sheet, row 2, column 'force value': 'lots' is not a number" in lines
    assert any(
        line.startswith("data return sheet, row 3, column 'unit': 'bushels'") for line in lines
    )
    assert any("row 4, column 'questions': 9.9 is not a question" in line for line in lines)
    assert any("row 5" in line and "given twice (rows 2 and 5)" in line for line in lines)
    assert any("row 6, column 'name': is empty" in line for line in lines)
    assert refused.value.total == 5
    assert file_state(path) == before


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "is empty"),
        (b"PK\x03\x04not really a zip", "cannot be read"),
        (b"\xd0\xcf\x11\xe0old", "old-style"),
        (b"name,group,colour\nx,y,z\n", "column 'colour': is not a column"),
    ],
)
def test_files_that_are_not_returns_are_refused_plainly(tmp_path, tiny_inspection, content, words):
    suffix = ".xlsx" if content.startswith((b"PK", b"\xd0")) else ".csv"
    bad = tmp_path / f"bad{suffix}"
    bad.write_bytes(content)
    with pytest.raises((IndicatorReturnError, IndicatorReturnProblems)) as refused:
        import_indicators(tiny_inspection, bad)
    assert words in str(refused.value) or any(
        words in x for x in getattr(refused.value, "lines", lambda: [])()
    )
    assert tiny_inspection.indicators.count() == 0


def test_a_csv_return_imports_like_a_workbook(tmp_path, tiny_inspection):
    path = tmp_path / "return.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Name", "Group", "Unit", "Force value", "Period", "Comparator value"])
        writer.writerow(
            ["OCGs", "Serious and organised crime", "per million", "32", "30 June 2015", ""]
        )
    done = import_indicators(tiny_inspection, path)
    (ocg,) = tiny_inspection.indicators.all()
    assert done.result.added == ("OCGs (30 June 2015)",)
    assert (ocg.unit, ocg.force_value, ocg.comparator_value) == (
        IndicatorUnit.PER_MILLION,
        32.0,
        None,
    )


def test_a_return_too_long_is_refused_before_it_is_read_whole(tmp_path, tiny_inspection):
    path = tmp_path / "huge.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS[:5])
        for n in range(5_100):
            writer.writerow([f"I{n}", "G", "count", n, "2015"])
    with pytest.raises(IndicatorReturnError) as refused:
        import_indicators(tiny_inspection, path)
    assert "more than 5,000 rows" in str(refused.value)
    assert tiny_inspection.indicators.count() == 0


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_any_figure_written_as_text_reads_back_as_the_same_number(value):
    assert parse_number(value) == value
    assert parse_number(f"{value:,.6f}") == pytest.approx(round(value, 6), abs=1e-6)
    assert parse_number(f"{value:.3f}%") == pytest.approx(round(value, 3), abs=1e-3)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=30), st.booleans(), st.none()))
def test_any_cell_either_reads_as_a_number_or_is_refused_with_a_reason(cell):
    try:
        number = parse_number(cell)
    except ValueError as e:
        assert str(e)
    else:
        assert isinstance(number, float)


#: Figures as data returns give them: up to four decimal places.
_figures = st.floats(-1e9, 1e9, allow_nan=False).map(lambda x: round(x, 4))
_names = st.text(
    st.characters(max_codepoint=0x2FFF, exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())


@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.tuples(_names, st.sampled_from(list(IndicatorUnit)), _figures, st.none() | _figures),
        min_size=1,
        max_size=6,
        unique_by=lambda t: " ".join(t[0].split()).casefold(),
    )
)
def test_any_indicators_round_trip_through_the_template(
    tmp_path_factory, tiny_framework, generated
):
    from storage.file.inspection_file import InspectionFile

    folder = tmp_path_factory.mktemp("round")
    with InspectionFile.create(folder / "a.inspection", tiny_framework, force="F", period="P") as a:
        for name, unit, force, comparator in generated:
            a.indicators.add(
                Indicator(
                    name=name,
                    group="G",
                    unit=unit,
                    force_value=force,
                    comparator_value=comparator,
                    period="2015",
                )
            )
        written = a.indicators.all()
    write_indicator_template_file(folder / "t.xlsx", folder / "a.inspection")
    with InspectionFile.create(folder / "b.inspection", tiny_framework, force="F", period="P") as b:
        import_indicators(b, folder / "t.xlsx")
        read = b.indicators.all()
    strip = lambda i: replace(i, id="", created_at="", updated_at="")  # noqa: E731
    assert [strip(i) for i in read] == [
        strip(replace(i, name=" ".join(i.name.split()))) for i in written
    ]
