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
    from storage.operations import StorageError, UnknownFrameworkError

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
    from storage.operations import FileOpenElsewhereError, lock_file

    try:
        return lock_file(path, command_name())
    except FileOpenElsewhereError as e:
        raise open_elsewhere(path, e) from None


def open_elsewhere(path: Path, error) -> CommandError:
    """What a command says when the file it would change is open in the app or in use
    by another command."""
    holder = error.holder
    if holder is None:
        return CommandError(
            f"{path.name} is open in another copy of Evidence Review; "
            "close it there first, then run this command again."
        )
    if holder.is_app:
        return CommandError(
            f"{holder.in_use(path.name)}; close it there first, then run this command again."
        )
    return CommandError(
        f"{holder.in_use(path.name)}; wait for it to finish, then run this command again."
    )


@contextmanager
def editing(path: Path):
    """The inspection at ``path`` opened for a command that changes it, through the
    open-for-editing use case the window uses too (lock, header, quick check, open).

    A file open in the app is refused: the window would not show what the
    command wrote, and its next autosave could undo it. The app's lock is held
    while the command runs so the app cannot open the file half-way through. A
    damaged file is refused untouched, pointing to its backups.
    """
    from storage.operations import DamagedFileError, FileOpenElsewhereError, open_for_editing

    path = Path(path)
    try:
        opened = open_for_editing(path, program=command_name())
    except FileOpenElsewhereError as e:
        raise open_elsewhere(path, e) from None
    except DamagedFileError as e:
        raise CommandError(
            f"{one_line(e)} List its backups with: main.py backups {path} (then restore "
            "one with --restore BACKUP --out NEW.inspection)."
        ) from None
    with opened:
        yield opened.inspection
