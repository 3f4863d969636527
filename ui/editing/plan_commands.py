"""The undo step of a change to the team's planned methods (Inspection ▸ Planned methods…)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.vocabulary import SourceType
from ui.editing.undo_step import WrittenFirstCommand

if TYPE_CHECKING:
    from ui.editing.inspection_controller import InspectionController

Plan = dict[str, frozenset[SourceType]]


class ChangePlanCommand(WrittenFirstCommand):
    """The whole plan before and after one change, written back whole."""

    def __init__(self, controller: InspectionController, old: Plan, new: Plan):
        super().__init__(controller, "Change the planned methods")
        self.old, self.new = old, new

    def apply_redo(self) -> None:
        self.controller.write_plan(self.new)

    def apply_undo(self) -> None:
        self.controller.write_plan(self.old)
