"""The Case-file review sheets: one per checklist, named from its title (*Case files –
Domestic abuse*), its results item by item and the files reviewed.

Each item's answers are counted as the app counts them (N/A and unanswered files left
out of the base and shown apart; the files an item did not apply to beside them): one
row per answer with how many files gave it, of how many, and the percentage, and for a
number item its median and range. Under the results, a small table of each item's
leading answer (yes, or the choice most given) feeds a native bar chart; then the files
reviewed (in the same columns), whose notes are withheld for a file marked sensitive
unless the export includes sensitive notes. No sheet is written for an inspection
without checklists.
"""

from __future__ import annotations

import re

from models.case_reviews.answers import format_number
from models.case_reviews.query import CaseFileQuery
from models.case_reviews.results import ItemResult, percent
from storage.case_reviews.case_files import CaseFileStore
from storage.case_reviews.checklists import ChecklistStore
from storage.case_reviews.results import CaseReviewResults, ChecklistResults
from storage.workbooks.summary.export_context import ExportContext
from storage.workbooks.summary.register_sheets import WITHHELD
from storage.workbooks.summary.sheet_writer import Sheet
from storage.workbooks.summary.workbook_format import FONT_NAME

SHEET = "Case-file review"
HEADERS = ("Item", "Question", "Answer", "Files", "Of", "%", "N/A", "Not answered", "Did not apply")
#: The results' columns; the files reviewed below them use the same ones (reference,
#: notes, crime type, date, reviewer, answered), so each fits the column it falls in.
WIDTHS = [13, 46, 20, 11, 9, 10, 8, 10, 10]
FILE_HEADERS = (
    "Case reference",
    "Notes",
    "Crime type",
    "Reviewed on",
    "Reviewer",
    "Answered",
)
CHART_TABLE = "Leading answer per item, for the chart"
_FONT = {"name": FONT_NAME, "size": 10}
_TITLE_FONT = {"name": FONT_NAME, "size": 12, "bold": True}
#: The chart's width in pixels, and its height per item (with room for title and axis).
CHART_WIDTH, BAR_HEIGHT, CHART_EXTRA = 1000, 32, 110
_PAGE = 1000


