"""On a desktop without the libraries Qt's xcb plugin needs, the app says which package to
install in one line instead of Qt's own message."""

from __future__ import annotations

import main
from ui.window import platform_check
from ui.window.platform_check import (
    PACKAGES,
    missing_library,
    missing_library_message,
    platform_problem,
    uses_xcb,
)

LOADER_ERROR = "libxcb-cursor.so.0: cannot open shared object file: No such file or directory"


def test_the_missing_library_is_read_from_the_loader_error():
    assert missing_library(LOADER_ERROR) == "libxcb-cursor.so.0"
    assert missing_library("libqxcb.so: invalid ELF header") is None
    message = missing_library_message("libxcb-cursor.so.0")
    assert "sudo apt install libxcb-cursor0" in message and "\n" not in message
    assert PACKAGES["libxcb-icccm.so.4"] == "libxcb-icccm4"
    assert PACKAGES["libxcb-keysyms.so.1"] == "libxcb-keysyms1"


def test_only_an_x11_window_is_checked():
    assert uses_xcb({"DISPLAY": ":0"}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0"}, "win32")
    assert platform_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_gui_stops_with_one_line_naming_the_package(monkeypatch, capsys):
    def refuse(path, *args, **kwargs):
        raise OSError(LOADER_ERROR)

    monkeypatch.setattr(platform_check.ctypes, "CDLL", refuse)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert main.main(["gui"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: Evidence Review cannot open its window")
    assert "libxcb-cursor0" in err[0]


def test_the_real_plugin_is_found_and_its_check_answers_in_one_line():
    assert platform_check.xcb_plugin() is not None
    # Whatever this machine has installed, the answer is nothing or one line.
    problem = platform_problem({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert problem is None or ("\n" not in problem and "sudo apt install" in problem)
