"""Dropping files from the desktop onto a widget to attach them to an evidence item.

An event filter rather than a subclass, so any existing widget (the editor,
the evidence table's viewport) can take file drops without changing its class.
Only local files are taken; folders and other dragged things are refused, so
the pointer shows at once whether a drop would do anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint
from PySide6.QtWidgets import QWidget

TargetAt = Callable[[QPoint], "str | None"]  # evidence id under a point, if any
OnDrop = Callable[[str, list[Path]], object]  # what it returns is not used


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files (not folders) a drag carries, in order."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.is_file()]


class FileDropFilter(QObject):
    """Takes file drops on ``widget`` for the evidence item ``target_at`` names."""

    _DRAGS = (QEvent.Type.DragEnter, QEvent.Type.DragMove)

    def __init__(self, widget: QWidget, target_at: TargetAt, on_drop: OnDrop):
        super().__init__(widget)
        self.target_at, self.on_drop = target_at, on_drop
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in self._DRAGS and kind != QEvent.Type.Drop:
            return False
        files = dropped_files(event.mimeData())
        if not files:
            return False  # not files: leave it to the widget (text into a field)
        target = self.target_at(event.position().toPoint())
        if target is None:  # no item there (or none shown): say so with the pointer
            event.ignore()
            return True
        event.acceptProposedAction()
        if kind == QEvent.Type.Drop:
            self.on_drop(target, files)
        return True
