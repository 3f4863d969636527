"""Time bringing in very large frameworks and evidence logs, against the same at a hundredth.

Shows that input grows linearly (a framework workbook at the most questions a
framework may have against one of a tenth of them; a CSV log of 100,000 rows
against one of 10,000) and that what is over a limit is refused early (a
framework of 100,000 questions; a log of 1,000,000 rows; a workbook that
unpacks to a 200 MB cell), each with the time it took and how much the
process's peak memory grew. The ratio of a large run to ten times its small
baseline should stay near 1 (linear); a refusal should take a small part of
what reading the whole would.

    python benchmarks/input_benchmark.py [--questions 100000] [--rows 100000]
                                         [--refused-rows 1000000]
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from models.evidence_logs.input_limits import FRAMEWORK_QUESTIONS  # noqa: E402
from storage.evidence_logs.errors import EvidenceLogError  # noqa: E402
from storage.evidence_logs.reader import read_log  # noqa: E402
from storage.frameworks.workbook import FrameworkWorkbookError, read_framework_workbook  # noqa: E402


def framework_workbook(path: Path, questions: int) -> Path:
    """A framework of ``questions``: core questions of ten sub-questions each."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    head = book.create_sheet("framework")
    for row in (("id", f"bench-{questions}"), ("name", "Benchmark"), ("version", "1")):
        head.append(row)
    grades = book.create_sheet("grades")
    grades.append(("order", "name", "definition"))
    grades.append((1, "Good", "Fine."))
    grades.append((2, "Poor", "Not fine."))
    sheet = book.create_sheet("questions")
    sheet.append(("code", "parent code", "title", "guidance", "graded"))
    sheet.append(("H", None, "Headline", "", "yes"))
    made, core = 1, 0
    while made < questions:
        core += 1
        sheet.append((f"{core}", "H", f"Core question {core}", "", "yes"))
        made += 1
        for sub in range(1, 11):
            if made >= questions:
                break
            sheet.append(
                (
                    f"{core}.{sub}",
                    f"{core}",
                    f"Sub-question {core}.{sub}",
                    "What inspectors look for.",
                    "no",
                )
            )
            made += 1
    book.save(path)
    return path


def csv_log(path: Path, rows: int) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(("Ref", "Summary", "Source type", "Questions", "Notes"))
        for i in range(1, rows + 1):
            writer.writerow(
                (
                    f"JS-{i:06d}",
                    f"Visit {i} to the front counter",
                    "observation",
                    "1.1",
                    "Queue of four; waited twelve minutes.",
                )
            )
    return path


def zip_bomb(path: Path) -> Path:
    """A workbook whose one cell unpacks to 200 MB."""
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        + b"x" * 200_000_000
        + b"</t></is></c></row></sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def timed(work) -> tuple[float, float, str]:
    """Seconds, growth of the process's peak memory in MB, and how it ended."""
    before = _peak_mb()
    start = time.perf_counter()
    try:
        work()
        outcome = "read"
    except (FrameworkWorkbookError, EvidenceLogError) as e:
        outcome = "refused: " + str(e)[:80]
    return time.perf_counter() - start, _peak_mb() - before, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--refused-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print(f"{'input':<48}{'seconds':>9}{'+peak MB':>9}  outcome")
        results = {}
        allowed = min(args.questions, FRAMEWORK_QUESTIONS)
        for label, make, read in (
            (
                f"framework, {allowed // 10:,} questions (baseline)",
                lambda: framework_workbook(folder / "f-small.xlsx", allowed // 10),
                read_framework_workbook,
            ),
            (
                f"framework, {allowed:,} questions",
                lambda: framework_workbook(folder / "f-large.xlsx", allowed),
                read_framework_workbook,
            ),
            (
                f"framework, {args.questions:,} questions",
                lambda: framework_workbook(folder / "f-huge.xlsx", args.questions),
                read_framework_workbook,
            ),
            (
                f"CSV log, {args.rows // 10:,} rows (baseline)",
                lambda: csv_log(folder / "small.csv", args.rows // 10),
                read_log,
            ),
            (
                f"CSV log, {args.rows:,} rows",
                lambda: csv_log(folder / "large.csv", args.rows),
                read_log,
            ),
            (
                f"CSV log, {args.refused_rows:,} rows",
                lambda: csv_log(folder / "huge.csv", args.refused_rows),
                read_log,
            ),
            (
                "workbook with a 200 MB cell (199 KB on disk)",
                lambda: zip_bomb(folder / "bomb.xlsx"),
                read_log,
            ),
        ):
            path = make()
            seconds, peak, outcome = timed(lambda: read(path))
            results[label] = seconds
            print(f"{label:<48}{seconds:9.2f}{peak:9.0f}  {outcome}", flush=True)
        keys = list(results)
        print()
        print(
            f"framework: {allowed:,} questions took "
            f"{results[keys[1]] / max(results[keys[0]] * 10, 1e-9):.2f} x ten times "
            f"{allowed // 10:,} (1.00 is linear); {args.questions:,} were refused in "
            f"{results[keys[2]] / max(results[keys[1]], 1e-9):.2f} x the time "
            f"{allowed:,} took to read"
        )
        print(
            f"CSV log: {args.rows:,} rows took "
            f"{results[keys[4]] / max(results[keys[3]] * 10, 1e-9):.2f} x ten times "
            f"{args.rows // 10:,} (1.00 is linear); {args.refused_rows:,} were refused in "
            f"{results[keys[5]] / max(results[keys[4]], 1e-9):.2f} x the time "
            f"{args.rows:,} took to read"
        )


if __name__ == "__main__":
    main()
