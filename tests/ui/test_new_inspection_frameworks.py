"""File ▸ New inspection with the framework library: installed frameworks offered, a framework
installed from a workbook (or its problems listed), and a five-grade framework graded in the
judgment panel and read back from the exported summary."""

from __future__ import annotations

import json
from dataclasses import replace

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from models.framework import framework_from_dict
from models.grade_colours import grade_colour
from storage.file.inspection_file import InspectionFile
from storage.frameworks.library import (
    available_frameworks,
    find_framework,
    install_framework,
    user_framework_dir,
)
from storage.frameworks.workbook import write_framework_workbook
from tests.cli.test_cli import run
from tests.conftest import TINY_FRAMEWORK
from tests.storage.framework_workbooks import (
    FIVE_GRADE_ID,
    FIVE_GRADES,
    five_grade_rows,
    five_grade_workbook,
    write_sheets,
)
from tests.storage.workbook_reading import header_row, records
from ui.dialogs.new_inspection_dialog import NewInspectionDialog

PEEL_TITLE = "PEEL 2015: police effectiveness (version 2015.1)"
FIVE_TITLE = "PEEL 2023 effectiveness (version 2023.1)"


def installed_files() -> list[str]:
    folder = user_framework_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def open_dialog(qtbot, window) -> NewInspectionDialog:
    dialog = NewInspectionDialog(available_frameworks(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def offered(dialog) -> list[str]:
    return [dialog.framework.itemText(i) for i in range(dialog.framework.count())]


def test_the_dialog_offers_installed_frameworks_marked_as_installed(qtbot, window, tmp_path):
    install_framework(framework_from_dict(TINY_FRAMEWORK))
    dialog = open_dialog(qtbot, window)
    assert offered(dialog) == [PEEL_TITLE, "Tiny framework (version 1) — installed"]
    assert dialog.library_note.isHidden()
    dialog.framework.setCurrentIndex(1)
    qtbot.keyClicks(dialog.force, "Testshire Police")
    dialog.path.setText(str(tmp_path / "testshire"))
    assert window.create_inspection(dialog)
    with InspectionFile.open(tmp_path / "testshire.inspection", readonly=True) as created:
        assert created.framework.id == "tiny"
    assert window.view.current_question.code == "H"


def test_file_new_inspection_builds_the_dialog_from_the_whole_library(window, monkeypatch):
    install_framework(framework_from_dict(TINY_FRAMEWORK))
    seen = []
    monkeypatch.setattr(
        NewInspectionDialog, "exec", lambda self: seen.append([f.id for f in self.frameworks]) or 0
    )
    window.new_inspection()
    assert seen == [["peel-2015-effectiveness", "tiny"]]


def test_a_workbook_is_installed_and_selected(qtbot, window, tmp_path):
    dialog = open_dialog(qtbot, window)
    framework = dialog.install_from_workbook(five_grade_workbook(tmp_path / "five.xlsx"))
    assert framework is not None and framework.id == FIVE_GRADE_ID
    assert offered(dialog) == [PEEL_TITLE, f"{FIVE_TITLE} — installed"]
    assert dialog.framework.currentText() == f"{FIVE_TITLE} — installed"
    assert dialog.chosen_framework() == framework == find_framework(FIVE_GRADE_ID)
    assert dialog.workbook_problems.isHidden() and dialog.error.text() == ""
    assert installed_files() == [f"{FIVE_GRADE_ID}@2023.1.json"]

    qtbot.keyClicks(dialog.force, "Kent Police")
    dialog.path.setText(str(tmp_path / "kent"))
    assert window.create_inspection(dialog)
    assert window.controller.framework.id == FIVE_GRADE_ID


def test_the_button_asks_for_a_workbook_then_installs_it(qtbot, window, tmp_path, monkeypatch):
    path = five_grade_workbook(tmp_path / "five.xlsx")
    asked = []

    def choose(parent, caption, folder, file_filter):
        asked.append((caption, file_filter))
        return str(path), file_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.from_workbook, Qt.MouseButton.LeftButton)
    assert asked == [("Install a framework from a workbook", "Excel workbooks (*.xlsx)")]
    assert dialog.chosen_framework().id == FIVE_GRADE_ID


def test_problems_are_listed_in_the_dialog_and_nothing_is_installed(qtbot, window, tmp_path):
    sheets = five_grade_rows()
    sheets["Questions"][6][1] = 9.9
    sheets["Grades"][2][0] = "second"
    path = write_sheets(tmp_path / "draft.xlsx", sheets)
    before = path.read_bytes()
    dialog = open_dialog(qtbot, window)
    assert dialog.install_from_workbook(path) is None
    problems = [
        dialog.workbook_problems.item(i).text() for i in range(dialog.workbook_problems.count())
    ]
    assert problems == [
        "questions sheet, row 7, column 'parent code': parent 9.9 does not exist",
        "grades sheet, row 3, column 'order': 'second' is not a whole number; number the "
        "grades 1 (best), 2, 3 and so on",
    ]
    assert dialog.workbook_problems.isVisible()
    assert dialog.error.text() == "Nothing was installed: draft.xlsx has 2 problems to fix first."
    assert offered(dialog) == [PEEL_TITLE]
    assert installed_files() == [] and path.read_bytes() == before

    # Fixed, it installs, and the problems go away.
    assert dialog.install_from_workbook(five_grade_workbook(tmp_path / "fixed.xlsx"))
    assert dialog.workbook_problems.isHidden() and dialog.error.text() == ""


def test_reinstalling_the_same_version_asks_first(qtbot, window, tmp_path, monkeypatch):
    path = five_grade_workbook(tmp_path / "five.xlsx")
    dialog = open_dialog(qtbot, window)
    assert dialog.install_from_workbook(path)
    kept = user_framework_dir() / installed_files()[0]
    before = kept.read_bytes()

    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.No
    )
    assert dialog.install_from_workbook(path) is None
    assert dialog.error.text() == "Nothing was installed."
    assert kept.read_bytes() == before

    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    sheets = five_grade_rows()
    sheets["Framework"][2][1] = "PEEL 2023 effectiveness, revised"
    assert dialog.install_from_workbook(write_sheets(tmp_path / "revised.xlsx", sheets))
    assert (
        json.loads(kept.read_text(encoding="utf-8"))["name"] == "PEEL 2023 effectiveness, revised"
    )
    assert installed_files() == [kept.name]


