"""The data return template: the workbook a force (or an analyst) fills in with figures.

Its ``data return`` sheet has one column per field of an indicator with drop-down
lists for the unit and which way is better; the ``earlier periods`` sheet takes
a time series; ``how to fill in`` explains each column. Given an inspection's
indicators it is filled with them, so figures can be corrected in Excel and
imported again. Text is written as text (never a formula), numbers as numbers.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Sequence

from models.framework import Framework
from models.indicators.data_return import COLUMNS, INDICATORS_SHEET, SERIES_COLUMNS, SERIES_SHEET
from models.indicators.indicator import Better, Indicator, IndicatorUnit
from storage.file.errors import StorageError

NOTES_SHEET = "how to fill in"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WIDTHS = (42, 22, 26, 14, 28, 16, 20, 16, 16, 12, 28, 40)
_NOTES = (
    ("name", "What is counted, e.g. Recorded crime (excluding fraud). Needed."),
    ("group", "Where it belongs, e.g. Crime rates, Outcomes, Victim satisfaction. Needed."),
    ("unit", "One of: " + "; ".join(u.label for u in IndicatorUnit) + ". Needed."),
    ("force value", "The force's figure, as a number. Needed."),
    ("period", "The period the figure covers, e.g. 12 months to 30 June 2015. Needed."),
    ("comparator value", "The comparator's figure for the same period; blank when there is none."),
    ("comparator", "Whom the force is compared with; blank means England and Wales."),
    ("better", "Which way is better for the public: higher, lower or neither (blank)."),
    ("questions", "Codes of the questions the figure bears on, separated by commas, e.g. 1.1, 2."),
    (
        "threshold %",
        "How far worse than the comparator, in percent, flags the figure; blank is 10.",
    ),
    ("source", "Where the figure comes from, e.g. Home Office data."),
    ("note", "Anything a reader should know about the figure."),
    (
        SERIES_SHEET,
        "Earlier periods of an indicator for a time series: its name and period as on the "
        "data return sheet, the earlier period, and the force's and comparator's figures.",
    ),
    (
        "importing again",
        "An indicator already in the inspection (same name and period) is updated; the "
        "import says what changed. A column left out of the header leaves that field as it is.",
    ),
)


def _text(value: str) -> str:
    return _CONTROL.sub("", value)


def write_indicator_template(
    path: Path, indicators: Sequence[Indicator] = (), framework: Framework | None = None
) -> Path:
    """Write the template at ``path`` (filled with ``indicators``); an existing file is
    replaced only by the caller's choice (the command line refuses one first)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    book = Workbook()
    sheet = book.active
    sheet.title = INDICATORS_SHEET
    sheet.append(list(COLUMNS))
    for indicator in indicators:
        sheet.append(_row(indicator))
    units = DataValidation(
        type="list",
        formula1='"' + ",".join(u.value for u in IndicatorUnit) + '"',
        allow_blank=False,
    )
    better = DataValidation(type="list", formula1='"' + ",".join(b.value for b in Better) + '"')
    for validation, column in ((units, "C"), (better, "H")):
        validation.add(f"{column}2:{column}5001")
        sheet.add_data_validation(validation)
    series = book.create_sheet(SERIES_SHEET)
    series.append(list(SERIES_COLUMNS))
    for indicator in indicators:
        for point in indicator.series:
            series.append(
                [
                    _text(indicator.name),
                    _text(indicator.period),
                    _text(point.period),
                    point.force,
                    point.comparator,
                ]
            )
    notes = book.create_sheet(NOTES_SHEET)
    notes.append(["column", "how to fill it in"])
    for topic, text in _NOTES:
        notes.append([topic, text])
    if framework is not None:
        notes.append([])
        notes.append(["question", "title"])
        for question in framework.questions:
            notes.append([question.code, _text(question.title)])
    for ws, widths in ((sheet, _WIDTHS), (series, (42, 28, 28, 14, 16)), (notes, (22, 100))):
        ws.freeze_panes = "A2"
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for index, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + index)].width = width
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":  # text beginning "=" stays text
                    cell.data_type = "s"
                if isinstance(cell.value, str) and len(cell.value) > 60:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    _save(book, path)
    return path


def _row(indicator: Indicator) -> list[object]:
    return [
        _text(indicator.name),
        _text(indicator.group),
        indicator.unit.value,
        indicator.force_value,
        _text(indicator.period),
        indicator.comparator_value,
        _text(indicator.comparator_name),
        indicator.better.value,
        ", ".join(indicator.question_codes),
        indicator.threshold,
        _text(indicator.source),
        _text(indicator.note)[:32_767],
    ]


def _save(book, path: Path) -> None:
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem[:60]}.", suffix=".part")
    except OSError as e:
        raise StorageError(f"Cannot write {path}: {e.strerror}.") from None
    os.close(fd)
    temp = Path(name)
    try:
        book.save(temp)
        os.replace(temp, path)
    except BaseException as e:
        temp.unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise StorageError(f"Cannot write {path}: {e.strerror}.") from None
        raise
