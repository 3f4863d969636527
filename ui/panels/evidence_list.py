"""The evidence list: search box, filters, the lazy table, and a count that says what it shows.

Typing in the search box re-queries after a short pause (debounced), so each
keystroke costs nothing until the user stops typing. The count names the
question the list is scoped to and, when filters or a search narrow it, how
many of the question's items are left ("5 of 17 items under 3 match"). Rows
are dragged onto findings to link them; Tab leaves the table for the editor.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.evidence.query import EvidenceQuery
from models.vocabulary import Assessment, SourceType
from ui.editing.inspection_controller import InspectionController
from ui.item_models.evidence_row_delegates import MarksDelegate, SearchHitDelegate, marks_width
from ui.item_models.evidence_table_model import (
    COLUMNS,
    MARKS_COLUMN,
    SUMMARY_COLUMN,
    EvidenceTableModel,
)
from ui.window.file_drops import FileDropFilter
from ui.workflows.attachment_tasks import attach_files

SEARCH_DELAY_MS = 250


class EvidenceListWidget(QWidget):
    """Search, filters and the evidence table for the selected question."""

    evidence_selected = Signal(object)  # evidence id or None
    selection_count_changed = Signal(int)  # how many rows are selected

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.model = EvidenceTableModel(controller, self)

        self.search = QLineEdit(placeholderText="Search evidence (summary, notes, place or ref)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search evidence")
        self.search.setToolTip(
            "Words of the summary, notes or place; an item's ref (JS-0042); or a finding's"
            " ref (F12) for the evidence behind it"
        )
        self.source_filter = QComboBox()
        self.source_filter.setAccessibleName("Filter by source type")
        self.source_filter.addItem("All sources", None)
        for s in SourceType:
            self.source_filter.addItem(s.label, s)
        self.assessment_filter = QComboBox()
        self.assessment_filter.setAccessibleName("Filter by assessment")
        self.assessment_filter.addItem("All assessments", None)
        for a in Assessment:
            self.assessment_filter.addItem(a.label, a)
        for combo in (self.source_filter, self.assessment_filter):
            combo.setMinimumContentsLength(9)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.search.setMinimumWidth(120)
        self.unused_filter = QCheckBox("Not yet in a finding")
        self.unused_filter.setAccessibleName("Only evidence not yet used in a finding")
        self.unused_filter.setToolTip("Show only items that support no finding yet")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of evidence items listed")
        self.count_label.setWordWrap(True)  # two short lines rather than a wide window
        self.count_label.setMaximumWidth(
            self.count_label.fontMetrics().horizontalAdvance(
                "9,999 of 99,999 items under 3.3.3 match"
            )
            + 4
        )

        self.table = QTableView()
        self.table.setAccessibleName("Evidence list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Tab moves on to the editor; arrows move between rows (cell by cell was a trap).
        self.table.setTabKeyNavigation(False)
        # The indicator first: enabling sorting sorts at once by the indicator, which Qt
        # starts descending, and each sort reads the list afresh.
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setDragEnabled(True)  # onto a finding, to link it
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setItemDelegateForColumn(MARKS_COLUMN, MarksDelegate(self.table))
        # The summary's own painter marks search words; it is put in place only while a
        # search is on (the plain cell is quicker to paint).
        self._hit_delegate = SearchHitDelegate(self.table)
        header = self.table.horizontalHeader()
        text = self.table.fontMetrics().horizontalAdvance
        widths = (
            text("WWW-0000") + 12,
            marks_width(),
            text("2015-09-22") + 14,
            text("Case file review") + 12,
            300,
            text("▼ Negative") + 16,
            text("2.2.1, 3.3") + 12,
            text("Author") + 12,
        )
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(SUMMARY_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MARKS_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(24)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.source_filter, 1)
        filters.addWidget(self.assessment_filter, 1)
        filters.addWidget(self.unused_filter)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._apply_filters)
        self.source_filter.currentIndexChanged.connect(self._apply_filters)
        self.assessment_filter.currentIndexChanged.connect(self._apply_filters)
        self.unused_filter.toggled.connect(self._apply_filters)
        self._scope_totals: dict[str | None, int] = {}
        for signal in (controller.evidence_added, controller.evidence_removed):
            signal.connect(self._forget_scope_totals)
        controller.evidence_recount.connect(self._forget_scope_totals)
        controller.findings_changed.connect(self._findings_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._kept_selection: list[str] = []
        # Files dropped on a row are attached to that item.
        FileDropFilter(
            self.table.viewport(),
            self._evidence_id_at,
            lambda evidence_id, paths: attach_files(self.window(), controller, evidence_id, paths),
        )
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.modelReset.connect(self._update_count)
        self.model.modelReset.connect(self._summary_painter)
        self.model.modelReset.connect(self._lay_out_now)  # last: after the painter is set
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)
        self._update_count()

    # -- filters ----------------------------------------------------------------
    def _sort_indicator_changed(self, column: int, _order) -> None:
        if COLUMNS[column][1] is None:  # the marks do not sort: point at the real order
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(
                self.model.sort_column(),
                Qt.SortOrder.DescendingOrder
                if self.model.query.descending
                else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def set_question(self, code: str | None) -> None:
        self._set_query(replace(self.model.query, question_code=code))

    def _apply_filters(self) -> None:
        self._search_timer.stop()
        source, assessment = self.source_filter.currentData(), self.assessment_filter.currentData()
        self._set_query(
            replace(
                self.model.query,
                text=self.search.text(),
                source_types=frozenset([SourceType(source)]) if source else frozenset(),
                assessments=frozenset([Assessment(assessment)]) if assessment else frozenset(),
                unused_only=self.unused_filter.isChecked(),
            )
        )

    def clear_filters(self) -> None:
        """Show every item of the question again (no search, no filter)."""
        for widget in (self.search, self.source_filter, self.assessment_filter, self.unused_filter):
            widget.blockSignals(True)
        self.search.clear()
        self.source_filter.setCurrentIndex(0)
        self.assessment_filter.setCurrentIndex(0)
        self.unused_filter.setChecked(False)
        for widget in (self.search, self.source_filter, self.assessment_filter, self.unused_filter):
            widget.blockSignals(False)
        self._apply_filters()

    def _set_query(self, query) -> None:
        self.model.set_query(query)

    def _lay_out_now(self) -> None:
        # After a reset the table and its header each lay out their rows on a zero-delay
        # timer, which runs after the first paint and paints the list a second time (every
        # question chosen and every search update). Laid out now, one paint shows it.
        self.table.executeDelayedItemsLayout()
        self.table.horizontalHeader().executeDelayedItemsLayout()

    def _remember_selection(self) -> None:
        self._kept_selection = self.selected_ids()

    def _restore_selection(self) -> None:
        """After a re-query, keep the item the user was on if it is still listed. An item
        an edit has just taken out of the list stays in the editor: it was being worked on."""
        kept, self._kept_selection = self._kept_selection, []
        if kept and not self.select(kept[0]) and kept[0] != self.model.moved_id:
            self.evidence_selected.emit(None)

    def _summary_painter(self) -> None:
        searching = bool(self.model.query.text.strip())
        current = self.table.itemDelegateForColumn(SUMMARY_COLUMN)
        if searching and current is not self._hit_delegate:
            self.table.setItemDelegateForColumn(SUMMARY_COLUMN, self._hit_delegate)
        elif not searching and current is not None:
            # No delegate of its own: the column is painted by the view's plain one again
            # (Qt takes a null delegate here; the type stubs do not say so).
            self.table.setItemDelegateForColumn(SUMMARY_COLUMN, None)  # type: ignore[arg-type]

    def _forget_scope_totals(self, *_args) -> None:
        self._scope_totals.clear()

    def _findings_changed(self) -> None:
        if self.model.query.unused_only:  # linking can take items off this list
            self.model.reload()

    def scope_total(self) -> int:
        """How many items the selected question holds, before search and filters."""
        query = self.model.query
        if not query.filtered:
            return self.model.total
        code = query.question_code
        # Kept by difference as items change; the whole inspection is the headline's count.
        if code is not None or self.controller.framework.headline is not None:
            kept = self.controller.counts.total(code)
            if kept is not None:
                return kept
        if code not in self._scope_totals:
            self._scope_totals[code] = self.controller.evidence.count(
                EvidenceQuery(question_code=code)
            )
        return self._scope_totals[code]

    def count_text(self) -> str:
        """What the list shows, in words: "17 items under 3", "5 of 17 items under 3
        match", "96 items in the inspection"."""
        query, total = self.model.query, self.model.total
        where = f"under {query.question_code}" if query.question_code else "in the inspection"
        if not query.filtered:
            return f"{total:,} item{'s' if total != 1 else ''} {where}"
        scope = self.scope_total()
        return f"{total:,} of {scope:,} item{'s' if scope != 1 else ''} {where} match"

    def _update_count(self, *_args) -> None:
        self.count_label.setText(self.count_text())
        query = self.model.query
        self.count_label.setToolTip(
            "The list shows the evidence under the question selected in the tree"
            + (" that matches the search and filters" if query.filtered else "")
            + " (select the headline question for the whole inspection)."
        )

    def _evidence_id_at(self, pos) -> str | None:
        index = self.table.indexAt(pos)
        item = self.model.evidence_at(index.row()) if index.isValid() else None
        return item.id if item else None

    # -- selection --------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        items = (self.model.evidence_at(r) for r in rows)
        return [item.id for item in items if item is not None]

    def select(self, evidence_id: str, scroll: bool = True) -> bool:
        row = self.model.row_of(evidence_id)
        if row is None:
            self.table.clearSelection()
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.NoUpdate
        )
        if scroll:
            self.table.scrollTo(index)
        return True

    def _selection_changed(self, *_args) -> None:
        ids = self.selected_ids()
        self.selection_count_changed.emit(len(ids))
        self.evidence_selected.emit(ids[0] if len(ids) == 1 else None)


__all__ = ["EvidenceListWidget", "COLUMNS"]
