"""Attached files in the window from the safe side: a stored name never leads out of its
folder, only regular files are attached, and private copies a crash left are removed at
the next start."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog

from storage.file.inspection_file import InspectionFile
from storage.file.private_temp import PREFIX
from tests.storage.repository_helpers import attach_file
from ui.window.app import start_gui

ROOT = Path(__file__).resolve().parents[2]

MAKE_THEN_WAIT = """
import sys
sys.path.insert(0, {root!r})
from storage.file.private_temp import PrivateFolder
folder = PrivateFolder("attachments")
(folder.path / "statement.docx").write_bytes(b"victim's statement")
print(folder.path, flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def editor(demo_window, qtbot):
    view = demo_window.view
    assert view.evidence_list.select(view.evidence_list.model.evidence_at(0).id)
    qtbot.waitUntil(lambda: view.editor.current is not None)
    return view.editor


@pytest.mark.parametrize(
    "stored",
    [
        "/home/lead/Desktop/custody record.pdf",
        "C:\\Users\\lead\\custody record.pdf",
        "../../custody record.pdf",
    ],
)
def test_save_as_offers_the_name_alone(qtbot, monkeypatch, window, tmp_path, demo_path, stored):
    (tmp_path / "custody record.pdf").write_bytes(b"%PDF record")
    with InspectionFile.open(demo_path) as inspection:
        item = inspection.evidence.page(limit=1)[0]
        attach_file(inspection, item.id, tmp_path / "custody record.pdf")
    # A name stored by another system, or by an older version of the app.
    conn = sqlite3.connect(demo_path, isolation_level=None)
    conn.execute("UPDATE history_context SET recording = 0")
    conn.execute("UPDATE attachment SET name = ?", [stored])
    conn.close()
    assert window.open_file(demo_path)
    view = window.view
    assert view.evidence_list.select(item.id)
    qtbot.waitUntil(lambda: view.editor.attachments.model.rowCount() == 1)
    offered = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda parent, title, start, *a, **k: offered.append(start) or ("", ""),
    )
    panel = view.editor.attachments
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert offered == [str(Path(documents) / "custody record.pdf")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_is_refused_at_once_and_nothing_is_attached(
    qtbot, monkeypatch, editor, answers, reader, tmp_path
):
    pipe = tmp_path / "evidence.pdf"
    os.mkfifo(pipe)
    panel = editor.attachments
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(pipe)], ""))
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any("not a regular file" in text for _, _, text in answers), timeout=10_000
    )
    assert panel.model.rowCount() == 0
    with reader() as disk:
        assert disk.attachments.for_evidence(editor.current.id) == []


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_private_copies_a_crash_left_are_removed_at_the_next_start(qtbot, qapp, settings, answers):
    child = subprocess.Popen(
        [sys.executable, "-c", MAKE_THEN_WAIT.format(root=str(ROOT))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        left = Path(child.stdout.readline().strip())
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert left.name.startswith(PREFIX) and (left / "statement.docx").exists()
    live = subprocess.Popen(
        [sys.executable, "-c", MAKE_THEN_WAIT.format(root=str(ROOT))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        running = Path(live.stdout.readline().strip())
        window = start_gui()
        qtbot.addWidget(window)
        assert not left.exists()  # its process is gone: removed
        assert (running / "statement.docx").exists()  # another running copy's: kept
    finally:
        live.kill()
        live.wait(timeout=30)
    from storage.file.private_temp import remove_leftovers

    assert running in remove_leftovers()
