"""Frameworks: listing the library, writing a framework workbook to fill in, and installing
one (``frameworks``, ``framework-template``, ``import-framework``; in the window, File ▸ New
inspection ▸ From a framework workbook…).

A framework workbook is checked whole before anything is installed; whether to
replace a framework already installed is the caller's to decide (an option on
the command line, a question in the window).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from models.framework import Framework
from storage.file.durable_files import check_destination
from storage.file.errors import StorageError
from storage.frameworks.library import (
    FrameworkAlreadyInstalledError,
    available_frameworks,
    builtin_frameworks,
    find_framework,
    install_framework,
    installed_frameworks,
    library_problems,
    user_framework_dir,
)
from storage.frameworks.workbook import read_framework_workbook, write_framework_workbook

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FrameworkLibrary:
    """Every framework the app can use, which are built in, where installed ones are
    kept, and one sentence for each installed file that was skipped."""

    frameworks: tuple[Framework, ...]
    builtin: frozenset[tuple[str, str]]
    folder: Path
    problems: tuple[str, ...]

    def is_builtin(self, framework: Framework) -> bool:
        return (framework.id, framework.version) in self.builtin


def framework_library() -> FrameworkLibrary:
    """The built-in and installed frameworks, sorted by id then version."""
    return FrameworkLibrary(
        tuple(available_frameworks()),
        frozenset((f.id, f.version) for f in builtin_frameworks()),
        user_framework_dir(),
        tuple(library_problems()),
    )


def write_framework_template(
    out: Path, framework_id: str | None = None, version: str | None = None
) -> Framework | None:
    """Write a framework workbook to ``out``: the framework ``framework_id`` (at
    ``version``, default the latest) to start from, or a blank template when no id is
    given. Returns the framework written, or ``None`` for the blank template."""
    framework = find_framework(framework_id, version) if framework_id else None
    check_destination(out)
    write_framework_workbook(framework, out)
    log.info(
        "wrote %s to %s",
        f"framework {framework.id} {framework.version}" if framework else "a blank framework",
        Path(out).name,
    )
    return framework


@dataclass(frozen=True)
class FrameworkImported:
    """The framework installed from a workbook, where it is kept, and whether it replaced
    an installed framework of the same id and version."""

    framework: Framework
    path: Path
    replaced: bool


def import_framework(
    workbook: Path,
    *,
    replace: bool | Callable[[Framework], bool] = False,
    user_folder: Path | None = None,
) -> FrameworkImported:
    """Check the framework workbook at ``workbook`` and install its framework.

    A framework of the same id and version already installed is replaced when
    ``replace`` is true, or is a function that says yes when asked with the
    framework read; otherwise :class:`FrameworkAlreadyInstalledError` is raised.
    A workbook with problems raises :class:`FrameworkWorkbookError` (every
    problem listed) and installs nothing.
    """
    workbook = Path(workbook)
    try:
        framework = read_framework_workbook(workbook)
    except StorageError as e:
        log.info(
            "framework workbook %s refused: %d problem(s)",
            workbook.name,
            len(getattr(e, "problems", ())),
        )
        raise
    key = (framework.id, framework.version)
    installed = any((f.id, f.version) == key for f in installed_frameworks(user_folder=user_folder))
    allowed = replace(framework) if installed and callable(replace) else bool(replace)
    if installed and not allowed:
        log.info("framework %s %s already installed; not replaced", *key)
        raise FrameworkAlreadyInstalledError(
            f"{framework.title} ({framework.id}) is already installed; replace it to use "
            "this definition instead.",
            framework,
        )
    path = install_framework(framework, replace=allowed, user_folder=user_folder)
    log.info(
        "%s framework %s %s from %s: %d questions",
        "replaced" if installed else "installed",
        *key,
        workbook.name,
        len(framework.questions),
    )
    return FrameworkImported(framework, path, installed)
