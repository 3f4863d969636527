"""The question sheets of the draft judgment summary: Overall and one per core question.

Each opens with the judgment (grade, sign-off, rationale, the evidence behind
it), then lists every question of its part of the framework in order with
its findings grouped by kind (causes of concern first): each finding's
reference, statement, recommendation, sign-off and the refs of the evidence
behind it. A finding's reference links to its rows on the Finding evidence
sheet. Where each finding lands is worked out first (:func:`plan_question_sheets`)
so that other sheets can link to it before this one is written.

Only the table's header row could be frozen, and a frozen pane cannot start
below the judgment above it, so these sheets freeze nothing; the header row
repeats on every printed page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from models.framework import Question
from models.records import Finding
from storage.workbooks.excel_text import sheet_name
from storage.workbooks.summary.export_context import FINDING_EVIDENCE, ExportContext
from storage.workbooks.summary.sheet_writer import Sheet, location
from storage.workbooks.summary.sign_off_words import review_words

NO_EVIDENCE = "No supporting evidence"
NO_FINDINGS = "No findings yet"
HEADERS = [
    "Code",
    "Ref",
    "Kind",
    "Question / finding",
    "Recommendation",
    "Evidence refs",
    "Items",
    "Source types",
    "Review",
    "Note",
]
WIDTHS = [8, 7, 14, 50, 32, 18, 7, 8, 14, 12]
#: The table's header row (0-based), below the judgment.
HEADER_ROW = 5


@dataclass(frozen=True)
class QuestionSheetPlan:
    """One question sheet: its name, whose judgment it shows, and its questions."""

    name: str
    key: str | None  # the judgment's question code; None for the overall judgment
    label: str
    title: str
    questions: list[Question]


def _layout(plan: QuestionSheetPlan, findings: list[Finding]) -> Iterator[tuple]:
    """The table's rows in order: ("question", q), ("finding", f) or ("none", q)."""
    codes = {q.code for q in plan.questions}
    by_code: dict[str, list[Finding]] = {}
    for finding in findings:  # already in kind order: concerns first
        if finding.question_code in codes:
            by_code.setdefault(finding.question_code, []).append(finding)
    for question in plan.questions:
        yield ("question", question)
        own = by_code.get(question.code, [])
        for finding in own:
            yield ("finding", finding)
        if not own:
            yield ("none", question)


def plan_question_sheets(export: ExportContext, taken: list[str]) -> list[QuestionSheetPlan]:
    """The question sheets in order, recording in ``export.finding_rows`` where each
    finding's row will be; ``taken`` holds the sheet names used so far (added to)."""
    framework = export.framework
    headline = framework.headline
    plans = [
        QuestionSheetPlan(
            "Overall",
            None,
            "Overall",
            headline.title if headline else "Overall judgment",
            framework.outside_core_questions(),
        )
    ]
    plans += [
        QuestionSheetPlan(f"Question {q.code}", q.code, q.code, q.title, framework.subtree(q.code))
        for q in framework.core_questions()
    ]
    named = []
    for plan in plans:
        name = sheet_name(plan.name, taken)
        taken.append(name)
        plan = QuestionSheetPlan(name, plan.key, plan.label, plan.title, plan.questions)
        named.append(plan)
        for row, (kind, subject) in enumerate(_layout(plan, export.findings), HEADER_ROW + 1):
            if kind == "finding":
                export.finding_rows[subject.id] = (name, row)
    return named


def write_question_sheet(export: ExportContext, plan: QuestionSheetPlan) -> None:
    """Grade and rationale, then each question with its findings grouped by kind."""
    export.check_cancelled()
    styles, framework = export.styles, export.framework
    judgment = export.inspection.judgments.get(plan.key)
    counts = export.inspection.evidence.assessment_counts(plan.key)
    sheet = Sheet(export.workbook, styles, plan.name, WIDTHS, header_row=HEADER_ROW, freeze=False)
    grade, grade_format = styles.grade_of(framework, judgment.grade)
    sheet.append([(plan.label, styles.title), None, None, (plan.title, styles.title_wrap)])
    sheet.append(
        [
            ("Grade", styles.label),
            None,
            None,
            (grade, grade_format),
            (f"Status: {review_words(judgment)}", styles.plain),
        ]
    )
    sheet.append(
        [
            ("Rationale", styles.label),
            None,
            None,
            (judgment.rationale or "No rationale yet.", styles.wrap),
        ]
    )
    sheet.append(
        [
            ("Evidence", styles.label),
            None,
            None,
            (
                f"{counts.total} items: {counts.positive} positive, {counts.negative} "
                f"negative, {counts.neutral} neutral",
                styles.plain,
            ),
        ]
    )
    sheet.skip()
    sheet.append_header(HEADERS)
    for kind, subject in _layout(plan, export.findings):
        if kind == "question":
            # Only the title is indented: an indented code wraps in its narrow column.
            plain, heading = styles.question(1), styles.question(subject.depth)
            sheet.append(
                [(subject.code, plain), ("", plain), ("", plain), (subject.title, heading)]
                + [("", plain)] * 6
            )
        elif kind == "finding":
            sheet.append(_finding_cells(export, subject))
        else:
            sheet.append([None, None, None, (NO_FINDINGS, styles.muted)])
    sheet.finish()


def _finding_cells(export: ExportContext, finding: Finding) -> list:
    styles = export.styles
    items = export.items_behind(finding)
    first = export.first_evidence_row.get(finding.id)
    target = location(FINDING_EVIDENCE, first) if first is not None else None
    return [
        None,
        (export.labels[finding.id], styles.link if target else styles.label, target),
        (finding.kind.label, styles.label_wrap),
        (finding.statement, styles.wrap),
        (finding.recommendation, styles.wrap),
        (export.refs_of(finding), styles.wrap),
        (items, styles.number),
        (export.source_count(finding), styles.number),
        (review_words(finding), styles.wrap),
        ("" if items else NO_EVIDENCE, styles.warning),
    ]
