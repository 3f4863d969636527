"""The Force in numbers tab in a real window: a data return imported with progress, the
table sorted and corrected in place, charts built from the figures, the question's flags,
indicators made evidence in one action, and every change saved at once and undoable."""

from __future__ import annotations

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models.vocabulary import SourceType
from tests.storage.merge_helpers import file_state

ROWS = [
    [
        "Recorded crime (excluding fraud)",
        "Crime rates",
        "per_1000_population",
        62.5,
        "12 months to 30 June 2015",
        63.0,
        None,
        "lower",
        "1",
        None,
        "Home Office data",
    ],
    [
        "Assault with injury",
        "Crime rates",
        "per_1000_population",
        7.8,
        "12 months to 30 June 2015",
        6.3,
        None,
        "lower",
        "1.1",
        None,
        "Home Office data",
    ],
    [
        "Charged/summonsed",
        "Outcomes",
        "percent",
        14.0,
        "12 months to 30 June 2015",
        16.0,
        None,
        "higher",
        "2",
        None,
        "Home Office data",
    ],
]
SERIES = [
    [
        "Recorded crime (excluding fraud)",
        "12 months to 30 June 2015",
        "12 months to 30 June 2014",
        53.0,
        60.6,
    ],
]
HEADER = [
    "name",
    "group",
    "unit",
    "force value",
    "period",
    "comparator value",
    "comparator",
    "better",
    "questions",
    "threshold %",
    "source",
]


def _return(path, rows=ROWS):
    book = Workbook()
    sheet = book.active
    sheet.title = "data return"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    series = book.create_sheet("earlier periods")
    series.append(["name", "period", "earlier period", "force value", "comparator value"])
    for row in SERIES:
        series.append(row)
    book.save(path)
    return path


def _imported(qtbot, window, path):
    tabs = window.view.indicators
    tabs.show_messages = False
    runner = tabs.start_import(path)
    with qtbot.waitSignal(runner.finished, timeout=20000) as done:
        pass
    return tabs, done.args[0]


def _show_tab(qtbot, window):
    view = window.view
    panel = view.indicators.panel
    view.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(panel.charts_ready)
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(view.controller.indicators.all()))
    return panel


def _click_row(qtbot, panel, row, modifier=Qt.KeyboardModifier.NoModifier):
    rect = panel.table.visualRect(panel.model.index(row, 1))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_a_return_imports_and_the_table_sorts_flags_and_charts_it(
    qtbot, demo_window, tmp_path, reader, qtmodeltester
):
    tabs, imported = _imported(qtbot, demo_window, _return(tmp_path / "return.xlsx"))
    assert len(imported.result.added) == 3 and imported.backup is not None
    panel = _show_tab(qtbot, demo_window)
    model = panel.model
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    names = [model.index(r, 1).data() for r in range(3)]
    assert names == ["Recorded crime (excluding fraud)", "Assault with injury", "Charged/summonsed"]
    assault = names.index("Assault with injury")
    assert model.index(assault, 7).data() == "▲ 1.5 (+23.8 %)"
    assert model.index(assault, 0).data() == "⚑ worse"
    assert model.index(names.index("Charged/summonsed"), 0).data() == "⚑ worse"
    # Sorted by the force's figure with a click on its header, as a person would.
    header = panel.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 5))
    forces = [model.index(r, 5).data() for r in range(3)]
    assert forces in (["7.8", "14", "62.5"], ["62.5", "14", "7.8"])
    # The group chart is built from the table: its bars read back equal the figures.
    panel.group.setCurrentIndex(panel.group.findText("Crime rates"))
    chart = panel.group_view.chart()
    (bars,) = chart.series()
    force_set, comparator_set = bars.barSets()
    assert [force_set.at(i) for i in range(force_set.count())] == [62.5, 7.8]
    assert [comparator_set.at(i) for i in range(comparator_set.count())] == [63.0, 6.3]
    assert comparator_set.label() == "England and Wales"
    assert comparator_set.brush().style() == Qt.BrushStyle.BDiagPattern  # not colour alone
    assert bars.isLabelsVisible()
    # The time series of the selected indicator as lines.
    _click_row(qtbot, panel, [model.index(r, 1).data() for r in range(3)].index(names[0]))
    lines = [s for s in panel.series_view.chart().series() if s.name()]
    assert [s.name() for s in lines] == ["Hampshire Constabulary", "England and Wales"] or len(
        lines
    ) == 2
    force_line = lines[0]
    assert [(p.x(), p.y()) for p in force_line.points()] == [(0.0, 53.0), (1.0, 62.5)]
    assert [(p.x(), p.y()) for p in lines[1].points()] == [(0.0, 60.6), (1.0, 63.0)]
    with reader() as disk:
        assert [i.name for i in disk.indicators.all()] == names


