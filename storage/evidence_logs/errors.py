"""Why an evidence log was not imported: an unreadable file or problems in its rows.

In every case nothing was imported and the inspection is as it was (a cancelled
import raises the one :class:`storage.job_progress.Cancelled`).
"""

from __future__ import annotations

from pathlib import Path

from models.evidence_logs.rows import LogProblem, problem_lines
from storage.file.errors import StorageError


class EvidenceLogError(StorageError):
    """The file cannot be read as an evidence log, or its columns cannot be used."""


class EvidenceLogProblems(StorageError):
    """Rows of the log are not valid; ``problems`` are the first ones found."""

    def __init__(self, source: Path | str, problems: list[LogProblem], total: int):
        self.source_name = Path(source).name
        self.problems = problems
        self.total = total
        noun = "problem" if total == 1 else "problems"
        first = f"; the first is {problems[0]}" if problems else ""
        super().__init__(
            f"Nothing was imported: {self.source_name} has {total} {noun}{first}. "
            "Correct the log and import it again."
        )

    def lines(self, limit: int | None = None) -> list[str]:
        """The problems as lines to show ("… and N more" after ``limit``)."""
        if limit is None:
            return problem_lines(self.problems, self.total)
        return problem_lines(self.problems, self.total, limit)
