"""The framework commands: frameworks, framework-template and import-framework."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ui.cli.common import WORKBOOK_SUFFIX, CommandError, one_line, output_path, refuse_existing

log = logging.getLogger("evidence_review")


def cmd_frameworks(args: argparse.Namespace) -> int:
    from storage.frameworks.library import (
        available_frameworks,
        builtin_frameworks,
        library_problems,
        user_framework_dir,
    )

    builtin = {(f.id, f.version) for f in builtin_frameworks()}
    frameworks = available_frameworks()
    if not frameworks:
        print("No frameworks are available.")
    for framework in frameworks:
        where = "built-in" if (framework.id, framework.version) in builtin else "installed"
        print(f"{framework.id} ({where})")
        print(f"  {framework.name}, version {framework.version}")
        print(
            f"  {len(framework.questions)} questions, "
            f"{len(framework.core_questions())} graded core questions"
        )
        print(f"  grades: {', '.join(g.name for g in framework.grades)}")
    print(f"Installed frameworks are kept in {user_framework_dir()}.")
    for problem in library_problems():
        print(f"warning: {one_line(problem)}", file=sys.stderr)
    return 0


def _framework_label(framework) -> str:
    return f"{framework.id} ({framework.name}, version {framework.version})"


def cmd_framework_template(args: argparse.Namespace) -> int:
    from storage.file.durable_files import check_destination
    from storage.frameworks.library import find_framework
    from storage.frameworks.workbook import write_framework_workbook

    if args.framework_version and not args.framework:
        raise CommandError("--framework-version needs --framework; name the framework too.")
    framework = find_framework(args.framework, args.framework_version) if args.framework else None
    out = output_path(args.out, WORKBOOK_SUFFIX, "workbook")
    refuse_existing(out)
    check_destination(out)
    write_framework_workbook(framework, out)
    if framework is None:
        print(
            f"Wrote a blank framework template to {out}: fill in its framework, questions "
            f"and grades sheets, then install it with: main.py import-framework {out}"
        )
    else:
        print(
            f"Wrote {_framework_label(framework)} to {out}: "
            f"{len(framework.questions)} questions, {len(framework.grades)} grades. "
            "Give it an id of its own (or a new version) before importing it."
        )
    return 0


def cmd_import_framework(args: argparse.Namespace) -> int:
    from storage.frameworks.library import (
        FrameworkAlreadyInstalledError,
        install_framework,
        installed_frameworks,
    )
    from storage.frameworks.workbook import FrameworkWorkbookError, read_framework_workbook

    workbook = Path(args.workbook)
    try:
        framework = read_framework_workbook(workbook)
    except FrameworkWorkbookError as e:
        # Every problem on its own line, so they can all be fixed in one go.
        log.info("refused %s: %d problem(s)", workbook, len(e.problems))
        for problem in e.problems:
            print(f"error: {workbook}: {one_line(problem)}", file=sys.stderr)
        return 2
    key = (framework.id, framework.version)
    replacing = any((f.id, f.version) == key for f in installed_frameworks())
    try:
        path = install_framework(framework, replace=args.replace)
    except FrameworkAlreadyInstalledError:
        raise CommandError(
            f"{_framework_label(framework)} is already installed; add "
            "--replace to replace it, or give the workbook a new version."
        ) from None
    print(
        f"{'Replaced' if replacing else 'Installed'} {_framework_label(framework)}: "
        f"{len(framework.questions)} questions, {len(framework.core_questions())} graded "
        f"core questions, grades {', '.join(g.name for g in framework.grades)}; "
        f"kept in {path}."
    )
    return 0
