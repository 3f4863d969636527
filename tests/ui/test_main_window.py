"""The window around the inspection: start page, new/open, recent files, export, screenshot."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import threading
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QPushButton

import ui.workflows.export_runner as export_runner
from storage.file.inspection_file import InspectionFile
from storage.frameworks.library import builtin_frameworks
from ui.dialogs.new_inspection_dialog import NewInspectionDialog
from ui.window.main_window import MainWindow
from ui.workflows.export_runner import ExportRunner, default_export_name

ROOT = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_start_page_when_nothing_is_open(window):
    assert window.stack.currentWidget() is window.start_page
    assert not window.export_action.isEnabled()
    assert not window.new_evidence_action.isEnabled()
    assert window.start_page.recent.isHidden()


def test_open_the_demo_from_the_start_page(qtbot, window):
    qtbot.mouseClick(window.start_page.demo_button, Qt.MouseButton.LeftButton)
    assert window.view is not None
    assert "Hampshire" in window.windowTitle()
    assert window.view.current_question.code == "E"
    assert window.view.evidence_list.model.total >= 60


def test_new_inspection_dialog_creates_a_file(qtbot, window, tmp_path):
    dialog = NewInspectionDialog(builtin_frameworks(), window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.force, "Testshire Police")
    dialog.period.setText("2026/27")
    dialog.path.setText(str(tmp_path / "testshire"))
    assert dialog.problem() is None
    assert window.create_inspection(dialog)
    path = tmp_path / "testshire.inspection"
    assert path.exists()
    assert window.view.evidence_list.model.total == 0
    with InspectionFile.open(path, readonly=True) as created:
        assert created.inspection.force == "Testshire Police"
        assert created.inspection.period == "2026/27"
        assert created.framework.id == "peel-2015-effectiveness"
    assert window.settings.recent_files[0] == str(path.resolve())


def test_new_inspection_dialog_refuses_missing_force_and_existing_file(qtbot, window, demo_path):
    dialog = NewInspectionDialog(builtin_frameworks(), window)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(demo_path))
    assert "force" in dialog.problem()
    dialog.force.setText("Anyshire")
    assert "already exists" in dialog.problem()
    before = sha256(demo_path)
    dialog._accept()
    assert dialog.result() == 0 and "already exists" in dialog.error.text()
    assert sha256(demo_path) == before


@pytest.mark.parametrize(
    "content", [b"", b"not an inspection at all", b"SQLite format 3\x00" + b"\x00" * 200]
)
def test_opening_a_bad_file_explains_and_changes_nothing(window, tmp_path, answers, content):
    bad = tmp_path / "bad.inspection"
    bad.write_bytes(content)
    assert not window.open_file(bad)
    assert answers[-1][0] == "warning" and "bad.inspection" in answers[-1][2]
    assert bad.read_bytes() == content
    assert window.stack.currentWidget() is window.start_page


def test_missing_recent_file_is_dropped_from_the_list(window, tmp_path, answers):
    gone = tmp_path / "gone.inspection"
    window.settings.add_recent_file(gone)
    window._refresh_recent_menu()
    assert window.start_page.recent.count() == 1
    assert not window.open_file(gone)
    assert window.start_page.recent.count() == 0


def test_recent_files_and_geometry_are_remembered(qtbot, settings, demo_path, answers):
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 560)  # inside the offscreen screen (800×600)
    assert first.open_file(demo_path)
    expected = first.size()
    first.close()
    second = MainWindow(settings=settings)
    qtbot.addWidget(second)
    assert second.start_page.recent.count() == 1
    assert second.start_page.recent.item(0).data(Qt.ItemDataRole.UserRole) == str(
        demo_path.resolve()
    )
    assert second.size() == expected
    second.start_page.recent.itemActivated.emit(second.start_page.recent.item(0))
    assert second.view is not None
    second.close()


def test_export_runs_in_the_background_and_reads_back(qtbot, demo_window, tmp_path):
    out = tmp_path / "summary.xlsx"
    runner = ExportRunner(demo_window.controller.inspection.path, demo_window)
    runner.ask_to_open = False
    with qtbot.waitSignal(runner.finished, timeout=20000) as result:
        demo_window.start_export(runner, out, include_sensitive=False)
    assert result.args[0] is not None and result.args[0].path == out
    workbook = openpyxl.load_workbook(out, read_only=True)
    text = " ".join(
        str(c)
        for row in workbook["Summary"].iter_rows(values_only=True)
        for c in row
        if c is not None
    )
    assert "Requires improvement" in text and "Good" in text


def test_the_workbook_is_by_the_inspector_working_in_the_window(qtbot, demo_window, tmp_path):
    demo_window.settings.author_initials = "KO"  # one of the demo's team
    out = tmp_path / "summary.xlsx"
    runner = ExportRunner(demo_window.controller.inspection.path, demo_window)
    runner.ask_to_open = False
    with qtbot.waitSignal(runner.finished, timeout=20000):
        demo_window.start_export(runner, out, include_sensitive=False)
    workbook = openpyxl.load_workbook(out)
    assert workbook.properties.creator == "Kemi Okafor"
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert summary["Generated by"] == "Kemi Okafor (KO)"


def test_cancelled_export_leaves_nothing(qtbot, demo_window, tmp_path, monkeypatch):
    release = threading.Event()
    real = export_runner.export_judgment_summary

    def held(*args, **kwargs):  # hold the worker until the user has pressed Cancel
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(export_runner, "export_judgment_summary", held)
    out = tmp_path / "cancelled.xlsx"
    runner = ExportRunner(demo_window.controller.inspection.path, demo_window)
    runner.ask_to_open = False
    with qtbot.waitSignal(runner.finished, timeout=20000) as result:
        handle = demo_window.start_export(runner, out, include_sensitive=False)
        runner.progress.findChild(QPushButton).click()  # the progress dialog's Cancel
        assert handle.cancelled
        release.set()
    assert result.args[0] is None
    assert not out.exists()
    assert list(tmp_path.glob("*.xlsx*")) == []


def test_default_export_name():
    name = default_export_name(
        "Hampshire Constabulary",
        "PEEL 2015: police effectiveness",
        __import__("datetime").date(2015, 12, 1),
    )
    assert name == (
        "Hampshire Constabulary PEEL 2015- police effectiveness draft judgment "
        "summary 2015-12-01.xlsx"
    )


def test_screenshot_from_the_command_line(tmp_path):
    out = tmp_path / "shot.png"
    env = {
        **__import__("os").environ,
        "QT_QPA_PLATFORM": "offscreen",
        "EVIDENCE_REVIEW_HOME": str(tmp_path / "home"),
    }
    done = subprocess.run(
        [sys.executable, "main.py", "gui", "--demo", "--screenshot", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    # A laptop screen's worth: what most inspectors see.
    assert (image.width(), image.height()) == (1366, 768)
