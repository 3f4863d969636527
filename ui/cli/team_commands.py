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
    from models.merge_text import team_lines
    from storage.file.inspection_file import InspectionFile

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
    with InspectionFile.open(Path(args.file), readonly=True) as inspection:
        members, title = inspection.team.list(), inspection.inspection.title
    print(f'Team of "{title}":')
    for line in team_lines(members):
        print(f"  {line}")
    return 0


def cmd_fieldwork_copy(args: argparse.Namespace) -> int:
    from storage.file.inspection_file import InspectionFile
    from storage.merge.fieldwork_copy import create_fieldwork_copy

    out = output_path(args.out, INSPECTION_SUFFIX, "fieldwork copy")
    refuse_existing(out)
    create_fieldwork_copy(Path(args.file), args.for_initials, out)
    with InspectionFile.open(out, readonly=True) as copy:
        initials = copy.default_author
    print(
        f"Wrote a fieldwork copy of {args.file} for {initials} to {out}; new evidence in it "
        f"is recorded as {initials}. Merge it back with: main.py merge {args.file} {out}"
    )
    return 0
