"""Attaching and removing files as undoable steps, and the signal that views refresh on.

Attaching is written by a background task; once it has been written it is
recorded here as one step, whose undo removes the files (softly, so redo
brings the same rows back). Removing a file is written first and then pushed,
so a failed write never leaves a step on the stack. There is one
:class:`AttachmentActions` per open inspection, a child of its controller.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from models.evidence.attachment import Attachment
from ui.editing.inspection_controller import InspectionController
from ui.editing.undo_step import WrittenFirstCommand


class AttachmentActions(QObject):
    """Writes attachment changes through the repository and records them for undo."""

    changed = Signal(str)  # id of the evidence item whose files changed

    def __init__(self, controller: InspectionController):
        super().__init__(controller)
        self.controller = controller

    @property
    def repository(self):
        return self.controller.inspection.attachments

    def record_added(self, attachments: list[Attachment]) -> None:
        """Make files a background task has attached one undo step."""
        if not attachments:
            return
        self.controller.undo_stack.push(AddAttachmentsCommand(self, attachments))
        self.changed.emit(attachments[0].evidence_id)

    def remove(self, attachment: Attachment) -> None:
        self.repository.remove(attachment.id)
        self.controller.undo_stack.push(RemoveAttachmentCommand(self, attachment))
        self.changed.emit(attachment.evidence_id)

    def set_removed(self, attachments: list[Attachment], removed: bool) -> None:
        self.repository.set_deleted([a.id for a in attachments], removed)
        self.changed.emit(attachments[0].evidence_id)


def actions_for(controller: InspectionController) -> AttachmentActions:
    """The inspection's one :class:`AttachmentActions` (made the first time it is asked for)."""
    found = controller.findChild(AttachmentActions)
    return found if found is not None else AttachmentActions(controller)


class AddAttachmentsCommand(WrittenFirstCommand):
    """Files a background task attached; undo removes them softly, redo brings them back."""

    def __init__(self, actions: AttachmentActions, attachments: list[Attachment]):
        what = f'"{attachments[0].name}"' if len(attachments) == 1 else f"{len(attachments)} files"
        super().__init__(actions.controller, f"Attach {what}")
        self.actions = actions
        self.attachments = list(attachments)

    def apply_redo(self) -> None:
        self.actions.set_removed(self.attachments, False)

    def apply_undo(self) -> None:
        self.actions.set_removed(self.attachments, True)


class RemoveAttachmentCommand(WrittenFirstCommand):
    """A file removed from an item; undo brings the same row back."""

    def __init__(self, actions: AttachmentActions, attachment: Attachment):
        super().__init__(actions.controller, f'Remove attachment "{attachment.name}"')
        self.actions = actions
        self.attachment = attachment

    def apply_redo(self) -> None:
        self.actions.set_removed([self.attachment], True)

    def apply_undo(self) -> None:
        self.actions.set_removed([self.attachment], False)
