"""Kill an editing process hundreds of times and check that nothing acknowledged is lost.

The long form of ``tests/storage/test_crash_safety.py``: the same worker
(``benchmarks/crash_worker.py``), the same kill points and the same checks
after every kill (health check; every acknowledged action present exactly, with
its history; nothing half done), just many more rounds on one file. FILE is
created from the demo inspection when it does not exist, otherwise the rounds
continue on it (it must be a file this benchmark wrote before, or any
inspection nobody else is editing).

    python benchmarks/crash_benchmark.py FILE [--kills 500] [--seed 1] [--keep-going]

Prints one line per 50 rounds and a summary: kills done, actions acknowledged,
actions verified (acknowledged, plus those that were committed just before a
kill and found complete), where the kills landed, failures, and the time per
round split into the worker's run and the verification. Exit status 1 when
any round failed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.crash_harness import (  # noqa: E402
    kill_plan,
    killed_at_commit,
    killed_inside_transaction,
    read_acks,
    read_state,
    run_round,
    verify,
)
from storage.demo import write_demo  # noqa: E402


def run(path: Path, kills: int, seed: int, keep_going: bool) -> int:
    if not path.exists():
        write_demo(path).close()
        print(f"Created {path} from the demo inspection.")
    rng = random.Random(seed)
    expected = read_state(path)
    seen = Counter()
    worker_time = verify_time = 0.0
    for number, (kill_after, extra) in enumerate(kill_plan(rng, kills)):
        started = time.perf_counter()
        result, lines = run_round(path, number, rng.randrange(1_000_000), kill_after, extra)
        read_acks(result, lines)
        ran = time.perf_counter()
        expected = verify(path, expected, result)
        worker_time += ran - started
        verify_time += time.perf_counter() - ran
        seen["kills"] += 1
        seen["acked"] += len(result.acked)
        seen["verified"] += len(result.acked) + result.landed_unacked
        seen["inside a transaction"] += killed_inside_transaction(result)
        seen["at COMMIT"] += killed_at_commit(result)
        seen["landed unacknowledged"] += result.landed_unacked
        if result.worker_error:
            result.problems.insert(0, f"worker failed: {result.worker_error}")
        if result.problems:
            seen["failures"] += 1
            print(f"round {number} FAILED (killed after {kill_after} acks and {extra} lines):")
            print("\n".join("  " + p for p in result.problems))
            if not keep_going:
                break
        if (number + 1) % 50 == 0:
            print(
                f"  {number + 1} kills, {seen['acked']} acknowledged actions, "
                f"{seen['failures']} failures",
                flush=True,
            )
    rounds = max(seen["kills"], 1)
    print(f"kills done:              {seen['kills']}")
    print(f"actions acknowledged:    {seen['acked']}")
    print(
        f"actions verified:        {seen['verified']} (acknowledged, plus "
        f"{seen['landed unacknowledged']} committed just before the kill, found complete)"
    )
    print(
        f"kills inside a transaction: {seen['inside a transaction']} "
        f"(of which {seen['at COMMIT']} while committing)"
    )
    print(f"failures:                {seen['failures']}")
    print(
        f"time per round:          {(worker_time + verify_time) / rounds * 1000:.0f} ms "
        f"(worker {worker_time / rounds * 1000:.0f} ms, "
        f"verification {verify_time / rounds * 1000:.0f} ms)"
    )
    return 1 if seen["failures"] else 0


def main(argv: list[str] | None = None) -> int:
    if sys.platform == "win32":
        print("error: this benchmark needs SIGKILL, which Windows does not have", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "file",
        metavar="FILE",
        type=Path,
        help="inspection file to edit (created from the demo if missing)",
    )
    parser.add_argument("--kills", type=int, default=500, help="rounds, one kill each")
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill points")
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="carry on after a failed round instead of stopping",
    )
    args = parser.parse_args(argv)
    return run(args.file, args.kills, args.seed, args.keep_going)


if __name__ == "__main__":
    sys.exit(main())
