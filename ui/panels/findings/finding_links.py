"""Linking evidence to the finding being edited: the Link button, drops, and Unlink.

A mixin of the Findings panel (kept apart so the panel stays small). A new finding not
recorded yet keeps its links until it is; a recorded one saves each change as a step.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QMessageBox

from ui.panels.findings.finding_form import EVIDENCE_ID_ROLE
from ui.panels.findings.findings_panel_parts import PanelPart


class FindingLinks(PanelPart):
    """Link and unlink for a panel with ``current``, ``draft``, ``controller``, ``form``."""

    def link_selected_evidence(self) -> None:
        ids = self.selected_evidence()
        if self.current is None:
            return
        if not ids:
            QMessageBox.information(
                self, "Link evidence", "Select one or more items in the evidence list first."
            )
            return
        self.link(ids)

    def link(self, evidence_ids: list[str]) -> None:
        """Link items to the finding shown (a draft keeps them until it is recorded)."""
        if self.current is None or self.read_only:
            return
        self.commit()
        if self.draft:
            wanted = tuple(dict.fromkeys(self.current.evidence_ids + tuple(evidence_ids)))
            self.current = replace(self.current, evidence_ids=wanted)
            self._show_evidence(self.current)
            return
        current = self.current
        self._write(lambda: self.controller.link_evidence_to_finding(current, evidence_ids))

    def link_dropped(self, finding_id: str, evidence_ids: list[str]) -> None:
        """Evidence dragged onto a finding (in the list, or onto the one shown)."""
        if self.current is None or finding_id != self.current.id:
            if self.draft and not self.release_draft():
                return
            self.select_finding(finding_id)
        if self.current is not None and self.current.id == finding_id:
            self.link(evidence_ids)
            n = len(evidence_ids)
            self.message.emit(f"Linked {n} item{'s' if n != 1 else ''} to the finding.")

    def unlink_evidence(self) -> None:
        ids = [i.data(EVIDENCE_ID_ROLE) for i in self.evidence_list.selectedItems()]
        if self.current is None or not ids:
            return
        self.commit()
        if self.draft:
            self.current = replace(
                self.current,
                evidence_ids=tuple(e for e in self.current.evidence_ids if e not in ids),
            )
            self._show_evidence(self.current)
            return
        current = self.current
        self._write(lambda: self.controller.unlink_evidence_from_finding(current, ids))
