"""Fixtures for driving the real main window with qtbot, with isolated settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox

from storage.file.inspection_file import InspectionFile
from ui.window.app import fresh_demo_copy
from ui.window.main_window import MainWindow
from ui.window.settings import AppSettings, configure_application_identity, isolate_settings


@pytest.fixture
def settings(qapp, tmp_path):
    """Settings in a private folder, with the inspector's initials already known."""
    configure_application_identity()
    isolate_settings(tmp_path / "settings")
    s = AppSettings()
    s.clear_recent_files()
    s.author_initials = "TS"
    return s


@pytest.fixture
def answers(monkeypatch):
    """Records message boxes instead of showing them; questions are answered Yes."""
    shown: list[tuple[str, str, str]] = []

    def record(kind, answer=None):
        def box(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    return shown


@pytest.fixture
def window(qtbot, settings, answers):
    w = MainWindow(settings=settings, demo_factory=fresh_demo_copy)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    # no test leaves a background task running behind it
    assert QThreadPool.globalInstance().waitForDone(20000)
    w.close_inspection()


@pytest.fixture
def demo_window(window, demo_path):
    """The main window with a private copy of the demo open."""
    assert window.open_file(demo_path)
    return window


@pytest.fixture
def reader(demo_path):
    """A second, independent connection: what is really on disk."""

    def read() -> InspectionFile:
        return InspectionFile.open(demo_path, readonly=True)

    return read
