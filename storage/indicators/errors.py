"""Why a data return was not imported: the file cannot be read, or rows of it are wrong.

Either way nothing was imported and the inspection is as it was.
"""

from __future__ import annotations

from pathlib import Path

from models.indicators.data_return import ReturnProblem
from storage.file.errors import StorageError


class IndicatorReturnError(StorageError):
    """The file cannot be read as a data return."""


class IndicatorReturnProblems(StorageError):
    """Rows of the return are not valid; ``problems`` are the first ones found."""

    def __init__(self, source: Path | str, problems: list[ReturnProblem], total: int):
        self.source_name = Path(source).name
        self.problems = problems
        self.total = total
        noun = "problem" if total == 1 else "problems"
        first = f"; the first is {problems[0]}" if problems else ""
        super().__init__(
            f"Nothing was imported: {self.source_name} has {total} {noun}{first}. "
            "Correct the return and import it again."
        )

    def lines(self, limit: int | None = None) -> list[str]:
        """The problems as lines to show, "… and N more" after ``limit``."""
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [str(p) for p in shown]
        if self.total > len(shown):
            lines.append(f"… and {self.total - len(shown):,} more")
        return lines
