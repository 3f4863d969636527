"""Why an evidence log was not imported: an unreadable file or problems in its rows.

In every case nothing was imported and the inspection is as it was (a cancelled
import raises the one :class:`storage.job_progress.Cancelled`).
"""

from __future__ import annotations

from models.evidence_logs.rows import LogProblem, problem_lines
from storage.file.errors import StorageError
from storage.workbooks.outside_files import RowProblems


class EvidenceLogError(StorageError):
    """The file cannot be read as an evidence log, or its columns cannot be used."""


class EvidenceLogProblems(RowProblems):
    """Rows of the log are not valid; ``problems`` are the first ones found."""

    called = "log"
    problems: list[LogProblem]

    def lines(self, limit: int | None = None) -> list[str]:
        """The problems as lines to show ("… and N more" after ``limit``)."""
        if limit is None:
            return problem_lines(self.problems, self.total)
        return problem_lines(self.problems, self.total, limit)
