"""What the tests of opening, creating, restoring and checking files share: a spy that
records the calls reaching a use case (and calls through), modal answers, damaged files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox

import storage.operations as operations
from ui.window.app import fresh_demo_copy
from ui.window.main_window import MainWindow
from ui.window.settings import AppSettings, configure_application_identity, isolate_settings


def spy(monkeypatch, name: str, *bound_in: ModuleType) -> list[Path]:
    """Wrap the use case ``name`` so every call is recorded (by its first argument, the
    file) and then goes through to the real one. ``bound_in`` are modules that took the
    name at import, so they see the spy too."""
    real = getattr(operations, name)
    calls: list[Path] = []

    def recorded(*args, **kwargs):
        calls.append(Path(getattr(args[0], "path", args[0])).resolve())  # a file, or a Backup
        return real(*args, **kwargs)

    monkeypatch.setattr(operations, name, recorded)
    for module in bound_in:
        assert getattr(module, name) is real, module.__name__
        monkeypatch.setattr(module, name, recorded)
    return calls


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def files_beside(path: Path) -> list[str]:
    """The names in the folder of ``path``: a refused file leaves no log or lock beside it."""
    return sorted(p.name for p in Path(path).parent.iterdir())


def wreck_evidence_pages(path: Path) -> None:
    """Overwrite an evidence page in the middle of the file, as a failing disk would."""
    conn = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
    pages = [
        n
        for (n,) in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'evidence' AND pagetype = 'leaf'"
            " ORDER BY pageno"
        )
    ]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert pages
    with open(path, "r+b") as f:
        f.seek((pages[len(pages) // 2] - 1) * size)
        f.write(b"\x13" * size)


def menu_action(window, text: str):
    """The window's menu action called ``text`` (as shown, without the & marks)."""
    from PySide6.QtGui import QAction

    found = [a for a in window.findChildren(QAction) if a.text().replace("&", "") == text]
    assert len(found) == 1, [a.text() for a in window.findChildren(QAction)]
    return found[0]


# -- the real window, with isolated settings (as in the window's own tests) ----------------
@pytest.fixture
def settings(qapp, tmp_path):
    configure_application_identity()
    isolate_settings(tmp_path / "settings")
    s = AppSettings()
    s.clear_recent_files()
    s.author_initials = "TS"
    return s


@pytest.fixture
def shown(monkeypatch):
    """Message boxes recorded instead of shown (a box left open would stop the test)."""
    seen: list[tuple[str, str]] = []

    def record(parent, title, text, *args, **kwargs):
        seen.append((title, text))

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "information", record)
    return seen


@pytest.fixture
def window(qtbot, settings, shown):
    w = MainWindow(settings=settings, demo_factory=fresh_demo_copy)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    # no test leaves a background task running behind it
    assert QThreadPool.globalInstance().waitForDone(20000)
    w.close_inspection()


def is_held(lock) -> bool:
    """Whether ``lock`` still holds its file: a second lock on it is refused."""
    from storage.file.errors import FileOpenElsewhereError
    from storage.file.file_lock import InspectionLock

    probe = InspectionLock(lock.path)
    try:
        probe.acquire()
    except FileOpenElsewhereError:
        return True
    probe.release()
    return False
