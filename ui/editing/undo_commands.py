"""Undo commands for evidence, findings, judgments and the inspection's details.

Each holds the record before and after the change and asks the controller to
write one or the other (see :mod:`ui.editing.undo_step` for how a step is
guarded). Consecutive edits of one text field merge into one step.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from models.records import Evidence, Finding, Inspection, Judgment
from ui.editing.undo_step import WrittenFirstCommand

if TYPE_CHECKING:
    from ui.editing.inspection_controller import InspectionController

_EDIT_EVIDENCE_ID = 1001
_EDIT_FINDING_ID = 1002


#: Fields written along with a change rather than by the person: a typing step is the same
#: kind of step whatever its sign-off.
_WRITTEN_WITH = (
    "updated_at",
    "created_at",
    "prepared_by",
    "prepared_at",
    "reviewed_by",
    "reviewed_at",
)


def _changed_fields(old: Evidence | Finding, new: Evidence | Finding) -> frozenset[str]:
    return frozenset(
        f.name
        for f in fields(old)
        if f.name not in _WRITTEN_WITH and getattr(old, f.name) != getattr(new, f.name)
    )


class AddEvidenceCommand(WrittenFirstCommand):
    """A new item, recorded once it had a summary. Typing on in its summary while the
    item is still being written merges into this step, so one Undo takes the new item
    away whole (its later values are kept on the soft-deleted row for Redo)."""

    def __init__(self, controller: InspectionController, evidence: Evidence):
        super().__init__(controller, f"Add evidence {evidence.ref}")
        self.evidence = evidence
        self.session = controller.typing_session

    def id(self) -> int:
        return _EDIT_EVIDENCE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        return (
            isinstance(other, EditEvidenceCommand)
            and other.new.id == self.evidence.id
            and other.changed == {"summary"}
            and self.session == self.controller.typing_session
        )

    def apply_redo(self) -> None:
        self.controller.set_evidence_deleted(self.evidence.id, False)

    def apply_undo(self) -> None:
        self.controller.set_evidence_deleted(self.evidence.id, True)


class DeleteEvidenceCommand(WrittenFirstCommand):
    def __init__(self, controller: InspectionController, evidence: Evidence):
        super().__init__(controller, f"Delete evidence {evidence.ref}")
        self.evidence = evidence

    def apply_redo(self) -> None:
        self.controller.set_evidence_deleted(self.evidence.id, True)

    def apply_undo(self) -> None:
        self.controller.set_evidence_deleted(self.evidence.id, False)


class EditEvidenceCommand(WrittenFirstCommand):
    """An edit to one evidence item; consecutive edits of the same field merge,
    so typing a note is one undo step, not one per pause."""

    def __init__(self, controller: InspectionController, old: Evidence, new: Evidence):
        self.changed = _changed_fields(old, new)
        what = ", ".join(sorted(c.replace("_", " ") for c in self.changed)) or "fields"
        super().__init__(controller, f"Edit {what} of {old.ref}")
        self.old, self.new = old, new

    def id(self) -> int:
        return _EDIT_EVIDENCE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditEvidenceCommand) or other.new.id != self.new.id:
            return False
        if other.changed != self.changed or not self.changed <= {
            "notes",
            "summary",
            "location",
            "participants",
        }:
            return False
        self.new = other.new
        return True

    def apply_redo(self) -> None:
        self.controller.write_evidence(self.new)

    def apply_undo(self) -> None:
        self.controller.write_evidence(self.old)


class AddFindingCommand(WrittenFirstCommand):
    def __init__(self, controller: InspectionController, finding: Finding):
        super().__init__(controller, "Add finding")
        self.finding = finding

    def apply_redo(self) -> None:
        self.controller.set_finding_deleted(self.finding.id, False)

    def apply_undo(self) -> None:
        self.controller.set_finding_deleted(self.finding.id, True)


class DeleteFindingCommand(WrittenFirstCommand):
    def __init__(self, controller: InspectionController, finding: Finding):
        super().__init__(controller, "Delete finding")
        self.finding = finding

    def apply_redo(self) -> None:
        self.controller.set_finding_deleted(self.finding.id, True)

    def apply_undo(self) -> None:
        self.controller.set_finding_deleted(self.finding.id, False)


class EditFindingCommand(WrittenFirstCommand):
    def __init__(
        self,
        controller: InspectionController,
        old: Finding,
        new: Finding,
        text: str = "Edit finding",
    ):
        super().__init__(controller, text)
        self.old, self.new = old, new
        self.changed = _changed_fields(old, new)

    def id(self) -> int:
        return _EDIT_FINDING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditFindingCommand) or other.new.id != self.new.id:
            return False
        if other.changed != self.changed or not self.changed <= {"statement", "recommendation"}:
            return False
        self.new = other.new
        return True

    def apply_redo(self) -> None:
        self.controller.write_finding(self.new)

    def apply_undo(self) -> None:
        self.controller.write_finding(self.old)


class SignOffFindingCommand(WrittenFirstCommand):
    """A finding marked reviewed, or made a draft again: always a step of its own."""

    def __init__(self, controller: InspectionController, old: Finding, new: Finding):
        text = "Mark finding reviewed" if new.reviewed else "Mark finding draft"
        super().__init__(controller, text)
        self.old, self.new = old, new

    def apply_redo(self) -> None:
        self.controller.write_finding(self.new)

    def apply_undo(self) -> None:
        self.controller.write_finding(self.old)


class SaveJudgmentCommand(WrittenFirstCommand):
    def __init__(self, controller: InspectionController, old: Judgment, new: Judgment, label: str):
        super().__init__(controller, f"Change judgment for {label}")
        self.old, self.new = old, new

    def id(self) -> int:
        return 1003

    def mergeWith(self, other: QUndoCommand) -> bool:
        # Typing a rationale merges; a grade or status change stays its own step.
        if not isinstance(other, SaveJudgmentCommand):
            return False
        same = other.new.question_code == self.new.question_code
        only_text = (
            other.old.grade == other.new.grade
            and other.old.status == other.new.status
            and self.old.grade == self.new.grade
            and self.old.status == self.new.status
        )
        if same and only_text:
            self.new = other.new
            return True
        return False

    def apply_redo(self) -> None:
        self.controller.write_judgment(self.new)

    def apply_undo(self) -> None:
        self.controller.write_judgment(self.old)


class EditInspectionCommand(WrittenFirstCommand):
    """A change to the inspection's details (Inspection ▸ Details…)."""

    def __init__(self, controller: InspectionController, old: Inspection, new: Inspection):
        super().__init__(controller, "Change the inspection's details")
        self.old, self.new = old, new

    def apply_redo(self) -> None:
        self.controller.write_inspection(self.new)

    def apply_undo(self) -> None:
        self.controller.write_inspection(self.old)
