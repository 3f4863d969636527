"""Undo commands for the inspection team (adding and removing members)."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from models.team import TeamMember


class AddTeamMemberCommand(QUndoCommand):
    """Undo removes the new member again; redo brings them back."""

    def __init__(self, controller, member: TeamMember):
        super().__init__(f"Add {member.initials} to the team")
        self.controller, self.member, self._first = controller, member, True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.controller._restore_team_member(self.member.id)

    def undo(self) -> None:
        self.controller._remove_team_member(self.member.initials)


class RemoveTeamMemberCommand(QUndoCommand):
    """Undo brings the member back; their evidence never changed."""

    def __init__(self, controller, member: TeamMember):
        super().__init__(f"Remove {member.initials} from the team")
        self.controller, self.member, self._first = controller, member, True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.controller._remove_team_member(self.member.initials)

    def undo(self) -> None:
        self.controller._restore_team_member(self.member.id)
