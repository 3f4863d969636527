"""The inspection team as the command line lists it: whose fieldwork copies can be made."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.team import TeamMember

# Storage's inner modules raise this package's ``Cancelled`` and so import the package;
# they are imported here when a job runs, not when the package loads, so that importing
# either one first never meets the other half-made.


@dataclass(frozen=True)
class TeamListing:
    """The inspection's title and its current team."""

    title: str
    members: tuple[TeamMember, ...]


def read_team(path: Path) -> TeamListing:
    """The team of the inspection at ``path``; the file is only read."""
    from storage.file.inspection_file import InspectionFile

    with InspectionFile.open(Path(path), readonly=True) as inspection:
        return TeamListing(inspection.inspection.title, tuple(inspection.team.list()))
