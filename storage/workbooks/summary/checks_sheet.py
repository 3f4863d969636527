"""The Checks sheet of the draft judgment summary: what the lead inspector's judgment checks
found when the workbook was written, most serious first, so the writers see what is still open.
"""

from __future__ import annotations

from models.review.results import CheckResult, Severity
from storage.workbooks.summary.export_context import ExportContext
from storage.workbooks.summary.sheet_writer import Sheet

HEADERS = ("Severity", "Question", "About", "What the check found", "Check")
WIDTHS = [13, 11, 10, 90, 26]
#: The same tints as the app's Checks tab; the severity is always said in words as well.
TINTS = {Severity.MUST_FIX: "#F8D7DA", Severity.LOOK_AGAIN: "#FFF3CD", Severity.NOTE: "#E7F1FF"}
NOTHING_FOUND = "The checks found nothing to fix or look at again."


def _about(result: CheckResult) -> str:
    if result.place.finding_id:
        return "finding"
    if result.place.evidence_id:
        return "item"
    return "judgment" if result.check in _ABOUT_JUDGMENT else "question"


#: Checks whose results are about a question's judgment rather than its evidence.
_ABOUT_JUDGMENT = {
    "not-graded",
    "no-rationale",
    "still-draft",
    "above-cap",
    "no-improvement-behind-grade",
    "best-without-notable-practice",
    "grade-against-balance",
    "changed-since-review",
}


def write_checks(export: ExportContext) -> None:
    """One row per result of the judgment checks, with a filter on the header row."""
    export.check_cancelled()
    styles = export.styles
    sheet = Sheet(export.workbook, styles, "Checks", WIDTHS, header_row=0, headers=HEADERS)
    sheet.append_header(HEADERS)
    results = export.reading.checks()
    for result in results:
        sheet.append(
            [
                (result.severity.label, styles.tinted(TINTS[result.severity])),
                (result.place.question_code or "Overall", styles.plain),
                (_about(result), styles.plain),
                (result.message, styles.wrap),
                (result.check, styles.plain),
            ]
        )
    if not results:
        sheet.append([None, None, None, (NOTHING_FOUND, styles.muted)])
    sheet.finish(filter_columns=len(HEADERS))
