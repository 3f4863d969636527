"""Table model of the findings under the selected question and its sub-questions.

A large inspection holds thousands of findings, so the model reads them only
while it is active (its tab is the one shown); changes made while it is
inactive mark it stale and it reads afresh when it becomes active again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.records import Finding, FindingBacking
from models.vocabulary import FindingKind
from ui.editing.inspection_controller import InspectionController
from ui.item_models.read_only_table_model import ReadOnlyTableModel

FINDING_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def triangulation_tooltip(backing: FindingBacking) -> str:
    """Which source types and whose evidence back a finding, and whether that triangulates."""
    if not backing.sources:
        return "No evidence supports this finding yet"

    kinds = ", ".join(sorted(s.label.lower() for s in backing.sources))
    people = ", ".join(sorted(backing.inspectors)) or "no one recorded"
    verdict = (
        "Triangulated: more than one kind of source and more than one inspector."
        if backing.triangulated
        else "Not triangulated: it needs more than one kind of source and more than one inspector."
    )
    return f"{backing.words()}\nSources: {kinds}\nInspectors: {people}\n{verdict}"


#: Each kind as the list shows it; the full name is the cell's tooltip.
SHORT_KINDS = {
    FindingKind.CAUSE_OF_CONCERN: "Concern",
    FindingKind.AREA_FOR_IMPROVEMENT: "AFI",
    FindingKind.STRENGTH: "Strength",
    FindingKind.NOTABLE_PRACTICE: "Notable",
}


class FindingsTableModel(ReadOnlyTableModel):
    """Findings for one question subtree, in framework then kind order."""

    # The ref comes first, narrow: it is what a writer quotes and what the search takes.
    # Kind and review are short (their words are in the tooltip) so the statement keeps
    # its room at a laptop's width.
    headers = (
        "Ref",
        "Kind",
        "Statement",
        "Question",
        "Evidence",
        "Sources ·\ninspectors",
        "Review",
    )

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.question_code: str | None = None
        self.matching = ""
        self._backing: dict[str, FindingBacking] = {}
        self._active, self._stale = True, False
        controller.findings_changed.connect(self.reload)

    def set_active(self, active: bool) -> None:
        self._active = active
        if active and self._stale:
            self.reload()

    def set_question(self, code: str | None) -> None:
        self.question_code = code
        self.reload()

    def set_matching(self, text: str) -> None:
        """Narrow the list to a typed ref (``F12``) or the findings whose words match."""
        if text != self.matching:
            self.matching = text
            self.reload()

    def reload(self) -> None:
        if not self._active:
            self._stale = True
            return
        self._stale = False
        self.beginResetModel()
        self._rows = self.controller.findings.for_question(self.question_code, self.matching)
        self._backing = self.controller.findings.backing([f.id for f in self._rows])
        self.endResetModel()

    def finding_at(self, row: int) -> Finding | None:
        return self.row_at(row)

    def row_of(self, finding_id: str) -> int | None:
        return next((i for i, f in enumerate(self._rows) if f.id == finding_id), None)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        f = self.finding_at(index.row()) if index.isValid() else None
        if f is None:
            return None
        if role == FINDING_ID_ROLE:
            return f.id
        backing = self._backing.get(f.id, FindingBacking())
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f.ref,
                SHORT_KINDS[f.kind],
                f.statement.replace("\n", " ") or "(no statement yet)",
                f.question_code,
                len(f.evidence_ids) or "none",
                backing.short(),
                f"✓ {f.reviewed_by}" if f.reviewed else "Draft",
            )[index.column()]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            # The short cells in words, for the pointer and for screen readers.
            if index.column() == 1:
                return f.kind.label
            if index.column() == 6:
                return f"Reviewed by {f.reviewed_by}" if f.reviewed else "Draft: not signed off yet"
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:
            return triangulation_tooltip(backing)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return f.statement
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return f"Finding {f.ref}: quote this ref to point at the finding"
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4 and not f.evidence_ids:
            return "No evidence supports this finding yet"
        return None