def test_a_builtin_id_is_refused_in_the_dialog(qtbot, window, tmp_path):
    path = write_framework_workbook(
        find_framework("peel-2015-effectiveness"), tmp_path / "peel.xlsx"
    )
    dialog = open_dialog(qtbot, window)
    assert dialog.install_from_workbook(path) is None
    assert "built-in" in dialog.error.text() and "Nothing was installed" in dialog.error.text()
    assert installed_files() == []


def test_a_broken_installed_framework_is_noted_not_fatal(qtbot, window):
    folder = user_framework_dir()
    folder.mkdir(parents=True)
    (folder / "half-copied.json").write_text('{"id": ', encoding="utf-8")
    dialog = open_dialog(qtbot, window)
    assert offered(dialog) == [PEEL_TITLE]
    assert dialog.library_note.isVisible()
    assert "half-copied.json" in dialog.library_note.text()


# -- five grades: import, new, grade in storage and in the panel, export ---------------------
def test_five_grades_from_workbook_to_judgment_panel_to_summary(
    qtbot, window, tmp_path, isolated_home
):
    workbook = five_grade_workbook(tmp_path / "peel 2023.xlsx")
    assert run(isolated_home, "import-framework", workbook).returncode == 0
    path = tmp_path / "kent.inspection"
    assert (
        run(
            isolated_home, "new", path, "--framework", FIVE_GRADE_ID, "--force", "Kent Police"
        ).returncode
        == 0
    )
    with InspectionFile.open(path) as inspection:  # one core question graded in storage
        inspection.judgments.save(replace(inspection.judgments.get("3"), grade="Inadequate"))

    assert window.open_file(path)
    view = window.view
    panel = view.judgment
    view.select_question("2")
    view.tabs.setCurrentWidget(panel)
    assert [panel.grade.itemText(i) for i in range(panel.grade.count())] == ["Not yet graded"] + [
        name for name, _ in FIVE_GRADES
    ]
    assert panel.grade.currentText() == "Not yet graded"
    panel.grade.setFocus()
    for _ in range(3):  # Outstanding, Good, Adequate
        qtbot.keyClick(panel.grade, Qt.Key.Key_Down)
    assert panel.grade.currentText() == "Adequate"
    assert panel.definition.text() == FIVE_GRADES[2][1]
    with InspectionFile.open(path, readonly=True) as disk:
        assert disk.judgments.get("2").grade == "Adequate"
        assert disk.judgments.get("3").grade == "Inadequate"

    tree = view.tree_model
    colours = {}
    for code, grade, position in (("2", "Adequate", 2), ("3", "Inadequate", 4)):
        index = tree.index_for_code(code, 1)
        assert tree.data(index) == grade
        colours[code] = tree.data(index, Qt.ItemDataRole.BackgroundRole).color().name().upper()
        assert colours[code] == grade_colour(position, 5)
    view.select_question("3")
    assert panel.grade.currentText() == "Inadequate"
    window.close_inspection()

    out = tmp_path / "summary.xlsx"
    result = run(isolated_home, "export", path, "--out", out)
    assert result.returncode == 0, result.stderr
    summary = load_workbook(out)["Summary"]
    grades = {r["Question"]: r["Grade"] for r in records(summary, header_row(summary, "Question"))}
    assert grades == {
        "Overall": "Not yet graded",
        "1": "Not yet graded",
        "2": "Adequate",
        "3": "Inadequate",
    }
