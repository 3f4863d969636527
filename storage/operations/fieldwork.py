"""Making a fieldwork copy: the master inspection copied for one member of the team to take
offline, and merged back later (``storage.operations.merging``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from models.records import normalise_initials
from storage.job_progress import SILENT, JobProgress

# Storage's inner modules raise this package's ``Cancelled`` and so import the package;
# they are imported here when a job runs, not when the package loads, so that importing
# either one first never meets the other half-made.

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FieldworkCopyMade:
    """A fieldwork copy written: where, of which master, and for whom."""

    master: Path
    path: Path
    #: The team member the copy is for; new evidence in it is recorded under these initials.
    initials: str


def make_fieldwork_copy(
    master: Path, initials: str, out: Path, progress: JobProgress = SILENT
) -> FieldworkCopyMade:
    """Write a fieldwork copy of the inspection at ``master`` for ``initials`` to ``out``.

    The master is only read, so it may be open in the app meanwhile. Refused with a
    ``StorageError`` (and nothing written) for an existing ``out``, initials that are
    not a current team member, or a master that is itself a fieldwork copy.
    ``progress`` hears of each stage done (copying, then making the copy its own) and
    is asked after each whether to stop: :class:`Cancelled`, and nothing written.
    """
    from storage.merge.fieldwork_copy import create_fieldwork_copy

    master, out = Path(master), Path(out)
    log.info("making a fieldwork copy of %s for %s as %s", master.name, initials, out.name)
    try:
        path = create_fieldwork_copy(master, initials, out, progress)
    except Exception as e:
        log.info("no fieldwork copy of %s made (%s)", master.name, type(e).__name__)
        raise
    # The copy is for the member with these initials (as the team writes them); it is not
    # opened again to ask, which would leave SQLite's side files beside the new copy.
    made = FieldworkCopyMade(master, path, normalise_initials(initials))
    log.info("made a fieldwork copy of %s for %s: %s", master.name, made.initials, path)
    return made
