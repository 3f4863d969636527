"""The import-evidence command: an evidence log imported as evidence items."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ui.cli.common import CommandError, editing, one_line, record_as


def cmd_import_evidence(args: argparse.Namespace) -> int:
    from models.evidence_logs.fields import field_from_name
    from storage.operations import EvidenceLogProblems, import_evidence

    choices = {}
    for pair in args.map or []:
        header, _, name = pair.rpartition("=")
        if not header.strip():
            raise CommandError(f"--map {pair!r} is not HEADER=FIELD, e.g. --map 'Obs=summary'.")
        try:
            choices[header] = field_from_name(name)
        except ValueError as e:
            raise CommandError(f"--map {pair!r}: {e}.") from None
    with editing(Path(args.file)) as inspection:
        record_as(inspection, args.author)
        try:
            imported = import_evidence(
                inspection,
                Path(args.log),
                sheet=args.sheet,
                choices=choices,
                default_author=args.author or "",
                command_line=True,
            )
        except EvidenceLogProblems as e:
            # Every problem on its own line, so they can all be corrected in one go.
            for line in e.lines():
                print(f"error: {e.source_name}: {one_line(line)}", file=sys.stderr)
            print(
                f"error: nothing was imported; correct the {e.total} problem(s) in "
                f"{e.source_name} and import it again.",
                file=sys.stderr,
            )
            return 2
    print(imported.result.message(Path(args.file).name))
    return 0
