"""A new inspection and the demo: the command line and the window each go through one
use case, and both make a file the app opens for editing."""

from __future__ import annotations

from pathlib import Path

import pytest

import main
from storage.file.errors import StorageError
from storage.file.file_lock import lock_path
from storage.file.inspection_file import InspectionFile
from storage.operations import app_demo_path, create_inspection, write_demo_inspection
from tests.ui.modal_answers import ModalAnswer
from tests.use_cases import file_jobs_support as support
from tests.use_cases.file_jobs_support import is_held, menu_action, spy
from ui.dialogs.new_inspection_dialog import NewInspectionDialog

settings, shown, window = support.settings, support.shown, support.window  # fixtures


def _fill_in(qtbot, out: Path):
    def act(dialog: NewInspectionDialog) -> None:
        qtbot.keyClicks(dialog.force, "Testshire Police")
        dialog.path.setText(str(out))
        dialog.buttons.accepted.emit()

    return act


def test_the_new_command_and_file_new_create_through_the_use_case(
    qtbot, window, tmp_path, monkeypatch, capsys, shown
):
    calls = spy(monkeypatch, "create_inspection")
    out = tmp_path / "testshire.inspection"
    status = main.main(
        ["new", str(out), "--framework", "peel-2015-effectiveness", "--force", "Testshire Police"]
    )
    assert status == 0 and calls == [out.resolve()]
    assert capsys.readouterr().out.startswith(f'Created {out}: "Testshire Police')
    assert not lock_path(out).exists()
    with InspectionFile.open(out, readonly=True) as created:
        assert created.inspection.force == "Testshire Police" and created.evidence.count() == 0
    for suffix in ("", "-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)

    answer = ModalAnswer(NewInspectionDialog, _fill_in(qtbot, out))
    menu_action(window, "New inspection…").trigger()
    assert answer.seen and shown == []
    assert calls == [out.resolve(), out.resolve()]
    assert window.controller is not None and window.controller.inspection.path == out
    assert is_held(window.file_safety.lock) and lock_path(out).exists()
    qtbot.waitUntil(lambda: not window.file_safety.working_in_background, timeout=20000)


def test_a_new_inspection_is_refused_without_a_force_or_over_a_file(tmp_path, demo_path):
    from storage.operations import available_frameworks

    framework = available_frameworks()[0]
    out = tmp_path / "nobody.inspection"
    with pytest.raises(StorageError, match="force"):
        create_inspection(out, framework, force="  ")
    assert not out.exists()
    before = demo_path.read_bytes()
    with pytest.raises(StorageError, match="already exists"):
        create_inspection(demo_path, framework, force="Anyshire")
    assert demo_path.read_bytes() == before
    with create_inspection(out, framework, force="Anyshire", title="Spring visit") as made:
        assert made.lock is not None and is_held(made.lock) and made.warning is None
        assert made.inspection.inspection.title == "Spring visit"
    assert not lock_path(out).exists()


def test_the_demo_command_and_open_the_demo_write_it_through_the_use_case(
    qtbot, window, monkeypatch, capsys, shown
):
    calls = spy(monkeypatch, "write_demo_inspection")
    demo = app_demo_path()
    assert not demo.exists()
    assert main.main(["demo", str(demo)]) == 0
    printed = capsys.readouterr().out
    assert calls == [demo.resolve()]
    with InspectionFile.open(demo, readonly=True) as written:
        evidence = written.evidence.count()
        assert evidence > 0 and f"{evidence} evidence items" in printed

    menu_action(window, "Open the demo").trigger()
    assert calls == [demo.resolve(), demo.resolve()] and shown == []
    assert window.controller is not None and window.controller.inspection.path == demo
    assert window.controller.evidence.count() == evidence
    qtbot.waitUntil(lambda: not window.file_safety.working_in_background, timeout=20000)


def test_the_demo_is_never_written_over_a_file_unless_it_is_the_apps_own_copy(tmp_path):
    out = tmp_path / "mine.inspection"
    out.write_text("my own notes")
    with pytest.raises(StorageError, match="already exists"):
        write_demo_inspection(out)
    assert out.read_text() == "my own notes"
    first = write_demo_inspection(tmp_path / "demo.inspection")
    again = write_demo_inspection(first.path, replace=True)
    assert again == first and again.findings > 0 and again.title.startswith("Hampshire")
