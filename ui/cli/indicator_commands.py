"""The indicator commands: indicator-template and import-indicators (a data return)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ui.cli.common import (
    WORKBOOK_SUFFIX,
    CommandError,
    editing,
    one_line,
    output_path,
    record_as,
    refuse_existing,
)


def cmd_indicator_template(args: argparse.Namespace) -> int:
    from storage.operations import write_indicator_template_file

    out = output_path(args.out, WORKBOOK_SUFFIX, "workbook")
    refuse_existing(out)
    source = Path(args.inspection) if args.inspection else None
    if source is not None and not source.is_file():
        raise CommandError(f"{source} does not exist.")
    count = write_indicator_template_file(out, source)
    filled = f", filled with the {count} indicator(s) of {source.name}" if source else ""
    print(
        f"Wrote a data return template to {out}{filled}: fill in its data return sheet "
        f"(and earlier periods for a time series), then import it with: "
        f"main.py import-indicators FILE {out}"
    )
    return 0


def cmd_import_indicators(args: argparse.Namespace) -> int:
    from storage.operations import IndicatorReturnProblems, import_indicators

    source = Path(args.workbook)
    with editing(Path(args.file)) as inspection:
        record_as(inspection, args.author)
        try:
            imported = import_indicators(inspection, source)
        except IndicatorReturnProblems as e:
            # Every problem on its own line, so they can all be corrected in one go.
            for line in e.lines():
                print(f"error: {e.source_name}: {one_line(line)}", file=sys.stderr)
            print(
                f"error: nothing was imported; correct the {e.total} problem(s) in "
                f"{e.source_name} and import it again.",
                file=sys.stderr,
            )
            return 2
    result = imported.result
    print(result.message(source.name))
    for name in result.added:
        print(f"  added {name}")
    for change in result.changed:
        print(f"  updated {change}")
    return 0
