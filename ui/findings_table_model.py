"""Table model of the findings under the selected question and its sub-questions."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from models.records import Finding
from ui.inspection_controller import InspectionController

_HEADERS = ("Kind", "Statement", "Question", "Evidence")
FINDING_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class FindingsTableModel(QAbstractTableModel):
    """Findings for one question subtree, in framework then kind order."""

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.question_code: str | None = None
        self._rows: list[Finding] = []
        controller.findings_changed.connect(self.reload)

    def set_question(self, code: str | None) -> None:
        self.question_code = code
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self.controller.findings.for_question(self.question_code)
        self.endResetModel()

    def finding_at(self, row: int) -> Finding | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, finding_id: str) -> int | None:
        return next((i for i, f in enumerate(self._rows) if f.id == finding_id), None)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        f = self.finding_at(index.row()) if index.isValid() else None
        if f is None:
            return None
        if role == FINDING_ID_ROLE:
            return f.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (f.kind.label, f.statement.replace("\n", " ") or "(no statement yet)",
                    f.question_code, len(f.evidence_ids) or "none")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return f.statement
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3 and not f.evidence_ids:
            return "No evidence supports this finding yet"
        return None
