"""What every sheet of an export shares: the open inspection, options, progress and counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from models.records import Finding
from models.vocabulary import SourceType
from storage.file.inspection_file import InspectionFile
from storage.job_progress import Cancelled, JobProgress
from storage.workbooks.workbook_format import WorkbookStyles


@dataclass
class ExportContext:
    """Inputs of one export and the counts it reports back.

    Findings and their support are read once and shared by the sheets that
    list them.
    """

    inspection: InspectionFile
    include_sensitive: bool
    generated_by: str
    generated_at: datetime
    job: JobProgress
    styles: WorkbookStyles = field(default_factory=WorkbookStyles)
    judgments: int = 0
    graded: int = 0
    evidence_items: int = 0
    sensitive_withheld: int = 0

    def progress(self, done: int, total: int) -> None:
        self.job.report(done, total)

    def check_cancelled(self) -> None:
        if self.job.is_cancelled():
            raise Cancelled("The export was cancelled; no file was written.")

    @property
    def framework(self):
        return self.inspection.framework

    @cached_property
    def findings(self) -> list[Finding]:
        """Every live finding in framework order, then kind order."""
        return self.inspection.findings.for_question(None)

    @cached_property
    def support(self) -> dict[str, list[tuple[str, SourceType]]]:
        """(ref, source type) of the evidence behind each finding."""
        return self.inspection.findings.support([f.id for f in self.findings])

    def findings_under(self, code: str | None) -> list[Finding]:
        """Findings of a question's subtree (all when ``code`` is None)."""
        if code is None:
            return self.findings
        root = self.framework.question(code)
        return [f for f in self.findings if root.contains(self.framework.question(f.question_code))]

    def refs_of(self, finding: Finding) -> str:
        return ", ".join(ref for ref, _ in self.support.get(finding.id, []))

    def source_count(self, finding: Finding) -> int:
        return len({source for _, source in self.support.get(finding.id, [])})
