"""The undo steps of case-file review: a reviewed file saved, a checklist saved or
installed, a result made into evidence and that evidence brought up to date.

Every step is written before it is pushed (see :class:`WrittenFirstCommand`); each
holds the two writes that take it forward and back, so one class serves them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ui.editing.undo_step import WrittenFirstCommand

if TYPE_CHECKING:
    from ui.editing.inspection_controller import InspectionController


class CaseReviewCommand(WrittenFirstCommand):
    """One case-file review step: ``forward`` writes it again, ``back`` takes it back.
    Both write through the case-review use cases and then tell the views."""

    def __init__(
        self,
        controller: InspectionController,
        text: str,
        forward: Callable[[], None],
        back: Callable[[], None],
    ):
        super().__init__(controller, text)
        self._forward = forward
        self._back = back

    def apply_redo(self) -> None:
        self._forward()

    def apply_undo(self) -> None:
        self._back()
