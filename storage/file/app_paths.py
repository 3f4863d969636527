"""Where the app keeps its own files: user data (demo copies, later backups) and logs.

``EVIDENCE_REVIEW_HOME`` overrides the base folder, so tests and portable
installs never touch the real user profile.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "EvidenceReview"


def _base(kind: str) -> Path:
    override = os.environ.get("EVIDENCE_REVIEW_HOME")
    if override:
        return Path(override) / kind
    if kind == "logs":
        return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    path = _base("data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = _base("logs")
    path.mkdir(parents=True, exist_ok=True)
    return path
