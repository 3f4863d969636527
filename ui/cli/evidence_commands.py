"""The import-evidence command: an evidence log imported as evidence items."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ui.cli.common import CommandError, editing, one_line, record_as

log = logging.getLogger("evidence_review")


def cmd_import_evidence(args: argparse.Namespace) -> int:
    from models.evidence_log_fields import field_from_name
    from storage.evidence_logs.importer import EvidenceLogProblems, column_mapping, import_log_table
    from storage.evidence_logs.reader import read_log

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
        table = read_log(Path(args.log), args.sheet)
        mapping = column_mapping(
            table.sheet.headers, choices, default_author=args.author or "", command_line=True
        )
        from storage.backups.automatic import BEFORE_IMPORT, create_backup

        create_backup(inspection, BEFORE_IMPORT)
        try:
            result = import_log_table(inspection, table, mapping, default_author=args.author or "")
        except EvidenceLogProblems as e:
            # Every problem on its own line, so they can all be corrected in one go.
            log.info("refused %s: %d problem(s)", args.log, e.total)
            for line in e.lines():
                print(f"error: {e.source_name}: {one_line(line)}", file=sys.stderr)
            print(
                f"error: nothing was imported; correct the {e.total} problem(s) in "
                f"{e.source_name} and import it again.",
                file=sys.stderr,
            )
            return 2
    print(result.message(Path(args.file).name))
    return 0
