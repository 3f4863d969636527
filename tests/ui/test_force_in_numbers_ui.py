"""The Force in numbers tab in a real window: a data return imported with progress, the
table sorted and corrected in place, charts built from the figures, the question's flags,
indicators made evidence in one action, and every change saved at once and undoable.

The demo already holds the report's figures; the return here adds three of its own, in
groups and under questions (3.1, 3.1.1, 3.3) the demo's figures do not use.
"""

from __future__ import annotations

from openpyxl import Workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from models.vocabulary import SourceType

PERIOD = "12 months to 30 June 2015"
HATE, ASSAULT, CHARGED = "Recorded hate crime", "Assault with injury (test)", "Charged (test)"
ROWS = [
    [HATE, "Test rates", "per_1000_population", 62.5, PERIOD, 63.0, None, "lower", "3.1"],
    [ASSAULT, "Test rates", "per_1000_population", 7.8, PERIOD, 6.3, None, "lower", "3.1.1"],
    [CHARGED, "Test outcomes", "percent", 14.0, PERIOD, 16.0, None, "higher", "3.3"],
]
SERIES = [[HATE, PERIOD, "12 months to 30 June 2014", 53.0, 60.6]]
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


def _column(model, column):
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _row(model, name):
    return _column(model, 1).index(name)


def _click_row(qtbot, panel, row):
    panel.table.scrollTo(panel.model.index(row, 1))
    rect = panel.table.visualRect(panel.model.index(row, 1))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _section_centre(header, section):
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


def test_a_return_imports_and_the_table_sorts_flags_and_charts_it(
    qtbot, demo_window, tmp_path, reader, qtmodeltester
):
    with reader() as disk:
        demo = len(disk.indicators.all())
    _tabs, imported = _imported(qtbot, demo_window, _return(tmp_path / "return.xlsx"))
    assert len(imported.result.added) == 3 and imported.backup is not None
    panel = _show_tab(qtbot, demo_window)
    model = panel.model
    qtmodeltester.check(model)
    assert model.rowCount() == demo + 3
    assert model.index(_row(model, ASSAULT), 4).data() == "▲ 1.5 (+23.8 %)"
    assert model.index(_row(model, ASSAULT), 0).data() == "⚑ worse"
    assert model.index(_row(model, CHARGED), 0).data() == "⚑ worse"  # 12.5 % below
    assert model.index(_row(model, HATE), 0).data() == ""
    # Sorted by the force's figure with a click on its header, as a person would.
    header = panel.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 2))
    forces = [float(v.replace(",", "")) for v in _column(model, 2)]
    assert forces in (sorted(forces), sorted(forces, reverse=True))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 2))
    again = [float(v.replace(",", "")) for v in _column(model, 2)]
    assert again == forces[::-1] or again == sorted(forces)
    # The group chart is built from the table: its bars read back equal the figures.
    panel.group.setCurrentIndex(panel.group.findText("Test rates"))
    (bars,) = panel.group_view.chart().series()
    force_set, comparator_set = bars.barSets()
    assert sorted(force_set.at(i) for i in range(force_set.count())) == [7.8, 62.5]
    assert sorted(comparator_set.at(i) for i in range(comparator_set.count())) == [6.3, 63.0]
    assert force_set.label() == "Hampshire Constabulary"
    assert comparator_set.label() == "England and Wales"
    assert comparator_set.brush().style() == Qt.BrushStyle.BDiagPattern  # not colour alone
    assert bars.isLabelsVisible()
    # The time series of the selected indicator as lines with labelled points.
    _click_row(qtbot, panel, _row(model, HATE))
    lines = [s for s in panel.series_view.chart().series() if s.name()]
    assert [s.name() for s in lines] == ["Hampshire Constabulary", "England and Wales"]
    assert [(p.x(), p.y()) for p in lines[0].points()] == [(0.0, 53.0), (1.0, 62.5)]
    assert [(p.x(), p.y()) for p in lines[1].points()] == [(0.0, 60.6), (1.0, 63.0)]
    assert lines[0].pointLabelsVisible()
    assert lines[1].pen().style() == Qt.PenStyle.DashLine
    with reader() as disk:
        assert {HATE, ASSAULT, CHARGED} <= {i.name for i in disk.indicators.all()}


def test_a_figure_corrected_in_the_table_is_saved_and_undone_with_its_evidence(
    qtbot, demo_window, tmp_path, reader
):
    _imported(qtbot, demo_window, _return(tmp_path / "return.xlsx"))
    panel = _show_tab(qtbot, demo_window)
    model = panel.model
    _click_row(qtbot, panel, _row(model, ASSAULT))
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
    assert ASSAULT in view.editor.indicator_label.text()
    assert item.question_codes == ("3.1.1",) and item.author == "TS"
    # Corrected in the table: F2 on the force's figure, type over it and press Enter.
    view.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    row = _row(model, ASSAULT)
    panel.table.setCurrentIndex(model.index(row, 2))
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not panel.table and editor.text() == "7.8"
    editor.selectAll()
    qtbot.keyClicks(editor, "6.1")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(_row(model, ASSAULT), 2).data() == "6.1")
    with reader() as disk:
        (assault,) = [i for i in disk.indicators.all() if i.name == ASSAULT]
        assert assault.force_value == 6.1
        assert "6.1 per 1,000 population" in disk.evidence.get(item.id).summary
    demo_window.controller.undo()
    qtbot.waitUntil(lambda: model.index(_row(model, ASSAULT), 2).data() == "7.8")
    with reader() as disk:
        assert "7.8 per 1,000 population" in disk.evidence.get(item.id).summary
    # Undo making the evidence, then the import itself.
    demo_window.controller.undo()
    with reader() as disk:
        assert disk.evidence.get(item.id).deleted_at is not None
        assert disk.indicators.for_evidence(item.id) is None
        (assault,) = [i for i in disk.indicators.all() if i.name == ASSAULT]
        assert assault.evidence_id is None
    demo_window.controller.undo()
    qtbot.waitUntil(lambda: ASSAULT not in _column(model, 1))
    with reader() as disk:
        assert not {HATE, ASSAULT, CHARGED} & {i.name for i in disk.indicators.all()}


