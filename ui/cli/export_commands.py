"""The export command: the draft judgment summary written to Excel."""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.cli.common import WORKBOOK_SUFFIX, output_path, refuse_existing


def cmd_export(args: argparse.Namespace) -> int:
    from storage.operations import export_judgment_summary

    out = output_path(args.out, WORKBOOK_SUFFIX, "workbook")
    if not args.overwrite:
        refuse_existing(out, "add --overwrite to replace it")
    result = export_judgment_summary(
        Path(args.file),
        out,
        include_sensitive=args.include_sensitive,
        # Left empty, the export names the inspector a fieldwork copy is for; a login
        # name (often "root" on a shared machine) says nothing about who inspected.
        generated_by=args.generated_by or "",
    )
    withheld = (
        f"; {result.sensitive_withheld} sensitive notes withheld "
        "(add --include-sensitive to include them)"
        if result.sensitive_withheld
        else ""
    )
    print(
        f"Wrote the draft judgment summary to {out}: {result.graded} of {result.judgments} "
        f"judgments graded, {result.evidence_items} evidence items{withheld}."
    )
    return 0
