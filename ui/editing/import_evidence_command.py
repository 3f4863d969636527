"""Undo for an evidence import: the whole import is one step.

Undo soft-deletes exactly the items the import added (or brought back), in
one transaction; redo restores them. Their fingerprints stay recorded, but a
row whose item is deleted counts as not yet imported, so importing the log
again after an undo brings the rows back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ui.editing.undo_step import WrittenFirstCommand

if TYPE_CHECKING:
    from ui.editing.inspection_controller import InspectionController


class ImportEvidenceCommand(WrittenFirstCommand):
    """The items of one import, written by a background task before this is pushed."""

    def __init__(self, controller: InspectionController, evidence_ids: Sequence[str], text: str):
        super().__init__(controller, text)
        self.evidence_ids = list(evidence_ids)

    def apply_redo(self) -> None:
        self.controller.set_imported_deleted(self.evidence_ids, False)

    def apply_undo(self) -> None:
        self.controller.set_imported_deleted(self.evidence_ids, True)
