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

    @property
    def last_folder(self) -> str:
        """The folder of the file last chosen in a file picker (see ui.window.folders)."""
        return str(self._s.value("files/last_folder", "") or "")

    @last_folder.setter
    def last_folder(self, value: str) -> None:
        self._s.setValue("files/last_folder", value)

    # the inspector
    @property
    def author_initials(self) -> str:
        return str(self._s.value("author/initials", "") or "")

    @author_initials.setter
    def author_initials(self, value: str) -> None:
        self._s.setValue("author/initials", value)

    # attachments
    @property
    def attachment_limit_mb(self) -> int:
        """The largest file, in MB, that can be attached to an evidence item."""
        from models.evidence.attachment import DEFAULT_LIMIT_MB

        try:
            value = int(self._s.value("attachments/limit_mb", DEFAULT_LIMIT_MB))
        except (TypeError, ValueError):
            return DEFAULT_LIMIT_MB
        return value if value > 0 else DEFAULT_LIMIT_MB

    @attachment_limit_mb.setter
    def attachment_limit_mb(self, value: int) -> None:
        self._s.setValue("attachments/limit_mb", int(value))

    # automatic backups
    def _positive_int(self, key: str, default: int) -> int:
        try:
            value = int(self._s.value(key, default))
        except (TypeError, ValueError):
            return default
        return value if value > 0 else default

    @property
    def backup_keep_recent(self) -> int:
        """How many of the newest backups of each file are always kept."""
        return self._positive_int("backups/keep_recent", 10)

    @backup_keep_recent.setter
    def backup_keep_recent(self, value: int) -> None:
        self._s.setValue("backups/keep_recent", int(value))

    @property
    def backup_keep_days(self) -> int:
        """For how many days the newest backup of each day is kept as well."""
        return self._positive_int("backups/keep_days", 14)

    @backup_keep_days.setter
    def backup_keep_days(self, value: int) -> None:
        self._s.setValue("backups/keep_days", int(value))

    @property
    def backup_interval_minutes(self) -> int:
        """How often an open file with changes is backed up."""
        return self._positive_int("backups/interval_minutes", 30)

    @backup_interval_minutes.setter
    def backup_interval_minutes(self, value: int) -> None:
        self._s.setValue("backups/interval_minutes", int(value))

    def sync(self) -> None:
        self._s.sync()
