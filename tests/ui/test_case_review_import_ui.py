"""Inspection ▸ Import case reviews…: the log a reviewer filled in (the template's case
reviews sheet) imported under the chosen checklist in the background, the files it adds
one undo step, files already reviewed left alone, and a bad log refused whole."""

from __future__ import annotations

from openpyxl import load_workbook

from models.case_reviews.query import CaseFileQuery
from storage.file.inspection_file import InspectionFile
from storage.operations import case_reviews as reviews
from tests.case_review_helpers import CHECKLIST, DASH
from tests.storage.merge_helpers import file_state
from tests.ui.case_review_window import case_tabs, with_sample_checklist


def _references(path) -> list[str]:
    with InspectionFile.open(path, readonly=True) as disk:
        return sorted(
            r.case_reference
            for r in reviews.case_file_page(disk, CaseFileQuery(CHECKLIST.id), 0, 1000)
        )


def _opened(qtbot, window, demo_path):
    with_sample_checklist(demo_path)
    assert window.open_file(demo_path)
    return case_tabs(window)


def _filled_log(qtbot, tabs, tmp_path, name: str, rows: list[list[str]]):
    """The chosen checklist's workbook, written from the app, with ``rows`` typed into its
    case reviews sheet as a reviewer would, saved as ``name``."""
    template = tmp_path / "blank.xlsx"
    with qtbot.waitSignal(tabs.workbooks.write_template(template).finished, timeout=20000):
        pass
    book = load_workbook(template)
    for row in rows:
        book["case reviews"].append(row)
    book.save(tmp_path / name)
    return tmp_path / name


def test_a_filled_log_imports_as_one_step_and_a_second_import_skips_it(
    qtbot, window, demo_path, tmp_path
):
    tabs = _opened(qtbot, window, demo_path)
    rows = [
        ["44150000101", "Assault", "21/09/2015", "JS", "", "no", "Yes", "No"],
        ["44150000102", "Harassment", "22/09/2015", "kp", "", "", "n", "yes"],
    ]
    log = _filled_log(qtbot, tabs, tmp_path, "reviews.xlsx", rows)

    runner = tabs.workbooks.import_reviews(log)
    assert runner is not None
    with qtbot.waitSignal(runner.finished, timeout=20000) as done:
        pass
    assert done.args[0] is not None and len(done.args[0].added) == 2
    assert _references(demo_path) == ["44150000101", "44150000102"]
    qtbot.waitUntil(lambda: tabs.panel.files.total == 2)
    assert "Imported 2 reviewed files from reviews.xlsx" in runner.report
    assert "backed up first" in runner.report
    assert tabs.controller.undo_stack.undoText() == "Import case reviews from reviews.xlsx"
    with InspectionFile.open(demo_path, readonly=True) as disk:
        (first,) = [
            r
            for r in reviews.case_file_page(disk, CaseFileQuery(CHECKLIST.id), 0, 10)
            if r.case_reference == "44150000101"
        ]
        assert reviews.get_case_file(disk, first.id).answers[DASH.id] == "yes"

    tabs.controller.undo()
    assert _references(demo_path) == []
    qtbot.waitUntil(lambda: tabs.panel.files.total == 0)
    tabs.controller.redo()
    assert _references(demo_path) == ["44150000101", "44150000102"]
    qtbot.waitUntil(lambda: tabs.panel.files.total == 2)

    again = tabs.workbooks.import_reviews(log)
    with qtbot.waitSignal(again.finished, timeout=20000) as done:
        pass
    assert done.args[0].added == () and len(done.args[0].skipped) == 2
    assert "Imported 0 reviewed files" in again.report and "2 already reviewed" in again.report
    assert tabs.controller.undo_stack.undoText() == "Import case reviews from reviews.xlsx"


def test_a_log_with_problems_imports_nothing_and_lists_them(qtbot, window, demo_path, tmp_path):
    tabs = _opened(qtbot, window, demo_path)
    rows = [
        ["44150000201", "Assault", "21/09/2015", "JS", "", "no", "perhaps"],
        ["", "Assault", "not a date", "JS"],
    ]
    log = _filled_log(qtbot, tabs, tmp_path, "bad.xlsx", rows)
    before = file_state(demo_path)
    steps = tabs.controller.undo_stack.count()

    runner = tabs.workbooks.import_reviews(log)
    with qtbot.waitSignal(runner.finished, timeout=20000) as done:
        pass
    assert done.args[0] is None
    assert file_state(demo_path) == before  # nothing written, no backup noted in the file
    assert tabs.controller.undo_stack.count() == steps
    dialog = runner.problems_dialog
    assert dialog is not None and dialog.windowTitle() == "Case reviews not imported"
    text = dialog.text.toPlainText()
    assert "row 2" in text.lower() and "row 3" in text.lower()
    dialog.close()


def test_without_a_checklist_the_import_says_to_choose_one(qtbot, window, demo_path, tmp_path):
    assert window.open_file(demo_path)
    tabs = window.view.case_reviews
    tabs.show_messages = False
    while tabs.checklist is not None:
        assert tabs.delete_checklist()
    assert tabs.workbooks.import_reviews(tmp_path / "any.xlsx") is None
    assert "Choose the checklist" in window.statusBar().currentMessage()


def test_the_report_says_what_was_added_skipped_and_worth_checking():
    from pathlib import Path

    from storage.operations import CaseReviewsImported
    from ui.workflows.case_review_import_runner import report

    one = CaseReviewsImported(("44150000001",), ("44150000002",), (), None, ("id-1",))
    assert report(one, "log.csv").splitlines() == [
        "Imported 1 reviewed file from log.csv; 1 already reviewed under the checklist was"
        " left as it was.",
        "Edit ▸ Undo takes the imported files out again.",
    ]
    names = tuple(f"Mrs Smith {n}" for n in range(12))
    many = CaseReviewsImported(names, (), names, Path("backup.inspection"), names)
    lines = report(many, "log.xlsx").splitlines()
    assert lines[0] == "Imported 12 reviewed files from log.xlsx."
    assert lines[1].startswith("These case references read like a person's name; check them:")
    assert lines[1].endswith("Mrs Smith 9 and 2 more.")
    assert lines[2] == "The inspection was backed up first (backup.inspection)."


def test_the_import_picker_opens_where_the_template_was_saved(
    qtbot, window, demo_path, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    tabs = _opened(qtbot, window, demo_path)
    folder = tmp_path / "reviewers"
    folder.mkdir()
    started = {}

    def save(parent, title, start, filters):
        started["save"] = start
        return str(folder / "log.xlsx"), ""

    def open_(parent, title, start, filters):
        started["open"] = start
        return "", ""  # the person cancels

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_)
    runner = tabs.workbooks.write_template()
    with qtbot.waitSignal(runner.finished, timeout=20000):
        pass
    assert (folder / "log.xlsx").is_file()
    assert started["save"].endswith("checklist.xlsx")
    assert tabs.workbooks.import_reviews() is None  # cancelled: nothing imported
    assert started["open"] == str(folder)
