"""The Force in numbers tab: the indicators in a sortable table, a bar chart of force
against comparator for a group, and a line chart for an indicator's time series.

The table shows every indicator, or (ticked) only those bearing on the question
selected in the tree and its sub-questions, with those notably worse than the
comparator flagged. Buttons import a data return, write the template, and make the
selected indicators evidence. Charts are made the first time the tab is shown, so
opening a file does not pay for them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.framework import Framework
from models.indicators.indicator import Indicator
from ui.item_models.indicator_table_model import FLAG, GROUP, IndicatorTableModel


class ForceInNumbersPanel(QWidget):
    """Table and charts; the buttons' signals are answered by the window's indicator tab."""

    import_requested = Signal()
    template_requested = Signal()
    evidence_requested = Signal(list)  # the indicators selected
    delete_requested = Signal(list)

    def __init__(self, correct, parent=None):
        super().__init__(parent)
        self.force = ""
        self._all: list[Indicator] = []
        self._scope: set[str] | None = None
        self._scope_name = ""
        self.model = IndicatorTableModel(correct, self)
        self.table = QTableView()
        self.table.setAccessibleName("Indicators")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(GROUP, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Room for the name; the figures and marks need little.
        for column, width in enumerate((72, 280, 70, 80, 130, 170, 170, 150, 70, 90, 90, 160)):
            header.resizeSection(column, width)
        self.table.setWordWrap(False)

        self.only_question = QCheckBox("Only the selected &question")
        self.only_question.setAccessibleName("Only indicators of the selected question")
        self.only_question.toggled.connect(self._refilter)
        self.summary = QLabel()
        self.summary.setAccessibleName("Indicators shown")
        self.import_button = QPushButton("Import data &return…")
        self.import_button.setAccessibleName("Import a data return")
        self.template_button = QPushButton("Write &template…")
        self.template_button.setAccessibleName("Write a data return template")
        self.evidence_button = QPushButton("Make evi&dence")
        self.evidence_button.setAccessibleName("Make the selected indicators evidence")
        self.evidence_button.setToolTip(
            "Make each selected indicator a data return evidence item, linked to its questions"
        )
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName("Delete the selected indicators")
        self.import_button.clicked.connect(self.import_requested)
        self.template_button.clicked.connect(self.template_requested)
        self.evidence_button.clicked.connect(lambda: self.evidence_requested.emit(self.selected()))
        self.delete_button.clicked.connect(lambda: self.delete_requested.emit(self.selected()))
        # The summary wraps rather than widen the window; the buttons get a row of their own.
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.addWidget(self.only_question)
        top.addWidget(self.summary, 1)
        # On a laptop the chart leaves the table a few rows; hiding it gives them all.
        self.show_chart = QCheckBox("Show chart")
        self.show_chart.setAccessibleName("Show the chart under the indicators")
        self.show_chart.setChecked(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_chart)
        buttons.addStretch(1)
        for button in (
            self.evidence_button,
            self.delete_button,
            self.import_button,
            self.template_button,
        ):
            buttons.addWidget(button)

        self.group = QComboBox()
        self.group.setAccessibleName("Group to chart")
        self.group.currentIndexChanged.connect(self._show_group)
        self.charts = QSplitter(Qt.Orientation.Horizontal)
        self.charts.setChildrenCollapsible(False)
        self.group_view = None
        self.series_view = None
        self.series_label = QLabel("Select an indicator with earlier periods to see its trend.")
        self.series_label.setWordWrap(True)
        chart_area = QWidget()
        chart_layout = QVBoxLayout(chart_area)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        label = QLabel("&Group to chart:")
        label.setBuddy(self.group)
        row.addWidget(label)
        row.addWidget(self.group, 1)
        self.series_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.series_label, 2)
        chart_layout.addLayout(row)
        chart_layout.addWidget(self.charts, 1)

        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.table)
        self.split.addWidget(chart_area)
        self.chart_area = chart_area
        self.show_chart.toggled.connect(chart_area.setVisible)
        self.split.setChildrenCollapsible(False)
        # The table is what is read first: it gets the larger part, at least five rows.
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        rows = self.table.fontMetrics().height() + 8
        self.table.verticalHeader().setDefaultSectionSize(rows)
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() + rows * 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.split, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_series())
        self._update_buttons()
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_button.click)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)

    # -- what is shown ----------------------------------------------------------------
    def show_indicators(self, indicators: list[Indicator], force: str) -> None:
        current = self.current()
        self.force = force
        self._all = list(indicators)
        self._refilter()
        if current is not None:
            self.select(current.id)

    def set_question_scope(self, framework: Framework, code: str | None) -> None:
        """Limit the table (when ticked) to the question ``code`` and its sub-questions."""
        if code is None or not framework.has_question(code):
            self._scope, self._scope_name = None, ""
        else:
            self._scope = {q.code for q in framework.subtree(code)}
            self._scope_name = code
        self._refilter()

    def _refilter(self) -> None:
        shown = self._all
        scoped = self.only_question.isChecked() and self._scope is not None
        if scoped:
            shown = [i for i in shown if self._scope & set(i.question_codes)]  # type: ignore[operator]
        self.model.set_indicators(shown)
        flagged = sum(1 for i in shown if i.notably_worse)
        where = f" under {self._scope_name}" if scoped else ""
        flags = f" · {FLAG} {flagged} notably worse than the comparator" if flagged else ""
        self.summary.setText(f"{len(shown)} indicator(s){where}{flags}")
        self._fill_groups(shown)
        self._update_buttons()

    def flagged_under(self, framework: Framework, code: str) -> list[Indicator]:
        """The indicators notably worse than the comparator bearing on ``code`` or below it."""
        codes = {q.code for q in framework.subtree(code)}
        return [i for i in self._all if i.notably_worse and codes & set(i.question_codes)]

    def selected(self) -> list[Indicator]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        found = [self.model.row_at(r) for r in rows]
        return [i for i in found if i is not None]

    def current(self) -> Indicator | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, indicator_id: str) -> bool:
        for row, indicator in enumerate(self.model.indicators()):
            if indicator.id == indicator_id:
                self.table.selectRow(row)
                self.table.setCurrentIndex(self.model.index(row, 1))
                return True
        return False

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.evidence_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # -- charts -----------------------------------------------------------------------
    def _fill_groups(self, shown: list[Indicator]) -> None:
        groups: list[str] = []
        for indicator in sorted(shown, key=lambda i: i.position):
            if indicator.group not in groups:
                groups.append(indicator.group)
        before = self.group.currentText()
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItems(groups)
        if before in groups:
            self.group.setCurrentIndex(groups.index(before))
        self.group.blockSignals(False)
        self._show_group()
        self._show_series()

    def charts_ready(self) -> bool:
        return self.group_view is not None

    def make_charts(self) -> None:
        """Create the chart views (QtCharts is loaded here, the first time they are needed)."""
        if self.group_view is not None:
            return
        from ui.panels.indicators.indicator_charts import chart_view

        self.group_view = chart_view("Bar chart of the group")
        self.series_view = chart_view("Line chart of the indicator's earlier periods")
        self.charts.addWidget(self.group_view)
        self.charts.addWidget(self.series_view)
        self._show_group()
        self._show_series()

    def group_indicators(self) -> list[Indicator]:
        group = self.group.currentText()
        return sorted(
            (i for i in self.model.indicators() if i.group == group), key=lambda i: i.position
        )

    def _show_group(self) -> None:
        if self.group_view is None:
            return
        from ui.panels.indicators.indicator_charts import describe_group, group_chart

        members = self.group_indicators()
        old = self.group_view.chart()
        if members:
            self.group_view.setChart(group_chart(self.group.currentText(), members, self.force))
            self.group_view.setAccessibleDescription(describe_group(members, self.force))
        else:
            from PySide6.QtCharts import QChart

            self.group_view.setChart(QChart())
        old.deleteLater()

    def _show_series(self) -> None:
        if self.series_view is None:
            return
        from PySide6.QtCharts import QChart

        from ui.panels.indicators.indicator_charts import series_chart

        indicator = self.current()
        old = self.series_view.chart()
        self.series_view.setVisible(indicator is not None and bool(indicator.series))
        if indicator is not None and indicator.series:
            self.series_view.setChart(series_chart(indicator, self.force))
            self.series_label.setText(
                f"Trend of {indicator.name} over {len(indicator.series) + 1} periods."
            )
        else:
            self.series_view.setChart(QChart())
            self.series_label.setText("Select an indicator with earlier periods to see its trend.")
        old.deleteLater()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.make_charts()
