"""Why a data return was not imported: the file cannot be read, or rows of it are wrong.

Either way nothing was imported and the inspection is as it was.
"""

from __future__ import annotations

from models.indicators.data_return import ReturnProblem
from storage.file.errors import StorageError
from storage.workbooks.outside_files import RowProblems


class IndicatorReturnError(StorageError):
    """The file cannot be read as a data return."""


class IndicatorReturnProblems(RowProblems):
    """Rows of the return are not valid; ``problems`` are the first ones found."""

    called = "return"
    problems: list[ReturnProblem]
