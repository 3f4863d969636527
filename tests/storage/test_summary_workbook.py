"""The draft judgment summary workbook, read back cell by cell as a report writer meets it.

What each cell should hold is worked out here from the inspection file itself,
with plain SQL over its tables and Python over the rows (never through the
repository queries the export uses), so a wrong query in the export cannot
agree with itself. The demo is exported once per module, after edits that
only live data may survive (a deleted evidence item, a deleted finding, an
unlinked question and an unlinked piece of support); the tests that only read
that workbook share it.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook

from models.framework import framework_from_dict
from models.records import Evidence, Finding, Judgment
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType
from storage.file.inspection_file import InspectionFile
from storage.operations.progress import Cancelled, JobProgress
from storage.workbooks.summary_export import export_summary
from tests.conftest import TINY_FRAMEWORK
from tests.storage.summary_truth import (
    AFI_SHEET,
    CELL_LIMIT,
    GAP_KINDS,
    KIND_LABEL,
    KIND_RANK,
    KINDS,
    NO_EVIDENCE,
    NO_FINDINGS,
    NOT_YET_GRADED,
    REGISTER_HEADERS,
    SHEET_NAME_LIMIT,
    SUMMARY_COUNTS,
    SUMMARY_KINDS,
    TRAILING_SHEETS,
    WITHHELD,
    Truth,
    _all_cell_text,
    _finding_rows,
    _sections,
    _text,
)
from tests.storage.workbook_reading import (
    block,
    cells_in,
    fill_colour,
    formulas,
    header_row,
    label_value,
    records,
    sheet_xml,
    shown,
)


# -- sheets ---------------------------------------------------------------------------
def test_sheets_come_in_order_one_per_core_question(workbook, truth):
    cores = truth.core_codes()
    assert cores == ["1", "2", "3", "4"]
    assert workbook.sheetnames == (
        ["Summary", "Overall"] + [f"Question {c}" for c in cores] + TRAILING_SHEETS
    )
    assert all(len(name) <= SHEET_NAME_LIMIT for name in workbook.sheetnames)


# -- summary --------------------------------------------------------------------------
def test_summary_rows_hold_each_judgment_and_independent_counts(workbook, truth):
    ws = workbook["Summary"]
    header = header_row(ws, "Question")
    names, _ = block(ws, header)
    # The grade, its sign-off and the counts come before the long text.
    assert names[:3] == ["Question", "Grade", "Status"]
    assert names[-2:] == ["Title", "Rationale"]
    assert set(SUMMARY_COUNTS) | set(SUMMARY_KINDS) | {"Findings without evidence"} <= set(names)
    rows = records(ws, header)
    assert [r["Question"] for r in rows] == ["Overall"] + truth.core_codes()
    assert [r["Grade"] for r in rows] == ["Good", "Good", "Good", "Requires improvement", "Good"]
    for row in rows:
        code = None if row["Question"] == "Overall" else row["Question"]
        stored = truth.judgments[code]
        assert row["Grade"] == stored["grade"]
        assert row["Rationale"] == stored["rationale"] != ""
        status = JudgmentStatus(stored["status"])
        named = status is JudgmentStatus.REVIEWED and stored["reviewed_by"]
        assert row["Status"] == (f"Reviewed by {stored['reviewed_by']}" if named else status.label)
        items = truth.items_under(code)
        for column, assessment in SUMMARY_COUNTS.items():
            assert row[column] == sum(e["assessment"] == assessment for e in items), (
                row["Question"],
                column,
            )
        findings = truth.findings_under(code)
        for column, kind in SUMMARY_KINDS.items():
            assert row[column] == sum(f["kind"] == kind for f in findings), (
                row["Question"],
                column,
            )
        assert row["Findings without evidence"] == sum(not truth.support[f["id"]] for f in findings)
        assert all(isinstance(row[c], int) for c in list(SUMMARY_COUNTS) + list(SUMMARY_KINDS))
    assert rows[0]["Findings without evidence"] == 1  # the demo's one unsupported strength


def test_grade_cells_are_filled_one_colour_per_grade(workbook):
    ws = workbook["Summary"]
    names, body = block(ws, header_row(ws, "Question"))
    grade_cells = [cells[names.index("Grade")] for cells in body]
    for core in workbook.sheetnames[1:6]:
        grade_cells.append(label_value(workbook[core], "Grade"))
    grade_cells += [cells[0] for cells in block(workbook["Grading definitions"], 1)[1]]
    colours: dict[str, set] = {}
    for cell in grade_cells:
        colours.setdefault(cell.value, set()).add(fill_colour(cell))
    assert set(colours) >= {"Good", "Requires improvement"}
    assert all(len(c) == 1 and None not in c for c in colours.values()), colours
    assert len({next(iter(c)) for c in colours.values()}) == len(colours), colours


def test_ungraded_judgments_read_not_yet_graded_in_their_own_colour(tiny_inspection, tmp_path):
    supported = tiny_inspection.evidence.add(
        Evidence(
            id="", author="JS", summary="a", question_codes=("1.2",), assessment=Assessment.POSITIVE
        )
    )
    lost = tiny_inspection.evidence.add(
        Evidence(id="", author="JS", summary="b", question_codes=("2.1",))
    )
    tiny_inspection.evidence.add(
        Evidence(id="", author="JS", summary="not yet placed", assessment=Assessment.POSITIVE)
    )
    tiny_inspection.findings.add(
        Finding(question_code="1.2", statement="Kept support", evidence_ids=(supported.id,))
    )
    tiny_inspection.findings.add(
        Finding(question_code="2.1", statement="Support deleted", evidence_ids=(lost.id,))
    )
    tiny_inspection.evidence.delete(lost.id)
    tiny_inspection.judgments.save(Judgment(question_code=None, grade="Good"))
    tiny_inspection.judgments.save(Judgment(question_code="1", grade="Poor", rationale="Weak."))
    tiny_inspection.judgments.save(Judgment(question_code="2", rationale="Still deciding."))
    out = tmp_path / "tiny.xlsx"
    export_summary(tiny_inspection, out)
    workbook = load_workbook(out)
    truth = Truth.read(tiny_inspection.path)

    ws = workbook["Summary"]
    names, body = block(ws, header_row(ws, "Question"))
    rows = records(ws, header_row(ws, "Question"))
    grades = {r["Question"]: cells[names.index("Grade")] for r, cells in zip(rows, body)}
    assert {k: c.value for k, c in grades.items()} == {
        "Overall": "Good",
        "1": "Poor",
        "2": NOT_YET_GRADED,
    }
    assert len({fill_colour(c) for c in grades.values()} - {None}) == 3
    by_code = {r["Question"]: r for r in rows}
    assert by_code["2"]["Rationale"] == "Still deciding."
    for label, code in (("Overall", None), ("1", "1"), ("2", "2")):
        items = truth.items_under(code)
        assert [by_code[label][f"{a.label} evidence"] for a in Assessment] == [
            sum(e["assessment"] == a.value for e in items) for a in Assessment
        ], label
    assert (by_code["Overall"]["Positive evidence"], by_code["1"]["Positive evidence"]) == (2, 1)
    assert (
        by_code["2"]["Findings without evidence"]
        == by_code["Overall"]["Findings without evidence"]
        == 1
    )
    sheet = workbook["Question 2"]
    grade = label_value(sheet, "Grade")
    assert grade.value == NOT_YET_GRADED and fill_colour(grade) == fill_colour(grades["2"])
    assert label_value(sheet, "Rationale").value == "Still deciding."
    _, sections = _sections(sheet)
    assert [s.code for s in sections] == ["2", "2.1"]
    assert sections[1].findings == _finding_rows(truth, "2.1")
    assert sections[1].findings[0]["Note"] == NO_EVIDENCE


# -- one sheet per core question ------------------------------------------------------
def test_question_sheets_open_with_grade_rationale_and_headers(workbook, truth):
    assert truth.core_codes()
    for code in truth.core_codes():
        ws = workbook[f"Question {code}"]
        stored = truth.judgments[code]
        grade = label_value(ws, "Grade")
        assert grade.value == stored["grade"] and fill_colour(grade)
        assert shown(label_value(ws, "Rationale").value) == stored["rationale"]
        header = header_row(ws, "Code", "Ref")
        names = [c.value for c in ws[header] if c.value]
        assert names[:4] == ["Code", "Ref", "Kind", "Question / finding"]
        assert {
            "Recommendation",
            "Evidence refs",
            "Items",
            "Source types",
            "Review",
            "Note",
        } <= set(names)
        # The top rows come before the table.
        assert header_row(ws, "Grade") < header and header_row(ws, "Rationale") < header


def test_question_sheets_list_each_question_with_exactly_its_findings(workbook, truth):
    indents: dict[int, set] = {}
    for code in truth.core_codes():
        ws = workbook[f"Question {code}"]
        _, sections = _sections(ws)
        expected = [q for q in truth.questions if q["code"] in truth.subtree(code)]
        assert [s.code for s in sections] == [q["code"] for q in expected], ws.title
        for section, question in zip(sections, expected):
            assert section.title_cell.value == question["title"]
            assert section.title_cell.column_letter == "D"
            indents.setdefault(question["depth"], set()).add(section.title_cell.alignment.indent)
            wanted = _finding_rows(truth, question["code"])
            assert section.findings == wanted, (ws.title, question["code"])
            assert section.placeholders == ([] if wanted else [NO_FINDINGS]), question["code"]
            kinds = [r["Kind"] for r in section.findings]
            assert kinds == sorted(kinds, key=[label for _, label in KINDS].index)
    # One indent per depth, growing with depth.
    assert all(len(v) == 1 for v in indents.values()), indents
    steps = [next(iter(indents[d])) for d in sorted(indents)]
    assert len(steps) == 3 and steps == sorted(set(steps)), indents


def test_every_live_finding_appears_once_under_its_own_question(demo_export, workbook, truth):
    seen: dict[str, list[str]] = {}
    notes = []
    for code in truth.core_codes():
        for section in _sections(workbook[f"Question {code}"])[1]:
            for row in section.findings:
                seen.setdefault(row["Question / finding"], []).append(section.code)
                if row["Note"]:
                    notes.append((row["Kind"], row["Note"]))
    statements = [f["statement"] for f in truth.findings]
    assert len(set(statements)) == len(statements), "demo statements should be unique"
    assert seen == {f["statement"]: [f["code"]] for f in truth.findings}
    assert demo_export.deleted_finding not in seen
    assert notes == [("Strength", NO_EVIDENCE)]


# -- areas for improvement and causes of concern ----------------------------------------
def test_afi_sheet_lists_every_live_gap_and_nothing_else(workbook, truth):
    ws = workbook[AFI_SHEET]
    rows = records(ws, 1)
    names = block(ws, 1)[0]
    assert names == [
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
    gaps = [f for f in truth.findings if f["kind"] in GAP_KINDS]
    assert {f["kind"] for f in gaps} == GAP_KINDS
    assert len(rows) == len(gaps)
    for row, f in zip(rows, gaps):
        refs = truth.support[f["id"]]
        assert row["Code"] == f["code"] and row["Ref"] == f["label"]
        assert row["Question"] == truth.question(f["code"])["title"]
        assert row["Kind"] == KIND_LABEL[f["kind"]]
        assert row["Statement"] == f["statement"]
        assert _text(row["Recommendation"]) == f["recommendation"]
        assert row["Evidence refs"] == (", ".join(refs) if refs else NO_EVIDENCE)
        assert row["Items"] == len(refs)
        reviewer = f["reviewed_by"]
        assert row["Review"] == (f"Reviewed by {reviewer}" if reviewer else "Draft")
    concern = next(r for r in rows if r["Kind"] == "Cause of concern")
    assert concern["Recommendation"], "a cause of concern carries its recommendation"
    assert ws.auto_filter.ref == f"A1:I{len(rows) + 1}"


# -- evidence register ---------------------------------------------------------------
def test_register_is_the_live_evidence_with_independent_finding_counts(
    demo_export, workbook, truth
):
    ws = workbook["Evidence register"]
    names, body = block(ws, 1)
    assert names == REGISTER_HEADERS
    rows = {r["Ref"]: (r, cells) for r, cells in zip(records(ws, 1), body)}
    live = {e["ref"]: e for e in truth.evidence.values()}
    assert set(rows) == set(live) and len(body) == len(live)
    assert demo_export.deleted_ref not in rows
    assert ws.freeze_panes == "B2"  # the header row and the Ref column
    assert ws.auto_filter.ref == f"A1:L{len(live) + 1}"
    live_findings = {f["id"] for f in truth.findings}
    with sqlite3.connect(f"file:{demo_export.path}?mode=ro", uri=True) as conn:
        links = conn.execute(
            "SELECT finding_id, evidence_id FROM finding_evidence WHERE deleted_at IS NULL"
        ).fetchall()
        attached = conn.execute(
            "SELECT evidence_id, name FROM attachment WHERE deleted_at IS NULL ORDER BY name"
        ).fetchall()
    for ref, item in live.items():
        row, cells = rows[ref]
        date_cell = cells[names.index("Date")]
        assert date_cell.is_date and row["Date"].date() == date.fromisoformat(item["collected_on"])
        supported = {f for f, e in links if e == item["id"] and f in live_findings}
        expected = ", ".join(f["label"] for f in truth.findings if f["id"] in supported)
        assert (row["Findings"] or "") == expected, ref
        assert row["Notes"] == (WITHHELD if item["sensitive"] else item["notes"])
        attached_names = "; ".join(n for e, n in attached if e == item["id"])
        assert (row["Attachments"] or "") == attached_names, ref
    assert sum(1 for e in live.values() if e["sensitive"]) >= 1


# -- coverage ----------------------------------------------------------------------------
def test_coverage_counts_distinct_live_items_per_source_type(demo_export, workbook, truth):
    ws = workbook["Coverage"]
    names, _ = block(ws, 1)
    sources = list(SourceType)
    assert names == ["Code", "Question"] + [s.label for s in sources] + ["Total"]
    rows = records(ws, 1)
    assert [r["Code"] for r in rows] == [q["code"] for q in truth.questions]
    for row, question in zip(rows, truth.questions):
        items = truth.items_under(question["code"])
        assert row["Question"] == question["title"]
        for source in sources:
            assert row[source.label] == sum(e["source_type"] == source.value for e in items), (
                question["code"],
                source.label,
            )
        assert row["Total"] == len(items)
    # The unlinked question lost that item unless another link keeps it in the subtree.
    ref, code = demo_export.unlinked_question
    item = next(e for e in truth.evidence.values() if e["ref"] == ref)
    assert code not in truth.links[item["id"]]
    count_cells = {(r, c) for r in range(2, len(rows) + 2) for c in range(3, 3 + len(sources))}
    scaled = set()
    for rule_range in ws.conditional_formatting:
        if any(rule.type == "colorScale" for rule in rule_range.rules):
            scaled |= cells_in(str(rule_range.sqref))
    assert count_cells <= scaled


# -- grading definitions -----------------------------------------------------------------
def test_grading_definitions_list_the_scale_in_order(workbook, truth):
    ws = workbook["Grading definitions"]
    names, body = block(ws, 1)
    assert names == ["Grade", "Definition"]
    assert [(c[0].value, c[1].value) for c in body] == truth.grades
    assert [g for g, _ in truth.grades] == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    ]
    colours = [fill_colour(c[0]) for c in body]
    assert None not in colours and len(set(colours)) == len(colours)


def test_nothing_deleted_or_unlinked_reaches_the_workbook(demo_export, workbook, truth):
    text = _all_cell_text(workbook)
    assert not re.search(rf"\b{re.escape(demo_export.deleted_ref)}\b", text)
    assert demo_export.deleted_finding not in text
    statement, ref = demo_export.unlinked_support
    finding = next(f for f in truth.findings if f["statement"] == statement)
    assert ref not in truth.support[finding["id"]]
    rows = [
        r
        for code in truth.core_codes()
        for s in _sections(workbook[f"Question {code}"])[1]
        for r in s.findings
        if r["Question / finding"] == statement
    ]
    assert len(rows) == 1 and ref not in rows[0]["Evidence refs"].split(", ")


# -- hostile text -------------------------------------------------------------------------
# (typed, as the workbook must show it): formulas stay text, control characters go.
HOSTILE = [
    ("=SUM(A1:A9)*2", "=SUM(A1:A9)*2"),
    ("+44 23 8000 0000 rang at 02:00", "+44 23 8000 0000 rang at 02:00"),
    ("-3 officers short on the night shift", "-3 officers short on the night shift"),
    ('@INDIRECT("R1C1",FALSE)', '@INDIRECT("R1C1",FALSE)'),
    (
        '=HYPERLINK("http://example.invalid/x","Open case file")',
        '=HYPERLINK("http://example.invalid/x","Open case file")',
    ),
    (
        "Custody\x00 log\x01\x02 was\x08 pasted\x0b from\x0c the\x1b system\x7f\x80\x9f end",
        "Custody log was pasted from the system end",
    ),
    ("Paragraph one.\r\nParagraph two.\tTabbed.", "Paragraph one.\nParagraph two.\tTabbed."),
    (
        "PCSO 👮🏽‍♀️ and response car 🚓 attended; family 👨‍👩‍👧 safe 😀",
        "PCSO 👮🏽‍♀️ and response car 🚓 attended; family 👨‍👩‍👧 safe 😀",
    ),
    (
        "الضحية رفضت الإدلاء بإفادة — \u202bשלום\u202c (mixed RTL) \u200f",
        "الضحية رفضت الإدلاء بإفادة — \u202bשלום\u202c (mixed RTL) \u200f",
    ),
    ("Literal _x0041_ in a case number", "Literal _x0041_ in a case number"),
]


def test_hostile_text_stays_text_everywhere_it_is_shown(tiny_inspection, tmp_path):
    items, kinds = [], (FindingKind.CAUSE_OF_CONCERN, FindingKind.AREA_FOR_IMPROVEMENT)
    for i, (typed, _) in enumerate(HOSTILE):
        item = tiny_inspection.evidence.add(
            Evidence(
                id="",
                author="JS",
                question_codes=("1.1",),
                summary=typed,
                notes=typed,
                location=typed,
                participants=(typed, "=Second role"),
                sensitive=i % 2 == 0,
            )
        )
        items.append(item)
        tiny_inspection.findings.add(
            Finding(
                question_code="1.1",
                kind=kinds[i % 2],
                statement=typed,
                recommendation=f"Act on: {typed}",
                evidence_ids=(item.id,),
            )
        )
    long_note = ("Note 👮 with an emoji and = signs. " * 1200)[:40_000]
    assert len(long_note) == 40_000
    long_item = tiny_inspection.evidence.add(
        Evidence(id="", author="JS", question_codes=("2.1",), summary="Long note", notes=long_note)
    )
    everything = " | ".join(t for t, _ in HOSTILE)
    rationales = {
        None: HOSTILE[2],
        "1": (everything, " | ".join(e for _, e in HOSTILE)),
        "2": HOSTILE[3],
    }
    for code, (typed, _) in rationales.items():
        tiny_inspection.judgments.save(Judgment(question_code=code, grade="Poor", rationale=typed))
    out = tmp_path / "hostile.xlsx"
    export_summary(tiny_inspection, out, include_sensitive=True)

    for name, xml in sheet_xml(out).items():
        assert formulas(xml) == [], name
    workbook = load_workbook(out)
    assert not any(
        c.data_type == "f" for ws in workbook.worksheets for row in ws.iter_rows() for c in row
    )
    register = {r["Ref"]: r for r in records(workbook["Evidence register"], 1)}
    for item, (_, expected) in zip(items, HOSTILE):
        row = register[item.ref]
        assert row["Summary"] == row["Notes"] == row["Location / unit"] == expected, item.ref
        assert row["Participants"] == f"{expected}; =Second role"
    note = register[long_item.ref]["Notes"]
    assert len(note.encode("utf-16-le")) // 2 <= CELL_LIMIT
    assert note.endswith("[truncated]")
    assert long_note.startswith(note[: -len(" [truncated]")])

    wanted = [
        (
            KIND_LABEL[kinds[i % 2].value],
            expected,
            f"Act on: {expected}" if i % 2 == 0 else "",
            item.ref,
        )
        for i, (item, (_, expected)) in enumerate(zip(items, HOSTILE))
    ]
    wanted.sort(key=lambda w: KIND_RANK[next(k for k, label in KINDS if label == w[0])])
    _, sections = _sections(workbook["Question 1"])
    rows = next(s for s in sections if s.code == "1.1").findings
    assert [
        (r["Kind"], r["Question / finding"], r["Recommendation"], r["Evidence refs"]) for r in rows
    ] == wanted
    afi = records(workbook[AFI_SHEET], 1)
    assert [
        (r["Kind"], r["Statement"], _text(r["Recommendation"]), r["Evidence refs"]) for r in afi
    ] == wanted

    summary = {
        r["Question"]: r
        for r in records(workbook["Summary"], header_row(workbook["Summary"], "Question"))
    }
    for code, (_, expected) in rationales.items():
        assert summary[code or "Overall"]["Rationale"] == expected
        if code:
            sheet = workbook[f"Question {code}"]
            assert shown(label_value(sheet, "Rationale").value) == expected


# -- a large inspection ---------------------------------------------------------------
LARGE = 2_500


@pytest.fixture(scope="module")
def large_inspection(tmp_path_factory):
    path = tmp_path_factory.mktemp("large") / "large.inspection"
    inspection = InspectionFile.create(
        path, framework_from_dict(TINY_FRAMEWORK, "tiny"), force="Largeshire Police"
    )
    sources, codes = list(SourceType), ["1.1", "1.1.1", "1.2", "2.1"]
    inspection.evidence.add_many(
        Evidence(
            id="",
            author=("JS", "AB", "KLM")[i % 3],
            summary=f"Item {i}",
            notes=f"Notes for item {i}. " * 5,
            source_type=sources[i % len(sources)],
            collected_on=date(2015, 9, 21 + i % 9),
            question_codes=(codes[i % len(codes)],),
        )
        for i in range(LARGE)
    )
    yield inspection
    inspection.close()


def test_large_register_has_every_item_and_reports_progress(large_inspection, tmp_path):
    calls = []
    out = tmp_path / "large.xlsx"
    export_summary(
        large_inspection, out, progress=JobProgress(lambda done, total: calls.append((done, total)))
    )
    workbook = load_workbook(out, read_only=True)
    rows = sum(1 for _ in workbook["Evidence register"].iter_rows(values_only=True))
    workbook.close()
    assert rows == LARGE + 1
    done = [d for d, _ in calls]
    assert {t for _, t in calls} == {LARGE}
    assert done == sorted(set(done)) and done[-1] == LARGE and len(done) > 2


@pytest.fixture
def private_temp(tmp_path, monkeypatch):
    """The writer streams sheets through the system temp folder; give it one we can watch."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_cancelling_part_way_leaves_no_file(large_inspection, tmp_path, private_temp):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    progress = []

    def is_cancelled():
        return bool(progress) and progress[-1] >= 1_000

    with pytest.raises(Cancelled):
        export_summary(
            large_inspection,
            out_dir / "summary.xlsx",
            progress=JobProgress(lambda done, total: progress.append(done), is_cancelled),
        )
    assert 1_000 <= progress[-1] < LARGE
    assert list(out_dir.iterdir()) == []
    assert list(private_temp.iterdir()) == []


