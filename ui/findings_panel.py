"""Findings for the selected question: list, editor, and the evidence behind each finding.

Evidence is linked by selecting items in the evidence list and pressing
"Link selected evidence"; every change is saved at once and can be undone.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QListWidget, QListWidgetItem, QMessageBox,
                               QPlainTextEdit, QPushButton, QSplitter, QTableView, QVBoxLayout,
                               QWidget)

from models.records import Finding
from models.vocabulary import FindingKind
from storage.errors import StorageError
from ui.findings_table_model import FindingsTableModel
from ui.history_dialog import show_history
from ui.inspection_controller import InspectionController
from ui.read_only import freeze, hide_when

SAVE_DELAY_MS = 600


class _TextEdit(QPlainTextEdit):
    """A short plain-text field that saves when focus leaves it."""

    focus_lost = Signal()

    def __init__(self, placeholder: str, name: str):
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setAccessibleName(name)
        self.setTabChangesFocus(True)
        self.setMaximumHeight(90)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class FindingsPanel(QWidget):
    """Create, edit and delete findings; link and unlink their evidence."""

    def __init__(self, controller: InspectionController,
                 selected_evidence: Callable[[], list[str]], parent=None):
        super().__init__(parent)
        self.controller = controller
        self.selected_evidence = selected_evidence
        self.question_code: str | None = None
        self.current: Finding | None = None
        self._loading = False
        self.model = FindingsTableModel(controller, self)

        self.table = QTableView()
        self.table.setAccessibleName("Findings")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 150)
        self.new_button = QPushButton("New finding")
        self.new_button.setAccessibleName("New finding")
        self.delete_button = QPushButton("Delete finding…")
        self.delete_button.setAccessibleName("Delete finding")
        self.history_button = QPushButton("History…")
        self.history_button.setAccessibleName("History of the finding")

        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of finding")
        for k in FindingKind:
            self.kind.addItem(k.label, k)
        self.statement = _TextEdit("What the team found, in a sentence or two", "Statement")
        self.recommendation = _TextEdit("What the force should do (causes of concern)",
                                        "Recommendation")
        self.evidence_list = QListWidget()
        self.evidence_list.setAccessibleName("Evidence supporting the finding")
        self.evidence_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.support_label = QLabel()
        self.support_label.setAccessibleName("Support summary")
        self.link_button = QPushButton("Link selected evidence")
        self.link_button.setAccessibleName("Link selected evidence")
        self.unlink_button = QPushButton("Unlink")
        self.unlink_button.setAccessibleName("Unlink evidence")

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.table)

        self.editor = QWidget()
        form = QFormLayout(self.editor)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Kind", self.kind)
        form.addRow("&Statement", self.statement)
        form.addRow("&Recommendation", self.recommendation)
        link_row = QHBoxLayout()
        link_row.addWidget(self.support_label, 1)
        link_row.addWidget(self.link_button)
        link_row.addWidget(self.unlink_button)
        form.addRow("Evidence", link_row)
        form.addRow("", self.evidence_list)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.commit)
        for edit in (self.statement, self.recommendation):
            edit.textChanged.connect(self._text_changed)
            edit.focus_lost.connect(self.commit)
        controller.undo_keys.watch(self.statement, self.recommendation)
        self.kind.currentIndexChanged.connect(lambda _i: self.commit())
        self.new_button.clicked.connect(self.new_finding)
        self.delete_button.clicked.connect(self.delete_finding)
        self.history_button.clicked.connect(self.show_history)
        self.link_button.clicked.connect(self.link_selected_evidence)
        self.unlink_button.clicked.connect(self.unlink_evidence)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._reselect)
        self._show(None)

    # -- question scope ---------------------------------------------------------
    def set_question(self, code: str | None) -> None:
        self.commit()
        self.question_code = code
        self.model.set_question(code)

    # -- selection --------------------------------------------------------------
    def select_finding(self, finding_id: str) -> None:
        row = self.model.row_of(finding_id)
        if row is None:
            return
        self.table.selectionModel().select(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def _selection_changed(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        finding = self.model.finding_at(rows[0].row()) if rows else None
        if (finding and self.current and finding.id == self.current.id):
            return
        self.commit()
        self._show(finding)

    def _reselect(self) -> None:
        if self.current is None:
            self._show(None)
            return
        row = self.model.row_of(self.current.id)
        if row is None:
            self._show(None)
            return
        self._loading = True
        self.table.selectionModel().select(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self._loading = False
        self._show(self.model.finding_at(row))

    # -- editor -----------------------------------------------------------------
    def _show(self, finding: Finding | None) -> None:
        self._save_timer.stop()
        self.current = finding
        self._loading = True
        try:
            self.editor.setEnabled(finding is not None)
            self.delete_button.setEnabled(finding is not None)
            self.history_button.setEnabled(finding is not None)
            self.new_button.setEnabled(self.question_code is not None)
            if finding is None:
                self.statement.clear()
                self.recommendation.clear()
                self.evidence_list.clear()
                self.support_label.clear()
                return
            self.kind.setCurrentIndex(self.kind.findData(finding.kind))
            if self.statement.toPlainText() != finding.statement:
                self.statement.setPlainText(finding.statement)
            if self.recommendation.toPlainText() != finding.recommendation:
                self.recommendation.setPlainText(finding.recommendation)
            self.recommendation.setEnabled(finding.kind.needs_recommendation)
            self._show_evidence(finding)
        finally:
            self._loading = False

    def _show_evidence(self, finding: Finding) -> None:
        self.evidence_list.clear()
        sources = set()
        for evidence_id in finding.evidence_ids:
            e = self.controller.evidence.get(evidence_id)
            sources.add(e.source_type)
            item = QListWidgetItem(f"{e.ref}  {e.source_type.label}  ·  {e.summary}")
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            self.evidence_list.addItem(item)
        n = len(finding.evidence_ids)
        self.support_label.setText(
            f"Supported by {n} item{'s' if n != 1 else ''} from {len(sources)} source "
            f"type{'s' if len(sources) != 1 else ''}" if n else "No supporting evidence yet")

    def _text_changed(self) -> None:
        if not self._loading and self.current is not None:
            self._save_timer.start()

    def edited_finding(self) -> Finding | None:
        if self.current is None:
            return None
        kind = FindingKind(self.kind.currentData())
        return replace(self.current, kind=kind, statement=self.statement.toPlainText().strip(),
                       recommendation=self.recommendation.toPlainText().strip()
                       if kind.needs_recommendation else "")

    def set_read_only(self, read_only: bool) -> None:
        """Show findings without letting them be changed (the file is open read-only)."""
        self.read_only = read_only
        freeze([self.kind, self.statement, self.recommendation], read_only)
        hide_when(read_only, [self.new_button, self.delete_button, self.link_button,
                              self.unlink_button])

    def commit(self) -> None:
        self._save_timer.stop()
        if self._loading or self.current is None or getattr(self, "read_only", False):
            return
        new = self.edited_finding()
        if new == self.current:
            return
        self.recommendation.setEnabled(new.kind.needs_recommendation)
        self._write(lambda: self.controller.edit_finding(self.current, new))

    def _write(self, action) -> None:
        try:
            self.current = action()
        except (StorageError, ValueError) as e:
            QMessageBox.warning(self, "Finding not saved", str(e))

    # -- actions ----------------------------------------------------------------
    def new_finding(self) -> None:
        if self.question_code is None:
            return
        self.commit()
        finding = self.controller.add_finding(Finding(question_code=self.question_code,
                                                      kind=FindingKind.STRENGTH))
        self.select_finding(finding.id)
        if self.current is None or self.current.id != finding.id:
            self._show(finding)
        self.statement.setFocus()

    def show_history(self):
        """Open the selected finding's history (saving what is pending first)."""
        if self.current is None:
            return None
        self.commit()
        finding = self.current
        return show_history(self, self.controller, finding.id,
                            f"the {finding.kind.label.lower()} under {finding.question_code}")

    def delete_finding(self) -> None:
        if self.current is None:
            return
        answer = QMessageBox.question(
            self, "Delete finding",
            f"Delete this {self.current.kind.label.lower()}? You can undo this.")
        if answer == QMessageBox.StandardButton.Yes:
            finding, self.current = self.current, None
            self.controller.delete_finding(finding)

    def link_selected_evidence(self) -> None:
        ids = self.selected_evidence()
        if self.current is None:
            return
        if not ids:
            QMessageBox.information(self, "Link evidence",
                                    "Select one or more items in the evidence list first.")
            return
        self.commit()
        self._write(lambda: self.controller.link_evidence_to_finding(self.current, ids))

    def unlink_evidence(self) -> None:
        ids = [i.data(Qt.ItemDataRole.UserRole) for i in self.evidence_list.selectedItems()]
        if self.current is None or not ids:
            return
        self.commit()
        self._write(lambda: self.controller.unlink_evidence_from_finding(self.current, ids))
