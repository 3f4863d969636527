"""Tracing findings to their evidence and back in the draft judgment summary, by reference.

Every finding's reference on its question sheet links to its rows on the
Finding evidence sheet; each of those rows names the finding and one item and
links the item's ref to its row in the register; the register names the
findings each item supports and links to the item's row on Finding evidence.
Each step is checked against the inspection file read with plain SQL
(``summary_truth``), and the links are followed as a reader follows them.
"""

from __future__ import annotations

import re
from datetime import date

from openpyxl import load_workbook

from models.records import Evidence, Finding
from models.vocabulary import Assessment, FindingKind, SourceType
from storage.workbooks.summary.finding_labels import finding_label
from storage.workbooks.summary_export import export_summary
from tests.storage.summary_truth import FINDING_EVIDENCE, KIND_LABEL, STRENGTHS_SHEET, Truth
from tests.storage.workbook_reading import block, header_row, records

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
REGISTER = "Evidence register"
_LOCATION = re.compile(r"^'((?:[^']|'')+)'!([A-Z]+)(\d+)$")


def _target(cell) -> tuple[str, int]:
    """(sheet, row) an internal link goes to; it must be a link inside the workbook."""
    link = cell.hyperlink
    assert link is not None, f"{cell.coordinate} holds no link"
    assert not link.target, f"{cell.coordinate} links outside the workbook: {link.target}"
    match = _LOCATION.match(link.location or "")
    assert match, link.location
    return match.group(1).replace("''", "'"), int(match.group(3))


def _row(workbook, sheet: str, row: int) -> dict:
    """The row ``row`` of ``sheet`` as {header: cell}, the header being the table's."""
    ws = workbook[sheet]
    if sheet.startswith("Question ") or sheet == "Overall":
        header = header_row(ws, "Code", "Ref")
    else:
        header = 1
    names = [c.value for c in ws[header]]
    return {n: c for n, c in zip(names, ws[row]) if n}


def _evidence_rows(workbook) -> list[tuple[dict, tuple]]:
    ws = workbook[FINDING_EVIDENCE]
    names, body = block(ws, 1)
    assert names == EVIDENCE_HEADERS
    return list(zip(records(ws, 1), body))


def test_finding_evidence_has_one_row_per_finding_and_item(workbook, truth):
    wanted = []
    for f in truth.findings:
        for ref in truth.support[f["id"]]:
            item = next(e for e in truth.evidence.values() if e["ref"] == ref)
            wanted.append(
                (
                    f["label"],
                    KIND_LABEL[f["kind"]],
                    f["code"],
                    ref,
                    date.fromisoformat(item["collected_on"]) if item["collected_on"] else None,
                    SourceType(item["source_type"]).label,
                    item["location"] or None,
                    item["summary"],
                    Assessment(item["assessment"]).label,
                )
            )
    rows = _evidence_rows(workbook)
    got = [
        tuple(r[n].date() if n == "Date" and r[n] is not None else r[n] for n in EVIDENCE_HEADERS)
        for r, _ in rows
    ]
    assert got == wanted
    assert len(wanted) > 50  # the demo's findings are well supported
    ws = workbook[FINDING_EVIDENCE]
    assert ws.auto_filter.ref == f"A1:I{len(rows) + 1}" and ws.freeze_panes == "A2"


def test_every_finding_is_traced_to_its_evidence_and_back_by_ref(workbook, truth):
    evidence_rows = _evidence_rows(workbook)
    register = {
        r["Ref"]: (r, cells)
        for r, cells in zip(records(workbook[REGISTER], 1), block(workbook[REGISTER], 1)[1])
    }
    traced = 0
    for f in truth.findings:
        label, refs = f["label"], truth.support[f["id"]]
        # From the finding on its question sheet to its evidence…
        sheet = f"Question {f['code'].split('.')[0]}"
        rows = [
            row for row in workbook[sheet].iter_rows(min_col=2, max_col=2) if row[0].value == label
        ]
        assert len(rows) == 1, (sheet, label)
        ref_cell = rows[0][0]
        mine = [(r, cells) for r, cells in evidence_rows if r["Finding"] == label]
        assert [r["Item"] for r, _ in mine] == refs, label
        if not refs:
            assert ref_cell.hyperlink is None  # nothing to go to
            continue
        assert _target(ref_cell) == (FINDING_EVIDENCE, mine[0][1][0].row)
        for r, cells in mine:
            # …each item's ref to its row in the register…
            sheet_name, row = _target(cells[EVIDENCE_HEADERS.index("Item")])
            assert sheet_name == REGISTER
            assert _row(workbook, REGISTER, row)["Ref"].value == r["Item"]
            # …and each row back to the finding's row on its question sheet.
            back, back_row = _target(cells[0])
            assert (back, _row(workbook, back, back_row)["Ref"].value) == (sheet, label)
            traced += 1
    assert traced == sum(len(v) for v in truth.support.values())

    # From each item in the register to the findings it supports.
    for ref, (row, cells) in register.items():
        item = next(e for e in truth.evidence.values() if e["ref"] == ref)
        behind = [f["label"] for f in truth.findings if ref in truth.support[f["id"]]]
        assert (row["Findings"] or "") == ", ".join(behind), ref
        if behind:
            sheet_name, target = _target(cells[REGISTER_FINDINGS])
            landed = _row(workbook, sheet_name, target)
            assert sheet_name == FINDING_EVIDENCE
            assert (landed["Finding"].value, landed["Item"].value) == (behind[0], ref)
        else:
            assert cells[REGISTER_FINDINGS].hyperlink is None, item["ref"]


