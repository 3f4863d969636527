"""What every sheet of an export shares: the inspection, the workbook, options, progress,
counts, and where each finding and item lands, so sheets can link to each other's rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from models.records import Finding
from models.vocabulary import SourceType
from storage.file.inspection_file import InspectionFile
from storage.job_progress import Cancelled, JobProgress
from storage.repositories.team_repository import TeamError
from storage.workbooks.summary.finding_labels import finding_label
from storage.workbooks.summary.read_ahead import InlineReading, ReadAhead
from storage.workbooks.summary.workbook_format import WorkbookStyles

FINDING_EVIDENCE = "Finding evidence"
EVIDENCE_REGISTER = "Evidence register"


@dataclass
class ExportContext:
    """Inputs of one export, the places links point to, and the counts it reports back.

    Findings and their support are read once and shared by the sheets that list them.
    """

    inspection: InspectionFile
    workbook: Any  # the XlsxWriter workbook being written
    include_sensitive: bool
    generated_by: str
    generated_at: datetime
    job: JobProgress
    judgments: int = 0
    graded: int = 0
    evidence_items: int = 0
    sensitive_withheld: int = 0
    #: finding id -> (sheet name, 0-based row) of its row on its question sheet
    finding_rows: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: item id -> its 0-based row in the register, for the items behind a finding
    #: (filled as the register is written)
    register_rows: dict[str, int] = field(default_factory=dict)

    @cached_property
    def reading(self) -> ReadAhead | InlineReading:
        """Where the checks, the coverage and the register's items are read: in line
        unless the export has set a :func:`~storage.workbooks.summary.read_ahead.read_ahead`."""
        return InlineReading(self.inspection)

    @cached_property
    def styles(self) -> WorkbookStyles:
        return WorkbookStyles(self.workbook)

    def progress(self, done: int, total: int) -> None:
        self.job.report(done, total)

    def check_cancelled(self) -> None:
        if self.job.is_cancelled():
            raise Cancelled("The export was cancelled; no file was written.")

    @property
    def framework(self):
        return self.inspection.framework

    @property
    def conn(self):
        return self.inspection.db.conn

    def __post_init__(self) -> None:
        # Nobody named: the inspector a fieldwork copy is for, if it is one.
        self.generated_by = self.generated_by or self.inspection.default_author or ""

    @cached_property
    def inspector(self) -> str:
        """Who the workbook is by: the team member's name when ``generated_by`` is a
        member's initials (the app passes the inspector's initials), else as given."""
        try:
            member = self.inspection.team.by_initials(self.generated_by)
        except TeamError:  # a name, not initials
            member = None
        if member is not None and member.name.strip():
            return member.name.strip()
        return self.generated_by

    @property
    def generated_by_words(self) -> str:
        """ "Jo Taylor (JT)" for a team member, else who was given."""
        if self.inspector != self.generated_by:
            return f"{self.inspector} ({self.generated_by})"
        return self.generated_by

    # -- findings ---------------------------------------------------------------
    @cached_property
    def findings(self) -> list[Finding]:
        """Every live finding in framework order, then kind order, then oldest first."""
        return self.inspection.findings.for_question(None)

    @cached_property
    def labels(self) -> dict[str, str]:
        """The reference shown for each finding, by id."""
        return {f.id: finding_label(f) for f in self.findings}

    @cached_property
    def support(self) -> dict[str, list[tuple[str, SourceType]]]:
        """(ref, source type) of the evidence behind each finding, in ref order."""
        return self.inspection.findings.support([f.id for f in self.findings])

    def findings_under(self, code: str | None) -> list[Finding]:
        """Findings of a question's subtree (all when ``code`` is None)."""
        if code is None:
            return self.findings
        root = self.framework.question(code)
        return [f for f in self.findings if root.contains(self.framework.question(f.question_code))]

    def refs_of(self, finding: Finding) -> str:
        return ", ".join(ref for ref, _ in self.support.get(finding.id, []))

    def items_behind(self, finding: Finding) -> int:
        return len(self.support.get(finding.id, []))

    def source_count(self, finding: Finding) -> int:
        return len({source for _, source in self.support.get(finding.id, [])})

    # -- where rows land ---------------------------------------------------------
    @cached_property
    def evidence_rows(self) -> dict[tuple[str, str], int]:
        """(finding id, item ref) -> its 0-based row on the Finding evidence sheet: one
        row per finding and item, findings in workbook order, items in ref order."""
        rows, row = {}, 1
        for finding in self.findings:
            for ref, _ in self.support.get(finding.id, []):
                rows[(finding.id, ref)] = row
                row += 1
        return rows

    @cached_property
    def first_evidence_row(self) -> dict[str, int]:
        """Finding id -> the 0-based row of its first item on the Finding evidence sheet."""
        first: dict[str, int] = {}
        for (finding_id, _), row in self.evidence_rows.items():
            first.setdefault(finding_id, row)
        return first
