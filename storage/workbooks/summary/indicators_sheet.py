"""The Force in numbers sheet: the data return's figures beside their comparator.

One row per indicator, in the order of the data return and so grouped as the
report groups them (crime rates, outcomes, victim satisfaction…), with the
difference as a number and in percent, which way is better, and a flag where
the force is notably worse. Under the table, native charts a writer can copy:
for each group, the force against its comparator (solid and hatched bars, each
labelled with its value), and for each figure with earlier periods, its trend
(solid line with round markers against a dashed one with squares). The charts
draw from the table's cells, and from a small table of the earlier periods
written for them. No sheet is written when the inspection holds no figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.indicators.indicator import Better, Indicator, IndicatorUnit
from storage.workbooks.summary.export_context import ExportContext
from storage.workbooks.summary.sheet_writer import Sheet
from storage.workbooks.summary.workbook_format import FONT_NAME

SHEET = "Force in numbers"
HEADERS = (
    "Group",
    "Indicator",
    "Period",
    "Unit",
    "Force",
    "Comparator",
    "Compared with",
    "Difference",
    "Difference (%)",
    "Which way is better",
    "Flag",
    "Questions",
    "Source",
)
WIDTHS = [16, 34, 18, 18, 10, 11, 15, 11, 11, 12, 15, 12, 22]
FLAG = "⚑ notably worse"
SERIES_TABLE = "Earlier periods, for the trend charts"
#: A chart's size in pixels, and the rows it takes at the default row height (20 px). One
#: chart a row, wide enough for a group's names to stand at their size (a spreadsheet
#: shrinks the text of a crowded chart below what prints readably).
CHART_WIDTH, CHART_HEIGHT, CHART_ROWS = 1100, 340, 19
CHARTS_PER_PAGE = 2
_FONT = {"name": FONT_NAME, "size": 10}
_TITLE_FONT = {"name": FONT_NAME, "size": 12, "bold": True}
_FORCE_LOOK = {"fill": {"color": "#1F3864"}, "border": {"color": "#000000"}}
_COMPARATOR_LOOK = {
    "pattern": {"pattern": "wide_upward_diagonal", "fg_color": "#404040", "bg_color": "#FFFFFF"},
    "border": {"color": "#000000"},
}
_LABELS = {"value": True, "font": _FONT, "num_format": "#,##0.0##"}


@dataclass
class _Group:
    name: str
    rows: list[int] = field(default_factory=list)  # 0-based rows of its compared figures
    #: The comparator its figures are set against ("England and Wales"; the names when
    #: a group mixes several).
    comparators: list[str] = field(default_factory=list)

    @property
    def comparator(self) -> str:
        return " / ".join(dict.fromkeys(self.comparators)) or "comparator"

    @property
    def comparable(self) -> bool:
        return bool(self.rows)


def _number_format(indicator: Indicator) -> str:
    """Counts as whole numbers; rates and percentages with the decimals they have."""
    return "#,##0" if indicator.unit is IndicatorUnit.COUNT else "#,##0.0##"


def _better_words(indicator: Indicator) -> str:
    return {Better.HIGHER: "Higher", Better.LOWER: "Lower", Better.NEITHER: "Neither"}[
        indicator.better
    ]


def write_force_in_numbers(export: ExportContext) -> None:
    """The sheet, when the inspection holds any figures."""
    indicators = export.inspection.indicators.all()
    if not indicators:
        return
    export.check_cancelled()
    styles = export.styles
    percent = styles.figure('0.0"%"')
    sheet = Sheet(export.workbook, styles, SHEET, WIDTHS, header_row=0, headers=HEADERS)
    sheet.append_header(HEADERS)
    groups: dict[str, _Group] = {}
    for indicator in indicators:
        relative = indicator.relative_difference
        figure = styles.figure(_number_format(indicator))
        row = sheet.append(
            [
                (indicator.group, styles.wrap),
                (indicator.name, styles.wrap),
                (indicator.period, styles.wrap),
                (indicator.unit.label, styles.wrap),
                (indicator.force_value, figure),
                (indicator.comparator_value, figure),
                (indicator.comparator_name, styles.wrap),
                (indicator.difference, figure),
                (None if relative is None else round(relative, 1), percent),
                (_better_words(indicator), styles.plain),
                (FLAG if indicator.notably_worse else "", styles.warning),
                (", ".join(indicator.question_codes), styles.wrap),
                (indicator.source, styles.wrap),
            ]
        )
        group = groups.setdefault(indicator.group, _Group(indicator.group))
        if indicator.comparator_value is not None:
            group.rows.append(row)
            group.comparators.append(indicator.comparator_name)
    last_row = sheet.row - 1
    sheet.ws.autofilter(0, 0, last_row, len(HEADERS) - 1)
    trends = _write_series(export, sheet, indicators)
    _add_charts(export, sheet, [g for g in groups.values() if g.comparable], trends)
    sheet.finish()


def _write_series(export: ExportContext, sheet: Sheet, indicators: list[Indicator]):
    """The earlier periods of each figure that has them, under the table; returns
    ``(indicator, first row, last row)`` for each, its current period included."""
    with_series = [i for i in indicators if i.series]
    if not with_series:
        return []
    styles = export.styles
    sheet.skip()
    sheet.append([(SERIES_TABLE, styles.label)])
    sheet.append_header(["Group", "Indicator", "Period", "Unit", "Force", "Comparator"])
    found = []
    for indicator in with_series:
        figure = styles.figure(_number_format(indicator))
        first = sheet.row
        points = [(p.period, p.force, p.comparator) for p in indicator.series]
        points.append((indicator.period, indicator.force_value, indicator.comparator_value))
        for period, force, comparator in points:
            sheet.append(
                [
                    (indicator.group, styles.wrap),
                    (indicator.name, styles.wrap),
                    (period, styles.wrap),
                    (indicator.unit.label, styles.wrap),
                    (force, figure),
                    (comparator, figure),
                ]
            )
        found.append((indicator, first, sheet.row - 1))
    return found


def _add_charts(export: ExportContext, sheet: Sheet, groups: list[_Group], trends) -> None:
    """One chart a row under everything written, with rows left for them so that they
    are inside the print area."""
    charts = [_group_chart(export, sheet, g) for g in groups]
    charts += [_trend_chart(export, sheet, *trend) for trend in trends]
    if not charts:
        return
    sheet.skip()
    top = sheet.row
    for n, chart in enumerate(charts):
        sheet.ws.insert_chart(top + n * CHART_ROWS, 0, chart, {"x_offset": 4, "y_offset": 4})
    sheet.row = top + len(charts) * CHART_ROWS
    # Charts start a page, two to a page: a chart cut by a page break prints over the footer.
    sheet.ws.set_h_pagebreaks(
        [top + n * CHART_ROWS for n in range(0, len(charts), CHARTS_PER_PAGE)]
    )


def _group_chart(export: ExportContext, sheet: Sheet, group: _Group):
    """The force against its comparator for each figure of one group."""
    chart = export.workbook.add_chart({"type": "column"})
    name = sheet.name
    first, last = group.rows[0], group.rows[-1]
    # The group's rows are consecutive unless a figure without a comparator sits among
    # them; then each row is named on its own.
    rows = group.rows
    categories: list[object] | str
    force: list[object] | str
    comparator: list[object] | str
    if rows == list(range(first, last + 1)):
        categories = [name, first, 1, last, 1]
        force = [name, first, 4, last, 4]
        comparator = [name, first, 5, last, 5]
    else:
        categories = "=(" + ",".join(f"'{name}'!$B${r + 1}" for r in rows) + ")"
        force = "=(" + ",".join(f"'{name}'!$E${r + 1}" for r in rows) + ")"
        comparator = "=(" + ",".join(f"'{name}'!$F${r + 1}" for r in rows) + ")"
    force_name = export.inspection.inspection.force
    chart.add_series(
        {
            "name": force_name,
            "categories": categories,
            "values": force,
            "data_labels": _LABELS,
            **_FORCE_LOOK,
        }
    )
    chart.add_series(
        {
            "name": group.comparator,
            "categories": categories,
            "values": comparator,
            "data_labels": _LABELS,
            **_COMPARATOR_LOOK,
        }
    )
    title = f"{group.name}: {force_name} and {group.comparator}"
    chart.set_title({"name": title, "name_font": _TITLE_FONT})
    chart.set_x_axis({"num_font": _FONT})
    chart.set_y_axis({"num_font": _FONT, "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom", "font": _FONT})
    chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    return chart


def _trend_chart(export: ExportContext, sheet: Sheet, indicator: Indicator, first: int, last: int):
    """One figure over its periods, the force's line against its comparator's."""
    chart = export.workbook.add_chart({"type": "line"})
    name = sheet.name
    categories = [name, first, 2, last, 2]
    chart.add_series(
        {
            "name": export.inspection.inspection.force,
            "categories": categories,
            "values": [name, first, 4, last, 4],
            "line": {"color": "#1F3864", "width": 2.25},
            "marker": {"type": "circle", "size": 7, "fill": {"color": "#1F3864"}},
            "data_labels": {**_LABELS, "position": "above"},
        }
    )
    chart.add_series(
        {
            "name": indicator.comparator_name,
            "categories": categories,
            "values": [name, first, 5, last, 5],
            "line": {"color": "#404040", "width": 1.5, "dash_type": "dash"},
            "marker": {"type": "square", "size": 6, "fill": {"color": "#FFFFFF"}},
            "data_labels": {**_LABELS, "position": "below"},
        }
    )
    title = f"{indicator.name} ({indicator.unit.label})"
    chart.set_title({"name": title, "name_font": _TITLE_FONT})
    chart.set_x_axis({"num_font": _FONT})
    chart.set_y_axis({"num_font": _FONT, "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom", "font": _FONT})
    chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    return chart
