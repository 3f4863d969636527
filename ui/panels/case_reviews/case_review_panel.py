"""The widgets of the Case files tab: the checklist chosen at the top, the filters the
files list and the results share, then the files reviewed beside the review form, and
the results on a page of their own.

Only widgets: what they show and the changes they ask for are wired by
:class:`~ui.window.tabs.case_review_tabs.CaseReviewTabs`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.case_reviews.query import CaseFileQuery
from ui.editing.case_review_editing import CaseReviewEditing
from ui.item_models.case_file_table_model import CaseFileTableModel
from ui.panels.case_reviews.results_panel import ResultsPanel
from ui.panels.case_reviews.review_form import ReviewForm
from ui.panels.date_field import DateField

ANY = "Any"


def compact(table: QTableView) -> None:
    """Rows a line of text high, as in the evidence list, so a short pane shows many."""
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)
    return combo


class CaseReviewPanel(QWidget):
    """Checklist, filters, files list, review form and results."""

    def __init__(self, editing: CaseReviewEditing, parent: QWidget | None = None):
        super().__init__(parent)
        self.checklist = _combo("Checklist")
        self.checklist.setMinimumContentsLength(20)
        self.new_checklist = QPushButton("New checklist…")
        self.edit_checklist = QPushButton("Edit checklist…")
        self.delete_checklist = QPushButton("Delete checklist…")
        top = QHBoxLayout()
        top.addWidget(QLabel("Checklist"))
        top.addWidget(self.checklist, 1)
        top.addWidget(self.edit_checklist)
        top.addWidget(self.new_checklist)
        top.addWidget(self.delete_checklist)

        self.search = QLineEdit(placeholderText="Search reference, crime type, notes")
        self.search.setAccessibleName("Search case files")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(90)
        self.crime_filter = _combo("Crime type filter")
        self.reviewer_filter = _combo("Reviewer filter")
        self.reviewer_filter.setMinimumContentsLength(4)
        self.date_from = DateField("Reviewed from")
        self.date_to = DateField("Reviewed to")
        for field in (self.date_from, self.date_to):
            field.line.setPlaceholderText("Any")
            field.line.setMinimumWidth(
                field.line.fontMetrics().horizontalAdvance("30 Sep 2015") + 12
            )
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(QLabel("Crime"))
        filters.addWidget(self.crime_filter, 1)
        filters.addWidget(QLabel("By"))
        filters.addWidget(self.reviewer_filter)
        filters.addWidget(QLabel("From"))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("to"))
        filters.addWidget(self.date_to)
        self.filter_note = QLabel()
        self.filter_note.setWordWrap(True)
        self.filter_note.setAccessibleName("Date filter note")
        self.filter_note.hide()

        self.files = CaseFileTableModel(lambda: editing.inspection, self)
        self.file_list = QTableView()
        self.file_list.setAccessibleName("Reviewed case files")
        self.file_list.setModel(self.files)
        self.file_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.file_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.file_list.setTabKeyNavigation(False)
        self.file_list.verticalHeader().hide()
        self.file_list.setWordWrap(False)
        header = self.file_list.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(30)
        compact(self.file_list)
        self.count = QLabel()
        self.count.setAccessibleName("Case files count")
        self.new_file = QPushButton("New file")
        self.new_file.setToolTip("Start reviewing another file (what is typed is saved first)")
        self.delete_file = QPushButton("Delete…")
        self.count.setWordWrap(True)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.new_file)
        list_buttons.addWidget(self.delete_file)
        list_buttons.addStretch(1)
        list_box = QWidget()
        list_column = QVBoxLayout(list_box)
        list_column.setContentsMargins(0, 0, 0, 0)
        list_column.addWidget(self.count)
        list_column.addWidget(self.file_list, 1)
        list_column.addLayout(list_buttons)

        self.form = ReviewForm(editing)
        self.review_page = QSplitter(Qt.Orientation.Horizontal)
        self.review_page.addWidget(list_box)
        self.review_page.addWidget(self.form)
        self.review_page.setStretchFactor(0, 2)
        self.review_page.setStretchFactor(1, 3)
        self.review_page.setChildrenCollapsible(False)
        self.results = ResultsPanel()
        self.pages = QTabWidget()
        self.pages.setAccessibleName("Case files pages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.review_page, "Review files")
        self.pages.addTab(self.results, "Results")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.filter_note)
        layout.addWidget(self.pages, 1)
        for widget in (list_box, self.form, self.results):
            widget.setMinimumWidth(120)
            widget.setMinimumHeight(60)

    # -- the filters -------------------------------------------------------------------
    def set_filter_choices(self, crime_types: tuple[str, ...], reviewers: tuple[str, ...]) -> None:
        """Offer these crime types and reviewers, keeping what is chosen if still offered."""
        for combo, values in (
            (self.crime_filter, crime_types),
            (self.reviewer_filter, reviewers),
        ):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ANY, None)
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(combo.findData(keep), 0) if keep else 0)
            combo.blockSignals(False)

    def query(self, checklist_id: str) -> CaseFileQuery:
        """The checklist's files narrowed by the search words and the filters chosen."""
        return CaseFileQuery(
            checklist_id,
            search=self.search.text(),
            crime_type=self.crime_filter.currentData(),
            reviewer=self.reviewer_filter.currentData(),
            reviewed_from=self.date_from.date(),
            reviewed_to=self.date_to.date(),
        )
