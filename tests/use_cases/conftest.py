"""The window's fixtures (isolated settings, a real main window, recorded message boxes) for the
tests that drive a command and its menu action through the same use case."""

from tests.ui.conftest import answers, settings, window  # noqa: F401
