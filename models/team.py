"""The inspection team: who records evidence, under which initials, in which role.

Initials are what an inspector's evidence refs start with (``JS-0042``) and
whose fieldwork copy a file is, so they are normalised once, here, and no two
current members share them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.records import new_id, normalise_initials
from models.vocabulary import TeamRole


@dataclass(frozen=True)
class TeamMember:
    """One member of the inspection team; removed members keep their row (``deleted_at``)."""

    initials: str
    name: str = ""
    role: TeamRole = TeamRole.INSPECTOR
    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None

    @property
    def is_lead(self) -> bool:
        return self.role is TeamRole.LEAD

    @property
    def label(self) -> str:
        """``JS (Jane Smith)``, or the initials alone when there is no name."""
        return f"{self.initials} ({self.name})" if self.name else self.initials


def checked_member(member: TeamMember) -> TeamMember:
    """The member exactly as stored: initials normalised, name trimmed, role parsed.

    Raises ``ValueError`` with a message for the user when something is missing.
    """
    from dataclasses import replace

    initials = normalise_initials(member.initials)
    name = " ".join(str(member.name).replace("\x00", "").split())
    if not name:
        raise ValueError(f"Give the name of the team member with initials {initials}.")
    return replace(member, initials=initials, name=name, role=TeamRole.from_text(member.role))