def test_a_bad_return_lists_its_problems_and_changes_nothing(qtbot, demo_window, tmp_path):
    demo_window.view.commit_pending()
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[1][3] = "lots"
    before = demo_window.controller.inspection.indicators.all()
    undo_text = demo_window.controller.undo_stack.undoText()
    tabs, result = _imported(qtbot, demo_window, _return(tmp_path / "bad.xlsx", rows))
    assert result is None
    dialog = tabs.runner.problems_dialog
    assert dialog is not None and dialog.windowTitle() == "Data return not imported"
    assert "row 3, column 'force value': 'lots' is not a number" in dialog.text.toPlainText()
    dialog.close()
    assert demo_window.controller.inspection.indicators.all() == before
    assert demo_window.controller.undo_stack.undoText() == undo_text


def test_the_question_selected_limits_the_table_and_its_tab_counts_the_flags(
    qtbot, demo_window, tmp_path
):
    _imported(qtbot, demo_window, _return(tmp_path / "return.xlsx"))
    view = demo_window.view
    panel = _show_tab(qtbot, demo_window)
    qtbot.mouseClick(panel.only_question, Qt.MouseButton.LeftButton)
    view.select_question("3.3")
    QApplication.processEvents()
    assert _column(panel.model, 1) == [CHARGED]
    index = view.tabs.indexOf(panel)
    assert view.tabs.tabText(index).endswith("(⚑ 1)")
    assert CHARGED in view.tabs.tabToolTip(index)
    view.select_question("3.1")
    QApplication.processEvents()
    assert sorted(_column(panel.model, 1)) == sorted([HATE, ASSAULT])
    assert "2 indicator(s) under 3.1 · ⚑ 1 notably worse" in panel.summary.text()
    # Untick: every indicator again.
    qtbot.mouseClick(panel.only_question, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == len(demo_window.controller.indicators.all())


def test_the_demo_shows_the_reports_figures_and_flags_them_under_their_questions(
    qtbot, demo_window
):
    view = demo_window.view
    panel = _show_tab(qtbot, demo_window)
    model = panel.model
    crime = _row(model, "Recorded crime (excluding fraud)")
    assert (model.index(crime, 2).data(), model.index(crime, 3).data()) == ("62.5", "63")
    assert model.index(crime, 4).data() == "▼ 0.5 (−0.8 %)"
    qtbot.mouseClick(panel.only_question, Qt.MouseButton.LeftButton)
    view.select_question("2.1")
    QApplication.processEvents()
    assert model.rowCount() == 18 and all("Outcomes" in g for g in _column(model, 7))


def test_the_charts_library_loads_only_when_the_tab_is_first_shown(tmp_path):
    """Opening the demo does not pay for QtCharts; showing the tab does (in a process of its
    own, so nothing another test loaded counts)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from ui.window.settings import configure_application_identity, isolate_settings\n"
        "configure_application_identity(); isolate_settings(sys.argv[1])\n"
        "from ui.window.app import fresh_demo_copy\n"
        "from ui.window.main_window import MainWindow\n"
        "w = MainWindow(demo_factory=fresh_demo_copy); w.show(); w.open_demo()\n"
        "app.processEvents()\n"
        "before = 'PySide6.QtCharts' in sys.modules\n"
        "w.view.tabs.setCurrentWidget(w.view.indicators.panel); app.processEvents()\n"
        "print(before, 'PySide6.QtCharts' in sys.modules, w.view.indicators.panel.charts_ready())\n"
        "w.close_inspection()\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "EVIDENCE_REVIEW_HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "settings")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "True"]


def test_the_judgment_names_the_figures_notably_worse_under_its_question(qtbot, demo_window):
    view = demo_window.view
    view.select_question("1")
    view.tabs.setCurrentWidget(view.judgment)
    text = view.judgment.context.text()
    assert "Force in numbers: 11 indicators, ⚑ 5 notably worse:" in text
    assert "Assault with injury" in text and "Sexual offences" in text
    view.select_question("4")
    assert "Force in numbers: 7 indicators." in view.judgment.context.text()


def test_hiding_the_chart_gives_its_room_to_the_table(qtbot, demo_window):
    demo_window.resize(1366, 768)
    panel = _show_tab(qtbot, demo_window)
    qtbot.waitUntil(lambda: panel.group_view is not None and panel.chart_area.height() > 150)
    rows_with_chart = panel.table.viewport().height() // panel.table.rowHeight(0)
    qtbot.mouseClick(panel.show_chart, Qt.MouseButton.LeftButton)
    assert not panel.chart_area.isVisible()
    qtbot.waitUntil(
        lambda: panel.table.viewport().height() // panel.table.rowHeight(0) >= 2 * rows_with_chart
    )
    qtbot.mouseClick(panel.show_chart, Qt.MouseButton.LeftButton)
    assert panel.chart_area.isVisible()
