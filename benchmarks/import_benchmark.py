"""Time and peak memory of importing a large evidence log, against reading the log alone.

Writes an evidence log of N rows (the invented fieldwork of
``make_large_inspection.py``: no refs, the author in a column, notes of 200 to
1,500 characters) as CSV and as an Excel workbook, then, each in a fresh child
process so its peak resident memory (``VmHWM``) is its own:

- **import**: the app's own use case (``storage.operations.import_evidence``,
  the one File ▸ Import evidence and ``main.py import-evidence`` call) into a
  copy of a new, empty inspection, backup before the import included;
- **csv module**: every row of the CSV log read with ``csv.reader`` and
  dropped: what reading the file costs at the least;
- **openpyxl read-only**: every row of the workbook read with openpyxl in
  read-only mode, values only, and dropped.

The time covers the import call (or the read) only, not the interpreter
starting; the processor time the child used is printed beside it, since on a
machine shared with other work it moves less than the time does. ``--repeat R``
runs each R times, alternating the order, and prints medians with the spread.
Targets (informational; the script exits 0): an import of 100,000 rows in at
most 25 s with a peak of at most 150 MB.

    python benchmarks/import_benchmark.py [--rows 100000] [--repeat 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

TARGET_SECONDS = 25.0
TARGET_PEAK_MB = 150.0
HEADERS = (
    "Date",
    "Source type",
    "Location",
    "Participants",
    "Summary",
    "Notes",
    "Assessment",
    "Sensitive",
    "Questions",
    "Author",
)


# -- the log -----------------------------------------------------------------------
def log_rows(rows: int, seed: int):
    """The log's rows (cells as text, dates as dates), made from invented evidence."""
    from make_large_inspection import FRAMEWORK_ID, _Writer

    from storage.frameworks.library import find_framework

    writer = _Writer(find_framework(FRAMEWORK_ID), seed)
    for _ in range(rows):
        e = writer.evidence()
        yield (
            e.collected_on,
            e.source_type.label,
            e.location,
            "; ".join(e.participants),
            e.summary,
            e.notes,
            e.assessment.label,
            "yes" if e.sensitive else "no",
            "; ".join(e.question_codes),
            e.author,
        )


def write_logs(folder: Path, rows: int, seed: int) -> tuple[Path, Path]:
    """The same log as ``log.csv`` and ``log.xlsx`` in ``folder`` (reused when there)."""
    import xlsxwriter

    csv_path, xlsx_path = (
        folder / f"log-{rows}-seed{seed}.csv",
        folder / f"log-{rows}-seed{seed}.xlsx",
    )
    if csv_path.exists() and xlsx_path.exists():
        return csv_path, xlsx_path
    book = xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True})
    sheet = book.add_worksheet("Evidence log")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADERS)
        for column, title in enumerate(HEADERS):
            sheet.write_string(0, column, title)
        for number, cells in enumerate(log_rows(rows, seed), 1):
            out.writerow((cells[0].isoformat(),) + cells[1:])
            sheet.write_datetime(number, 0, cells[0], day)
            for column, text in enumerate(cells[1:], 1):
                sheet.write_string(number, column, text)
    book.close()
    return csv_path, xlsx_path


def new_inspection(folder: Path) -> Path:
    """A new, empty inspection of the framework the log's questions come from."""
    from make_large_inspection import FRAMEWORK_ID

    from storage.file.inspection_file import InspectionFile
    from storage.frameworks.library import find_framework

    path = folder / "empty.inspection"
    if not path.exists():
        InspectionFile.create(path, find_framework(FRAMEWORK_ID), force="Benchmark").close()
    return path


