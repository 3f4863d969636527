"""A small checklist and reviewed files for the case-file review tests, written through
the use cases as the window writes them."""

from __future__ import annotations

from datetime import date

from models.case_reviews.answers import AnswerType
from models.case_reviews.case_file import CaseFile
from models.case_reviews.checklist import Checklist, ChecklistItem, Condition
from storage.file.inspection_file import InspectionFile
from storage.operations import case_reviews as reviews

DASH = ChecklistItem("Was a DASH risk assessment completed?")
IN_PERSON = ChecklistItem(
    "Was the DASH risk assessment completed in person?",
    condition=Condition(DASH.id, "yes"),
)
RISK = ChecklistItem(
    "Risk level recorded",
    answer_type=AnswerType.CHOICE,
    choices=("Standard", "Medium", "High"),
)
DAYS = ChecklistItem("Days until the victim was contacted", answer_type=AnswerType.NUMBER)
SEEN = ChecklistItem("Date the victim was seen", answer_type=AnswerType.DATE)
NOTE = ChecklistItem("What the file says about safeguarding", answer_type=AnswerType.TEXT)

CHECKLIST = Checklist(
    title="Domestic abuse: initial response and risk assessment",
    theme="Vulnerability",
    question_codes=("1.1", "2"),
    items=(DASH, IN_PERSON, RISK, DAYS, SEEN, NOTE),
)


def install_sample(inspection: InspectionFile) -> Checklist:
    inspection.actor = "JS"
    return reviews.save_checklist(inspection, CHECKLIST)


def review(
    inspection: InspectionFile,
    reference: str,
    answers: dict[str, str],
    *,
    reviewer: str = "JS",
    crime_type: str = "Assault",
    reviewed_on: date | None = date(2015, 9, 22),
    **fields,
) -> CaseFile:
    """Save one reviewed file of the sample checklist; answers by item (typed text)."""
    stored = {}
    for item_id, typed in answers.items():
        value = CHECKLIST.item(item_id).read(typed)
        if value is not None:
            stored[item_id] = value
    return reviews.save_case_file(
        inspection,
        CaseFile(
            checklist_id=CHECKLIST.id,
            case_reference=reference,
            crime_type=crime_type,
            reviewed_on=reviewed_on,
            reviewer=reviewer,
            answers=stored,
            **fields,
        ),
    )
