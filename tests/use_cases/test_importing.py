"""Importing evidence: ``import-evidence`` and File ▸ Import evidence… both go through the one
use case, which backs the inspection up once before it writes and not at all for a refused log."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

import main
import storage.operations as operations
import ui.workflows.evidence_import_runner as import_runner
from storage.backups.automatic import BEFORE_IMPORT, list_backups
from storage.file.inspection_file import InspectionFile
from tests.storage.log_files import evidence_state, log_row, write_csv

TIMEOUT = 20000


@pytest.fixture
def imports(monkeypatch) -> list[tuple[Path, Path]]:
    """Every call of the import use case, as (inspection, log); the real one does the work."""
    calls: list[tuple[Path, Path]] = []
    real = operations.import_evidence

    def spy(target, log_path, **options):
        calls.append((Path(getattr(target, "path", target)).resolve(), Path(log_path).resolve()))
        return real(target, log_path, **options)

    monkeypatch.setattr(operations, "import_evidence", spy)
    monkeypatch.setattr(import_runner, "import_evidence", spy)
    return calls


def import_backups(path: Path) -> int:
    return sum(b.reason == BEFORE_IMPORT for b in list_backups(path))


def evidence_count(path: Path) -> int:
    with InspectionFile.open(path, readonly=True) as inspection:
        return inspection.evidence.count()


def test_the_command_and_the_menu_action_import_through_the_same_use_case(
    qtbot, window, demo_path, tmp_path, imports, monkeypatch
):
    before = evidence_count(demo_path)
    by_command = write_csv(
        tmp_path / "command.csv", [log_row(Summary=f"Seen at the front desk {n}") for n in range(3)]
    )
    assert main.main(["import-evidence", str(demo_path), str(by_command)]) == 0
    assert imports == [(demo_path.resolve(), by_command.resolve())]
    assert evidence_count(demo_path) == before + 3
    assert import_backups(demo_path) == 1

    in_window = write_csv(
        tmp_path / "window.csv", [log_row(Summary=f"Said in the focus group {n}") for n in range(2)]
    )
    assert window.open_file(demo_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(in_window), ""))
    window.import_evidence_action.trigger()
    runner = window.import_runner
    qtbot.waitUntil(
        lambda: runner.dialog is not None and runner.dialog.isVisible(), timeout=TIMEOUT
    )
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT) as finished:
        qtbot.mouseClick(runner.dialog.import_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].added == 2
    assert imports[1] == (demo_path.resolve(), in_window.resolve())
    assert len(imports) == 2
    assert window.view.evidence_list.model.total == before + 5
    assert import_backups(demo_path) == 2  # one backup per import, made by the use case


def test_a_refused_log_leaves_the_file_and_its_backups_as_they_were(demo_path, tmp_path, imports):
    log = write_csv(tmp_path / "bad.csv", [log_row(), log_row(Date="31/02/2015")])
    before = evidence_state(demo_path)
    assert main.main(["import-evidence", str(demo_path), str(log)]) == 2
    assert imports == [(demo_path.resolve(), log.resolve())]
    assert evidence_state(demo_path) == before
    assert import_backups(demo_path) == 0


def test_a_cancelled_import_changes_nothing_and_makes_no_backup(demo_path, tmp_path):
    log = write_csv(tmp_path / "log.csv", [log_row(Summary=f"Item {n}") for n in range(1200)])
    before = evidence_state(demo_path)
    asked: list[int] = []

    def cancel_while_writing() -> bool:
        asked.append(1)
        return len(asked) > 3  # after the log has been read and checked

    with pytest.raises(operations.Cancelled):
        operations.import_evidence(
            demo_path, log, progress=operations.JobProgress(is_cancelled=cancel_while_writing)
        )
    assert len(asked) > 3
    assert evidence_state(demo_path) == before
    assert import_backups(demo_path) == 0


def test_the_import_is_logged_by_file_names_and_counts_never_by_its_text(
    demo_path, tmp_path, caplog
):
    log = write_csv(tmp_path / "visit.csv", [log_row(Summary="Victim named Jane Roe at the desk")])
    with caplog.at_level("INFO", logger="storage"):
        imported = operations.import_evidence(demo_path, log, actor="TS")
    assert imported.result.added == 1 and imported.backup is not None
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("storage.")]
    assert any("importing visit.csv into demo.inspection" in line for line in lines)
    assert any("1 added" in line for line in lines)
    assert not any("Jane Roe" in line for line in lines)