REGISTER_FINDINGS = 8  # the Findings column of the register (0-based)


def test_the_finding_sheets_link_each_ref_to_its_question_sheet_row(workbook, truth):
    strengths = [f for f in truth.findings if f["kind"] in ("strength", "notable_practice")]
    ws = workbook[STRENGTHS_SHEET]
    names, body = block(ws, 1)
    assert names == [
        "Code",
        "Question",
        "Ref",
        "Kind",
        "Statement",
        "Evidence refs",
        "Items",
        "Review",
    ]
    rows = records(ws, 1)
    assert [(r["Code"], r["Ref"], r["Kind"], r["Statement"]) for r in rows] == [
        (f["code"], f["label"], KIND_LABEL[f["kind"]], f["statement"]) for f in strengths
    ]
    for row, f in zip(rows, strengths):
        refs = truth.support[f["id"]]
        assert row["Question"] == truth.question(f["code"])["title"]
        assert row["Evidence refs"] == (", ".join(refs) if refs else "No supporting evidence")
        assert row["Items"] == len(refs)
        reviewer = f["reviewed_by"]
        assert row["Review"] == (f"Reviewed by {reviewer}" if reviewer else "Draft")
    assert {f["kind"] for f in strengths} == {"strength", "notable_practice"}
    assert ws.auto_filter.ref == f"A1:H{len(rows) + 1}"
    for sheet in (STRENGTHS_SHEET, "AFIs and causes of concern"):
        for cells in block(workbook[sheet], 1)[1]:
            label = cells[2].value
            target_sheet, target = _target(cells[2])
            assert _row(workbook, target_sheet, target)["Ref"].value == label, sheet


def test_the_finding_label_is_the_stored_ref():
    assert finding_label(Finding(ref="F12")) == "F12"


def test_an_item_behind_several_findings_names_them_all_in_workbook_order(
    tiny_inspection, tmp_path
):
    item = tiny_inspection.evidence.add(
        Evidence(id="", author="JS", summary="Shared item", question_codes=("1.1", "2.1"))
    )
    other = tiny_inspection.evidence.add(
        Evidence(id="", author="JS", summary="Alone", question_codes=("2.1",))
    )
    # Made in the opposite order to the workbook's (framework order, concerns first), so
    # their refs (F1, F2, F3 as made) run against the workbook's order.
    tiny_inspection.findings.add(
        Finding(question_code="2.1", statement="Later question", evidence_ids=(item.id, other.id))
    )
    tiny_inspection.findings.add(
        Finding(
            question_code="1.1",
            kind=FindingKind.CAUSE_OF_CONCERN,
            statement="Concern",
            recommendation="Act",
            evidence_ids=(item.id,),
        )
    )
    tiny_inspection.findings.add(
        Finding(question_code="1.1", statement="Strength", evidence_ids=(item.id,))
    )
    out = tmp_path / "shared.xlsx"
    export_summary(tiny_inspection, out)
    workbook = load_workbook(out)
    truth = Truth.read(tiny_inspection.path)
    assert [f["statement"] for f in truth.findings] == ["Concern", "Strength", "Later question"]
    register = {r["Ref"]: r for r in records(workbook[REGISTER], 1)}
    assert [f["ref"] for f in truth.findings] == ["F2", "F3", "F1"]
    assert register[item.ref]["Findings"] == "F2, F3, F1"
    assert register[other.ref]["Findings"] == "F1"
    rows = [(r["Finding"], r["Item"]) for r, _ in _evidence_rows(workbook)]
    assert rows == [("F2", item.ref), ("F3", item.ref), ("F1", item.ref), ("F1", other.ref)]


def test_past_excels_limit_of_links_on_a_sheet_refs_stay_as_text(demo_path, tmp_path, monkeypatch):
    """Excel keeps at most 65,530 links on a sheet; past the export's limit a reference is
    written as plain text, so a huge inspection still opens (the limit is lowered here)."""
    from storage.file.inspection_file import InspectionFile
    from storage.workbooks.summary import sheet_writer

    monkeypatch.setattr(sheet_writer, "LINKS_PER_SHEET", 3)
    out = tmp_path / "few-links.xlsx"
    with InspectionFile.open(demo_path, readonly=True) as inspection:
        export_summary(inspection, out)
    workbook = load_workbook(out)
    rows = _evidence_rows(workbook)
    linked = [c for _, cells in rows for c in cells if c.hyperlink is not None]
    assert len(linked) == 3 and len(rows) > 50
    assert all(r["Finding"] and r["Item"] for r, _ in rows)  # every ref still written
