"""The backups command: an inspection's automatic backups listed, or one restored."""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.cli.common import INSPECTION_SUFFIX, CommandError, output_path, refuse_existing


def cmd_backups(args: argparse.Namespace) -> int:
    from storage.operations import backup_folder, list_backups, read_backup, restore_from_backup

    file = Path(args.file)
    if bool(args.restore) != bool(args.out):
        raise CommandError("--restore BACKUP and --out NEW.inspection go together.")
    if args.restore:
        out = output_path(args.out, INSPECTION_SUFFIX, "restored inspection")
        refuse_existing(out, "a backup is restored into a new file only")
        backup = Path(args.restore)
        if not backup.exists() and (backup_folder() / backup.name).exists():
            backup = backup_folder() / backup.name  # the name as listed is enough
        if read_backup(backup) is None:
            raise CommandError(
                f"{args.restore} is not a backup of an inspection; list the "
                f"backups with: main.py backups {file}"
            )
        restore_from_backup(backup, out, current=file if file.exists() else None)
        print(f"Restored {backup.name} into {out}; {file} was left as it is.")
        return 0
    if not file.exists():
        raise CommandError(f"{file} does not exist.")
    backups = list_backups(file)
    if not backups:
        print(f"No backups of {file} in {backup_folder()}.")
        return 0
    print(f"{len(backups)} backup(s) of {file}, newest first:")
    for b in backups:
        made = b.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(
            f"  {made}  {b.evidence:>6} evidence items  {b.findings:>4} findings  "
            f"{b.size / 1_048_576:6.1f} MB  {b.reason or '-':<15} {b.path}"
        )
    print(
        f"Restore one into a new file with: main.py backups {file} --restore BACKUP "
        "--out NEW.inspection"
    )
    return 0
