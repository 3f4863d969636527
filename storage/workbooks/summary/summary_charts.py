"""The two native charts on Summary, which a writer can copy into the report.

*Grade of each core question* draws each grade as a bar whose length is its
place on the scale (best longest) and names the grade on the bar, in the
grade's colour; *Evidence by assessment* stacks each core question's
positive, neutral and negative items, solid, dotted and hatched, each part
labelled with its count. Both read in black-and-white print. The charts draw
from cells: the evidence counts of the judgment table and a small table of
the grades' places on the scale written under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.grade_colours import NOT_GRADED, grade_colour
from storage.workbooks.summary.export_context import ExportContext
from storage.workbooks.summary.workbook_format import FONT_NAME, NOT_YET_GRADED

CHART_FIGURES = "Figures for the charts"
GRADE_CHART = "Grade of each core question"
BALANCE_CHART = "Evidence by assessment per core question"
_FONT = {"name": FONT_NAME, "size": 10}
_TITLE_FONT = {"name": FONT_NAME, "size": 12, "bold": True}
#: Solid, dotted and hatched, as the balance bars in the app.
_BALANCE_FILLS = [
    ("Positive", {"fill": {"color": "#2E7D32"}}),
    (
        "Neutral",
        {"pattern": {"pattern": "percent_20", "fg_color": "#404040", "bg_color": "#FFFFFF"}},
    ),
    (
        "Negative",
        {
            "pattern": {
                "pattern": "wide_upward_diagonal",
                "fg_color": "#C62828",
                "bg_color": "#FFFFFF",
            }
        },
    ),
]


@dataclass
class ChartRows:
    """Where the core questions' rows of the judgment table are (0-based)."""

    first: int
    last: int = -1
    grades: list[tuple[str, str | None]] = field(default_factory=list)  # (code, grade)
    figures_first: int = -1


def grade_score(export: ExportContext, grade: str | None) -> int:
    """A grade's place on the scale, best highest (4 for Outstanding of four); 0 ungraded."""
    if not grade:
        return 0
    return len(export.framework.grades) - export.framework.grade(grade).position


def write_chart_figures(export: ExportContext, sheet, rows: ChartRows) -> None:
    """A small table under the judgments: each core question's grade and its place on
    the scale, for the grade chart."""
    styles = export.styles
    sheet.append([(CHART_FIGURES, styles.label)])
    sheet.append_header(["Question", "Grade", "Place on the scale (best highest)"])
    rows.figures_first = sheet.row
    for code, grade in rows.grades:
        name = export.framework.grade(grade).name if grade else NOT_YET_GRADED
        sheet.append(
            [
                (code, styles.plain),
                (name, styles.plain),
                (grade_score(export, grade), styles.number),
            ]
        )


def add_charts(export: ExportContext, sheet, rows: ChartRows, balance_columns) -> None:
    """The grade chart and the evidence balance chart, side by side under the figures."""
    if not rows.grades:
        return
    sheet.skip()
    anchor = sheet.row
    name = sheet.name
    count = len(rows.grades)
    figures_last = rows.figures_first + count - 1
    framework = export.framework

    grades = export.workbook.add_chart({"type": "bar"})
    points = []
    for _, grade in rows.grades:
        colour = (
            grade_colour(framework.grade(grade).position, len(framework.grades))
            if grade
            else NOT_GRADED
        )
        points.append({"fill": {"color": colour}, "border": {"color": "#000000"}})
    grades.add_series(
        {
            "name": "Grade",
            "categories": [name, rows.figures_first, 0, figures_last, 0],
            "values": [name, rows.figures_first, 2, figures_last, 2],
            "points": points,
            "data_labels": {
                "value": False,
                "custom": [
                    {"value": f"='{name}'!$B${r + 1}"}
                    for r in range(rows.figures_first, figures_last + 1)
                ],
                "position": "inside_base",
                "font": _FONT,
                "border": {"color": "#000000"},
                "fill": {"color": "#FFFFFF"},
            },
        }
    )
    grades.set_title({"name": GRADE_CHART, "name_font": _TITLE_FONT})
    grades.set_x_axis(
        {
            "min": 0,
            "max": len(framework.grades),
            "major_unit": 1,
            "num_font": _FONT,
            "name": "Place on the grade scale (best highest)",
            "name_font": _FONT,
        }
    )
    grades.set_y_axis(
        {"reverse": True, "num_font": _FONT, "name": "Core question", "name_font": _FONT}
    )
    grades.set_legend({"none": True})
    grades.set_size({"width": 500, "height": 300})
    sheet.ws.insert_chart(anchor, 0, grades)

    balance = export.workbook.add_chart({"type": "bar", "subtype": "stacked"})
    for (label, look), column in zip(_BALANCE_FILLS, balance_columns):
        balance.add_series(
            {
                "name": label,
                "categories": [name, rows.first, 0, rows.last, 0],
                "values": [name, rows.first, column, rows.last, column],
                "border": {"color": "#000000"},
                "data_labels": {
                    "value": True,
                    "font": _FONT,
                    "border": {"color": "#000000"},
                    "fill": {"color": "#FFFFFF"},
                },
                **look,
            }
        )
    balance.set_title({"name": BALANCE_CHART, "name_font": _TITLE_FONT})
    balance.set_x_axis({"num_font": _FONT, "name": "Evidence items", "name_font": _FONT})
    balance.set_y_axis(
        {"reverse": True, "num_font": _FONT, "name": "Core question", "name_font": _FONT}
    )
    balance.set_legend({"position": "bottom", "font": _FONT})
    balance.set_size({"width": 560, "height": 300})
    sheet.ws.insert_chart(anchor, 5, balance)
    # Rows under the charts, so the print area takes them in.
    sheet.row = anchor + 18
