"""The evidence sheets of the draft judgment summary: the register and the coverage matrix.

The register streams every live item in ref order, a batch at a time, so an
inspection of any size is written without holding it in memory; the names of
each batch's attached files are fetched with one query per batch.
"""

from __future__ import annotations

from itertools import islice

from models.vocabulary import SourceType
from storage.workbooks.excel_text import sheet_name, text_cell
from storage.workbooks.export_context import ExportContext
from storage.workbooks.fast_rows import DATE, NUMBER, TEXT, FastRows
from storage.workbooks.workbook_format import DATE_FORMAT, add_filter, number_cell, prepare_sheet

WITHHELD = "[withheld: sensitive]"
#: How often (in evidence rows) to report progress and to ask about cancelling.
PROGRESS_EVERY = 100
CANCEL_CHECK_EVERY = 200
#: Evidence rows whose attachment names are fetched together.
ATTACHMENT_BATCH = 500

_REGISTER_COLUMNS = [  # (header, width, wraps)
    ("Ref", 11, False),
    ("Date", 12, False),
    ("Source type", 17, False),
    ("Author", 8, False),
    ("Location / unit", 26, True),
    ("Participants", 28, True),
    ("Assessment", 12, False),
    ("Questions", 14, True),
    ("Findings", 9, False),
    ("Summary", 60, True),
    ("Notes", 70, True),
    ("Attachments", 30, True),
]


def write_evidence_register(workbook, export: ExportContext) -> None:
    """One row per live evidence item, with a frozen, filterable header row."""
    export.check_cancelled()
    styles = export.styles
    ws = workbook.create_sheet(sheet_name("Evidence register", workbook.sheetnames))
    rows = prepare_sheet(ws, [width for _, width, _ in _REGISTER_COLUMNS], header_row=1)
    rows.append(
        [text_cell(ws, header, styles.header) for header, _, _ in _REGISTER_COLUMNS], all_wrap=True
    )

    evidence = export.inspection.evidence
    total = evidence.count()
    findings_per_item = export.inspection.findings.counts_by_evidence()
    export.progress(0, total)
    plain, wrap = styles.plain, styles.wrap
    column_styles = [wrap if wraps else plain for _, _, wraps in _REGISTER_COLUMNS]
    column_styles[1] = styles.date(DATE_FORMAT)
    fast = FastRows(
        ws, column_styles, lambda values: rows.height_for([value for _, value in values])
    )
    done = 0
    for item, attached in _with_attachment_names(export.inspection):
        if done and done % CANCEL_CHECK_EVERY == 0:
            export.check_cancelled()
        notes = item.notes
        if item.sensitive and not export.include_sensitive:
            notes = WITHHELD
            export.sensitive_withheld += 1
        fast.append(
            [
                (TEXT, item.ref),
                (DATE, item.collected_on),
                (TEXT, item.source_type.label),
                (TEXT, item.author),
                (TEXT, item.location),
                (TEXT, item.participants_text),
                (TEXT, item.assessment.label),
                (TEXT, ", ".join(item.question_codes)),
                (NUMBER, findings_per_item.get(item.id, 0)),
                (TEXT, item.summary),
                (TEXT, notes),
                (TEXT, "; ".join(attached)),
            ]
        )
        done += 1
        if done % PROGRESS_EVERY == 0 or done == total:
            export.progress(done, total)
    export.evidence_items = done
    add_filter(ws, len(_REGISTER_COLUMNS), 1, done + 1)


def _with_attachment_names(inspection):
    """Every live item in ref order with the names of its attached files."""
    items = inspection.evidence.iter_all()
    while batch := list(islice(items, ATTACHMENT_BATCH)):
        names = inspection.attachments.names_by_evidence([item.id for item in batch])
        for item in batch:
            yield item, names.get(item.id, ())


def write_coverage(workbook, export: ExportContext) -> None:
    """Questions by source type: how much evidence of each kind backs each question.

    Counts include a question's sub-questions (each item once), like the
    question tree in the app; a colour scale makes thin areas stand out.
    """
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.utils import get_column_letter

    export.check_cancelled()
    styles, framework = export.styles, export.framework
    sources = list(SourceType)
    headers = ["Code", "Question"] + [s.label for s in sources] + ["Total"]
    ws = workbook.create_sheet(sheet_name("Coverage", workbook.sheetnames))
    rows = prepare_sheet(ws, [9, 60] + [11] * len(sources) + [9], header_row=1)
    rows.append([text_cell(ws, h, styles.header) for h in headers], all_wrap=True)
    coverage = export.inspection.evidence.coverage()
    headline = framework.headline
    if headline is not None:  # the headline stands for the whole inspection, as in the app
        coverage[headline.code] = export.inspection.evidence.counts_by_source()
    for question in framework.questions:
        counts = coverage.get(question.code, {})
        rows.append(
            [
                text_cell(ws, question.code, styles.plain),
                text_cell(ws, question.title, styles.indented(question.depth)),
            ]
            + [number_cell(ws, counts.get(s, 0), styles) for s in sources]
            # each item has one source type, so the row's sum counts items once
            + [number_cell(ws, sum(counts.values()), styles)]
        )
    # Compare like with like: one colour scale per level of the framework, so
    # the headline's totals do not make every sub-question look thin.
    last_column = get_column_letter(2 + len(sources))
    rows_by_depth: dict[int, list[str]] = {}
    for row, question in enumerate(framework.questions, start=2):
        rows_by_depth.setdefault(question.depth, []).append(f"C{row}:{last_column}{row}")
    for ranges in rows_by_depth.values():
        # Low counts warm (thin evidence), high counts green.
        ws.conditional_formatting.add(
            " ".join(ranges),
            ColorScaleRule(
                start_type="min",
                start_color="FFF8696B",
                mid_type="percentile",
                mid_value=50,
                mid_color="FFFFEB84",
                end_type="max",
                end_color="FF63BE7B",
            ),
        )
