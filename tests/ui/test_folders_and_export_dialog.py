"""Where file pickers open and where the export goes: never the app's working folder, and
a folder that does not exist is said before anything starts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from ui.window.folders import documents_folder, remember_folder, start_folder
from ui.workflows.export_runner import ExportDialog, ExportRunner


def test_pickers_open_where_the_person_last_worked(qtbot, demo_window, monkeypatch, tmp_path):
    asked = []

    def picker(parent, title, folder, filters, *args, **kwargs):
        asked.append(folder)
        return (str(tmp_path / "elsewhere" / "log.csv"), "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", picker)
    inspection = demo_window.controller.inspection.path
    demo_window.pick_file("Open inspection", "*")  # its folder does not exist: not kept
    assert Path(asked[0]) == inspection.parent  # nothing chosen before: beside the file
    (tmp_path / "elsewhere").mkdir()
    demo_window.pick_file("Import evidence", "*")
    demo_window.pick_file("Import evidence", "*")
    assert Path(asked[-1]) == tmp_path / "elsewhere"  # then the folder last chosen
    assert all(Path(a) != Path.cwd() for a in asked)


def test_with_nothing_open_or_chosen_pickers_open_in_documents_or_home(
    settings, monkeypatch, tmp_path
):
    settings.last_folder = str(tmp_path / "gone")  # a folder since removed is not used
    assert start_folder(settings) == documents_folder()
    assert documents_folder().is_dir()
    remember_folder(settings, tmp_path / "a.xlsx")
    assert start_folder(settings) == tmp_path


def test_the_export_suggests_the_inspections_folder_and_refuses_a_missing_one(
    qtbot, demo_window, tmp_path, answers
):
    controller = demo_window.controller
    runner = ExportRunner(controller.inspection.path, demo_window)
    suggested = runner.default_path(controller.inspection, demo_window.settings)
    assert suggested.parent == controller.inspection.path.parent
    dialog = ExportDialog(suggested, demo_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path.setText(str(tmp_path / "no such folder" / "summary.xlsx"))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() == 0
    assert "does not exist" in dialog.error.text() and dialog.error.isVisible()
    existing = tmp_path / "summary.xlsx"
    existing.write_bytes(b"old")
    dialog.path.setText(str(existing))
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # answers: Yes, replace it
    assert answers[-1][1] == "Replace the workbook?" and dialog.result() == 1
