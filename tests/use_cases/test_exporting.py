"""Exporting: ``export`` and File ▸ Export draft judgment summary…, and ``history --csv`` and
Inspection ▸ History… ▸ Export CSV…, each pair through its one use case, with the same file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox

import main
import storage.operations as operations
import ui.panels.inspection_history_view as history_view
import ui.workflows.export_runner as export_runner
from tests.storage.log_files import evidence_state
from ui.workflows.export_runner import ExportDialog

TIMEOUT = 20000


def spy_on(monkeypatch, name: str, *modules) -> list[tuple[Path, Path]]:
    """Wrap the use case ``name`` wherever the fronts find it; records (inspection, output)."""
    calls: list[tuple[Path, Path]] = []
    real = getattr(operations, name)

    def spy(source, out, *args, **options):
        calls.append((Path(source).resolve(), Path(out).resolve()))
        return real(source, out, *args, **options)

    for module in (operations, *modules):
        monkeypatch.setattr(module, name, spy)
    return calls


def when_modal(qtbot, kind, act) -> None:
    """Once a modal ``kind`` dialog is up (it runs its own event loop), ``act`` on it."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)


def sheet_values(path: Path, sheet: str) -> list[tuple]:
    workbook = load_workbook(path, read_only=True)
    try:
        return list(workbook[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()


def test_the_command_and_the_menu_action_export_the_summary_through_the_same_use_case(
    qtbot, window, demo_path, tmp_path, monkeypatch
):
    exports = spy_on(monkeypatch, "export_judgment_summary", export_runner)
    before = evidence_state(demo_path)
    by_command = tmp_path / "by command.xlsx"
    assert main.main(["export", str(demo_path), "--out", str(by_command)]) == 0
    assert exports == [(demo_path.resolve(), by_command.resolve())]

    in_window = tmp_path / "in window.xlsx"
    assert window.open_file(demo_path)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # "Export finished": closed

    def choose(dialog: ExportDialog) -> None:
        dialog.path.clear()
        qtbot.keyClicks(dialog.path, str(in_window))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    when_modal(qtbot, ExportDialog, choose)
    window.export_action.trigger()
    runner = window.export_runner
    assert runner is not None
    qtbot.waitUntil(lambda: not runner.running, timeout=TIMEOUT)
    assert exports == [
        (demo_path.resolve(), by_command.resolve()),
        (demo_path.resolve(), in_window.resolve()),
    ]
    register = sheet_values(in_window, "Evidence register")
    assert len(register) > 1
    assert register == sheet_values(by_command, "Evidence register")
    assert evidence_state(demo_path) == before  # exporting never changes the inspection


def test_the_command_and_the_menu_action_export_the_history_through_the_same_use_case(
    qtbot, window, demo_path, tmp_path, monkeypatch, answers
):
    exports = spy_on(monkeypatch, "export_history", history_view)
    by_command = tmp_path / "by command.csv"
    assert main.main(["history", str(demo_path), "--csv", str(by_command)]) == 0
    assert exports == [(demo_path.resolve(), by_command.resolve())]

    in_window = tmp_path / "in window.csv"
    assert window.open_file(demo_path)
    window.history_action.trigger()
    history = window.history_view
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(in_window), ""))
    with qtbot.waitSignal(history.exported, timeout=TIMEOUT) as exported:
        qtbot.mouseClick(history.export_button, Qt.MouseButton.LeftButton)
    assert exports[1] == (demo_path.resolve(), in_window.resolve())
    assert exported.args[0] == history.model.total > 0
    assert answers[-1][:2] == ("information", "History exported")
    with open(in_window, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == exported.args[0] + 1


def test_a_cancelled_export_leaves_an_earlier_workbook_as_it_was(demo_path, tmp_path):
    out = tmp_path / "summary.xlsx"
    out.write_bytes(b"last week's summary")
    with pytest.raises(operations.Cancelled):
        operations.export_judgment_summary(
            demo_path, out, progress=operations.JobProgress(is_cancelled=lambda: True)
        )
    assert out.read_bytes() == b"last week's summary"
    # Nothing else beside the output: no half-written workbook left behind.
    assert [p.name for p in out_folder_files(tmp_path)] == ["summary.xlsx"]


def out_folder_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith("demo.inspection"))


def test_an_export_over_the_inspection_itself_is_refused(demo_path):
    before = demo_path.read_bytes()
    with pytest.raises(operations.StorageError, match="over the inspection"):
        operations.export_history(demo_path, demo_path)
    assert demo_path.read_bytes() == before
