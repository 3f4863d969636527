"""The one base class of every undo command: a step already written when it is pushed.

Each command holds the versions before and after a change and writes one or the
other through the controller's public undo writes (or the attachment actions).
The first write happens before the command is pushed, so a failed write never
leaves a command on the stack, which is why the first ``redo`` is skipped. An undo
or redo that cannot be written (a full disk, a file gone read-only) changes nothing
on disk: the step is reported through the controller's ``step_failed`` and the
stack is put back, so the stack never claims a state the file is not in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from storage.operations import StorageError

if TYPE_CHECKING:
    from ui.editing.inspection_controller import InspectionController


class WrittenFirstCommand(QUndoCommand):
    """A step already written when it is pushed; later undos and redos are guarded.

    Subclasses say how to write the step again (:meth:`apply_redo`) and how to take
    it back (:meth:`apply_undo`).
    """

    def __init__(self, controller: InspectionController, text: str):
        super().__init__(text)
        self.controller = controller
        # The next redo or undo only moves the stack: the push itself (the change is
        # written already), or putting the stack back after a step that failed.
        self._pass_once = True

    def redo(self) -> None:
        if self._pass_once:
            self._pass_once = False
            return
        self._guarded(self.apply_redo, "redone", self.controller.undo_stack.undo)

    def undo(self) -> None:
        if self._pass_once:
            self._pass_once = False
            return
        self._guarded(self.apply_undo, "undone", self.controller.undo_stack.redo)

    def _guarded(self, step: Callable[[], None], done: str, put_back: Callable[[], None]) -> None:
        try:
            step()
        except StorageError as e:
            # QUndoStack moves its index whatever happens; move it back, without writing,
            # so the stack and the file agree and the step can be tried again later.
            self._pass_once = True
            QTimer.singleShot(0, put_back)
            self.controller.step_failed.emit(f'"{self.text()}" was not {done}. {e}')

    def apply_redo(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def apply_undo(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
