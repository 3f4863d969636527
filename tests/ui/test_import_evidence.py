"""File ▸ Import evidence, driven with qtbot: choosing columns, the background import with
progress and Cancel, the list and tree refreshing, problems listed, and one-step undo."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

import ui.workflows.evidence_import_runner as runner_module
from models.evidence_logs.fields import LogField
from storage.evidence_logs.importer import stage_of
from tests.storage.log_files import evidence_state, log_row, write_csv, write_xlsx

TIMEOUT = 20000


def count_of(window, code: str) -> int:
    model = window.view.tree_model
    return model.data(model.index_for_code(code, 2))


def open_columns(qtbot, window, log):
    """Start the import of ``log`` and wait for the column dialog."""
    runner = window.start_evidence_import(log)
    with qtbot.waitSignal(runner.dialog_opened, timeout=TIMEOUT) as opened:
        pass
    return runner, opened.args[0]


def import_with(qtbot, runner, dialog):
    """Press Import and wait until the background import has reported back."""
    assert dialog.import_button.isEnabled(), dialog.problem_text()
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT) as finished:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    return finished.args[0]


def test_file_menu_offers_the_import_only_with_an_inspection_open(window, demo_path):
    assert window.import_evidence_action.text() == "&Import evidence…"
    assert not window.import_evidence_action.isEnabled()
    window.open_file(demo_path)
    assert window.import_evidence_action.isEnabled()


def test_an_unmatched_header_is_assigned_in_the_column_step(
    qtbot, demo_window, tmp_path, answers, reader
):
    log = write_csv(
        tmp_path / "log.csv",
        [
            ["Front counter staff knew the THRIVE questions", "RT", "2.2.1", "ts", "wk 2"],
            ["Duty inspector reviewed every open incident", "Visit", "2.2.1; 2.2.2", "ts", "wk 2"],
        ],
        ["Obs", "Type", "Questions", "Inspector", "Week"],
    )
    listed_before = demo_window.view.evidence_list.model.total
    count_before = count_of(demo_window, "2.2.1")
    runner, dialog = open_columns(qtbot, demo_window, log)
    runner.show_messages = False
    assert dialog.mapping() == {
        0: None,
        1: LogField.SOURCE_TYPE,
        2: LogField.QUESTIONS,
        3: LogField.AUTHOR,
        4: None,
    }
    assert not dialog.import_button.isEnabled()
    assert "No column holds the summary" in dialog.problems.text()
    assert dialog.columns.item(0, 2).text() == "Front counter staff knew the THRIVE questions"

    chooser = dialog.chooser(0)
    assert chooser.accessibleName() == "Import column A (Obs) as"
    chooser.setFocus()
    qtbot.keyClicks(chooser, "Su")  # as typed on the closed list: picks "Summary"
    assert dialog.mapping()[0] is LogField.SUMMARY
    assert dialog.problems.isHidden()

    result = import_with(qtbot, runner, dialog)
    assert result.added == 2 and result.ignored_columns == ("E (Week)",)
    assert demo_window.view.evidence_list.model.total == listed_before + 2
    assert count_of(demo_window, "2.2.1") == count_before + 2
    assert demo_window.controller.undo_stack.undoText() == "Import 2 evidence items from log.csv"
    assert "Imported 2 evidence items" in demo_window.statusBar().currentMessage()
    with reader() as disk:
        assert disk.evidence.next_ref("TS") == "TS-0003"


def test_the_import_runs_in_the_background_with_progress_and_undo_is_one_step(
    qtbot, demo_window, tmp_path, answers, reader, monkeypatch
):
    rows = [
        log_row(
            Summary=f"Case file {n} showed a risk assessment",
            source_type="CFR",
            Questions="3.1",
            Author="TS",
        )
        for n in range(3000)
    ]
    log = write_xlsx(tmp_path / "log.xlsx", rows)
    threads = []
    real = runner_module.import_evidence

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(runner_module, "import_evidence", recording)
    listed = demo_window.view.evidence_list.model.total
    before = evidence_state(demo_window.controller.inspection.path)
    runner, dialog = open_columns(qtbot, demo_window, log)
    progress: list[int] = []
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT) as finished:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        runner.handle.progressed.connect(lambda done, total: progress.append(done))
        assert runner.progress is not None and runner.progress.labelText() == "Reading the log…"
    assert finished.args[0].added == 3000
    assert threads and threads[0] is not threading.main_thread()
    stages = {stage_of(value) for value in progress}
    assert stages == {"Reading the log", "Checking every row", "Writing the evidence"}
    assert max(progress) == 1000
    assert answers[-1][:2] == ("information", "Evidence imported")
    assert demo_window.view.evidence_list.model.total == listed + 3000
    assert count_of(demo_window, "3.1") >= 3000

    stack = demo_window.controller.undo_stack
    demo_window.view.evidence_list.select(finished.args[0].evidence_ids[0])
    stack.undo()
    assert demo_window.view.evidence_list.model.total == listed
    assert demo_window.view.editor.current is None
    assert evidence_state(demo_window.controller.inspection.path)[0] == before[0] + 3000
    with reader() as disk:
        assert disk.evidence.count() == listed
    stack.redo()
    assert demo_window.view.evidence_list.model.total == listed + 3000
    with reader() as disk:
        assert disk.evidence.count() == listed + 3000


def test_cancel_leaves_the_inspection_as_it_was(qtbot, demo_window, tmp_path, answers, monkeypatch):
    release = threading.Event()
    real = runner_module.import_evidence

    def held(*args, **kwargs):  # hold the worker until the user has pressed Cancel
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(runner_module, "import_evidence", held)
    log = write_csv(tmp_path / "log.csv", [log_row(Author="TS", Questions="1.1")] * 50)
    path = demo_window.controller.inspection.path
    before = evidence_state(path)
    runner, dialog = open_columns(qtbot, demo_window, log)
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT) as finished:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        runner.progress.findChild(QPushButton).click()  # the progress dialog's Cancel
        assert runner.handle.cancelled
        release.set()
    assert finished.args[0] is None
    assert evidence_state(path) == before
    assert demo_window.controller.undo_stack.count() == 0
    assert answers == []


def test_problems_are_listed_and_nothing_is_imported(qtbot, demo_window, tmp_path, answers):
    log = write_csv(
        tmp_path / "log.csv",
        [
            log_row(Author="TS"),
            log_row(Author="TS", Date="31/02/2015"),
            log_row(Author="TS", Questions="9.9"),
        ],
    )
    path = demo_window.controller.inspection.path
    before = evidence_state(path)
    runner, dialog = open_columns(qtbot, demo_window, log)
    assert import_with(qtbot, runner, dialog) is None
    shown = runner.problems_dialog
    assert shown is not None and shown.isVisible()
    assert shown.text.toPlainText().splitlines() == [
        "row 3, column B (Date): '31/02/2015' is not a real date",
        "row 4, column I (Questions): 9.9 is not a question of this inspection's framework",
    ]
    shown.close()
    assert evidence_state(path) == before
    assert demo_window.controller.undo_stack.count() == 0


@pytest.mark.parametrize(
    "content, words", [(b"", "is empty"), (b"\xd0\xcf\x11\xe0" + bytes(64), ".xls")]
)
def test_an_unreadable_log_is_explained_before_the_column_step(
    qtbot, demo_window, tmp_path, answers, content, words
):
    log = tmp_path / ("log.csv" if content == b"" else "log.xls")
    log.write_bytes(content)
    runner = demo_window.start_evidence_import(log)
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT) as finished:
        pass
    assert finished.args[0] is None and runner.dialog is None
    assert answers[-1][:2] == ("warning", "Evidence not imported") and words in answers[-1][2]


def test_a_workbook_sheet_and_default_initials_are_chosen(
    qtbot, demo_window, tmp_path, answers, settings
):
    log = write_xlsx(
        tmp_path / "log.xlsx",
        [["Notes only"]],
        ["Cover"],
        sheet="Cover",
        other_sheets={
            "Log": [["Summary", "Type", "Questions"], ["Custody record checked", "DR", "3.3.1"]]
        },
    )
    runner, dialog = open_columns(qtbot, demo_window, log)
    assert dialog.initials.text() == "TS"
    assert not dialog.import_button.isEnabled()
    dialog.sheet.setCurrentIndex(dialog.sheet.findText("Log"))
    assert dialog.import_button.isEnabled()
    dialog.initials.clear()
    qtbot.keyClicks(dialog.initials, "k9")
    assert "not valid initials" in dialog.problems.text()
    dialog.initials.clear()
    qtbot.keyClicks(dialog.initials, "ko")
    result = import_with(qtbot, runner, dialog)
    assert result.added == 1 and result.described == "log.xlsx, sheet Log"
    assert demo_window.controller.evidence.get(result.evidence_ids[0]).ref.startswith("KO-")


def test_a_refused_log_keeps_the_columns_open_and_makes_no_backup(
    qtbot, demo_window, tmp_path, answers
):
    from storage.backups.automatic import BEFORE_IMPORT, list_backups

    rows = [log_row(Author="TS"), log_row(Author="TS", Date="31/02/2015")]
    log = write_csv(tmp_path / "log.csv", rows)
    path = demo_window.controller.inspection.path

    def import_backups() -> int:
        return sum(b.reason == BEFORE_IMPORT for b in list_backups(path))

    before = import_backups()
    runner, dialog = open_columns(qtbot, demo_window, log)
    assert import_with(qtbot, runner, dialog) is None
    assert dialog.isVisible(), "the column dialog stays open after a refused import"
    assert runner.problems_dialog.isVisible()
    assert runner.problems_dialog.parent() is dialog
    assert import_backups() == before  # nothing imported, nothing backed up
    runner.problems_dialog.close()

    # Corrected in the spreadsheet, the same dialog imports it.
    write_csv(tmp_path / "log.csv", [rows[0], log_row(Author="TS", Date="28/02/2015")])
    result = import_with(qtbot, runner, dialog)
    assert result.added == 2 and not dialog.isVisible()
    assert import_backups() == before + 1

    # The same log again brings nothing in: no backup for it either.
    runner, dialog = open_columns(qtbot, demo_window, log)
    runner.show_messages = False
    again = import_with(qtbot, runner, dialog)
    assert again.added == 0 and again.skipped == 2
    assert import_backups() == before + 1
