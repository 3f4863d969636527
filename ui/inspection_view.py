"""The workspace for one open inspection: question tree, evidence list and the editors.

Selecting a question scopes the evidence list, the findings and the judgment
to it and its sub-questions.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QMessageBox, QSplitter,
                               QTabWidget, QTreeView, QVBoxLayout, QWidget)

from models.framework import Question
from models.records import Evidence
from ui.evidence_editor import EvidenceEditor
from ui.evidence_list import EvidenceListWidget
from ui.findings_panel import FindingsPanel
from ui.grade_badge_delegate import GradeBadgeDelegate
from ui.inspection_controller import InspectionController
from ui.judgment_panel import JudgmentPanel
from ui.question_tree_model import QuestionTreeModel
from ui.wrapping_delegate import WrappingDelegate

EVIDENCE_TAB, FINDINGS_TAB, JUDGMENT_TAB = range(3)


class InspectionView(QWidget):
    """Tree on the left; evidence list above the editor tabs on the right."""

    question_selected = Signal(object)  # Question or None

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self._keeping_draft = False
        self.tree_model = QuestionTreeModel(controller, self)
        self.tree = QTreeView()
        self.tree.setAccessibleName("Question tree")
        self.tree.setModel(self.tree_model)
        # Question titles are long and alike at the start: wrap them rather than elide.
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAllColumnsShowFocus(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Compact grade badges: the column is as wide as the widest badge, no wider.
        self.tree.setItemDelegateForColumn(1, GradeBadgeDelegate(self.tree))
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.expandToDepth(1)

        self.evidence_list = EvidenceListWidget(controller)
        self.editor = EvidenceEditor(controller)
        self.findings = FindingsPanel(controller, self.evidence_list.selected_ids)
        self.judgment = JudgmentPanel(controller)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Editors")
        self.tabs.addTab(self.editor, "&Evidence")
        self.tabs.addTab(self.findings, "F&indings")
        self.tabs.addTab(self.judgment, "&Judgment")
        # Findings are read only while their tab is shown (see FindingsTableModel).
        self.findings.model.set_active(False)
        self.tabs.currentChanged.connect(
            lambda _i: self.findings.model.set_active(self.tabs.currentWidget() is self.findings))

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.evidence_list)
        right.addWidget(self.tabs)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([520, 880])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        self.tree.selectionModel().currentChanged.connect(self._question_changed)
        self.evidence_list.evidence_selected.connect(self._evidence_selected)
        self.editor.finished.connect(self.evidence_list.table.setFocus)
        self.editor.delete_requested.connect(self.delete_selected_evidence)
        self.editor.created.connect(self._evidence_created)
        self.editor.open_finding.connect(self.open_finding)
        controller.before_step = self.commit_pending

    # -- questions --------------------------------------------------------------
    @property
    def current_question(self) -> Question | None:
        return self.tree_model.question_at(self.tree.currentIndex())

    def select_question(self, code: str) -> None:
        index = self.tree_model.index_for_code(code)
        self.tree.scrollTo(index)
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def _question_changed(self, current, _previous) -> None:
        question = self.tree_model.question_at(current)
        code = question.code if question else None
        # The one headline question covers the whole inspection, unlinked items included.
        self.evidence_list.set_question(None if self.tree_model.is_sole_root(question) else code)
        self.findings.set_question(code)
        self.judgment.set_question(question)
        self.question_selected.emit(question)

    # -- evidence ---------------------------------------------------------------
    def _evidence_selected(self, evidence_id) -> None:
        if self._keeping_draft:
            return
        if not self.editor.show_evidence(evidence_id):
            # The person kept writing a new item: the list shows no row for it.
            self._keeping_draft = True
            try:
                self.evidence_list.table.clearSelection()
            finally:
                self._keeping_draft = False

    def new_evidence(self, author: str) -> Evidence | None:
        """Start a new item linked to the selected question, dated today, with the cursor
        in its summary; it is recorded once it has one. None if a draft was kept instead."""
        self.commit_pending()
        if not self.editor.release_draft():
            return None
        question = self.current_question
        codes = (question.code,) if question is not None else ()
        self.tabs.setCurrentIndex(EVIDENCE_TAB)
        self._keeping_draft = True
        try:  # the list shows no row for an item not recorded yet
            self.evidence_list.table.clearSelection()
        finally:
            self._keeping_draft = False
        self.editor.start_draft(Evidence(author=author, collected_on=date.today(),
                                         question_codes=codes))
        self.editor.focus_first_field()
        return self.editor.current

    def _evidence_created(self, evidence_id: str) -> None:
        """A new item was recorded: show it selected in the list, if the list holds it."""
        self._keeping_draft = True
        try:
            self.evidence_list.select(evidence_id)
        finally:
            self._keeping_draft = False

    def open_finding(self, finding_id: str) -> None:
        """Show a finding on the Findings tab, widening the question scope if need be."""
        finding = self.controller.findings.get(finding_id)
        question = self.current_question
        framework = self.controller.framework
        if question is None or not framework.is_within(finding.question_code, question.code):
            self.select_question(finding.question_code)
        self.tabs.setCurrentWidget(self.findings)
        self.findings.select_finding(finding_id)
        self.findings.table.setFocus()

    def delete_selected_evidence(self) -> None:
        ids = self.evidence_list.selected_ids()
        if not ids and self.editor.current is not None:
            ids = [self.editor.current.id]
        if not ids:
            return
        items = [self.controller.evidence.get(i) for i in ids]
        what = items[0].ref if len(items) == 1 else f"{len(items)} evidence items"
        answer = QMessageBox.question(
            self, "Delete evidence",
            f"Delete {what}? Findings lose it as support. You can undo this.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.controller.undo_stack.beginMacro(f"Delete {what}")
        try:
            for item in items:
                self.controller.delete_evidence(item)
        finally:
            self.controller.undo_stack.endMacro()

    def reload(self) -> None:
        """Show the file's data afresh in every view (after changes made outside them)."""
        current = self.editor.current.id if self.editor.current else None
        self.tree_model.refresh_counts()
        self.tree_model.refresh_grades()
        self.evidence_list.model.reload()
        self.findings.model.reload()
        self.judgment.set_question(self.current_question)
        if current is not None:
            self.editor.refresh()

    def commit_pending(self) -> None:
        """Save anything still being typed in any editor."""
        self.editor.commit()
        self.findings.commit()
        self.judgment.commit()
