"""Starting an inspection: a new, empty one, or the demo (Hampshire, PEEL effectiveness 2015).

File ▸ New and the ``new`` command call :func:`create_inspection`; the start
page's *Open the demo* and the ``demo`` command call :func:`write_demo_inspection`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models.framework import Framework
from storage.demo import write_demo
from storage.file.app_paths import data_dir
from storage.file.errors import FileOpenElsewhereError, StorageError
from storage.file.file_location import sync_risk
from storage.file.file_lock import APP
from storage.file.inspection_file import InspectionFile
from storage.operations.opening import OpenedInspection, lock_file

log = logging.getLogger(__name__)


def create_inspection(
    path: Path,
    framework: Framework,
    *,
    force: str,
    title: str = "",
    period: str = "",
    fieldwork_start: date | None = None,
    fieldwork_end: date | None = None,
    program: str = APP,
) -> OpenedInspection:
    """Create a new, empty inspection of ``force`` at ``path`` (never over an existing
    file) and return it open for editing, with the app's lock taken for ``program``."""
    path = Path(path)
    if not force.strip():
        raise StorageError("Give the name of the force being inspected.")
    log.info("creating %s with the framework %s %s", path.name, framework.id, framework.version)
    inspection = InspectionFile.create(
        path,
        framework,
        force=force,
        title=title,
        period=period,
        fieldwork_start=fieldwork_start,
        fieldwork_end=fieldwork_end,
    )
    try:
        lock = lock_file(path, program)
    except FileOpenElsewhereError as e:  # made just now: only a stray lock file can hold it
        log.info("no lock for %s: %s", path.name, e)
        lock = None
    except BaseException:  # a lock file that is not safe to write: refused, as on opening
        inspection.close()
        raise
    log.info("created %s", path.name)
    return OpenedInspection(inspection, lock, False, sync_risk(path))


@dataclass(frozen=True)
class DemoWritten:
    """The demo inspection written to ``path`` (and closed), and what it holds."""

    path: Path
    title: str
    evidence: int
    findings: int


def write_demo_inspection(path: Path, *, replace: bool = False) -> DemoWritten:
    """Write the demo inspection to the new file ``path`` and close it.

    With ``replace`` an earlier demo copy at ``path`` (the app's own, in its data
    folder) is removed first; otherwise an existing file is refused.
    """
    path = Path(path)
    if replace:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    log.info("writing the demo inspection to %s", path.name)
    with write_demo(path) as inspection:
        written = DemoWritten(
            path,
            inspection.inspection.title,
            inspection.evidence.count(),
            len(inspection.findings.for_question()),
        )
    log.info("wrote the demo to %s: %d evidence items", path.name, written.evidence)
    return written


def app_demo_path() -> Path:
    """Where the window keeps its own copy of the demo (made afresh each time it is
    opened), in the app's data folder."""
    folder = data_dir() / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "Hampshire demo.inspection"
