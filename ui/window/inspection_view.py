"""The workspace for one open inspection: question tree, evidence list and the editors.

Selecting a question scopes the evidence list, the findings and the judgment
to it and its sub-questions.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from models.framework import Question
from models.records import Evidence
from ui.editing.inspection_controller import InspectionController
from ui.item_models.grade_badge_delegate import GradeBadgeDelegate
from ui.item_models.question_tree_model import QuestionTreeModel
from ui.item_models.wrapping_delegate import WrappingDelegate
from ui.panels.evidence_editor import EvidenceEditor
from ui.panels.evidence_list import EvidenceListWidget
from ui.panels.findings.findings_panel import FindingsPanel
from ui.panels.judgment_panel import JudgmentPanel

if TYPE_CHECKING:
    from ui.window.tabs.case_review_tabs import CaseReviewTabs

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
        self.tree.setIndentation(14)  # titles keep more of the tree's width
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Compact grade badges: the column is as wide as the widest badge shown, no wider;
        # set when grades change rather than measured row by row whenever a count changes.
        self.badges = GradeBadgeDelegate(self.tree)
        self.tree.setItemDelegateForColumn(1, self.badges)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.tree_model.grades_refreshed.connect(self._fit_grade_column)
        self._fit_grade_column()
        # The item count with its balance of positive, neutral and negative evidence.
        from ui.item_models.balance_bar_delegate import BalanceBarDelegate

        self.tree.setItemDelegateForColumn(2, BalanceBarDelegate(self.tree))
        # As wide as the widest count, which is a top-level question's (it counts all
        # under it): set when counts change, rather than every row measured each time.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        controller.counts.changed.connect(self._fit_count_column)
        self._fit_count_column()
        self.tree.expandToDepth(1)

        self.evidence_list = EvidenceListWidget(controller)
        self.editor = EvidenceEditor(controller)
        self.findings = FindingsPanel(controller, self.evidence_list.selected_ids)
        self.judgment = JudgmentPanel(controller)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Editors")
        # Tab goes from the list straight into the editor; Alt+C/N/J switch tabs.
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Alt+C, Alt+N, Alt+J: no menu or field label of any tab uses these letters.
        self.tabs.addTab(self.editor, "Eviden&ce")
        self.tabs.addTab(self.findings, "Fi&ndings")
        self.tabs.addTab(self.judgment, "&Judgment")
        # Findings are read only while their tab is shown (see FindingsTableModel).
        self.findings.model.set_active(False)
        self.tabs.currentChanged.connect(
            lambda _i: self.findings.model.set_active(self.tabs.currentWidget() is self.findings)
        )

        self.right = right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.evidence_list)
        right.addWidget(self.tabs)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self._panes_fitted = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        self.tree.selectionModel().currentChanged.connect(self._question_changed)
        self.evidence_list.evidence_selected.connect(self._evidence_selected)
        self.editor.finished.connect(self.evidence_list.table.setFocus)
        self.editor.delete_requested.connect(self.delete_selected_evidence)
        self.editor.created.connect(self._evidence_created)
        self.editor.open_finding.connect(self.open_finding)
        self.findings.open_evidence.connect(self.open_evidence)
        self.evidence_list.selection_count_changed.connect(self.findings.evidence_selection_changed)
        self.evidence_list.table.customContextMenuRequested.connect(self._evidence_menu)
        # Enter or a double-click on a row: edit it (the cursor goes to its summary).
        self.evidence_list.table.activated.connect(lambda _index: self.edit_selected())
        delete = QShortcut(
            QKeySequence.StandardKey.Delete, self.evidence_list.table, self.delete_selected_evidence
        )
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        # Dragging evidence over the Findings tab brings the findings into view.
        self.tabs.tabBar().setChangeCurrentOnDrag(True)
        self.tabs.tabBar().setAcceptDrops(True)
        controller.before_step = self.commit_pending
        from ui.window.tabs.review_tabs import ReviewTabs

        self.review = ReviewTabs(self)
        from ui.window.tabs.indicator_tabs import IndicatorTabs

        self.indicators = IndicatorTabs(self)
        from ui.window.tabs.case_files_tab import CaseFilesTab

        #: The Case files tab's page, the tab itself built when first wanted.
        self.case_files = CaseFilesTab(self, self.tabs)

    @property
    def case_reviews(self) -> CaseReviewTabs:
        """The Case files tab, built now if it has not been yet."""
        return self.case_files.tab()

    def _fit_grade_column(self) -> None:
        metrics = self.tree.fontMetrics()
        self.tree.setColumnWidth(
            1,
            max(
                self.badges.widest(metrics, self.tree_model.shown_badges()),
                metrics.horizontalAdvance("Grade") + 16,
            ),
        )

    def _fit_count_column(self, *_args) -> None:
        roots = [self.tree_model.index(row, 2) for row in range(self.tree_model.rowCount())]
        widest = max(
            [self.tree.sizeHintForIndex(index).width() for index in roots]
            + [self.tree.header().sectionSizeHint(2)]
        )
        if widest != self.tree.columnWidth(2):
            self.tree.setColumnWidth(2, widest)

    # -- panes ------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self._panes_fitted and self.isVisible() and self.width() > 0:
            self.fit_panes()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._panes_fitted and self.width() > 0:
            self.fit_panes()

    def fit_panes(self) -> None:
        """Share the window out: the tree about a third, the list a dozen rows or more."""
        from ui.window.window_size import list_height, tree_width

        self._panes_fitted = True
        total = self.splitter.width()
        tree = tree_width(total)
        self.splitter.setSizes([tree, max(1, total - tree)])
        table = self.evidence_list.table
        row = table.verticalHeader().defaultSectionSize()
        chrome = (
            self.evidence_list.height() - table.viewport().height()
            if self.evidence_list.height() > 0
            else 0
        ) or 3 * row
        height = self.right.height()
        wanted = list_height(height, row, chrome + 4, self.tabs.minimumSizeHint().height())
        self.right.setSizes([wanted, max(1, height - wanted)])

    # -- questions --------------------------------------------------------------
    @property
    def current_question(self) -> Question | None:
        return self.tree_model.question_at(self.tree.currentIndex())

    def select_question(self, code: str) -> None:
        index = self.tree_model.index_for_code(code)
        self.tree.scrollTo(index)
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

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
        self.editor.start_draft(
            Evidence(author=author, collected_on=date.today(), question_codes=codes)
        )
        self.editor.focus_first_field()
        return self.editor.current

    def _evidence_created(self, evidence_id: str) -> None:
        """A new item was recorded: show it selected in the list, if the list holds it."""
        self._keeping_draft = True
        try:
            self.evidence_list.select(evidence_id)
        finally:
            self._keeping_draft = False

    def open_evidence(self, evidence_id: str) -> None:
        """Show an item in the editor (selected in the list when the list holds it)."""
        self.tabs.setCurrentIndex(EVIDENCE_TAB)
        if not self.evidence_list.select(evidence_id):
            self.evidence_list.clear_filters()
            if not self.evidence_list.select(evidence_id):
                self.editor.show_evidence(evidence_id)
        self.editor.focus_first_field()

    def edit_selected(self) -> None:
        """Open the selected row in the editor, cursor in its summary."""
        ids = self.evidence_list.selected_ids()
        if ids:
            self.open_evidence(ids[0])

    def _evidence_menu(self, pos) -> None:
        from ui.panels.evidence_context_menu import evidence_menu

        table = self.evidence_list.table
        if not table.indexAt(pos).isValid():
            return
        menu = evidence_menu(self, self.evidence_list.selected_ids())
        menu.exec(table.viewport().mapToGlobal(pos))
        menu.deleteLater()

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
            self,
            "Delete evidence",
            f"Delete {what}? Findings lose it as support. You can undo this.",
        )
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
        self.review.keeper.gather()
        self.review.show_to_review()
        self.judgment.set_question(self.current_question)
        if self.case_files.built is not None:
            self.case_files.built.load_checklists()
        if current is not None:
            self.editor.refresh()

    def commit_pending(self) -> None:
        """Save anything still being typed in any editor."""
        self.editor.commit()
        self.findings.commit()
        self.judgment.commit()
        if self.case_files.built is not None:
            self.case_files.built.commit()
