"""How long the lead inspector's judgment checks take on a large inspection.

Times, over repeated runs on a copy of FILE:

- a full run (gather the facts set-wise, run every check) against the storage
  call the question tree already makes when a file opens (live evidence per
  question and assessment), measured in the same run;
- an edit's update: an item's assessment changed through the repository with
  the kept check state told of it, then the checks' results read again, against
  the same edit without the checks.

    python benchmarks/review_benchmark.py FILE [--repeat 10]

Build a large file first with ``make_large_inspection.py``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FULL_TARGET_S, UPDATE_TARGET_MS = 1.0, 100.0


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _line(name: str, ours: list[float], base: list[float], unit: float, label: str) -> str:
    med, p95 = statistics.median(ours), sorted(ours)[max(0, int(len(ours) * 0.95) - 1)]
    base_med = statistics.median(base)
    return (
        f"{name:<34} median {med * unit:8.1f} {label}  p95 {p95 * unit:8.1f} {label}"
        f"  baseline {base_med * unit:8.1f} {label}  ratio {med / base_med:5.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="the inspection file to measure (not changed)")
    parser.add_argument("--repeat", type=int, default=10, help="runs per measurement")
    args = parser.parse_args(argv)

    from models.vocabulary import Assessment
    from storage.file.inspection_file import InspectionFile
    from storage.review.checks import review
    from storage.review.state import ReviewState

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "benchmark.inspection"
        shutil.copyfile(args.file, copy)
        with InspectionFile.open(copy) as inspection:
            count = inspection.evidence.count()
            print(f"{args.file.name}: {count:,} evidence items; {args.repeat} runs each")
            review(inspection)  # warm the page cache as an open file would be
            full, tree = [], []
            for _ in range(args.repeat):
                tree.append(_timed(inspection.evidence.assessments_by_question))
                full.append(_timed(lambda: review(inspection)))
            print(_line("full run of the checks", full, tree, 1, "s "))

            state = ReviewState(inspection)
            rng = random.Random(1)
            ids = [
                row[0]
                for row in inspection.db.conn.execute(
                    "SELECT id FROM evidence WHERE deleted_at IS NULL ORDER BY random() LIMIT ?",
                    [args.repeat * 2],
                )
            ]
            updates, bare, reads = [], [], []
            for i, evidence_id in enumerate(ids):
                item = inspection.evidence.get(evidence_id)
                changed = replace(item, assessment=rng.choice(list(Assessment)))
                if i % 2:
                    bare.append(_timed(lambda: inspection.evidence.update(changed)))
                    continue

                def edit_and_check() -> None:
                    # As the window does it: save, tell the kept state, read the results.
                    saved = inspection.evidence.update(changed)
                    state.item_replaced(item, saved)
                    reads.append(_timed(state.results))

                updates.append(_timed(edit_and_check))
            print(_line("an edit with the checks updated", updates, bare, 1000, "ms"))
            read_ms = statistics.median(reads) * 1000
            print(f"{'  of which reading the results':<34} median {read_ms:8.1f} ms")
            ok_full = statistics.median(full) <= FULL_TARGET_S
            ok_update = (
                statistics.median(updates) * 1000 - statistics.median(bare) * 1000
                < UPDATE_TARGET_MS
            )
            print(
                f"targets: full run <= {FULL_TARGET_S:.0f} s: {'met' if ok_full else 'NOT met'}; "
                f"an edit's update < {UPDATE_TARGET_MS:.0f} ms beyond the edit: "
                f"{'met' if ok_update else 'NOT met'}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
