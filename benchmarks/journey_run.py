"""Many long random journeys through the real main window (the suite runs a few short ones).

Each journey opens a fresh copy of the demo and does what a person does, step by step
(see tests/ui/journeys.py), checking after every step that nothing failed, that the list
and the tree count what the file holds and that the file passes ``check``, and at the
end that undoing everything brings the file back. Prints how many journeys and steps
ran, what was done how often, and the time per step; exits non-zero on the first
failure, which hypothesis shrinks to the shortest journey that shows it.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/journey_run.py --journeys 200 --steps 40
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=100, help="journeys to run")
    parser.add_argument("--steps", type=int, default=40, help="most steps per journey")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.update(
        JOURNEYS=str(args.journeys), JOURNEY_STEPS=str(args.steps), JOURNEYS_EXPLORE="1"
    )
    import pytest

    started = time.perf_counter()
    code = pytest.main(
        [
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(ROOT),
            str(ROOT / "tests" / "ui" / "test_journeys.py"),
        ]
    )
    elapsed = time.perf_counter() - started
    print(
        f"journey run: {args.journeys} journeys of up to {args.steps} steps in "
        f"{elapsed:.0f} s ({'passed' if code == 0 else 'FAILED'})"
    )
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
