"""The check command: an inspection file checked for damage, and repaired into a new file."""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.cli.common import INSPECTION_SUFFIX, output_path, refuse_existing


def cmd_check(args: argparse.Namespace) -> int:
    from storage.operations import check_file

    if args.repair:
        return _repair(args)
    report = check_file(Path(args.file))
    _print_report(report)
    if report.healthy:
        return 0
    print(
        f"{len(report.problems)} problem(s) found. Keep a copy of the file as it is "
        "before trying to repair it."
    )
    if report.repair_hint:
        print(report.repair_hint)
    return 1


def _print_report(report) -> None:
    print(f"Checking {report.path} (schema version {report.schema_version})")
    for passed in report.checks_passed:
        print(f"  ok       {passed}")
    for skipped in report.skipped:
        print(f"  skipped  {skipped}")
    for problem in report.problems:
        print(f"  PROBLEM  {problem}")
    if report.healthy:
        print("No problems found.")


def _repair(args: argparse.Namespace) -> int:
    from storage.operations import repair_file

    out = output_path(args.repair, INSPECTION_SUFFIX, "repaired inspection")
    refuse_existing(out, "a file is repaired into a new file only")
    outcome = repair_file(Path(args.file), out)
    print(f"Repaired a copy of {args.file} into {out}; {args.file} was left as it is.")
    for line in outcome.repair.repaired:
        print(f"  repaired  {line}")
    for line in outcome.repair.left:
        print(f"  LEFT      {line}")
    report = outcome.check
    _print_report(report)
    if report.healthy:
        return 0
    print(
        f"{len(report.problems)} problem(s) remain in {out}; restore a backup instead "
        f"(main.py backups {args.file})."
    )
    return 1
