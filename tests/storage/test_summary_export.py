"""Tests for the draft judgment summary workbook, read back with openpyxl and as raw XML."""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from models.records import Evidence, Finding, Judgment
from models.vocabulary import Assessment, JudgmentStatus, SourceType
from storage.demo import DEMO_FILE
from storage.file.errors import StorageError
from storage.operations.progress import Cancelled, JobProgress
from storage.workbooks.excel_text import CELL_LIMIT, TRUNCATED_MARKER
from storage.workbooks.summary_export import (
    NOT_YET_GRADED,
    WITHHELD,
    export_summary,
)

REGISTER_HEADERS = [
    "Ref",
    "Date",
    "Source type",
    "Author",
    "Location / unit",
    "Participants",
    "Assessment",
    "Questions",
    "Findings",
    "Summary",
    "Notes",
    "Attachments",
]


def _register(workbook) -> dict[str, dict]:
    """Evidence register rows by ref, as {header: value}."""
    rows = list(workbook["Evidence register"].iter_rows(values_only=True))
    assert list(rows[0]) == REGISTER_HEADERS
    return {r[0]: dict(zip(REGISTER_HEADERS, r)) for r in rows[1:]}


def _judgment_rows(workbook) -> dict[str, dict]:
    """Summary judgment rows by question code ("Overall" first), as {header: value}; the
    table ends at the first empty row (the charts' figures follow it)."""
    rows = list(workbook["Summary"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Question")
    headers = rows[start]
    table = {}
    for r in rows[start + 1 :]:
        if r[0] is None:
            break
        table[r[0]] = dict(zip(headers, r))
    return table


def _finding_refs(inspection) -> dict[str, str]:
    """The finding refs each item supports as the register lists them, by item id:
    the findings' own refs, in workbook order (framework, kind, oldest first)."""
    refs: dict[str, list[str]] = {}
    for finding in inspection.findings.for_question(None):
        for item_id in finding.evidence_ids:
            refs.setdefault(item_id, []).append(finding.ref)
    return {item_id: ", ".join(labels) for item_id, labels in refs.items()}


def _details(workbook) -> dict[str, object]:
    rows = list(workbook["Summary"].iter_rows(values_only=True))
    end = next(i for i, r in enumerate(rows) if r[0] == "Question")
    return {r[0]: r[1] for r in rows[:end] if r[0]}


def _sheet_xml(path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [
            archive.read(n).decode("utf-8")
            for n in archive.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(".xml")
        ]


def _leftovers(folder, keep=()) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def _add(inspection, **fields) -> Evidence:
    fields.setdefault("author", "JS")
    fields.setdefault("question_codes", ("1.1",))
    return inspection.evidence.add(Evidence(id="", **fields))


# -- the demo inspection ----------------------------------------------------------
def test_demo_summary_has_every_grade_and_rationale(demo_inspection, tmp_path):
    out = tmp_path / "summary.xlsx"
    result = export_summary(demo_inspection, out, generated_by="JS")
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    workbook = load_workbook(out)
    rows = _judgment_rows(workbook)
    codes = [q.code for q in demo_inspection.framework.core_questions()]
    assert list(rows) == ["Overall"] + codes
    for item in data["judgments"]:
        row = rows[item["question"] or "Overall"]
        assert row["Grade"] == item["grade"]
        status = JudgmentStatus(item.get("status", "draft"))
        # A reviewed judgment says who signed it off (the demo names its reviewers).
        expected = (
            f"Reviewed by {item['reviewed_by']}"
            if status is JudgmentStatus.REVIEWED
            else status.label
        )
        assert row["Status"] == expected
        assert row["Rationale"] == item["rationale"]
    assert result.judgments == len(rows) and result.graded == len(data["judgments"])


def test_demo_summary_details_are_real_dates(demo_inspection, tmp_path):
    out = tmp_path / "summary.xlsx"
    before = datetime.now().replace(microsecond=0)
    export_summary(demo_inspection, out, generated_by="Lead inspector")
    details = _details(load_workbook(out))
    inspection = demo_inspection.inspection
    assert details["Inspection"] == inspection.title
    assert details["Force"] == inspection.force
    assert details["Period"] == inspection.period
    assert details["Fieldwork start"].date() == inspection.fieldwork_start
    assert details["Fieldwork end"].date() == inspection.fieldwork_end
    assert details["Framework"] == demo_inspection.framework.name
    assert details["Framework version"] == demo_inspection.framework.version
    assert isinstance(details["Generated at"], datetime) and details["Generated at"] >= before
    assert details["Generated by"] == "Lead inspector"  # not one of the team's initials


def test_the_inspector_exporting_is_named_from_the_team(demo_inspection, tmp_path):
    out = tmp_path / "summary.xlsx"
    export_summary(demo_inspection, out, generated_by="ko")
    workbook = load_workbook(out)
    assert _details(workbook)["Generated by"] == "Kemi Okafor (ko)"
    assert workbook.properties.creator == "Kemi Okafor"


def test_register_has_one_row_per_live_item_and_leaves_out_deleted(demo_inspection, tmp_path):
    deleted = next(demo_inspection.evidence.iter_all())
    demo_inspection.evidence.delete(deleted.id)
    out = tmp_path / "summary.xlsx"
    result = export_summary(demo_inspection, out)
    register = _register(load_workbook(out))
    assert len(register) == demo_inspection.evidence.count() == result.evidence_items
    assert deleted.ref not in register


def test_register_rows_match_the_evidence(demo_inspection, tmp_path):
    out = tmp_path / "summary.xlsx"
    export_summary(demo_inspection, out, include_sensitive=True)
    register = _register(load_workbook(out))
    findings = _finding_refs(demo_inspection)
    items = list(demo_inspection.evidence.iter_all())
    assert items
    for item in items:
        row = register[item.ref]
        assert row["Date"].date() == item.collected_on
        assert row["Source type"] == item.source_type.label
        assert row["Author"] == item.author
        assert row["Location / unit"] == item.location
        assert row["Participants"] == "; ".join(item.participants)
        assert row["Assessment"] == item.assessment.label
        assert row["Questions"] == ", ".join(item.question_codes)
        assert row["Findings"] == findings.get(item.id)
        assert row["Summary"] == item.summary
        assert row["Notes"] == item.notes


def test_sensitive_notes_are_withheld_unless_asked_for(demo_inspection, tmp_path):
    sensitive = [e for e in demo_inspection.evidence.iter_all() if e.sensitive]
    assert sensitive, "the demo should have sensitive evidence"
    default = export_summary(demo_inspection, tmp_path / "default.xlsx")
    included = export_summary(demo_inspection, tmp_path / "all.xlsx", include_sensitive=True)
    withheld_rows = _register(load_workbook(tmp_path / "default.xlsx"))
    full_rows = _register(load_workbook(tmp_path / "all.xlsx"))
    for item in sensitive:
        assert withheld_rows[item.ref]["Notes"] == WITHHELD
        assert withheld_rows[item.ref]["Summary"] == item.summary
        assert full_rows[item.ref]["Notes"] == item.notes
    assert default.sensitive_withheld == len(sensitive) and included.sensitive_withheld == 0
    for xml in _sheet_xml(tmp_path / "default.xlsx"):
        for item in sensitive:
            assert item.notes not in xml


def test_workbook_layout(demo_inspection, tmp_path):
    out = tmp_path / "summary.xlsx"
    export_summary(demo_inspection, out, generated_by="JS")
    workbook = load_workbook(out)
    assert workbook.sheetnames == [
        "Summary",
        "Overall",
        "Question 1",
        "Question 2",
        "Question 3",
        "Question 4",
        "AFIs and causes of concern",
        "Strengths and notable practice",
        "Force in numbers",
        "Case files – Domestic abuse",
        "Case files – Supervision",
        "Finding evidence",
        "Checks",
        "Evidence register",
        "Evidence notes",
        "Coverage",
        "Grading definitions",
    ]
    register = workbook["Evidence register"]
    assert register.freeze_panes == "B2"  # the header row and the Ref column
    assert register.auto_filter.ref == f"A1:L{demo_inspection.evidence.count() + 1}"
    assert all(cell.font.bold for cell in register[1])
    assert register.column_dimensions["J"].width >= 40  # summary
    assert register["J2"].alignment.wrap_text and register["K2"].alignment.wrap_text
    summary = workbook["Summary"]
    header_row = next(r for r in summary.iter_rows() if r[0].value == "Question")
    assert all(cell.font.bold for cell in header_row)
    assert workbook.properties.title.endswith(demo_inspection.inspection.title)
    assert demo_inspection.inspection.force in workbook.properties.subject
    assert workbook.properties.creator == "JS"  # not a member of the demo team


# -- hostile text -------------------------------------------------------------------
HOSTILE = {
    "=1+1": "=1+1",
    "+A": "+A",
    "-B": "-B",
    "@C": "@C",
    "bell\x07 escape\x1b nul\x00 tab\tkept\r\nline": "bell escape nul tab\tkept\nline",
    "Emoji 👮‍♀️🚓 ok": "Emoji 👮‍♀️🚓 ok",
    "الضحية قالت: שלום mixed RTL": "الضحية قالت: שלום mixed RTL",
    '=HYPERLINK("http://example.invalid","click")': '=HYPERLINK("http://example.invalid","click")',
}


def test_hostile_text_is_written_as_text_and_reads_back_as_typed(tiny_inspection, tmp_path):
    long_note = "Long note. " * 3637  # 40,007 characters
    refs = {}
    for typed, expected in HOSTILE.items():
        item = _add(
            tiny_inspection, summary=typed, notes=typed, location=typed, participants=(typed,)
        )
        refs[item.ref] = expected
    long_item = _add(tiny_inspection, summary="long", notes=long_note)
    tiny_inspection.judgments.save(
        Judgment(question_code=None, grade="Good", rationale="=SUM(A1:A9)")
    )
    out = tmp_path / "hostile.xlsx"
    export_summary(tiny_inspection, out, generated_by="=cmd|' /C calc'!A0")

    sheets = _sheet_xml(out)
    assert len(sheets) == len(load_workbook(out).sheetnames) > 1
    for xml in sheets:
        assert "<f>" not in xml and "<f " not in xml
    workbook = load_workbook(out)
    register = _register(workbook)
    for ref, expected in refs.items():
        for column in ("Summary", "Notes", "Location / unit", "Participants"):
            assert unescape(register[ref][column]) == expected, (ref, column)
    note = register[long_item.ref]["Notes"]
    assert len(note) <= CELL_LIMIT and note.endswith(TRUNCATED_MARKER)
    assert long_note.startswith(note[: -len(TRUNCATED_MARKER)])
    assert _judgment_rows(workbook)["Overall"]["Rationale"] == "=SUM(A1:A9)"
    assert _details(workbook)["Generated by"] == "=cmd|' /C calc'!A0"


def test_empty_inspection_exports_headers_and_not_yet_graded(tiny_inspection, tmp_path):
    out = tmp_path / "empty.xlsx"
    result = export_summary(tiny_inspection, out)
    workbook = load_workbook(out)
    assert _register(workbook) == {}
    rows = _judgment_rows(workbook)
    assert list(rows) == ["Overall", "1", "2"]
    assert rows["Overall"]["Title"] == "Headline?"  # the headline question's wording
    assert all(r["Grade"] == NOT_YET_GRADED for r in rows.values())
    assert _details(workbook)["Fieldwork start"] is None
    assert (result.evidence_items, result.graded) == (0, 0)


def test_register_counts_findings_and_undated_items(tiny_inspection, tmp_path):
    supported = _add(
        tiny_inspection,
        summary="supported",
        collected_on=date(2015, 9, 21),
        source_type=SourceType.FOCUS_GROUP,
        assessment=Assessment.NEGATIVE,
    )
    undated = _add(tiny_inspection, summary="undated", question_codes=("1.1", "2.1"))
    for statement in ("one", "two"):
        tiny_inspection.findings.add(
            Finding(question_code="1", statement=statement, evidence_ids=(supported.id,))
        )
    out = tmp_path / "findings.xlsx"
    export_summary(tiny_inspection, out)
    register = _register(load_workbook(out))
    assert register[supported.ref]["Findings"] == "F1, F2"
    assert register[supported.ref]["Date"].date() == date(2015, 9, 21)
    assert register[supported.ref]["Source type"] == "Focus group"
    assert register[supported.ref]["Assessment"] == "Negative"
    assert register[undated.ref]["Findings"] is None and register[undated.ref]["Date"] is None
    assert register[undated.ref]["Questions"] == "1.1, 2.1"


def test_progress_is_reported_up_to_the_total(tiny_inspection, tmp_path):
    for i in range(250):
        _add(tiny_inspection, summary=f"item {i}")
    calls = []
    export_summary(
        tiny_inspection,
        tmp_path / "p.xlsx",
        progress=JobProgress(lambda d, t: calls.append((d, t))),
    )
    assert calls[0] == (0, 250) and calls[-1] == (250, 250)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


# -- failures leave nothing behind --------------------------------------------------
@pytest.fixture
def private_temp(tmp_path, monkeypatch):
    """The writer's own streaming files go here, so a test can see they are removed."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def many_items(tiny_inspection):
    for i in range(450):
        _add(tiny_inspection, summary=f"item {i}", notes="n" * 50)
    return tiny_inspection


def test_cancelled_export_leaves_no_file(many_items, tmp_path, private_temp):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    asked = []

    def is_cancelled():
        asked.append(True)
        return len(asked) > 3  # part-way through the register

    with pytest.raises(Cancelled):
        export_summary(
            many_items, out_dir / "summary.xlsx", progress=JobProgress(is_cancelled=is_cancelled)
        )
    assert len(asked) == 4
    assert _leftovers(out_dir) == []
    assert _leftovers(private_temp) == []


def test_cancelling_at_once_leaves_no_file(many_items, tmp_path, private_temp):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(Cancelled):
        export_summary(
            many_items, out_dir / "summary.xlsx", progress=JobProgress(is_cancelled=lambda: True)
        )
    assert _leftovers(out_dir) == [] and _leftovers(private_temp) == []


def test_failing_export_leaves_an_existing_file_untouched(many_items, tmp_path, private_temp):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "summary.xlsx"
    out.write_bytes(b"last week's summary")

    def broken_progress(done, total):
        if done >= 300:
            raise RuntimeError("progress dialog went away")

    with pytest.raises(RuntimeError):
        export_summary(many_items, out, progress=JobProgress(broken_progress))
    with pytest.raises(Cancelled):
        export_summary(many_items, out, progress=JobProgress(is_cancelled=lambda: True))
    assert out.read_bytes() == b"last week's summary"
    assert _leftovers(out_dir) == ["summary.xlsx"] and _leftovers(private_temp) == []


def test_successful_export_replaces_an_existing_file(tiny_inspection, tmp_path):
    out = tmp_path / "summary.xlsx"
    out.write_bytes(b"old")
    export_summary(tiny_inspection, out)
    assert load_workbook(out).sheetnames == [
        "Summary",
        "Overall",
        "Question 1",
        "Question 2",
        "AFIs and causes of concern",
        "Strengths and notable practice",
        "Finding evidence",
        "Checks",
        "Evidence register",
        "Evidence notes",
        "Coverage",
        "Grading definitions",
    ]
    assert _leftovers(
        tmp_path, keep={"tiny.inspection", "tiny.inspection-wal", "tiny.inspection-shm"}
    ) == ["summary.xlsx"]


def test_missing_folder_is_a_storage_error_and_writes_nothing(tiny_inspection, tmp_path):
    out = tmp_path / "no such folder" / "summary.xlsx"
    with pytest.raises(StorageError, match="does not exist"):
        export_summary(tiny_inspection, out)
    assert not out.parent.exists()


def test_output_that_is_a_folder_or_the_inspection_itself_is_refused(tiny_inspection, tmp_path):
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(StorageError, match="folder"):
        export_summary(tiny_inspection, tmp_path / "folder.xlsx")
    before = tiny_inspection.path.read_bytes()
    with pytest.raises(StorageError, match="inspection file"):
        export_summary(tiny_inspection, tiny_inspection.path)
    assert tiny_inspection.path.read_bytes() == before


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs a folder the user cannot write to"
)
def test_read_only_folder_is_a_storage_error(tiny_inspection, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(StorageError, match="Cannot write"):
            export_summary(tiny_inspection, locked / "summary.xlsx")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_a_fieldwork_copy_is_by_the_inspector_it_is_for(demo_path, tmp_path):
    from storage.merge.fieldwork_copy import create_fieldwork_copy
    from storage.operations import export_judgment_summary

    copy = create_fieldwork_copy(demo_path, "RM", tmp_path / "rm.inspection")
    out = tmp_path / "summary.xlsx"
    export_judgment_summary(copy, out)  # as the command line does without --generated-by
    workbook = load_workbook(out)
    assert workbook.properties.creator == "Rhian Morgan"
    assert _details(workbook)["Generated by"] == "Rhian Morgan (RM)"
    # The master is no one's: nobody is named rather than the computer's login.
    export_judgment_summary(demo_path, out)
    workbook = load_workbook(out)
    assert workbook.properties.creator == "Evidence Review"
    assert _details(workbook).get("Generated by") is None
