"""Edit ▸ Undo and Edit ▸ Redo for the open inspection (or disabled when none is open).

They step the controller, not the undo stack directly: the controller first saves
what is being typed, so typing is a step of its own and is what Ctrl+Z undoes first.
Their text follows the stack ("Undo Edit summary of JS-0042").
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget


def undo_redo_actions(owner: QWidget, controller) -> tuple[QAction, QAction]:
    undo = QAction("&Undo", owner, enabled=False)
    redo = QAction("&Redo", owner, enabled=False)
    undo.setData("Undo")  # the name in Help ▸ Keyboard shortcuts
    redo.setData("Redo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo.setShortcut(QKeySequence.StandardKey.Redo)
    if controller is not None:
        stack = controller.undo_stack
        undo.triggered.connect(controller.undo)
        redo.triggered.connect(controller.redo)
        stack.canUndoChanged.connect(undo.setEnabled)
        stack.canRedoChanged.connect(redo.setEnabled)
        stack.undoTextChanged.connect(lambda text: undo.setText(f"&Undo {text}".strip()))
        stack.redoTextChanged.connect(lambda text: redo.setText(f"&Redo {text}".strip()))
    return undo, redo


def replace_in_menu(
    menu: QMenu, old: tuple[QAction, QAction], new: tuple[QAction, QAction]
) -> None:
    """Put ``new`` where ``old`` stood at the top of ``menu``."""
    for action in old:
        menu.removeAction(action)
    first = menu.actions()[0] if menu.actions() else None
    for action in new:
        if first is None:
            menu.addAction(action)
        else:
            menu.insertAction(first, action)
