"""The demo's case-file reviews: two checklists (domestic abuse initial response and risk
assessment; supervision of investigations) with invented samples of reviewed files whose
results agree with what the 2015 Hampshire report says, and evidence made from the
results the report rests on.

Read from ``resources/demo/hampshire-2015-case-reviews.json`` and written through the
ordinary storage, as the app would: each checklist by its author, each file under its
reviewer (a checklist's files in one transaction; the files enter the history, not each
of their answers), then the evidence made from a result,
completed by its author (assessment, place, participants by role) and, where the report
bases a finding on it, linked to that finding. The case references are invented.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from models.case_reviews.answers import AnswerType
from models.case_reviews.case_file import CaseFile
from models.case_reviews.checklist import Checklist, ChecklistItem, Condition
from models.case_reviews.query import CaseFileQuery
from models.vocabulary import Assessment
from storage.case_reviews.case_files import CaseFileStore
from storage.case_reviews.checklists import ChecklistStore
from storage.case_reviews.result_evidence import ResultEvidenceStore
from storage.case_reviews.results import CaseReviewResults
from storage.file.inspection_file import InspectionFile

DEMO_CASE_REVIEWS = (
    Path(__file__).resolve().parent.parent
    / "resources"
    / "demo"
    / "hampshire-2015-case-reviews.json"
)


def _checklist(data: dict) -> Checklist:
    items: list[ChecklistItem] = []
    for item in data["items"]:
        when = item.get("when")
        items.append(
            ChecklistItem(
                item["prompt"],
                AnswerType(item["type"]),
                tuple(item.get("choices", ())),
                None if when is None else Condition(items[when[0] - 1].id, when[1]),
            )
        )
    return Checklist(data["title"], data["theme"], tuple(data["questions"]), tuple(items))


def write_demo_case_reviews(inspection: InspectionFile, source: Path = DEMO_CASE_REVIEWS) -> None:
    """Add the demo's checklists, reviewed files and the evidence made from them."""
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    db = inspection.db
    checklists = ChecklistStore(db, inspection.framework)
    files = CaseFileStore(db, checklists)
    made_from = ResultEvidenceStore(db, checklists, CaseReviewResults(db), inspection.evidence)
    for entry in data["checklists"]:
        inspection.actor = entry["author"]
        checklist = checklists.save(_checklist(entry))
        with db.transaction() as conn:
            for case in entry["files"]:
                # Each file as its reviewer would have saved it (the history's actor).
                conn.execute(
                    "UPDATE history_context SET actor = ? WHERE id = 1", [case["reviewer"]]
                )
                answers = {
                    item.id: value for item, value in zip(checklist.items, case["answers"]) if value
                }
                case_file = files.normalised(
                    CaseFile(
                        checklist.id,
                        case["ref"],
                        crime_type=case["crime_type"],
                        reviewed_on=date.fromisoformat(case["reviewed_on"]),
                        reviewer=case["reviewer"],
                        notes=case["notes"],
                        sensitive=case["sensitive"],
                        answers=answers,
                    ),
                    checklist,
                )
                # The file enters the history; its hundreds of answers, loaded as data
                # rather than typed, do not, so the demo's history stays readable.
                files.save_in(conn, replace(case_file, answers={}))
                conn.execute("UPDATE history_context SET recording = 0 WHERE id = 1")
                files.save_in(conn, case_file)
                conn.execute("UPDATE history_context SET recording = 1 WHERE id = 1")
        for wanted in entry["evidence"]:
            inspection.actor = wanted["author"]
            item = checklist.item_numbered(wanted["item"])
            made = made_from.make(item.id, CaseFileQuery(checklist.id), wanted["author"])
            inspection.evidence.update(
                replace(
                    made,
                    assessment=Assessment(wanted["assessment"]),
                    location=wanted["location"],
                    participants=tuple(wanted["participants"]),
                )
            )
            if "finding" in wanted:
                _back_finding(inspection, wanted["finding"], made.id)
    inspection.actor = ""


def _back_finding(inspection: InspectionFile, code: str, evidence_id: str) -> None:
    """Link the evidence to the finding made under ``code`` itself; its reviewer signs it
    off again, as the link returns a reviewed finding to draft."""
    finding = next(f for f in inspection.findings.for_question(code) if f.question_code == code)
    inspection.findings.update(replace(finding, evidence_ids=(*finding.evidence_ids, evidence_id)))
    if finding.reviewed_by:
        inspection.actor = finding.reviewed_by
        inspection.findings.sign_off(finding.id)
