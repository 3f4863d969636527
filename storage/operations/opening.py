"""Opening an inspection file: for reading, or for editing with the whole safety policy.

Every way of opening a file for editing — the window's File ▸ Open, the recent
files, a command that changes a file — goes through :func:`open_for_editing`,
so each takes the same steps in the same order:

1. the app's lock on the file is taken, so another copy of the app (or a
   command) hears at once that the file is in use; when it is open elsewhere
   the file is refused, or opened read-only when the caller allows it;
2. the header is read: a file that is not an inspection, or is from a newer
   app, is refused before SQLite opens it;
3. the whole file is quick-checked, so a damaged file is never written to
   (:class:`~storage.file.errors.DamagedFileError`, the file left as it is).
   After an unclean shutdown the thorough check is made instead, always before
   opening. After a clean shutdown the window asks for the quick check to be
   left to it (``check_in_background``): it shows the file at once and runs
   :func:`check_opened_file` on a worker, read-only, while the person reads;
4. the file is opened (an older schema is brought up to date);
5. a cloud-synchronised folder or a network drive is reported as a warning.

The caller decides only what a person must decide (open read-only?) and
presents the outcome and the errors.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from storage.file.errors import DamagedFileError, FileOpenElsewhereError
from storage.file.file_location import sync_risk
from storage.file.file_lock import APP, InspectionLock
from storage.file.inspection_file import InspectionFile
from storage.file.open_checks import damaged, is_damage, verify_file
from storage.job_progress import SILENT, JobProgress

log = logging.getLogger(__name__)

#: Asked when the file is open elsewhere: True to open it read-only instead.
ReadOnlyChoice = Callable[[FileOpenElsewhereError], bool]


@dataclass(frozen=True)
class OpenedInspection:
    """An inspection opened by a use case, with the lock held on it and what to tell."""

    inspection: InspectionFile
    #: The app's lock on the file; ``None`` when read-only or the folder allows no lock file.
    lock: InspectionLock | None
    #: Opened read-only because it is open elsewhere and the caller allowed that.
    readonly: bool
    #: The cloud or network folder warning to show, if any.
    warning: str | None

    @property
    def path(self) -> Path:
        return self.inspection.path

    @property
    def check_pending(self) -> bool:
        """True when the whole-file check was left for :func:`check_opened_file`."""
        return self.inspection.db.verify_deferred

    @property
    def checked_after_unclean_shutdown(self) -> bool:
        """True when the file was not closed properly last time and was checked whole."""
        return self.inspection.db.checked_after_unclean_shutdown

    def close(self) -> None:
        """Close the file, then let go of its lock (in that order, so no one else opens
        it while this connection still has it)."""
        try:
            self.inspection.close()
        finally:
            if self.lock is not None:
                self.lock.release()

    def __enter__(self) -> OpenedInspection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def lock_file(path: Path, program: str = APP) -> InspectionLock | None:
    """The app's lock on ``path`` for ``program`` (the app, or a command's name).

    Raises :class:`FileOpenElsewhereError` naming who holds it; ``None`` when the
    folder allows no lock file (a read-only folder: SQLite's own locks still apply).
    """
    try:
        return InspectionLock(path, program=program).acquire()
    except FileOpenElsewhereError:
        raise
    except OSError as e:
        log.info("no lock for %s: %s", Path(path).name, e)
        return None


def open_for_editing(
    path: Path,
    *,
    program: str = APP,
    held: InspectionLock | None = None,
    read_only_if_open_elsewhere: ReadOnlyChoice | None = None,
    check_in_background: bool = False,
) -> OpenedInspection:
    """Open ``path`` for editing after every check (see the module's docstring).

    ``held`` is a lock this process already holds; when it is the lock of
    ``path`` (the window opening its own file again) it is handed over instead
    of taking a second one, and it is never released here. When the file is
    open elsewhere, ``read_only_if_open_elsewhere`` is asked; without it, or
    when it answers False, :class:`FileOpenElsewhereError` is raised. Storage's
    errors (not found, not an inspection, newer, damaged…) pass to the caller
    with the lock this call took released.

    With ``check_in_background`` the quick check of a file that was closed
    properly and needs no migration is not made here: the caller makes it with
    :func:`check_opened_file` (:attr:`OpenedInspection.check_pending` says so).
    """
    path = Path(path)
    lock: InspectionLock | None = None
    readonly = False
    if held is not None and held.path == path.resolve():
        lock = held
    elif path.is_file():
        try:
            lock = lock_file(path, program)
        except FileOpenElsewhereError as e:
            if read_only_if_open_elsewhere is None or not read_only_if_open_elsewhere(e):
                raise
            readonly = True
    try:
        inspection = InspectionFile.open(
            path, readonly=readonly, verify=True, defer_verify=check_in_background
        )
    except BaseException as e:
        if lock is not None and lock is not held:
            lock.release()
        log.info("not opened %s: %s", path.name, type(e).__name__)
        raise
    log.info("opened %s%s", path.name, " read-only" if readonly else " for editing")
    return OpenedInspection(inspection, lock, readonly, sync_risk(path))


def check_opened_file(path: Path, progress: JobProgress = SILENT) -> None:
    """The quick check of the whole file an open left to the caller, on a connection of
    its own that only reads (never a checkpoint), so it can run on a worker while the
    window goes on with the file.

    Raises :class:`~storage.file.errors.DamagedFileError` when the file is damaged, and
    :class:`~storage.operations.progress.Cancelled` soon after ``progress`` is cancelled.
    """
    progress.check()
    verify_file(Path(path), stop=progress.is_cancelled)
    log.info("checked %s in the background: no damage", Path(path).name)


def damage_in(error: BaseException, path: Path) -> DamagedFileError | None:
    """The damage ``error`` shows in the file at ``path``, when it is SQLite saying so
    while the file was being read (``None`` for any other error)."""
    if isinstance(error, DamagedFileError):
        return error
    if isinstance(error, sqlite3.DatabaseError) and is_damage(error):
        return damaged(Path(path), error)
    return None


def open_for_reading(path: Path) -> InspectionFile:
    """Open ``path`` only to read it: no lock is taken and nothing is ever written.

    The header is checked first, so a file that is not an inspection or is from a
    newer app is refused untouched.
    """
    return InspectionFile.open(Path(path), readonly=True)
