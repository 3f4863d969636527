"""The finding sheets of the draft judgment summary.

*AFIs and causes of concern* and *Strengths and notable practice* list the
findings of those kinds across the inspection, each reference linking to the
finding's row on its question sheet; *Finding evidence* has one row per
finding and supporting item, so a writer can filter on a finding and quote
its evidence, each item's ref linking to its row in the register.
"""

from __future__ import annotations

from models.records import Finding
from models.vocabulary import FindingKind
from storage.workbooks.summary import trace_reading
from storage.workbooks.summary.export_context import (
    EVIDENCE_REGISTER,
    FINDING_EVIDENCE,
    ExportContext,
)
from storage.workbooks.summary.question_sheets import NO_EVIDENCE
from storage.workbooks.summary.sheet_writer import Sheet, StreamedRows, location
from storage.workbooks.summary.sign_off_words import review_words

GAPS_SHEET = "AFIs and causes of concern"
STRENGTHS_SHEET = "Strengths and notable practice"
GAPS_HEADERS = [
    "Code",
    "Question",
    "Ref",
    "Kind",
    "Statement",
    "Recommendation",
    "Evidence refs",
    "Items",
    "Review",
]
GAPS_WIDTHS = [8, 24, 7, 14, 44, 32, 18, 7, 15]
STRENGTHS_HEADERS = [h for h in GAPS_HEADERS if h != "Recommendation"]
STRENGTHS_WIDTHS = [8, 26, 7, 14, 64, 22, 7, 15]
EVIDENCE_HEADERS = [
    "Finding",
    "Kind",
    "Question",
    "Item",
    "Date",
    "Source type",
    "Location / unit",
    "Summary",
    "Assessment",
]
EVIDENCE_WIDTHS = [9, 14, 10, 10, 11, 14, 22, 60, 12]
#: How often (in rows) the Finding evidence sheet asks about cancelling.
CANCEL_CHECK_EVERY = 200


def _finding_link(export: ExportContext, finding: Finding, style, plain_style) -> tuple:
    """The finding's reference, linked to its row on its question sheet."""
    place = export.finding_rows.get(finding.id)
    label = export.labels[finding.id]
    if place is None:
        return (label, plain_style)
    return (label, style, location(place[0], place[1], "B"))


def _write_findings(
    export: ExportContext, name: str, kinds: tuple[FindingKind, ...], headers, widths
) -> None:
    export.check_cancelled()
    styles, framework = export.styles, export.framework
    sheet = Sheet(export.workbook, styles, name, widths, header_row=0, headers=headers)
    sheet.append_header(headers)
    with_recommendation = "Recommendation" in headers
    for finding in export.findings:
        if finding.kind not in kinds:
            continue
        question = framework.question(finding.question_code)
        cells = [
            (question.code, styles.plain),
            (question.title, styles.wrap),
            _finding_link(export, finding, styles.link, styles.plain),
            (finding.kind.label, styles.wrap),
            (finding.statement, styles.wrap),
        ]
        if with_recommendation:
            cells.append((finding.recommendation, styles.wrap))
        cells += [
            (export.refs_of(finding) or NO_EVIDENCE, styles.wrap),
            (export.items_behind(finding), styles.number),
            (review_words(finding), styles.wrap),
        ]
        sheet.append(cells)
    sheet.finish(filter_columns=len(headers))


def write_improvements(export: ExportContext) -> None:
    """Every area for improvement and cause of concern, in framework order."""
    _write_findings(
        export,
        GAPS_SHEET,
        (FindingKind.CAUSE_OF_CONCERN, FindingKind.AREA_FOR_IMPROVEMENT),
        GAPS_HEADERS,
        GAPS_WIDTHS,
    )


def write_strengths(export: ExportContext) -> None:
    """Every strength and piece of notable practice, in framework order."""
    _write_findings(
        export,
        STRENGTHS_SHEET,
        (FindingKind.STRENGTH, FindingKind.NOTABLE_PRACTICE),
        STRENGTHS_HEADERS,
        STRENGTHS_WIDTHS,
    )


def open_finding_evidence(export: ExportContext) -> Sheet:
    """The Finding evidence sheet, in its place among the sheets, with its header row.

    Its rows are written after the register (:func:`write_finding_evidence`), whose
    rows they link to: each sheet streams on its own, so one can wait for another.
    """
    export.check_cancelled()
    sheet = Sheet(
        export.workbook,
        export.styles,
        FINDING_EVIDENCE,
        EVIDENCE_WIDTHS,
        header_row=0,
        headers=EVIDENCE_HEADERS,
    )
    sheet.append_header(EVIDENCE_HEADERS)
    return sheet


def write_finding_evidence(export: ExportContext, sheet: Sheet) -> None:
    """One row per finding and supporting item, findings in workbook order, items in
    ref order (the rows :attr:`ExportContext.evidence_rows` promised), each item's ref
    linked to its row in the register (written by then)."""
    export.check_cancelled()
    styles = export.styles
    by_id = {f.id: f for f in export.findings}
    register = export.register_rows
    wrap, plain = styles.wrap, styles.plain
    rows = StreamedRows(
        sheet,
        [plain, wrap, plain, plain, styles.date(), plain, wrap, wrap, plain],
        link_format=styles.link,
        own_words=(1, 5, 8),
    )
    back: dict[str, str | None] = {}  # finding id -> its row on its question sheet
    for done, (finding_id, item) in enumerate(
        trace_reading.supporting_items(export.conn, [f.id for f in export.findings]), 1
    ):
        if done % CANCEL_CHECK_EVERY == 0:
            export.check_cancelled()
        finding = by_id[finding_id]
        if finding_id not in back:
            place = export.finding_rows.get(finding_id)
            back[finding_id] = location(place[0], place[1], "B") if place else None
        links: dict[int, str] = {}
        target = back[finding_id]
        if target:
            links[0] = target
        register_row = register.get(item.id)
        if register_row:
            links[3] = location(EVIDENCE_REGISTER, register_row)
        rows.write(
            [
                export.labels[finding_id],
                finding.kind.label,
                finding.question_code,
                item.ref,
                item.collected_on,
                item.source_type.label,
                item.location,
                item.summary,
                item.assessment.label,
            ],
            links,
        )
    sheet.finish(filter_columns=len(EVIDENCE_HEADERS))
