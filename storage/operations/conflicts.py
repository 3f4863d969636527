"""Merge conflicts: the versions a merge kept aside, listed, and each one settled by keeping
the current version or taking the other."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, cast

from models.merging.outcome import Conflict

if TYPE_CHECKING:
    from storage.file.inspection_file import InspectionFile

# Storage's inner modules raise this package's ``Cancelled`` and so import the package;
# they are imported here when a job runs, not when the package loads, so that importing
# either one first never meets the other half-made.

log = logging.getLogger(__name__)


def list_merge_conflicts(
    inspection: InspectionFile | Path, *, unresolved_only: bool = True
) -> list[Conflict]:
    """The conflicts recorded in an open inspection, or in the file at a path (only read)."""
    from storage.file.inspection_file import InspectionFile
    from storage.merge.conflicts import list_conflicts

    if isinstance(inspection, InspectionFile):
        return list_conflicts(inspection, unresolved_only)
    with InspectionFile.open(Path(inspection), readonly=True) as opened:
        return list_conflicts(opened, unresolved_only)


def resolve_merge_conflict(inspection: InspectionFile, conflict_id: str, keep: str) -> Conflict:
    """Settle one conflict (``conflict_id`` or the start of it): keep ``"current"`` or take
    the ``"other"`` version, in one transaction recorded in the history.

    Raises ``ConflictError`` for an unknown, ambiguous or settled conflict, or another
    ``keep``.
    """
    from storage.merge.conflicts import resolve_conflict

    resolved = resolve_conflict(inspection, conflict_id, keep)
    log.info(
        "resolved conflict %s (%s) in %s: kept the %s version",
        cast(str, resolved.id)[:8],
        resolved.entity,
        inspection.path.name,
        keep,
    )
    return resolved
