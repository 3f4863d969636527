"""The charts of the Force in numbers tab, drawn with QtCharts from the indicators shown.

A bar chart sets the force beside its comparator for every indicator of one group;
a line chart follows one indicator through its earlier periods. Both read without
colour: the force's bars are solid and the comparator's hatched, every bar and point
carries its value, the lines differ in dash and marker shape, and the legend names
each series.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from models.indicators.indicator import Indicator, number_text

#: Dark and light: told apart in grey as well as in colour.
FORCE_COLOUR = QColor("#1f4e79")
COMPARATOR_COLOUR = QColor("#9dc3e6")
#: Characters of an indicator's name under its bars before "…".
_LABEL = 28


def _short(text: str) -> str:
    return text if len(text) <= _LABEL else text[: _LABEL - 1].rstrip() + "…"


def _value_axis(values: list[float]) -> QValueAxis:
    axis = QValueAxis()
    low = min([0.0, *values])
    high = max([0.0, *values])
    # Room above the tallest bar for its upright label.
    axis.setRange(low, high * 1.35 if high > 0 else 1.0)
    axis.setLabelFormat("%.4g")
    axis.applyNiceNumbers()
    return axis


def _new_chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().setVisible(True)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    # A laptop's screen is short: the plot keeps the room margins would take.
    chart.setMargins(QMargins(2, 2, 2, 2))
    chart.layout().setContentsMargins(0, 0, 0, 0)
    chart.setBackgroundRoundness(0)
    return chart


def group_chart(group: str, indicators: list[Indicator], force: str) -> QChart:
    """Force against comparator for each indicator of ``group`` (the comparator's bar is
    empty where an indicator has none)."""
    comparator_names = sorted(
        {i.comparator_name for i in indicators if i.comparator_value is not None}
    )
    comparator = comparator_names[0] if len(comparator_names) == 1 else "Comparator"
    chart = _new_chart(f"{group}: {force or 'force'} and {comparator}")
    force_set = QBarSet(force or "Force")
    force_set.setBrush(QBrush(FORCE_COLOUR, Qt.BrushStyle.SolidPattern))
    force_set.setPen(QPen(QColor("black"), 1))
    force_set.setLabelColor(QColor("black"))
    comparator_set = QBarSet(comparator)
    comparator_set.setBrush(QBrush(QColor("#3b3b3b"), Qt.BrushStyle.BDiagPattern))
    comparator_set.setPen(QPen(QColor("black"), 1))
    comparator_set.setLabelColor(QColor("black"))
    values: list[float] = []
    for indicator in indicators:
        force_set.append(indicator.force_value)
        comparator_set.append(indicator.comparator_value or 0.0)
        values += [indicator.force_value, indicator.comparator_value or 0.0]
    series = QBarSeries()
    series.append(force_set)
    series.append(comparator_set)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    # Upright labels never run into the next bar's.
    series.setLabelsAngle(-90)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([_short(i.name) for i in indicators])
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(categories)
    axis = _value_axis(values)
    units = {i.unit.label for i in indicators}
    if len(units) == 1:  # where units differ, the table says which is which
        axis.setTitleText(units.pop())
    chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis)
    return chart


def series_chart(indicator: Indicator, force: str) -> QChart:
    """One indicator through its earlier periods and its own: the force as a solid line
    with round markers, the comparator dashed with square ones, each point labelled."""
    points = [(p.period, p.force, p.comparator) for p in indicator.series]
    points.append((indicator.period, indicator.force_value, indicator.comparator_value))
    chart = _new_chart(f"{indicator.name} ({indicator.unit.label})")
    categories = QBarCategoryAxis()
    categories.append([_short(p[0]) for p in points])
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    values = [v for p in points for v in (p[1], p[2]) if v is not None]
    # A trend is read from its shape: the axis spans the figures, not from zero.
    axis = QValueAxis()
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1.0
    axis.setRange(low - pad, high + pad)
    axis.setLabelFormat("%.4g")
    axis.applyNiceNumbers()
    chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
    lines = (
        (
            force or "Force",
            [p[1] for p in points],
            Qt.PenStyle.SolidLine,
            FORCE_COLOUR,
            QScatterSeries.MarkerShape.MarkerShapeCircle,
        ),
        (
            indicator.comparator_name,
            [p[2] for p in points],
            Qt.PenStyle.DashLine,
            QColor("#3b3b3b"),
            QScatterSeries.MarkerShape.MarkerShapeRectangle,
        ),
    )
    for name, found, style, colour, shape in lines:
        if all(v is None for v in found):
            continue
        line = QLineSeries()
        line.setName(name)
        line.setPen(QPen(colour, 2.5, style))
        line.setPointsVisible(True)
        # The force's points carry their values; the comparator's would fall on them.
        line.setPointLabelsVisible(style == Qt.PenStyle.SolidLine)
        line.setPointLabelsFormat("@yPoint")
        line.setPointLabelsClipping(False)
        markers = QScatterSeries()
        markers.setMarkerShape(shape)
        markers.setMarkerSize(9)
        markers.setColor(colour)
        for x, value in enumerate(found):
            if value is not None:
                line.append(x, value)
                markers.append(x, value)
        for s in (line, markers):
            chart.addSeries(s)
            s.attachAxis(axis)
            s.attachAxis(categories)
        chart.legend().markers(markers)[0].setVisible(False)
    return chart


def chart_view(name: str) -> QChartView:
    view = QChartView()
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setAccessibleName(name)
    view.setMinimumHeight(200)
    return view


def describe_group(indicators: list[Indicator], force: str) -> str:
    """What a group chart shows, in words, for a screen reader."""
    return "; ".join(
        f"{i.name}: {force or 'force'} {number_text(i.force_value)}, {i.comparator_name} "
        f"{number_text(i.comparator_value) or 'none'}"
        for i in indicators
    )
