"""Dragging evidence items out of the evidence list and dropping them onto a finding.

The list puts the dragged items' ids in a MIME type of the app's own (and
their refs as plain text, so a drop into a text box or another program gives
something readable). A drop target is any widget with an
:class:`EvidenceDropFilter`: it names the finding under the pointer and is
handed the ids when they are dropped there.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWidget

EVIDENCE_MIME = "application/x-evidence-review-evidence-ids"
#: At most this many ids travel in one drag (a selection of a whole large list is not
#: something to link by dragging).
MAX_DRAGGED = 5000


def evidence_mime(ids: list[str], refs: list[str]) -> QMimeData:
    mime = QMimeData()
    mime.setData(EVIDENCE_MIME, "\n".join(ids[:MAX_DRAGGED]).encode("ascii"))
    mime.setText("\n".join(refs[:MAX_DRAGGED]))
    return mime


def dragged_evidence(mime: QMimeData) -> list[str]:
    """The evidence ids a drag carries (none when it is not a drag of evidence)."""
    if not mime.hasFormat(EVIDENCE_MIME):
        return []
    try:
        text = bytes(mime.data(EVIDENCE_MIME).data()).decode("ascii")
    except UnicodeDecodeError:
        return []
    return [line for line in text.splitlines() if line][:MAX_DRAGGED]


class EvidenceDropFilter(QObject):
    """Takes evidence dropped on ``widget`` for the finding ``target_at`` names."""

    def __init__(
        self,
        widget: QWidget,
        target_at: Callable[[QPoint], "str | None"],
        on_drop: Callable[[str, list[str]], None],
    ):
        super().__init__(widget)
        self.target_at, self.on_drop = target_at, on_drop
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (
            QEvent.Type.DragEnter,
            QEvent.Type.DragMove,
            QEvent.Type.Drop,
        ) or not isinstance(event, QDropEvent):
            return False
        ids = dragged_evidence(event.mimeData())
        if not ids:
            return False
        if kind == QEvent.Type.DragEnter:  # rows are told apart as the pointer moves
            event.acceptProposedAction()
            return True
        target = self.target_at(event.position().toPoint())
        if target is None:
            event.ignore()
            return True
        event.acceptProposedAction()
        if kind == QEvent.Type.Drop:
            self.on_drop(target, ids)
        return True