# -- in the child process ----------------------------------------------------------
def _peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024
    except (OSError, AttributeError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def read_with_csv(log: Path, _target: Path) -> int:
    count = 0
    with open(log, encoding="utf-8-sig", newline="") as f:
        for _ in csv.reader(f):
            count += 1
    return count


def read_with_openpyxl(log: Path, _target: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(log, read_only=True, data_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


def import_log(log: Path, target: Path) -> int:
    from storage.operations import import_evidence

    return import_evidence(target, log, actor="benchmark").result.imported


def run_child(kind: str, log: Path, target: Path, profile: Path | None) -> None:
    """One measured run, its figures printed as JSON."""
    import openpyxl  # noqa: F401  (imported before the clock starts, for all alike)

    import storage.operations  # noqa: F401

    work = {"import": import_log, "csv": read_with_csv, "openpyxl": read_with_openpyxl}[kind]
    before = _peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    if profile is None:
        rows = work(log, target)
    else:
        import cProfile

        profiler = cProfile.Profile()
        rows = profiler.runcall(work, log, target)
        profiler.dump_stats(profile)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    figures = {"seconds": seconds, "cpu": cpu, "peak_mb": _peak_mb(), "start_mb": before}
    print(json.dumps({**figures, "rows": rows}))


# -- in the parent -----------------------------------------------------------------
def measure(kind: str, log: Path, empty: Path, folder: Path, profile: Path | None = None) -> dict:
    target = folder / "target.inspection"
    for leftover in folder.glob("target.inspection*"):
        leftover.unlink()
    shutil.rmtree(folder / "home", ignore_errors=True)
    shutil.copyfile(empty, target)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        str(log),
        str(target),
    ]
    if profile is not None:
        command += ["--profile-file", str(profile)]
    env = {"EVIDENCE_REVIEW_HOME": str(folder / "home")}  # backups go there, not the user's
    done = subprocess.run(command, capture_output=True, text=True, env={**_environ(), **env})
    if done.returncode != 0:
        sys.exit(f"error: {kind} on {log.name} failed:\n{done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _environ() -> dict:
    import os

    return dict(os.environ)


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else ""


def benchmark(folder: Path, rows: int, seed: int, repeat: int, profile: bool) -> None:
    start = time.perf_counter()
    csv_log, xlsx_log = write_logs(folder, rows, seed)
    empty = new_inspection(folder)
    print(
        f"logs of {rows:,} rows: {csv_log.name} {csv_log.stat().st_size / 1e6:.0f} MB, "
        f"{xlsx_log.name} {xlsx_log.stat().st_size / 1e6:.0f} MB "
        f"(written in {time.perf_counter() - start:.0f} s)",
        flush=True,
    )
    plan = [
        ("import", csv_log, "import of the CSV log"),
        ("csv", csv_log, "the CSV log read with the csv module"),
        ("import", xlsx_log, "import of the workbook"),
        ("openpyxl", xlsx_log, "the workbook read with openpyxl read-only"),
    ]
    runs: dict[int, list[dict]] = {i: [] for i in range(len(plan))}
    for r in range(repeat):
        order = range(len(plan)) if r % 2 == 0 else reversed(range(len(plan)))
        for i in order:
            kind, log, _ = plan[i]
            wanted = folder / f"{kind}-{log.suffix[1:]}.prof" if profile and r == 0 else None
            runs[i].append(measure(kind, log, empty, folder, wanted))
            if kind == "import" and runs[i][-1]["rows"] != rows:
                sys.exit(f"error: the import brought in {runs[i][-1]['rows']} rows, not {rows}")

    def median(i: int, key: str) -> float:
        return statistics.median(run[key] for run in runs[i])

    print(f"\nmedian of {repeat} run(s), measured {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"{'':46}{'seconds':>9}{'spread':>13}{'CPU s':>7}{'peak MB':>9}{'ratio':>7}")
    for i, (kind, _log, label) in enumerate(plan):
        base = i + 1 if kind == "import" else i
        ratio = median(i, "seconds") / max(median(base, "seconds"), 1e-9)
        print(
            f"{label:<46}{median(i, 'seconds'):9.2f}"
            f"{_spread([run['seconds'] for run in runs[i]]):>13}{median(i, 'cpu'):7.2f}"
            f"{median(i, 'peak_mb'):9.0f}"
            f"{ratio:7.2f}"
        )
    print(
        f"(ratio: the import's time against reading the same log alone; CPU s: the process's "
        f"own processor time, steadier than the time on a shared machine; each child process "
        f"held about {median(0, 'start_mb'):.0f} MB before it began)"
    )
    print(f"\ntarget: import <= {TARGET_SECONDS:.0f} s and peak <= {TARGET_PEAK_MB:.0f} MB")
    for i in (0, 2):
        seconds, peak = median(i, "seconds"), median(i, "peak_mb")
        met = seconds <= TARGET_SECONDS and peak <= TARGET_PEAK_MB
        print(f"{plan[i][2]}: {seconds:.1f} s, {peak:.0f} MB: {'PASS' if met else 'FAIL'}")
    if profile:
        print(f"profiles of the first runs: {', '.join(p.name for p in folder.glob('*.prof'))}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, metavar="N", help="rows of the log")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="seed of the content")
    parser.add_argument("--repeat", type=int, default=1, metavar="R", help="runs of each")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep the logs in DIR (and reuse them there)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also write cProfile files of the first runs"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--profile-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, log, target = args.child
        run_child(kind, Path(log), Path(target), args.profile_file)
        return 0
    if args.rows < 1 or args.repeat < 1:
        parser.error("--rows and --repeat must be at least 1")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        benchmark(args.keep, args.rows, args.seed, args.repeat, args.profile)
    else:
        with tempfile.TemporaryDirectory(prefix="import-benchmark-") as folder:
            benchmark(Path(folder), args.rows, args.seed, args.repeat, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