#: Excel's longest sheet name; words a name cut short would end on, left off.
NAME_LIMIT = 31
_DANGLING = {"a", "an", "and", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
_PREFIX = "Case files –"


def sheet_names(titles: list[str]) -> list[str]:
    """The sheets' names, from the checklists' titles: as much of each title as fits
    Excel's limit in whole words (*Case files – Domestic abuse*), characters a sheet
    name cannot hold left out, and a number added where two would be the same."""
    names: list[str] = []
    taken: set[str] = set()
    for title in titles:
        words = re.sub(r"[\[\]:*?/\\']", " ", title).split()
        kept: list[str] = []
        for word in words:
            if len(" ".join([_PREFIX, *kept, word])) > NAME_LIMIT:
                break
            kept.append(word)
        while len(kept) < len(words) and kept and kept[-1].lower().strip(",;.-–") in _DANGLING:
            kept.pop()  # a title cut short ends on a word that says something
        if kept:
            kept[-1] = kept[-1].rstrip(",;.-–") or kept[-1]
        base = " ".join([_PREFIX, *kept]) if kept else SHEET
        name, number = base, 2
        while name.lower() in taken:
            suffix = f" ({number})"
            name = base[: NAME_LIMIT - len(suffix)].rstrip() + suffix
            number += 1
        taken.add(name.lower())
        names.append(name)
    return names


def write_case_reviews(export: ExportContext) -> None:
    """One sheet per live checklist, in title order."""
    db = export.inspection.db
    checklists = ChecklistStore(db, export.framework)
    files = CaseFileStore(db, checklists)
    counting = CaseReviewResults(db)
    every = checklists.all()
    for name, checklist in zip(sheet_names([c.title for c in every]), every):
        export.check_cancelled()
        results = counting.results(checklist, CaseFileQuery(checklist.id))
        _write_sheet(export, name, results, files)


def _write_sheet(
    export: ExportContext, name: str, results: ChecklistResults, files: CaseFileStore
) -> None:
    styles = export.styles
    checklist = results.checklist
    sheet = Sheet(export.workbook, styles, name, WIDTHS, header_row=0, headers=HEADERS)
    sheet.append_header(HEADERS)
    codes = ", ".join(checklist.question_codes) or "none"
    sheet.append(
        [
            None,
            (
                f"{checklist.title} (version {checklist.version}): "
                f"{results.files} files reviewed; questions {codes}",
                styles.label_wrap,
            ),
        ]
    )
    share = styles.figure('0"%"')
    leading: list[tuple[str, int | None]] = []
    for result in results.items:
        rows = _answer_rows(result)
        for n, (answer, files_given) in enumerate(rows):
            first = n == 0
            sheet.append(
                [
                    (str(result.item.number), styles.plain) if first else None,
                    (result.item.prompt, styles.wrap) if first else None,
                    (answer, styles.wrap),
                    (files_given, styles.number) if files_given is not None else None,
                    (result.base, styles.number) if files_given is not None else None,
                    (percent(files_given, result.base), share)
                    if files_given is not None and result.base
                    else None,
                    (result.not_applicable, styles.number) if first else None,
                    (result.unanswered, styles.number) if first else None,
                    (result.not_applied, styles.number) if first else None,
                ]
            )
        headline = result.headline
        leading.append(
            (
                f"{result.item.number}. {headline.label if headline else ''}".rstrip(),
                percent(headline.count, result.base) if headline and result.base else None,
            )
        )
    # The chart and the files reviewed each start a page: a table's title and header are
    # never left at the foot of one with its rows on the next.
    breaks = [sheet.row]
    chart_rows = _chart_table(export, sheet, leading, results)
    if chart_rows:
        _add_chart(export, sheet, chart_rows, results)
        breaks.append(sheet.row)
    _write_files(export, sheet, results, files)
    sheet.ws.set_h_pagebreaks(breaks)
    sheet.finish()


def _answer_rows(result: ItemResult) -> list[tuple[str, int | None]]:
    """``(answer, files)`` rows of one item: each answer counted, or the spread of a
    number item, or how many answered a date or text item."""
    if result.counts:
        return [(c.label, c.count) for c in result.counts]
    if result.numbers is not None:
        n = result.numbers
        words = (
            f"median {format_number(n.median)}, range {format_number(n.low)}"
            f" to {format_number(n.high)}"
        )
        return [(words, result.base)]
    return [("answered", result.base)]


def _chart_table(export: ExportContext, sheet: Sheet, leading, results) -> tuple[int, int] | None:
    """The leading answer's share per item (yes/no and choice items), under the results;
    returns the first and last rows of the table."""
    styles = export.styles
    shown = [(label, value) for (label, value), r in zip(leading, results.items) if r.counts]
    if not shown:
        return None
    sheet.skip()
    sheet.append([(CHART_TABLE, styles.label)])
    sheet.append_header(["Item", "Leading answer", "%"])
    first = sheet.row
    for label, value in shown:
        number, _, answer = label.partition(". ")
        sheet.append(
            [
                (number, styles.plain),
                (f"{number}. {answer}", styles.wrap),
                (value, styles.figure('0"%"')) if value is not None else None,
            ]
        )
    return first, sheet.row - 1


def _write_files(
    export: ExportContext, sheet: Sheet, results: ChecklistResults, files: CaseFileStore
) -> None:
    styles = export.styles
    sheet.skip()
    sheet.append([(f"Files reviewed ({results.files})", styles.label)])
    sheet.append_header(FILE_HEADERS)
    query = CaseFileQuery(results.checklist.id)
    for offset in range(0, results.files, _PAGE):
        export.check_cancelled()
        for row in files.page(query, offset, _PAGE):
            notes = row.notes
            if row.sensitive and not export.include_sensitive and notes:
                notes = WITHHELD
            sheet.append(
                [
                    (row.case_reference, styles.wrap),
                    (notes, styles.wrap),
                    (row.crime_type, styles.wrap),
                    (row.reviewed_on, styles.date()) if row.reviewed_on else None,
                    (row.reviewer, styles.plain),
                    (row.progress.text, styles.plain),
                ]
            )


def _add_chart(
    export: ExportContext, sheet: Sheet, rows: tuple[int, int], results: ChecklistResults
) -> None:
    """A horizontal bar per item: the share of counted files giving its leading answer,
    each bar labelled with its percentage, drawn from the table's cells."""
    first, last = rows
    chart = export.workbook.add_chart({"type": "bar"})
    name = sheet.name
    chart.add_series(
        {
            "name": "Share of files counted",
            "categories": [name, first, 1, last, 1],
            "values": [name, first, 2, last, 2],
            "fill": {"color": "#1F3864"},
            "border": {"color": "#000000"},
            "data_labels": {"value": True, "font": _FONT, "num_format": '0"%"'},
        }
    )
    chart.set_title(
        {"name": f"{results.checklist.title}: leading answer per item", "name_font": _TITLE_FONT}
    )
    chart.set_x_axis(
        {"min": 0, "max": 100, "num_font": _FONT, "major_gridlines": {"visible": True}}
    )
    chart.set_y_axis({"num_font": _FONT, "reverse": True})
    chart.set_legend({"none": True})
    height = CHART_EXTRA + (last - first + 1) * BAR_HEIGHT
    chart.set_size({"width": CHART_WIDTH, "height": height})
    # Under the table, with rows kept for it (20 px each) so it is inside the print area
    # and the files reviewed start below it.
    sheet.skip()
    sheet.ws.insert_chart(sheet.row, 0, chart, {"x_offset": 4, "y_offset": 4})
    sheet.row += -(-height // 20) + 1
