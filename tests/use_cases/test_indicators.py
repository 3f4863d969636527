"""Data returns: ``import-indicators`` and the Force in numbers tab's Import data return… both
go through the one use case (backed up once before writing, never for a refused return), and
``indicator-template`` and Write template… both write through the same one."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

import main
import storage.operations as operations
import ui.workflows.indicator_import_runner as import_runner
from storage.backups.automatic import BEFORE_IMPORT, list_backups
from storage.file.inspection_file import InspectionFile
from tests.storage.merge_helpers import file_state

TIMEOUT = 20000
HEADER = ["name", "group", "unit", "force value", "period", "comparator value"]


def _return(path: Path, rows) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "data return"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def imports(monkeypatch) -> list[tuple[Path, Path]]:
    """Every call of the import use case, as (inspection, return); the real one does the work."""
    calls: list[tuple[Path, Path]] = []
    real = operations.import_indicators

    def spy(target, return_path, **options):
        calls.append((Path(getattr(target, "path", target)).resolve(), Path(return_path).resolve()))
        return real(target, return_path, **options)

    monkeypatch.setattr(operations, "import_indicators", spy)
    monkeypatch.setattr(import_runner, "import_indicators", spy)
    return calls


def _backups(path: Path) -> int:
    return sum(b.reason == BEFORE_IMPORT for b in list_backups(path))


def _names(path: Path) -> list[str]:
    with InspectionFile.open(path, readonly=True) as inspection:
        return [i.name for i in inspection.indicators.all()]


def test_the_command_and_the_tab_import_through_the_same_use_case(
    qtbot, window, demo_path, tmp_path, imports, monkeypatch
):
    before = _names(demo_path)
    by_command = _return(
        tmp_path / "command.xlsx",
        [["Sexual offences", "Crime rates", "per 1,000 population", 2.0, "2015", 1.6]],
    )
    assert main.main(["import-indicators", str(demo_path), str(by_command)]) == 0
    assert imports == [(demo_path.resolve(), by_command.resolve())]
    assert _names(demo_path) == before + ["Sexual offences"]
    assert _backups(demo_path) == 1

    in_window = _return(
        tmp_path / "window.xlsx",
        [["OCGs", "Serious and organised crime", "per million", 32, "30 June 2015", None]],
    )
    assert window.open_file(demo_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(in_window), ""))
    tabs = window.view.indicators
    tabs.show_messages = False
    window.view.tabs.setCurrentWidget(tabs.panel)
    qtbot.mouseClick(tabs.panel.import_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(tabs.runner.finished, timeout=TIMEOUT) as finished:
        pass
    assert finished.args[0].result.added == ("OCGs (30 June 2015)",)
    assert imports[1] == (demo_path.resolve(), in_window.resolve()) and len(imports) == 2
    qtbot.waitUntil(lambda: tabs.panel.model.rowCount() == len(before) + 2)
    assert _backups(demo_path) == 2
    assert "1 indicator(s) added" in tabs.runner.report


def test_a_refused_return_leaves_the_file_and_its_backups_as_they_were(
    demo_path, tmp_path, imports
):
    bad = _return(
        tmp_path / "bad.xlsx", [["Sexual offences", "Crime rates", "furlongs", 2.0, "2015"]]
    )
    before = file_state(demo_path)
    assert main.main(["import-indicators", str(demo_path), str(bad)]) == 2
    assert imports == [(demo_path.resolve(), bad.resolve())]
    assert file_state(demo_path) == before
    assert _backups(demo_path) == 0


def test_a_cancelled_import_changes_nothing_and_makes_no_backup(demo_path, tmp_path):
    path = _return(
        tmp_path / "r.xlsx", [[f"I{n}", "G", "count", n, "2015", None] for n in range(50)]
    )
    before = file_state(demo_path)
    with pytest.raises(operations.Cancelled):
        operations.import_indicators(
            demo_path, path, progress=operations.JobProgress(is_cancelled=lambda: True)
        )
    assert file_state(demo_path) == before
    assert _backups(demo_path) == 0


def test_the_command_and_the_tab_write_the_template_through_the_same_use_case(
    qtbot, window, demo_path, tmp_path, monkeypatch
):
    calls: list[Path] = []
    real = operations.write_indicator_template_file

    def spy(out, inspection=None):
        calls.append(Path(out))
        return real(out, inspection)

    monkeypatch.setattr(operations, "write_indicator_template_file", spy)
    by_command = tmp_path / "command.xlsx"
    assert main.main(["indicator-template", str(by_command), "--from", str(demo_path)]) == 0
    assert window.open_file(demo_path)
    in_window = tmp_path / "window.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(in_window), ""))
    panel = window.view.indicators.panel
    window.view.tabs.setCurrentWidget(panel)
    qtbot.mouseClick(panel.template_button, Qt.MouseButton.LeftButton)
    assert calls == [by_command, in_window]
    rows = lambda p: [[c.value for c in r] for r in load_workbook(p)["data return"].iter_rows()]  # noqa: E731
    assert rows(by_command) == rows(in_window)
