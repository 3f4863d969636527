"""The commands that open the app or start an inspection: gui, demo and new."""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.cli.common import (
    INSPECTION_SUFFIX,
    CommandError,
    command_name,
    output_path,
    refuse_existing,
)


def cmd_gui(args: argparse.Namespace) -> int:
    from ui.window.app import run_gui

    file = Path(args.file) if getattr(args, "file", None) else None
    screenshot = Path(args.screenshot) if getattr(args, "screenshot", None) else None
    return run_gui(file=file, demo=bool(getattr(args, "demo", False)), screenshot=screenshot)


def cmd_demo(args: argparse.Namespace) -> int:
    from storage.operations import write_demo_inspection

    out = output_path(args.out, INSPECTION_SUFFIX, "inspection file")
    refuse_existing(out)
    demo = write_demo_inspection(out)
    print(
        f'Wrote the demo inspection "{demo.title}" to {out}: '
        f"{demo.evidence} evidence items, {demo.findings} findings."
    )
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from storage.operations import create_inspection, find_framework

    framework = find_framework(args.framework, args.framework_version)
    out = output_path(args.out, INSPECTION_SUFFIX, "inspection file")
    refuse_existing(out)
    if not args.force.strip():
        raise CommandError("--force is empty; give the name of the force being inspected.")
    with create_inspection(
        out,
        framework,
        force=args.force,
        title=args.title or "",
        period=args.period or "",
        program=command_name(),
    ) as created:
        title = created.inspection.inspection.title
    print(
        f'Created {out}: "{title}" using {framework.title}, {len(framework.questions)} questions.'
    )
    return 0
