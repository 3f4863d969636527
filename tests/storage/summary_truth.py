"""The demo inspection exported once per test module, and what its workbook should hold.

What each cell should hold is worked out here from the inspection file itself,
with plain SQL over its tables and Python over the rows (never through the
repository queries the export uses), so a wrong query in the export cannot
agree with itself. The demo is exported after edits that only live data may
survive (a deleted evidence item, a deleted finding, an unlinked question and
an unlinked piece of support). A test module uses the export by importing the
``demo_export``, ``truth`` and ``workbook`` fixtures.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.vocabulary import FindingKind
from storage.file.inspection_file import InspectionFile
from storage.workbooks.summary_export import export_summary
from tests.storage.workbook_reading import block, header_row, shown

# The words a report writer sees, spelled out here as the contract rather than
# imported from the code under test.
MARKING = "OFFICIAL-SENSITIVE — DRAFT"
WITHHELD = "[withheld: sensitive]"
NOT_YET_GRADED = "Not yet graded"
NO_EVIDENCE = "No supporting evidence"
NO_FINDINGS = "No findings yet"
CELL_LIMIT = 32_767
SHEET_NAME_LIMIT = 31
#: Finding kinds in the order report writers read them, with their labels.
KINDS = [
    ("cause_of_concern", "Cause of concern"),
    ("area_for_improvement", "Area for improvement"),
    ("strength", "Strength"),
    ("notable_practice", "Notable practice"),
]
KIND_LABEL = dict(KINDS)
KIND_RANK = {value: rank for rank, (value, _) in enumerate(KINDS)}
GAP_KINDS = {"cause_of_concern", "area_for_improvement"}
AFI_SHEET = "AFIs and causes of concern"
STRENGTHS_SHEET = "Strengths and notable practice"
FINDING_EVIDENCE = "Finding evidence"
#: The demo's sheets after the question sheets (it holds the report's figures, so it has
#: a Force in numbers sheet; a file without figures has none).
TRAILING_SHEETS = [
    AFI_SHEET,
    STRENGTHS_SHEET,
    "Force in numbers",
    "Case files – Domestic abuse",
    "Case files – Supervision",
    FINDING_EVIDENCE,
    "Checks",
    "Evidence register",
    "Evidence notes",
    "Coverage",
    "Grading definitions",
]
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
SUMMARY_COUNTS = {
    "Positive evidence": "positive",
    "Negative evidence": "negative",
    "Neutral evidence": "neutral",
}
SUMMARY_KINDS = {
    "Strengths": "strength",
    "Areas for improvement": "area_for_improvement",
    "Causes of concern": "cause_of_concern",
    "Notable practice": "notable_practice",
}


# -- what the file holds, read without the repositories ------------------------------
@dataclass
class Truth:
    """The live content of an inspection file, read with plain SQL."""

    questions: list[dict]  # code, title, parent, depth; framework order
    grades: list[tuple[str, str]]  # (name, definition), best first
    evidence: dict[str, dict]  # live items by id
    links: dict[str, set[str]]  # live item id -> codes it is linked to
    findings: list[dict]  # live findings in report order, each with its "label" (its ref)
    support: dict[str, list[str]]  # finding id -> refs of its live evidence
    judgments: dict[str | None, dict]  # question code (None overall) -> judgment
    _children: dict = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, path: Path) -> Truth:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:

            def q(sql: str) -> list[dict]:
                return [dict(r) for r in conn.execute(sql)]

            questions = q(
                "SELECT id, code, title, parent_code AS parent, graded"
                " FROM question ORDER BY position"
            )
            grades = [
                (r["name"], r["definition"])
                for r in q("SELECT name, definition FROM grade ORDER BY position")
            ]
            evidence = {r["id"]: r for r in q("SELECT * FROM evidence WHERE deleted_at IS NULL")}
            code_of = {r["id"]: r["code"] for r in questions}
            links: dict[str, set[str]] = {}
            for r in q(
                "SELECT evidence_id, question_id FROM evidence_question WHERE deleted_at IS NULL"
            ):
                if r["evidence_id"] in evidence:
                    links.setdefault(r["evidence_id"], set()).add(code_of[r["question_id"]])
            position = {r["code"]: i for i, r in enumerate(questions)}
            findings = q(
                "SELECT rowid AS rowid_, id, question_id, kind, statement, recommendation,"
                " created_at, reviewed_by, ref FROM finding WHERE deleted_at IS NULL"
            )
            for f in findings:
                f["code"] = code_of[f["question_id"]]
            findings.sort(
                key=lambda f: (
                    position[f["code"]],
                    KIND_RANK[f["kind"]],
                    f["created_at"],
                    f["rowid_"],
                )
            )
            for f in findings:  # the workbook names a finding by its stored ref
                f["label"] = f["ref"]
            support: dict[str, list[str]] = {f["id"]: [] for f in findings}
            for r in q(
                "SELECT finding_id, evidence_id FROM finding_evidence WHERE deleted_at IS NULL"
            ):
                if r["finding_id"] in support and r["evidence_id"] in evidence:
                    support[r["finding_id"]].append(evidence[r["evidence_id"]]["ref"])
            judgments = {}
            for r in q(
                "SELECT j.question_id, g.name AS grade, j.rationale, j.status, j.reviewed_by"
                " FROM judgment j LEFT JOIN grade g ON g.id = j.grade_id"
                " WHERE j.deleted_at IS NULL"
            ):
                judgments[code_of.get(r["question_id"])] = r
        finally:
            conn.close()
        truth = cls(
            questions,
            grades,
            evidence,
            links,
            findings,
            {k: sorted(v) for k, v in support.items()},
            judgments,
        )
        for question in questions:
            truth._children.setdefault(question["parent"], []).append(question["code"])
        depth: dict[str, int] = {}
        for question in questions:  # parents come before their children
            question["depth"] = depth[question["code"]] = (
                0 if question["parent"] is None else depth[question["parent"]] + 1
            )
        return truth

    # The questions of a subtree are followed through parent links, not positions.
    def subtree(self, code: str | None) -> set[str]:
        """``code`` and every question below it (every question when ``None``)."""
        found, todo = set(), list(self._children.get(None, []) if code is None else [code])
        while todo:
            current = todo.pop()
            found.add(current)
            todo += self._children.get(current, [])
        return found

    def question(self, code: str) -> dict:
        return next(q for q in self.questions if q["code"] == code)

    def core_codes(self) -> list[str]:
        """Graded questions below the top level, in framework order."""
        return [q["code"] for q in self.questions if q["graded"] and q["parent"]]

    def items_under(self, code: str | None) -> list[dict]:
        """Live items linked (by a live link) to ``code`` or any question below it.

        The overall judgment covers the whole inspection, unlinked items included.
        """
        if code is None:
            return list(self.evidence.values())
        codes = self.subtree(code)
        return [e for i, e in self.evidence.items() if self.links.get(i, set()) & codes]

    def findings_under(self, code: str | None) -> list[dict]:
        codes = self.subtree(code)
        return [f for f in self.findings if f["code"] in codes]

    def source_types(self, finding: dict) -> int:
        by_ref = {e["ref"]: e["source_type"] for e in self.evidence.values()}
        return len({by_ref[ref] for ref in self.support[finding["id"]]})


def _finding_rows(truth: Truth, code: str) -> list[dict]:
    """The finding rows a question heading should have, as the sheet shows them."""
    rows = []
    for f in truth.findings:
        if f["code"] != code:
            continue
        refs = truth.support[f["id"]]
        rows.append(
            {
                "Ref": f["label"],
                "Kind": KIND_LABEL[f["kind"]],
                "Question / finding": f["statement"],
                "Recommendation": f["recommendation"],
                "Evidence refs": ", ".join(refs),
                "Items": len(refs),
                "Source types": truth.source_types(f),
                "Review": f"Reviewed by {f['reviewed_by']}" if f["reviewed_by"] else "Draft",
                "Note": "" if refs else NO_EVIDENCE,
            }
        )
    return rows


def _text(value) -> str:
    """An empty cell and an empty string read the same to a person."""
    return "" if value is None else shown(value)


# -- reading the question sheets -------------------------------------------------------
@dataclass
class Section:
    """One question heading on a core-question sheet and the rows under it."""

    code: str
    title_cell: object
    findings: list[dict] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)


def _sections(ws) -> tuple[list[str], list[Section]]:
    header = header_row(ws, "Code", "Ref")
    names, body = block(ws, header, stop_at_blank=False)
    sections: list[Section] = []
    for cells in body:
        values = {n: c.value for n, c in zip(names, cells)}
        if all(v in (None, "") for v in values.values()):
            continue
        if values["Code"] not in (None, ""):
            sections.append(Section(values["Code"], cells[names.index("Question / finding")]))
            continue
        assert sections, f"{ws.title}: a row before the first question heading"
        if values["Kind"]:
            row = {
                n: _text(v) if n not in ("Items", "Source types") else v
                for n, v in values.items()
                if n != "Code"
            }
            sections[-1].findings.append(row)
        else:
            sections[-1].placeholders.append(_text(values["Question / finding"]))
    return names, sections


def _all_cell_text(workbook) -> str:
    return "\n".join(
        str(shown(c.value))
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    )


# -- the demo, edited so that only live data may reach the workbook ----------------------
@dataclass
class DemoExport:
    path: Path
    out: Path
    workbook: object
    truth: Truth
    deleted_ref: str
    deleted_finding: str
    unlinked_support: tuple[str, str]  # (finding statement, ref no longer behind it)
    unlinked_question: tuple[str, str]  # (ref, question code it no longer backs)


def _edit_demo(inspection: InspectionFile) -> dict:
    findings = inspection.findings.for_question(None)
    by_id = {e.id: e for e in inspection.evidence.iter_all()}
    # A deleted finding: an area for improvement, so the AFI sheet is tested too.
    gone = next(
        f
        for f in findings
        if f.kind is FindingKind.AREA_FOR_IMPROVEMENT and f.question_code.startswith("4")
    )
    inspection.findings.delete(gone.id)
    findings.remove(gone)
    # A deleted item behind a finding that keeps other support (the demo's single
    # finding without evidence stays the only one).
    supported = {}
    for f in findings:
        for evidence_id in f.evidence_ids:
            supported.setdefault(evidence_id, []).append(f)
    deleted = next(
        by_id[i]
        for i in sorted(supported, key=lambda i: by_id[i].ref)
        if all(len(f.evidence_ids) >= 3 for f in supported[i])
    )
    inspection.evidence.delete(deleted.id)
    # A piece of support removed from a finding that keeps the rest.
    finding = next(f for f in inspection.findings.for_question(None) if len(f.evidence_ids) >= 3)
    dropped = inspection.evidence.get(finding.evidence_ids[-1])
    inspection.findings.update(replace(finding, evidence_ids=finding.evidence_ids[:-1]))
    # An item unlinked from one question of another core question than its first.
    item = next(
        e
        for e in inspection.evidence.iter_all()
        if len({c.split(".")[0] for c in e.question_codes}) >= 2
    )
    inspection.evidence.update(replace(item, question_codes=item.question_codes[:-1]))
    return {
        "deleted_ref": deleted.ref,
        "deleted_finding": gone.statement,
        "unlinked_support": (finding.statement, dropped.ref),
        "unlinked_question": (item.ref, item.question_codes[-1]),
    }


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory, demo_template) -> DemoExport:
    folder = tmp_path_factory.mktemp("demo-export")
    path = folder / "demo.inspection"
    shutil.copyfile(demo_template, path)
    with InspectionFile.open(path) as inspection:
        edits = _edit_demo(inspection)
        out = folder / "summary.xlsx"
        export_summary(inspection, out, generated_by="Lead inspector")
    return DemoExport(path, out, load_workbook(out), Truth.read(path), **edits)


@pytest.fixture(scope="module")
def truth(demo_export) -> Truth:
    return demo_export.truth


@pytest.fixture(scope="module")
def workbook(demo_export):
    return demo_export.workbook
