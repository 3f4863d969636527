"""What every command shares: output names, refusing existing files, the lock a
command that changes a file holds, and the errors that mean bad input."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path

INSPECTION_SUFFIX = ".inspection"
WORKBOOK_SUFFIX = ".xlsx"
log = logging.getLogger("evidence_review")


class CommandError(Exception):
    """Bad input noticed by the command line itself (exit status 2)."""


# -- helpers -------------------------------------------------------------------
def output_path(text: str, suffix: str, what: str) -> Path:
    """``text`` as a new file name ending in ``suffix`` (added when there is none)."""
    path = Path(text)
    if not path.suffix:
        path = path.with_name(path.name + suffix)
    elif path.suffix.lower() != suffix:
        raise CommandError(
            f"{path} does not end in {suffix}; name the {what} like {path.stem}{suffix}."
        )
    return path


def refuse_existing(path: Path, hint: str = "choose another name") -> None:
    if path.exists():
        raise CommandError(f"{path} already exists; {hint}.")


def is_bad_input(error: Exception) -> bool:
    from storage.file.errors import StorageError
    from storage.frameworks.library import UnknownFrameworkError

    return isinstance(error, (CommandError, StorageError, UnknownFrameworkError))


def one_line(text: object) -> str:
    return " ".join(str(text).splitlines()).strip()


def record_as(inspection, initials: str | None = None) -> None:
    """Whom the change history records a command's changes under: the initials given,
    else the inspector a fieldwork copy is for, else no one in particular."""
    inspection.actor = (initials or "").strip() or inspection.default_author or ""


def command_name() -> str:
    """The name of the command being run, as the lock file records it."""
    return running_command or "command"


running_command = ""


def lock_for_command(path: Path):
    """The app's lock on ``path`` for a command that will change it (``None`` when the
    folder allows no lock file); refused when the app, or another command, has it."""
    from storage.file.errors import FileOpenElsewhereError
    from storage.file.file_lock import InspectionLock

    lock = InspectionLock(path, program=command_name())
    try:
        return lock.acquire()
    except FileOpenElsewhereError as e:
        holder = e.holder
        if holder is None:
            raise CommandError(
                f"{path.name} is open in another copy of Evidence Review; "
                "close it there first, then run this command again."
            ) from None
        if holder.is_app:
            raise CommandError(
                f"{holder.in_use(path.name)}; close it there first, then run this command again."
            ) from None
        raise CommandError(
            f"{holder.in_use(path.name)}; wait for it to finish, then run this command again."
        ) from None
    except OSError:
        return None  # e.g. a read-only folder: SQLite's own locking still applies


@contextmanager
def editing(path: Path):
    """The inspection at ``path`` opened for a command that changes it.

    A file open in the app is refused: the window would not show what the
    command wrote, and its next autosave could undo it. The app's lock is held
    while the command runs so the app cannot open the file half-way through.
    """
    from storage.file.inspection_file import InspectionFile

    path = Path(path)
    lock = lock_for_command(path)
    try:
        with InspectionFile.open(path) as inspection:
            yield inspection
    finally:
        if lock is not None:
            lock.release()


def login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some service and container sessions
        return ""
