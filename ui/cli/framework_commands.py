"""The framework commands: frameworks, framework-template and import-framework."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ui.cli.common import WORKBOOK_SUFFIX, CommandError, one_line, output_path, refuse_existing


def cmd_frameworks(args: argparse.Namespace) -> int:
    from storage.operations import framework_library

    library = framework_library()
    if not library.frameworks:
        print("No frameworks are available.")
    for framework in library.frameworks:
        where = "built-in" if library.is_builtin(framework) else "installed"
        print(f"{framework.id} ({where})")
        print(f"  {framework.name}, version {framework.version}")
        print(
            f"  {len(framework.questions)} questions, "
            f"{len(framework.core_questions())} graded core questions"
        )
        print(f"  grades: {', '.join(g.name for g in framework.grades)}")
    print(f"Installed frameworks are kept in {library.folder}.")
    for problem in library.problems:
        print(f"warning: {one_line(problem)}", file=sys.stderr)
    return 0


def _framework_label(framework) -> str:
    return f"{framework.id} ({framework.name}, version {framework.version})"


def cmd_framework_template(args: argparse.Namespace) -> int:
    from storage.operations import write_framework_template

    if args.framework_version and not args.framework:
        raise CommandError("--framework-version needs --framework; name the framework too.")
    out = output_path(args.out, WORKBOOK_SUFFIX, "workbook")
    refuse_existing(out)
    framework = write_framework_template(out, args.framework, args.framework_version)
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
    from storage.operations import (
        FrameworkAlreadyInstalledError,
        FrameworkWorkbookError,
        import_framework,
    )

    workbook = Path(args.workbook)
    try:
        imported = import_framework(workbook, replace=args.replace)
    except FrameworkWorkbookError as e:
        # Every problem on its own line, so they can all be fixed in one go.
        for problem in e.problems:
            print(f"error: {workbook}: {one_line(problem)}", file=sys.stderr)
        return 2
    except FrameworkAlreadyInstalledError as e:
        raise CommandError(
            f"{_framework_label(e.framework)} is already installed; add "
            "--replace to replace it, or give the workbook a new version."
        ) from None
    framework = imported.framework
    print(
        f"{'Replaced' if imported.replaced else 'Installed'} {_framework_label(framework)}: "
        f"{len(framework.questions)} questions, {len(framework.core_questions())} graded "
        f"core questions, grades {', '.join(g.name for g in framework.grades)}; "
        f"kept in {imported.path}."
    )
    return 0
