"""Showing an inspection without letting it be changed (it is open in another copy of the app).

Editors keep showing their values: text fields become read-only (still
selectable and scrollable), choice widgets stop taking the mouse and the
keyboard, and buttons that change things are hidden. Hiding and ignoring input
are used rather than disabling because the editors enable their own fields
whenever they show another item.
"""

from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

_FOCUS_PROPERTY = "focusPolicyBeforeReadOnly"


def freeze(widgets: Iterable[QWidget], read_only: bool) -> None:
    """Make ``widgets`` show their values without taking changes (or take them again)."""
    for widget in widgets:
        if hasattr(widget, "setReadOnly"):
            widget.setReadOnly(read_only)
            continue
        widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, read_only)
        if read_only:
            if widget.property(_FOCUS_PROPERTY) is None:
                widget.setProperty(_FOCUS_PROPERTY, int(widget.focusPolicy().value))
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        elif widget.property(_FOCUS_PROPERTY) is not None:
            widget.setFocusPolicy(Qt.FocusPolicy(widget.property(_FOCUS_PROPERTY)))


def hide_when(read_only: bool, widgets: Iterable[QWidget]) -> None:
    """Hide the buttons that change things while read-only."""
    for widget in widgets:
        widget.setVisible(not read_only)
