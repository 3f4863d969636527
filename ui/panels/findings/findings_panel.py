"""Findings for the selected question: the list beside the editor of the chosen finding.

A new finding is a draft until its statement is typed (nothing is written or
listed before that; abandoning it leaves nothing behind). A finding can be
moved to another question. Evidence is linked by selecting items in the
evidence list and pressing "Link N selected items", or by dragging items onto
a finding in the list or onto the finding's evidence; every change is saved at
once and can be undone. Double-clicking a linked item opens it.

Saving and drafts are in :mod:`ui.panels.findings.finding_saving`, linking in
:mod:`ui.panels.findings.finding_links`.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.records import Finding
from models.review.notes import NoteSubject
from models.sign_off import SignOffRefused
from storage.operations import StorageError
from ui.dialogs.history_dialog import show_history
from ui.editing.inspection_controller import InspectionController
from ui.item_models.findings_table_model import FindingsTableModel
from ui.item_models.read_only import freeze, hide_when
from ui.panels.evidence_drag import EvidenceDropFilter
from ui.panels.findings.finding_form import EVIDENCE_ID_ROLE, FindingForm
from ui.panels.findings.finding_links import FindingLinks
from ui.panels.findings.finding_saving import FindingSaving
from ui.panels.findings.findings_search import FindingsSearch
from ui.panels.notes_button import NotesButton

SAVE_DELAY_MS = 600


class FindingsPanel(FindingSaving, FindingLinks, QWidget):
    """Create, edit, move and delete findings; link and unlink their evidence."""

    open_evidence = Signal(str)  # the person asked to see a linked evidence item
    message = Signal(str)

    def __init__(
        self,
        controller: InspectionController,
        selected_evidence: Callable[[], list[str]],
        parent=None,
    ):
        super().__init__(parent)
        self.controller = controller
        self.selected_evidence = selected_evidence
        self.question_code: str | None = None
        self.current: Finding | None = None
        self.draft = False
        self.read_only = False
        self._loading = False
        self.model = FindingsTableModel(controller, self)

        self.table = QTableView()
        self.table.setAccessibleName("Findings")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the editor
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in (0, 1, 3, 4, 5, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.search = FindingsSearch()
        self.search.changed.connect(self.model.set_matching)
        self.new_button = QPushButton("New finding")
        self.new_button.setAccessibleName("New finding")
        self.new_button.setToolTip("A new finding under the selected question (Ctrl+Shift+F)")
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setAccessibleName("Delete finding")
        self.history_button = QPushButton("History…")
        self.history_button.setAccessibleName("History of the finding")
        self.review_notes_button = NotesButton(controller, "finding", "Notes")

        self.form = form = FindingForm(controller.framework)
        # The form's fields, by the names the panel has always given them.
        self.heading = form.heading
        self.question = form.question
        self.kind = form.kind
        self.statement = form.statement
        self.recommendation = form.recommendation
        self.evidence_list = form.evidence_list
        self.support_label = form.support_label
        self.link_button = form.link_button
        self.unlink_button = form.unlink_button
        self.editor = self.form

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.review_notes_button)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table)
        # Side by side: the list keeps its height on a short screen.
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self._split = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.commit)
        for edit in (self.statement, self.recommendation):
            edit.textChanged.connect(self._text_changed)
            edit.focus_lost.connect(self.commit)
        controller.undo_keys.watch(self.statement, self.recommendation)
        self.kind.currentIndexChanged.connect(lambda _i: self.commit())
        self.question.currentIndexChanged.connect(lambda _i: self.commit())
        self.new_button.clicked.connect(self.new_finding)
        self.delete_button.clicked.connect(self.delete_finding)
        self.history_button.clicked.connect(self.show_history)
        self.form.review_button.clicked.connect(self.toggle_review)
        self.link_button.clicked.connect(self.link_selected_evidence)
        self.unlink_button.clicked.connect(self.unlink_evidence)
        self.evidence_list.itemActivated.connect(self._evidence_activated)
        self.evidence_list.itemDoubleClicked.connect(self._evidence_activated)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._reselect)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.form, self.escape)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # Evidence dragged from the list links to the finding it is dropped on.
        EvidenceDropFilter(self.table.viewport(), self._finding_id_at, self.link_dropped)
        EvidenceDropFilter(
            self.evidence_list.viewport(),
            lambda _pos: self.current.id if self.current else None,
            self.link_dropped,
        )
        self._show(None)
        self.evidence_selection_changed(0)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._split and self.width() > 0:
            # The list gets the larger share: statements are read there.
            self._split = True
            total = self.splitter.width()
            form = max(self.form.minimumSizeHint().width(), round(total * 0.42))
            self.splitter.setSizes([max(1, total - form), form])

    # -- question scope ---------------------------------------------------------
    def set_question(self, code: str | None) -> None:
        if self.draft:
            self.release_draft()
        self.commit()
        self.question_code = code
        self.model.set_question(code)
        self.new_button.setEnabled(code is not None and not self.read_only)

    # -- selection --------------------------------------------------------------
    def select_finding(self, finding_id: str) -> None:
        row = self.model.row_of(finding_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.NoUpdate
        )
        self.table.scrollTo(index)

    def _finding_id_at(self, pos) -> str | None:
        index = self.table.indexAt(pos)
        finding = self.model.finding_at(index.row()) if index.isValid() else None
        return finding.id if finding else None

    def _selection_changed(self, *_args) -> None:
        if self._loading:
            return
        rows = self.table.selectionModel().selectedRows()
        finding = self.model.finding_at(rows[0].row()) if rows else None
        if finding and self.current and finding.id == self.current.id:
            return
        if self.draft and not self.release_draft():
            self._loading = True
            self.table.clearSelection()
            self._loading = False
            return
        self.commit()
        self._show(finding)

    def _reselect(self) -> None:
        """The list was read afresh: keep showing the finding being edited."""
        if self.draft:
            return
        if self.current is None:
            self._show(None)
            return
        row = self.model.row_of(self.current.id)
        if row is None:
            # Moved out of the selected question (or deleted): keep it in view while it
            # exists, so a finding just moved can still be worked on.
            try:
                stored = self.controller.findings.get(self.current.id)
            except KeyError:
                stored = None
            self._show(stored if stored is not None and stored.deleted_at is None else None)
            return
        self._loading = True
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._loading = False
        self._show(self.model.finding_at(row))

    # -- the editor -------------------------------------------------------------
    def _show(self, finding: Finding | None) -> None:
        self._save_timer.stop()
        self.current = finding
        self._loading = True
        try:
            self.form.setEnabled(finding is not None)
            saved = finding is not None and not self.draft
            self.delete_button.setEnabled(saved)
            self.history_button.setEnabled(saved)
            self.review_notes_button.set_subject(
                NoteSubject.FINDING if saved else None,
                finding.id if finding is not None and saved else None,
                f"{finding.ref}, the {finding.kind.label.lower()} under {finding.question_code}"
                if finding is not None
                else "",
            )
            self.form.show_sign_off(finding, saved and not self.read_only)
            self.new_button.setEnabled(self.question_code is not None and not self.read_only)
            if finding is None:
                self.heading.setText("Select a finding, or press New finding (Ctrl+Shift+F).")
                self.statement.clear()
                self.recommendation.clear()
                self.evidence_list.clear()
                self.support_label.clear()
                self.evidence_selection_changed(len(self.selected_evidence()))
                return
            self.heading.setText(self._heading(finding))
            self.question.setCurrentIndex(self.question.findData(finding.question_code))
            self.kind.setCurrentIndex(self.kind.findData(finding.kind))
            if self.statement.toPlainText() != finding.statement:
                self.statement.setPlainText(finding.statement)
            if self.recommendation.toPlainText() != finding.recommendation:
                self.recommendation.setPlainText(finding.recommendation)
            self.recommendation.setEnabled(finding.kind.needs_recommendation)
            self._show_evidence(finding)
            self.evidence_selection_changed(len(self.selected_evidence()))
        finally:
            self._loading = False

    def _heading(self, finding: Finding) -> str:
        if self.draft:
            return "New finding: recorded, with the next ref, once its statement is typed."
        framework = self.controller.framework
        if self.question_code and not framework.is_within(
            finding.question_code, self.question_code
        ):
            return (
                f"Finding {finding.ref} is under {finding.question_code}, outside the "
                "question selected in the tree."
            )
        return f"Finding {finding.ref}"

    def _show_evidence(self, finding: Finding) -> None:
        self.form.show_evidence([self.controller.evidence.get(i) for i in finding.evidence_ids])

    def evidence_selection_changed(self, count: int) -> None:
        """Say on the Link button how many items of the evidence list it would link."""
        self.form.show_selection(count, self.current is not None)

    def _evidence_activated(self, item: QListWidgetItem) -> None:
        self.open_evidence.emit(item.data(EVIDENCE_ID_ROLE))

    def set_read_only(self, read_only: bool) -> None:
        """Show findings without letting them be changed (the file is open read-only)."""
        self.read_only = read_only
        freeze([self.question, self.kind, self.statement, self.recommendation], read_only)
        hide_when(
            read_only,
            [
                self.new_button,
                self.delete_button,
                self.link_button,
                self.unlink_button,
                self.form.review_button,
            ],
        )

    # -- actions ----------------------------------------------------------------
    def toggle_review(self) -> None:
        """Mark reviewed (signed off as this window's inspector), or draft again."""
        if self.current is None or self.draft or self.read_only:
            return
        self.commit()  # what is being typed is saved first, as a step of its own
        current = self.controller.findings.get(self.current.id)
        try:
            self.controller.set_finding_reviewed(current, not current.reviewed)
        except SignOffRefused as e:
            QMessageBox.warning(self, "Not signed off", str(e))
        except (StorageError, ValueError) as e:
            QMessageBox.warning(self, "Finding not saved", str(e))

    def show_history(self):
        """Open the selected finding's history (saving what is pending first)."""
        if self.current is None or self.draft:
            return None
        self.commit()
        finding = self.current
        return show_history(
            self,
            self.controller,
            finding.id,
            f"{finding.ref}, the {finding.kind.label.lower()} under {finding.question_code}",
        )

    def delete_finding(self) -> None:
        if self.current is None or self.draft:
            return
        answer = QMessageBox.question(
            self,
            "Delete finding",
            f"Delete {self.current.ref}, this {self.current.kind.label.lower()}? "
            "You can undo this.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            finding, self.current = self.current, None
            self.controller.delete_finding(finding)
