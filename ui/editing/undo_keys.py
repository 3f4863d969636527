"""Undo and Redo inside a text box walk the app's one undo stack, not the box's own.

Qt's text boxes keep an undo history of their own and claim Ctrl+Z while they
have focus, so the app's Undo never ran there: Ctrl+Z in the rationale undid
only the typing (which was then saved as another change) and the grade changed
before it could not be undone until focus left the box. Text boxes that edit
an inspection are watched here instead: their own undo is switched off, the
Undo and Redo keys (and the Undo and Redo of their context menu) go to the
callbacks given, which save what is being typed as one step and then step the
app's stack, so Ctrl+Z always undoes the last change, whatever has focus.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QWidget

_UNDO, _REDO = QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo


class AppUndoKeys(QObject):
    """Event filter that sends a text box's Undo and Redo to the app's undo stack."""

    def __init__(
        self,
        undo: Callable[[], None],
        redo: Callable[[], None],
        can_undo: Callable[[], bool],
        can_redo: Callable[[], bool],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._undo, self._redo = undo, redo
        self._can_undo, self._can_redo = can_undo, can_redo

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            if isinstance(widget, QPlainTextEdit):
                widget.setUndoRedoEnabled(False)
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
            event, QKeyEvent
        ):
            step = (
                self._undo
                if event.matches(_UNDO)
                else (self._redo if event.matches(_REDO) else None)
            )
            if step is None:
                return False
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()  # the key comes here as a key press, not to a shortcut
                return True
            step()
            return True
        if kind == QEvent.Type.ContextMenu and isinstance(watched, (QLineEdit, QPlainTextEdit)):
            self._context_menu(watched, event)
            return True
        return False

    def _context_menu(self, widget, event) -> None:
        menu: QMenu = widget.createStandardContextMenu()
        for action in list(menu.actions()):
            if action.objectName() in ("edit-undo", "edit-redo"):
                menu.removeAction(action)
        first = menu.actions()[0] if menu.actions() else None
        undo = menu.addAction("&Undo")
        undo.setShortcut(QKeySequence(_UNDO))
        undo.setEnabled(self._can_undo())
        undo.triggered.connect(self._undo)
        redo = menu.addAction("&Redo")
        redo.setShortcut(QKeySequence(_REDO))
        redo.setEnabled(self._can_redo())
        redo.triggered.connect(self._redo)
        if first is not None:
            menu.insertAction(first, undo)
            menu.insertAction(first, redo)
            menu.insertSeparator(first)
        menu.exec(event.globalPos())
        menu.deleteLater()
