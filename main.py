"""Evidence Review: the command-line entry point.

With no sub-command (or ``gui``) it opens the app; the other sub-commands work
without a window: write the demo inspection, start a new inspection, list,
author and install frameworks, import evidence logs, export the draft judgment
summary and check a file. The commands themselves live in ``ui/cli/``.

Bad input is reported as one ``error: …`` line with exit status 2 and leaves
every file as it was; anything unexpected is one line with exit status 1 and
the details go to the log file. Heavy modules are imported inside each command
so ``--help`` answers at once.
"""

from __future__ import annotations

import sys

from ui.cli.parser import build_parser
from ui.cli.runner import main

__all__ = ["build_parser", "main"]

if __name__ == "__main__":
    sys.exit(main())
