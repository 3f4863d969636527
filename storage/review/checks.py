"""Running the judgment checks over an open inspection file."""

from __future__ import annotations

from models.review.facts import JudgmentFacts
from models.review.results import CheckResult
from models.review.run import run_checks
from storage.file.inspection_file import InspectionFile
from storage.review.facts import gather


def judgment_facts(inspection: InspectionFile) -> list[JudgmentFacts]:
    """Every recorded judgment as the checks read it."""
    return [
        JudgmentFacts(j.question_code, j.grade, j.rationale, j.status, j.updated_at)
        for j in inspection.judgments.all().values()
    ]


def review(inspection: InspectionFile) -> list[CheckResult]:
    """Every check's results for ``inspection``, most serious first."""
    facts = gather(inspection.db, inspection.framework, judgment_facts(inspection))
    return run_checks(inspection.framework, facts)
