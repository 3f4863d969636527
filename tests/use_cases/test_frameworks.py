"""Installing a framework: ``import-framework`` and File ▸ New inspection ▸ From a framework
workbook… both go through the one use case with the same workbook; a second install of the
same version replaces the first only when the person says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog

import main
import storage.operations as operations
import ui.dialogs.new_inspection_dialog as new_inspection_dialog
from storage.frameworks.library import installed_frameworks, user_framework_dir
from tests.storage.framework_workbooks import FIVE_GRADE_ID, five_grade_workbook
from ui.dialogs.new_inspection_dialog import NewInspectionDialog


@pytest.fixture
def installs(monkeypatch) -> list[Path]:
    """The workbook of every call of the install use case; the real one does the work."""
    calls: list[Path] = []
    real = operations.import_framework

    def spy(workbook, **options):
        calls.append(Path(workbook).resolve())
        return real(workbook, **options)

    monkeypatch.setattr(operations, "import_framework", spy)
    monkeypatch.setattr(new_inspection_dialog, "import_framework", spy)
    return calls


def installed_files() -> list[str]:
    folder = user_framework_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_command_and_the_menu_action_install_through_the_same_use_case(
    qtbot, window, tmp_path, installs, answers, monkeypatch
):
    workbook = five_grade_workbook(tmp_path / "five grades.xlsx")
    assert main.main(["import-framework", str(workbook)]) == 0
    assert installs == [workbook.resolve()]
    assert [f.id for f in installed_frameworks()] == [FIVE_GRADE_ID]
    files = installed_files()
    assert len(files) == 1

    # The window installs the same workbook again: asked first (answered Yes), it replaces it.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(workbook), ""))
    chosen: list[str] = []

    def install_then_close() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewInspectionDialog):
            QTimer.singleShot(10, install_then_close)
            return
        qtbot.mouseClick(dialog.from_workbook, Qt.MouseButton.LeftButton)
        chosen.append(dialog.chosen_framework().id)
        dialog.reject()

    QTimer.singleShot(0, install_then_close)
    new_inspection = next(a for a in window.findChildren(QAction) if a.text() == "&New inspection…")
    new_inspection.trigger()
    assert installs == [workbook.resolve(), workbook.resolve()]
    assert chosen == [FIVE_GRADE_ID]
    assert answers[-1][:2] == ("question", "Replace the installed framework?")
    assert installed_files() == files  # replaced in place, not installed twice


def test_the_command_refuses_a_second_install_unless_told_to_replace(tmp_path, installs):
    workbook = five_grade_workbook(tmp_path / "five.xlsx")
    assert main.main(["import-framework", str(workbook)]) == 0
    kept = {p: p.read_bytes() for p in user_framework_dir().iterdir()}
    assert main.main(["import-framework", str(workbook)]) == 2
    assert {p: p.read_bytes() for p in user_framework_dir().iterdir()} == kept
    assert main.main(["import-framework", str(workbook), "--replace"]) == 0
    assert len(installs) == 3


def test_declining_to_replace_installs_nothing(tmp_path):
    workbook = five_grade_workbook(tmp_path / "five.xlsx")
    operations.import_framework(workbook)
    kept = {p: p.read_bytes() for p in user_framework_dir().iterdir()}
    asked = []
    with pytest.raises(operations.FrameworkAlreadyInstalledError) as refused:
        operations.import_framework(workbook, replace=lambda f: asked.append(f.id) and False)
    assert asked == [FIVE_GRADE_ID]
    assert refused.value.framework is not None and refused.value.framework.id == FIVE_GRADE_ID
    assert {p: p.read_bytes() for p in user_framework_dir().iterdir()} == kept
