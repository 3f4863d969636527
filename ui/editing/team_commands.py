"""Undo commands for the inspection team (adding and removing members)."""

from __future__ import annotations

from models.team import TeamMember
from ui.editing.undo_commands import WrittenFirstCommand


class AddTeamMemberCommand(WrittenFirstCommand):
    """Undo removes the new member again; redo brings them back."""

    def __init__(self, controller, member: TeamMember):
        super().__init__(controller, f"Add {member.initials} to the team")
        self.member = member

    def apply_redo(self) -> None:
        self.controller._restore_team_member(self.member.id)

    def apply_undo(self) -> None:
        self.controller._remove_team_member(self.member.initials)


class RemoveTeamMemberCommand(WrittenFirstCommand):
    """Undo brings the member back; their evidence never changed."""

    def __init__(self, controller, member: TeamMember):
        super().__init__(controller, f"Remove {member.initials} from the team")
        self.member = member

    def apply_redo(self) -> None:
        self.controller._remove_team_member(self.member.initials)

    def apply_undo(self) -> None:
        self.controller._restore_team_member(self.member.id)
