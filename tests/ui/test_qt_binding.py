"""The Qt binding must keep Python's reference counts straight.

A binding that drops a reference on every call makes the app abort after a
few thousand calls (on Python versions where None, True and False are not
immortal), typically at exit, after every edit was saved but with a crash
report that would alarm any inspector.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget


def test_calls_returning_nothing_keep_none_alive(qapp):
    widget = QWidget()
    before = sys.getrefcount(None)
    for _ in range(200):
        qapp.processEvents()
        widget.update()
    assert sys.getrefcount(None) >= before - 20
