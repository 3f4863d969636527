"""Running one command: logging set up, terminal output made safe, and errors turned into
one line and an exit status."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import ui.cli.common as common
from ui.cli.app_commands import cmd_gui
from ui.cli.common import is_bad_input, one_line
from ui.cli.parser import build_parser

log = logging.getLogger("evidence_review")


def _setup_logging() -> Path | None:
    """Send log records to a rotating file in the user log folder; its path, if any."""
    from logging.handlers import RotatingFileHandler

    try:
        from storage.operations import log_dir

        path = log_dir() / "evidence-review.log"
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None  # an unwritable log folder must not stop the command itself
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


class _PrintableStream:
    """A terminal stream that shows control characters in what it is given as escapes.

    Names, summaries and messages come from files others made; an escape
    sequence or a carriage return in them must not rewrite what the terminal
    shows. Line breaks and tabs are kept.
    """

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        from models.stored_values.safe_text import printable

        return self._stream.write(printable(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    common.running_command = args.handler.__name__.removeprefix("cmd_").replace("_", "-")
    log_file = _setup_logging()
    log.info("command %s", args.handler.__name__.removeprefix("cmd_"))
    if args.handler is not cmd_gui:
        streams = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _PrintableStream(sys.stdout), _PrintableStream(sys.stderr)
        try:
            return _run(args, log_file)
        finally:
            sys.stdout, sys.stderr = streams
    return _run(args, log_file)


def _run(args: argparse.Namespace, log_file: Path | None) -> int:
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``… | head``): what it wanted is printed, so end quietly,
        # and keep Python from complaining about the closed pipe as it exits.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as e:
        if is_bad_input(e):
            log.info("refused: %s", e)
            # A refused copy lists every offending row on its own line, then why.
            for problem in getattr(e, "problems", ()):
                print(f"error: {one_line(problem)}", file=sys.stderr)
            print(f"error: {one_line(getattr(e, 'head', e))}", file=sys.stderr)
            return 2
        log.exception("unexpected problem")
        where = f"details in {log_file}" if log_file else "no log file could be written"
        print(
            f"error: unexpected problem: {one_line(f'{type(e).__name__}: {e}')} ({where})",
            file=sys.stderr,
        )
        return 1
