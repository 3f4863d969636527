"""The merge commands: fieldwork copies merged into a file, and the conflicts left listed or
resolved."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import cast

from ui.cli.common import CommandError, editing, lock_for_command, record_as


def cmd_merge(args: argparse.Namespace) -> int:
    from models.merging.outcome import MergeResult
    from models.merging.wording import plan_lines, result_line
    from storage.operations import merge_planned, preview_merge

    target = Path(args.target)
    if not (args.yes or args.dry_run or sys.stdin.isatty()):
        raise CommandError(
            f"merging changes {target}; add --yes to merge without being asked, "
            "or --dry-run to see what it would do."
        )
    probe = lock_for_command(target)  # refused before any plan is shown
    if probe is not None:
        probe.release()
    # Every source is checked, and every plan made, before the target is opened for writing.
    preview = preview_merge(target, [Path(source) for source in args.sources])
    for plan in preview.plans:
        print("\n".join(plan_lines(plan, target.name)))
    if preview.compared_one_by_one:
        print(
            f"(Each copy is compared with {target.name} as it is now; merging one copy "
            "can add conflicts with the next.)"
        )
    if args.dry_run:
        print("Dry run: nothing was changed.")
        return 0
    if not preview.needs_confirming:
        print("Nothing to merge; nothing was changed.")
        return 0
    if not args.yes:
        plans = preview.plans
        copies = "1 file" if len(plans) == 1 else f"{len(plans)} files"
        answer = input(f"Merge {copies} into {target.name}? A backup is made first. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was merged.")
            return 1

    def merged(result: MergeResult) -> None:
        print(result_line(result))

    with editing(target) as inspection:
        record_as(inspection)
        outcome = merge_planned(
            inspection,
            preview.plans,
            on_backup=lambda backup: print(f"Backed up {target} to {backup}"),
            on_merged=merged,
        )
    if outcome.conflicts_to_review:
        print(f"Review the conflicts with: main.py conflicts {target}")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from models.merging.wording import conflict_lines
    from storage.operations import list_merge_conflicts, resolve_merge_conflict

    if bool(args.resolve) != bool(args.keep):
        raise CommandError("--resolve ID and --keep current|other go together.")
    if args.resolve:
        with editing(Path(args.file)) as inspection:
            record_as(inspection)
            conflict = resolve_merge_conflict(inspection, args.resolve, args.keep)
        print(
            f"Resolved conflict {cast(str, conflict.id)[:8]} ({conflict.label}): "
            f"kept the {args.keep} version."
        )
        return 0
    conflicts = list_merge_conflicts(Path(args.file), unresolved_only=not args.all)
    which = ("conflict" if args.all else "unresolved conflict") + (
        "" if len(conflicts) == 1 else "s"
    )
    print(f"{len(conflicts)} {which} in {args.file}" + (":" if conflicts else "."))
    for line in conflict_lines(conflicts):
        print(f"  {line}")
    if any(not c.resolved for c in conflicts):
        print(f"Resolve one with: main.py conflicts {args.file} --resolve ID --keep current|other")
    return 0
