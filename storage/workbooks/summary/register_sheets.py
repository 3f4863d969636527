"""The evidence sheets of the draft judgment summary: the register and the coverage matrix.

The register streams every live item in ref order, a batch at a time, so an
inspection of any size is written without holding it in memory; the names of
each batch's attached files and the findings its items support are fetched
with one query per batch, ahead of the rows, on the export's reading thread
(:mod:`storage.workbooks.summary.read_ahead`). It prints on A3 landscape: with its notes beside
each item it is too wide for A4 at a readable size, and keeping the notes in
the row keeps one table to filter, quote from and print. On screen its header
row and Ref column stay in view and rows are held to three lines (the whole
text is in the cell); on paper that would cut long notes off, so every item
behind a finding whose row is cut is repeated in full on the Evidence notes
sheet after it (:mod:`storage.workbooks.summary.evidence_notes`).
"""

from __future__ import annotations

from models.vocabulary import SourceType
from storage.workbooks.summary.evidence_notes import EvidenceNotes
from storage.workbooks.summary.export_context import (
    EVIDENCE_REGISTER,
    FINDING_EVIDENCE,
    ExportContext,
)
from storage.workbooks.summary.sheet_writer import Sheet, StreamedRows, header_width, location

WITHHELD = "[withheld: sensitive]"
#: How often (in evidence rows) to report progress and to ask about cancelling.
PROGRESS_EVERY = 100
CANCEL_CHECK_EVERY = 200
#: Lines a register row shows at most.
REGISTER_LINES = 3
#: The register's column of the findings an item supports (0-based).
FINDINGS_COLUMN = 8

REGISTER_COLUMNS = [  # (header, width, wraps)
    ("Ref", 10, False),
    ("Date", 11, False),
    ("Source type", 14, False),
    ("Author", 8, False),
    ("Location / unit", 20, True),
    ("Participants", 20, True),
    ("Assessment", 11, False),
    ("Questions", 11, True),
    ("Findings", 12, True),
    ("Summary", 45, True),
    ("Notes", 55, True),
    ("Attachments", 16, True),
]


def write_evidence_register(export: ExportContext) -> None:
    """One row per live evidence item, with a filter on the frozen header row."""
    export.check_cancelled()
    styles = export.styles
    headers = [header for header, _, _ in REGISTER_COLUMNS]
    sheet = Sheet(
        export.workbook,
        styles,
        EVIDENCE_REGISTER,
        [width for _, width, _ in REGISTER_COLUMNS],
        header_row=0,
        headers=headers,
        freeze_columns=1,
        max_lines=REGISTER_LINES,
    )
    sheet.append_header(headers)
    cut_short = EvidenceNotes(export)  # the next sheet: the whole text of cut rows

    total = export.inspection.evidence.count()
    export.progress(0, total)
    order = {f.id: n for n, f in enumerate(export.findings)}
    labels, evidence_rows = export.labels, export.evidence_rows
    formats = [styles.wrap if wraps else styles.plain for _, _, wraps in REGISTER_COLUMNS]
    formats[1] = styles.date()
    rows = StreamedRows(sheet, formats, link_format=styles.link_wrap, own_words=(2, 6))
    done = 0
    for item in export.reading.items():
        if done and done % CANCEL_CHECK_EVERY == 0:
            export.check_cancelled()
        notes = item.notes
        if item.sensitive and not export.include_sensitive:
            notes = WITHHELD
            export.sensitive_withheld += 1
        # The findings whose Finding evidence rows list this item (a link made while the
        # export runs is in neither).
        ref = item.ref
        findings = sorted(
            (f for f in item.finding_ids if (f, ref) in evidence_rows), key=order.__getitem__
        )
        target = None
        if findings:
            target = location(FINDING_EVIDENCE, evidence_rows[(findings[0], ref)])
            export.register_rows[item.id] = sheet.row
        values: list = [
            ref,
            item.collected_on,
            item.source_type,
            item.author,
            item.location,
            item.participants,
            item.assessment,
            item.question_codes,
            ", ".join(labels[f] for f in findings),
            item.summary,
            notes,
            item.attachments,
        ]
        row = rows.write(values, {FINDINGS_COLUMN: target} if target else None)
        if rows.cut_short and findings:  # evidence a writer quotes, cut short on paper
            cut_short.add(row, [values[0]] + values[4:6] + values[7:])
        done += 1
        if done % PROGRESS_EVERY == 0 or done == total:
            export.progress(done, total)
    export.evidence_items = done
    sheet.finish(filter_columns=len(REGISTER_COLUMNS))
    cut_short.finish()


def write_coverage(export: ExportContext) -> None:
    """Questions by source type: how much evidence of each kind backs each question.

    Counts include a question's sub-questions (each item once), like the
    question tree in the app; a colour scale makes thin areas stand out.
    """
    export.check_cancelled()
    styles, framework = export.styles, export.framework
    sources = list(SourceType)
    headers = ["Code", "Question"] + [s.label for s in sources] + ["Total"]
    widths = [8, 40] + [max(9, header_width(s.label)) for s in sources] + [8]
    sheet = Sheet(export.workbook, styles, "Coverage", widths, header_row=0, headers=headers)
    sheet.append_header(headers)
    coverage, whole_inspection = export.reading.coverage()
    headline = framework.headline
    if headline is not None:  # the headline stands for the whole inspection, as in the app
        coverage = {**coverage, headline.code: whole_inspection}
    rows_by_depth: dict[int, list[int]] = {}
    for question in framework.questions:
        counts = coverage.get(question.code, {})
        row = sheet.append(
            [
                (question.code, styles.plain),
                (question.title, styles.indented(question.depth)),
            ]
            + [(counts.get(s, 0), styles.number) for s in sources]
            # each item has one source type, so the row's sum counts items once
            + [(sum(counts.values()), styles.number)]
        )
        rows_by_depth.setdefault(question.depth, []).append(row)
    # Compare like with like: one colour scale per level of the framework, so the
    # headline's totals do not make every sub-question look thin.
    last = len(sources) + 1  # 0-based column of the last source type
    for rows in rows_by_depth.values():
        ranges = " ".join(f"{_cell(r, 2)}:{_cell(r, last)}" for r in rows)
        sheet.ws.conditional_format(
            rows[0],
            2,
            rows[0],
            last,
            {
                "type": "3_color_scale",
                "min_color": "#F8696B",  # low counts warm (thin evidence)
                "mid_type": "percentile",
                "mid_value": 50,
                "mid_color": "#FFEB84",
                "max_color": "#63BE7B",  # high counts green
                "multi_range": ranges,
            },
        )
    sheet.finish(filter_columns=len(headers))


def _cell(row: int, column: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(row, column)