# -- the headline question and longer grade scales ------------------------------------
def test_a_finding_on_the_headline_question_reaches_the_workbook(tiny_inspection, tmp_path):
    item = tiny_inspection.evidence.add(
        Evidence(id="", author="JS", summary="Chief officer", question_codes=("H",))
    )
    tiny_inspection.findings.add(
        Finding(
            question_code="H",
            kind=FindingKind.STRENGTH,
            statement="Clear leadership on effectiveness",
            evidence_ids=(item.id,),
        )
    )
    out = tmp_path / "headline.xlsx"
    export_summary(tiny_inspection, out)
    workbook = load_workbook(out)
    assert "Clear leadership on effectiveness" in _all_cell_text(workbook)


def test_every_grade_of_a_longer_scale_has_its_own_colour(tmp_path):
    names = ["Exceptional", "Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
    data = dict(
        TINY_FRAMEWORK, id="six", grades=[{"name": n, "definition": f"{n}."} for n in names]
    )
    with InspectionFile.create(
        tmp_path / "six.inspection", framework_from_dict(data, "six"), force="Sixshire Police"
    ) as inspection:
        export_summary(inspection, tmp_path / "six.xlsx")
    body = block(load_workbook(tmp_path / "six.xlsx")["Grading definitions"], 1)[1]
    assert [c[0].value for c in body] == names
    colours = [fill_colour(c[0]) for c in body]
    assert len(set(colours)) == len(names), colours


def test_grade_text_reads_at_aa_contrast_on_its_fill(workbook):
    """Every grade cell's text colour against its fill is at least 4.5:1 (WCAG AA)."""
    from models.grade_colours import AA_CONTRAST, contrast_ratio

    ws = workbook["Summary"]
    names, body = block(ws, header_row(ws, "Question"))
    cells = [row[names.index("Grade")] for row in body]
    cells += [row[0] for row in block(workbook["Grading definitions"], 1)[1]]
    seen = set()
    for cell in cells:
        fill, text = fill_colour(cell), cell.font.color.rgb[-6:].upper()
        seen.add(cell.value)
        assert contrast_ratio(f"#{text}", f"#{fill}") >= AA_CONTRAST, (cell.value, text, fill)
    assert {"Good", "Requires improvement", "Outstanding", "Inadequate"} <= seen
    good = next(c for c in cells if c.value == "Good")
    assert good.font.color.rgb[-6:].upper() == "000000"


def test_the_checks_sheet_lists_what_the_checks_found_cell_by_cell(demo_path, tmp_path):

    from storage.file.inspection_file import InspectionFile
    from storage.review.checks import review
    from storage.workbooks.summary_export import export_summary

    with InspectionFile.open(demo_path) as inspection:
        inspection.judgments.save(replace(inspection.judgments.get("3"), grade="Good"))
        results = review(inspection)
        out = export_summary(inspection, tmp_path / "checked.xlsx", generated_by="test").path
    sheet = load_workbook(out)["Checks"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Severity", "Question", "About", "What the check found", "Check"]
    assert len(rows) - 1 == len(results) > 10
    assert rows[1][:3] == ["Must fix", "3", "judgment"] and rows[1][4] == "above-cap"
    assert "no better than Requires improvement" in rows[1][3]
    for row, result in zip(rows[1:], results, strict=True):
        assert row[0] == result.severity.label and row[4] == result.check
        assert row[1] == (result.place.question_code or "Overall")
        assert row[3] == result.message
    assert sheet["A2"].fill.fgColor.rgb == "FFF8D7DA" and sheet["A2"].font.b
    assert sheet.auto_filter.ref == f"A1:E{len(rows)}"
    assert sheet.freeze_panes == "A2"


def test_the_sign_off_of_judgments_and_findings_is_in_the_workbook(demo_path, tmp_path):

    from models.vocabulary import FindingKind
    from storage.file.inspection_file import InspectionFile
    from storage.workbooks.summary_export import export_summary

    at = "2015-10-08T09:00:00.000Z"
    with InspectionFile.open(demo_path) as inspection:
        judgment = inspection.judgments.get("3")
        inspection.judgments.save(
            replace(judgment, reviewed_by="JT", reviewed_at=at), as_recorded=True
        )
        concern = next(
            f
            for f in inspection.findings.for_question(None)
            if f.kind is FindingKind.CAUSE_OF_CONCERN
        )
        inspection.findings.update(
            replace(concern, reviewed_by="AB", reviewed_at=at), as_recorded=True
        )
        out = export_summary(inspection, tmp_path / "signed.xlsx", generated_by="test").path
    book = load_workbook(out)
    summary = [[c.value for c in row] for row in book["Summary"].iter_rows()]
    assert any(row[0] == "3" and "Reviewed by JT" in row for row in summary)
    gaps = [[c.value for c in row] for row in book["AFIs and causes of concern"].iter_rows()]
    assert [row[8] for row in gaps if row[3] == "Cause of concern"] == ["Reviewed by AB"]
    sheet = book["Question 3"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(rows) if row[:2] == ["Code", "Ref"])
    review = rows[header].index("Review")
    kinds = {row[2]: row[review] for row in rows[header + 1 :] if row[2] == "Cause of concern"}
    assert kinds == {"Cause of concern": "Reviewed by AB"}
