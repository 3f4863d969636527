"""How a job reports how far it has got and learns that it should stop.

The use cases hand these on from ``storage.operations.progress``; they are
defined here, outside the operations package, so that storage's inner folders
(which the use cases import) can raise :class:`Cancelled` without an import
cycle through the package that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


def _nowhere(done: int, total: int) -> None:
    """Progress nobody is shown."""


def _never() -> bool:
    return False


class Cancelled(Exception):
    """The person stopped the job before it finished; what it would have changed is as it
    was. Every use case raises this one exception, whatever the job."""


@dataclass(frozen=True)
class JobProgress:
    """``report(done, total)`` is called as the work goes on; ``is_cancelled()`` is asked
    between steps. A command line passes nothing; the window passes its worker's."""

    report: Callable[[int, int], None] = _nowhere
    is_cancelled: Callable[[], bool] = _never

    def check(self) -> None:
        """Raise :class:`Cancelled` when the person has asked the job to stop."""
        if self.is_cancelled():
            raise Cancelled()


#: For callers that show nothing and never cancel.
SILENT = JobProgress()