def _section_centre(header, section):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


def test_a_figure_corrected_in_the_table_is_saved_and_undone_with_its_evidence(
    qtbot, demo_window, tmp_path, reader
):
    _imported(qtbot, demo_window, _return(tmp_path / "return.xlsx"))
    panel = _show_tab(qtbot, demo_window)
    model = panel.model
    row = [model.index(r, 1).data() for r in range(3)].index("Assault with injury")
    _click_row(qtbot, panel, row)
    qtbot.mouseClick(panel.evidence_button, Qt.MouseButton.LeftButton)
    view = demo_window.view
    qtbot.waitUntil(
        lambda: (
            view.editor.current is not None
            and view.editor.current.source_type is SourceType.DATA_RETURN
        )
    )
    item = view.editor.current
    assert "7.8 per 1,000 population against England and Wales 6.3" in item.summary
    assert view.editor.indicator_label.isVisibleTo(view.editor)
    assert "Assault with injury" in view.editor.indicator_label.text()
    assert item.question_codes == ("1.1",)
    # Corrected in the table: type over the force's figure and press Enter.
    view.tabs.setCurrentWidget(panel)
    row = [model.index(r, 1).data() for r in range(3)].index("Assault with injury")
    panel.table.setCurrentIndex(model.index(row, 5))
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = panel.table.indexWidget(model.index(row, 5)) or QApplication.focusWidget()
    assert editor is not panel.table and editor.text() == "7.8"
    editor.selectAll()
    qtbot.keyClicks(editor, "6.1")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "6.1" in [model.index(r, 5).data() for r in range(3)])
    with reader() as disk:
        (assault,) = [i for i in disk.indicators.all() if i.name == "Assault with injury"]
        assert assault.force_value == 6.1
        assert "6.1 per 1,000 population" in disk.evidence.get(item.id).summary
    demo_window.controller.undo()
    qtbot.waitUntil(lambda: "7.8" in [model.index(r, 5).data() for r in range(3)])
    with reader() as disk:
        assert "7.8 per 1,000 population" in disk.evidence.get(item.id).summary
    # Undo making the evidence, then the import itself.
    demo_window.controller.undo()
    with reader() as disk:
        assert disk.evidence.get(item.id).deleted_at is not None
    demo_window.controller.undo()
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    with reader() as disk:
        assert disk.indicators.all() == []


def test_a_bad_return_lists_its_problems_and_changes_nothing(qtbot, demo_window, tmp_path):
    demo_window.view.commit_pending()
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[1][3] = "lots"
    path = demo_window.controller.inspection.path
    before = demo_window.controller.inspection.indicators.all()
    tabs, result = _imported(qtbot, demo_window, _return(tmp_path / "bad.xlsx", rows))
    assert result is None
    dialog = tabs.runner.problems_dialog
    assert dialog is not None and dialog.windowTitle() == "Data return not imported"
    assert "row 3, column 'force value': 'lots' is not a number" in dialog.text.toPlainText()
    dialog.close()
    assert demo_window.controller.inspection.indicators.all() == before
    assert not demo_window.controller.undo_stack.canUndo() or "Import" not in (
        demo_window.controller.undo_stack.undoText()
    )
    assert path.exists() and file_state(path)


def test_the_question_selected_limits_the_table_and_its_tab_counts_the_flags(
    qtbot, demo_window, tmp_path
):
    _imported(qtbot, demo_window, _return(tmp_path / "return.xlsx"))
    view = demo_window.view
    panel = _show_tab(qtbot, demo_window)
    qtbot.mouseClick(panel.only_question, Qt.MouseButton.LeftButton)
    view.select_question("2")
    QApplication.processEvents()
    assert [panel.model.index(r, 1).data() for r in range(panel.model.rowCount())] == [
        "Charged/summonsed"
    ]
    index = view.tabs.indexOf(panel)
    assert view.tabs.tabText(index).endswith("(⚑ 1)")
    assert "Charged/summonsed" in view.tabs.tabToolTip(index)
    view.select_question("1")
    QApplication.processEvents()
    assert panel.model.rowCount() == 2
    assert "2 indicator(s) under 1 · ⚑ 1 notably worse" in panel.summary.text()
