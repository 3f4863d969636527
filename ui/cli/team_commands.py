"""The team commands: the inspection team listed or changed, and fieldwork copies made."""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.cli.common import (
    INSPECTION_SUFFIX,
    CommandError,
    editing,
    output_path,
    record_as,
    refuse_existing,
)


# -- team, fieldwork copies, merging ---------------------------------------------
def cmd_team(args: argparse.Namespace) -> int:
    from models.merging.wording import team_lines
    from storage.operations import read_team

    if (args.name is not None or args.role) and not args.add:
        raise CommandError("--name and --role go with --add, e.g. --add JS --name 'Jane Smith'.")
    if args.add:
        if not (args.name or "").strip():
            raise CommandError("--add needs --name, e.g. --add JS --name 'Jane Smith'.")
        with editing(Path(args.file)) as inspection:
            record_as(inspection)
            member = inspection.team.add(args.add, args.name, args.role or "inspector")
        print(f"Added {member.label} to the team as {member.role.label.lower()}.")
        return 0
    if args.remove:
        with editing(Path(args.file)) as inspection:
            record_as(inspection)
            member = inspection.team.remove(args.remove)
        print(f"Removed {member.label} from the team; their evidence stays as it is.")
        return 0
    team = read_team(Path(args.file))
    print(f'Team of "{team.title}":')
    for line in team_lines(team.members):
        print(f"  {line}")
    return 0


def cmd_fieldwork_copy(args: argparse.Namespace) -> int:
    from storage.operations import make_fieldwork_copy

    out = output_path(args.out, INSPECTION_SUFFIX, "fieldwork copy")
    refuse_existing(out)
    made = make_fieldwork_copy(Path(args.file), args.for_initials, out)
    print(
        f"Wrote a fieldwork copy of {args.file} for {made.initials} to {made.path}; new "
        f"evidence in it is recorded as {made.initials}. Merge it back with: "
        f"main.py merge {args.file} {made.path}"
    )
    return 0
