"""The results of a checklist in the Case files tab: an item a row with a bar, its
breakdown by answer, and the files behind one answer, each a click (or Enter) away
from being opened in the review form.

The panel only shows what it is given and says what was asked for; the tab reads the
results (counted in SQL) and answers the buttons.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.case_reviews.results import ItemResult
from ui.item_models.case_file_table_model import CASE_FILE_ID_ROLE, CaseFileRowsModel
from ui.item_models.checklist_results_model import (
    RESULT_COLUMN,
    AnswerBreakdownModel,
    AnswerRow,
    ChecklistResultsModel,
    ItemEvidence,
)
from ui.item_models.result_bar_delegate import ResultBarDelegate


def _table(name: str, model) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setHighlightSections(False)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    return table


class ResultsPanel(QWidget):
    """Results, breakdown and files behind an answer, with the evidence buttons."""

    #: The item chosen changed (its result, or None).
    item_chosen = Signal(object)
    #: An answer of the chosen item was chosen: list its files (item id, value).
    answer_chosen = Signal(str, str)
    #: Open a file in the review form (its id).
    open_file = Signal(str)
    make_evidence = Signal(object)  # ItemResult
    update_evidence = Signal(object)  # ItemResult
    go_to_evidence = Signal(str)  # evidence id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What the results count")
        self.model = ChecklistResultsModel(self)
        self.table = _table("Checklist results", self.model)
        self.table.setItemDelegateForColumn(RESULT_COLUMN, ResultBarDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 40)
        self.table.setColumnWidth(RESULT_COLUMN, 330)
        self.make_button = QPushButton("Make evidence")
        self.make_button.setToolTip("Record this item's result as a case file review evidence item")
        self.update_button = QPushButton("Update summary")
        self.update_button.setToolTip("State the current result in the evidence made from it")
        self.go_button = QPushButton("Go to evidence")
        self.evidence_note = QLabel()
        self.evidence_note.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.make_button, self.update_button, self.go_button):
            buttons.addWidget(button)
        buttons.addWidget(self.evidence_note, 1)

        self.answers = AnswerBreakdownModel(self)
        self.answer_list = _table("Answers of the chosen item", self.answers)
        self.answer_list.horizontalHeader().setStretchLastSection(True)
        self.files = CaseFileRowsModel(self)
        self.file_list = _table("Files behind the chosen answer", self.files)
        self.file_list.horizontalHeader().setStretchLastSection(True)
        self.files_title = QLabel("Choose an answer to list its files.")
        files_box = QWidget()
        files_column = QVBoxLayout(files_box)
        files_column.setContentsMargins(0, 0, 0, 0)
        files_column.addWidget(self.files_title)
        files_column.addWidget(self.file_list, 1)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.answer_list)
        lower.addWidget(files_box)
        lower.setStretchFactor(1, 2)
        lower.setChildrenCollapsible(False)
        upper = QWidget()
        upper_column = QVBoxLayout(upper)
        upper_column.setContentsMargins(0, 0, 0, 0)
        upper_column.addWidget(self.summary)
        upper_column.addWidget(self.table, 1)
        upper_column.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        for table in (self.table, self.answer_list, self.file_list):
            table.setMinimumHeight(table.verticalHeader().defaultSectionSize() * 2)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._item_changed())
        self.answer_list.selectionModel().currentRowChanged.connect(lambda *_: self._answer())
        self.answer_list.clicked.connect(lambda _i: self._answer())
        self.answer_list.activated.connect(lambda _i: self._answer(focus=True))
        self.file_list.activated.connect(self._open)
        self.make_button.clicked.connect(lambda: self._emit(self.make_evidence))
        self.update_button.clicked.connect(lambda: self._emit(self.update_evidence))
        self.go_button.clicked.connect(self._go)
        self._buttons()

    # -- shown ---------------------------------------------------------------------------
    def show_results(
        self,
        results: list[ItemResult],
        evidence: dict[str, list[ItemEvidence]],
        summary: str,
    ) -> None:
        """Show results afresh, keeping the item chosen."""
        chosen = self.chosen()
        self.summary.setText(summary)
        self.model.set_results(results, evidence)
        row = self.model.row_of(chosen.item.id) if chosen is not None else -1
        if row < 0 and results:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._item_changed()

    def chosen(self) -> ItemResult | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def choose_item(self, item_id: str) -> None:
        row = self.model.row_of(item_id)
        if row >= 0:
            self.table.selectRow(row)

    def show_files(self, title: str, rows) -> None:
        self.files_title.setText(title)
        self.files.set_rows(rows)
        if rows:
            self.file_list.selectRow(0)

    # -- choosing ------------------------------------------------------------------------
    def _item_changed(self) -> None:
        result = self.chosen()
        self.answers.set_result(result)
        self.files.set_rows([])
        self.files_title.setText("Choose an answer to list its files.")
        self._buttons()
        self.item_chosen.emit(result)

    def _answer(self, focus: bool = False) -> None:
        result = self.chosen()
        index = self.answer_list.currentIndex()
        row: AnswerRow | None = self.answers.row_at(index.row()) if index.isValid() else None
        if result is None or row is None:
            return
        self.answer_chosen.emit(result.item.id, row.value)
        if focus and self.files.rowCount():
            self.file_list.setFocus()

    def _open(self, index) -> None:
        file_id = index.data(CASE_FILE_ID_ROLE)
        if file_id:
            self.open_file.emit(str(file_id))

    def _emit(self, signal) -> None:
        result = self.chosen()
        if result is not None:
            signal.emit(result)

    def _go(self) -> None:
        result = self.chosen()
        made = self.model.evidence_of(result.item.id) if result is not None else []
        if made:
            self.go_to_evidence.emit(made[0].evidence_id)

    def _buttons(self) -> None:
        result = self.chosen()
        made = self.model.evidence_of(result.item.id) if result is not None else []
        stale = [m for m in made if m.out_of_date]
        self.make_button.setEnabled(result is not None)
        self.update_button.setEnabled(bool(stale))
        self.go_button.setEnabled(bool(made))
        if stale:
            refs = ", ".join(m.ref for m in stale)
            self.evidence_note.setText(
                f"{refs} out of date: more files were reviewed or answers changed since."
            )
        elif made:
            self.evidence_note.setText(
                f"Evidence {', '.join(m.ref for m in made)} states this result."
            )
        else:
            self.evidence_note.setText("")
