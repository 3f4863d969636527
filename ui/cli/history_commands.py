"""The history command: the change history printed or written to CSV."""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.cli.common import CommandError, output_path, refuse_existing


def _day_option(text: str | None, option: str):
    from datetime import date

    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"{option} {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02."
        ) from None


def cmd_history(args: argparse.Namespace) -> int:
    from models.history import HistoryFilter, change_text, describe, utc_text
    from storage.operations import export_history, history_entries

    since, until = _day_option(args.since, "--since"), _day_option(args.until, "--until")
    if since and until and since > until:
        raise CommandError(f"--since {since} is after --until {until}; swap them.")
    wanted = HistoryFilter(actor=(args.by or "").strip().upper() or None, since=since, until=until)
    if args.csv:
        out = output_path(args.csv, ".csv", "CSV file")
        if not args.overwrite:
            refuse_existing(out, "add --overwrite to replace it")
        written = export_history(
            Path(args.file), out, wanted, include_sensitive=args.include_sensitive
        ).changes
        print(f"Wrote {written} change{'' if written == 1 else 's'} to {out}.")
        return 0
    shown = 0
    # Read-only: looking at the history never changes the inspection.
    for entry in history_entries(Path(args.file), wanted, include_sensitive=args.include_sensitive):
        if not shown:
            print(f"{'When (UTC)':<19}  {'Who':<4}  What")
        change, reason = change_text(entry), entry.reason
        print(
            f"{utc_text(entry.changed_at):<19}  {entry.actor or '-':<4}  "
            f"{describe(entry)}{f': {change}' if change else ''}"
            f"{f'  ({reason})' if reason else ''}"
        )
        shown += 1
    print(
        f"{shown} change{'' if shown == 1 else 's'}."
        if shown
        else "No changes recorded" + (" that match." if (since or until or wanted.actor) else ".")
    )
    return 0
