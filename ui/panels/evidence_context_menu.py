"""The context menu of evidence rows: open, link to the selected finding, copy refs, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from ui.window.inspection_view import InspectionView


def evidence_menu(view: "InspectionView", ids: list[str]) -> QMenu:
    """The menu for the selected rows (the row right-clicked is selected by then)."""
    menu = QMenu(view)
    menu.setAccessibleName("Evidence actions")
    n = len(ids)
    items = [view.controller.evidence.get(i) for i in ids]
    refs = [e.ref for e in items]
    read_only = view.editor.read_only

    open_item = menu.addAction("&Open in the editor", view.edit_selected)
    open_item.setEnabled(n == 1)
    finding = view.findings.current
    linkable = finding is not None and not read_only
    what = f"{n} item{'s' if n != 1 else ''}" if n != 1 else refs[0] if refs else "item"
    if linkable:
        already = set(finding.evidence_ids)
        text = (finding.statement or "the new finding").splitlines()[0]
        text = text if len(text) <= 40 else text[:39] + "…"
        link = menu.addAction(
            f"&Link {what} to the finding “{text}”", lambda: view.findings.link(ids)
        )
        link.setEnabled(any(i not in already for i in ids))
    else:
        link = menu.addAction("&Link to the selected finding")
        link.setEnabled(False)
        link.setToolTip("Select a finding on the Findings tab first")
    menu.addAction(
        f"&Copy ref{'s' if n != 1 else ''}",
        lambda: QGuiApplication.clipboard().setText("\n".join(refs)),
    )
    history = menu.addAction("&History…", view.editor.show_history)
    history.setEnabled(
        n == 1 and view.editor.current is not None and view.editor.current.id == ids[0]
    )
    menu.addSeparator()
    delete = menu.addAction(f"&Delete {what}…", view.delete_selected_evidence)
    delete.setShortcut(QKeySequence.StandardKey.Delete)
    delete.setEnabled(not read_only and n > 0)
    return menu
