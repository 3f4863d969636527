"""Every user setting, declared once, over QSettings.

Tests point QSettings at a temporary folder (see ``isolate_settings``), so a
test run never reads or changes the real user's settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings

ORGANISATION = "EvidenceReview"
APPLICATION = "Evidence Review"
MAX_RECENT_FILES = 8


def configure_application_identity() -> None:
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)


def isolate_settings(folder: Path) -> None:
    """Keep all settings as INI files under ``folder`` (tests, portable use)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))


class AppSettings:
    """Typed access to the app's settings."""

    def __init__(self):
        self._s = QSettings()

    # window
    @property
    def window_geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        value = self._s.value("window/state")
        return value if isinstance(value, QByteArray) else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._s.setValue("window/state", value)

    # recent files
    @property
    def recent_files(self) -> list[str]:
        value = self._s.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent_file(self, path: Path) -> None:
        path = str(Path(path).resolve())
        files = [path] + [p for p in self.recent_files if p != path]
        self._s.setValue("files/recent", files[:MAX_RECENT_FILES])

    def remove_recent_file(self, path: str) -> None:
        self._s.setValue("files/recent", [p for p in self.recent_files if p != path])

    def clear_recent_files(self) -> None:
        self._s.setValue("files/recent", [])

    # the inspector
    @property
    def author_initials(self) -> str:
        return str(self._s.value("author/initials", "") or "")

    @author_initials.setter
    def author_initials(self, value: str) -> None:
        self._s.setValue("author/initials", value)

    def sync(self) -> None:
        self._s.sync()
