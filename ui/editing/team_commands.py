"""Undo commands for the inspection team (adding and removing members)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.team import TeamMember
from ui.editing.undo_step import WrittenFirstCommand

if TYPE_CHECKING:
    from ui.editing.inspection_controller import InspectionController


class AddTeamMemberCommand(WrittenFirstCommand):
    """Undo removes the new member again; redo brings them back."""

    def __init__(self, controller: InspectionController, member: TeamMember):
        super().__init__(controller, f"Add {member.initials} to the team")
        self.member = member

    def apply_redo(self) -> None:
        self.controller.set_team_member_removed(self.member, False)

    def apply_undo(self) -> None:
        self.controller.set_team_member_removed(self.member, True)


class RemoveTeamMemberCommand(WrittenFirstCommand):
    """Undo brings the member back; their evidence never changed."""

    def __init__(self, controller: InspectionController, member: TeamMember):
        super().__init__(controller, f"Remove {member.initials} from the team")
        self.member = member

    def apply_redo(self) -> None:
        self.controller.set_team_member_removed(self.member, True)

    def apply_undo(self) -> None:
        self.controller.set_team_member_removed(self.member, False)
