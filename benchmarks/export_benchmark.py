"""Time and peak memory of the draft judgment summary export, against a baseline.

Builds one large inspection (see ``make_large_inspection.py``), then measures
in the same run:

* ours: ``storage.workbooks.summary_export.export_summary`` writing the whole workbook
  (every sheet, with row heights, page set-up, charts and links);
* ours with the register alone (the register and its Evidence notes sheet), to show
  how the time splits;
* baseline: the cells of the three sheets that grow with the evidence (the evidence
  register, Finding evidence and Evidence notes, with the same links between them),
  read through the storage layer and written with XlsxWriter in constant-memory mode
  and nothing else: what the same content costs a plain writer;
* the same baseline with Python's cycle collector paused, as the export pauses it,
  so the ratio can be read both ways.

Each measurement runs in a fresh child process that does only that export, so
its peak resident memory (VmHWM) belongs to that export alone; the time is the
export call itself, without interpreter start-up or opening the file.

    python benchmarks/export_benchmark.py [--evidence 100000] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for folder in (HERE, ROOT):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

TARGET_RATIO, TARGET_PEAK_MB = 1.2, 200
# The evidence register as the export writes it: (header, width, wraps).
REGISTER_COLUMNS = [
    ("Ref", 10, False),
    ("Date", 11, False),
    ("Source type", 14, False),
    ("Author", 9.6, False),
    ("Location / unit", 20, True),
    ("Participants", 20, True),
    ("Assessment", 14, False),
    ("Questions", 12.9, True),
    ("Findings", 12, True),
    ("Summary", 45, True),
    ("Notes", 55, True),
    ("Attachments", 16, True),
]


# -- in the child process --------------------------------------------------------
def _peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024
    except (OSError, AttributeError):
        import resource  # macOS reports bytes, Linux kilobytes

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def export_ours(inspection, out: Path) -> None:
    from storage.workbooks.summary_export import export_summary

    export_summary(inspection, out, generated_by="benchmark")


def export_ours_register(inspection, out: Path) -> None:
    """Ours with the evidence register as its only sheet: the part the baseline writes,
    so the rest of the ratio is what the other sheets cost."""
    from storage.workbooks import summary_export

    def register_only(export) -> None:
        export.reading = summary_export.read_ahead(export.inspection)  # as the export reads
        try:
            summary_export.plan_question_sheets(export, ["Summary"])  # where links go
            summary_export.write_evidence_register(export)
        finally:
            export.reading.close()

    summary_export.write_sheets = register_only  # this child process does nothing else
    export_ours(inspection, out)


def _with_extras(inspection, batch_size: int = 500):
    """Items in ref order with their attachment names and the findings they support,
    fetched a batch at a time."""
    from itertools import islice

    from storage.workbooks.summary.trace_reading import findings_of_items

    items = inspection.evidence.iter_all()
    while batch := list(islice(items, batch_size)):
        ids = [item.id for item in batch]
        names = inspection.attachments.names_by_evidence(ids)
        supports = findings_of_items(inspection.db.conn, ids)
        for item in batch:
            yield item, names.get(item.id, ()), supports.get(item.id, ())


def _plain_sheet(workbook, name: str, columns: list[tuple[str, float]], header):
    sheet = workbook.add_worksheet(name)
    for column, (title, width) in enumerate(columns):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, title, header)
    sheet.freeze_panes(1, 0)
    return sheet


def export_baseline(inspection, out: Path) -> None:
    """The cells of the workbook's three sheets that grow with the evidence, written
    with XlsxWriter's constant-memory mode and nothing else: the register (a row per
    item, its findings' refs linked to their first Finding evidence row), Finding
    evidence (a row per finding and item, the item's ref linked to its register row)
    and Evidence notes (the whole notes of each item behind a finding whose notes
    run past three register lines, linked back). No row heights, no splitting of long
    text, no page set-up, none of the small sheets: what a plain writer of the same
    content costs."""
    import xlsxwriter

    from storage.workbooks.excel_text import cell_text
    from storage.workbooks.summary.finding_labels import finding_label
    from storage.workbooks.summary.trace_reading import supporting_items
    from storage.workbooks.summary_export import WITHHELD

    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    plain = workbook.add_format({"valign": "top"})
    wrap = workbook.add_format({"valign": "top", "text_wrap": True})
    link = workbook.add_format({"valign": "top", "font_color": "blue", "underline": 1})
    day = workbook.add_format({"valign": "top", "align": "left", "num_format": "d mmm yyyy"})

    findings = inspection.findings.for_question(None)
    labels = {f.id: finding_label(f) for f in findings}
    order = {f.id: n for n, f in enumerate(findings)}
    support = inspection.findings.support(list(labels))
    first_row, evidence_rows, row = {}, 0, 1
    for finding in findings:  # where each finding's rows start on Finding evidence
        first_row[finding.id] = row
        row += len(support.get(finding.id, ()))

    register = _plain_sheet(
        workbook, "Evidence register", [(t, w) for t, w, _ in REGISTER_COLUMNS], header
    )
    notes_sheet = _plain_sheet(
        workbook, "Evidence notes", [(t, w) for t, w, _ in REGISTER_COLUMNS if t != "Date"], header
    )
    styles = [wrap if wraps else plain for _, _, wraps in REGISTER_COLUMNS]
    register_rows: dict[str, int] = {}
    row, notes_row = 0, 0
    long_notes = 3 * 55  # three lines of the Notes column
    for row, (item, attached, supports) in enumerate(_with_extras(inspection), 1):
        notes = WITHHELD if item.sensitive else item.notes
        behind = sorted((f for f in supports if f in order), key=order.__getitem__)
        texts = {
            0: item.ref,
            2: item.source_type.label,
            3: item.author,
            4: item.location,
            5: item.participants_text,
            6: item.assessment.label,
            7: ", ".join(item.question_codes),
            8: ", ".join(labels[f] for f in behind),
            9: item.summary,
            10: notes,
            11: "; ".join(attached),
        }
        for column, text in texts.items():
            if not text:
                continue
            if column == 8:
                register.write_url(
                    row,
                    8,
                    f"internal:'Finding evidence'!A{first_row[behind[0]] + 1}",
                    link,
                    string=text,
                )
            else:
                register.write_string(row, column, cell_text(text), styles[column])
        if item.collected_on:
            register.write_datetime(row, 1, item.collected_on, day)
        if behind:
            register_rows[item.id] = row
            if len(notes) > long_notes:
                notes_row += 1
                notes_sheet.write_url(
                    notes_row, 0, f"internal:'Evidence register'!A{row + 1}", link, string=item.ref
                )
                for column, text in enumerate(
                    [texts[c] for c in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11)], 1
                ):
                    if text:
                        notes_sheet.write_string(notes_row, column, cell_text(text), wrap)
    register.autofilter(0, 0, row, len(REGISTER_COLUMNS) - 1)
    notes_sheet.autofilter(0, 0, notes_row, len(REGISTER_COLUMNS) - 2)

    columns = [
        "Finding",
        "Kind",
        "Question",
        "Ref",
        "Date",
        "Source type",
        "Location / unit",
        "Summary",
        "Assessment",
    ]
    traced = _plain_sheet(workbook, "Finding evidence", [(c, 14) for c in columns], header)
    by_id = {f.id: f for f in findings}
    for evidence_rows, (finding_id, item) in enumerate(
        supporting_items(inspection.db.conn, list(labels)), 1
    ):
        finding = by_id[finding_id]
        r = evidence_rows
        traced.write_string(r, 0, labels[finding_id], plain)
        traced.write_string(r, 1, finding.kind.label, plain)
        traced.write_string(r, 2, finding.question_code, plain)
        traced.write_url(
            r,
            3,
            f"internal:'Evidence register'!A{register_rows[item.id] + 1}",
            link,
            string=item.ref,
        )
        if item.collected_on:
            traced.write_datetime(r, 4, item.collected_on, day)
        traced.write_string(r, 5, item.source_type.label, plain)
        for column, text in ((6, item.location), (7, item.summary)):
            if text:
                traced.write_string(r, column, cell_text(text), wrap)
        traced.write_string(r, 8, item.assessment.label, plain)
    traced.autofilter(0, 0, evidence_rows, len(columns) - 1)
    workbook.close()


def run_child(kind: str, inspection_path: Path, out: Path) -> None:
    """Do one export and print its time and peak memory as JSON."""
    import xlsxwriter  # noqa: F401  (both write with it: imported before the clock starts)

    from storage.file.inspection_file import InspectionFile
    from storage.workbooks.collector_pause import collector_paused

    kinds = {
        "ours": export_ours,
        "register": export_ours_register,
        "baseline": export_baseline,
        "paused": export_baseline,
    }
    with InspectionFile.open(inspection_path, readonly=True) as inspection:
        before = _peak_mb()
        start = time.perf_counter()
        if kind == "paused":
            with collector_paused():
                kinds[kind](inspection, out)
        else:
            kinds[kind](inspection, out)
        seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "start_mb": before}))


# -- in the parent -----------------------------------------------------------------
def measure(kind: str, inspection_path: Path, out: Path) -> dict:
    out.unlink(missing_ok=True)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        str(inspection_path),
        str(out),
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"error: the {kind} export failed:\n{done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def sheet_names(workbook: Path) -> list[str]:
    with zipfile.ZipFile(workbook) as z:
        return re.findall(r'<sheet [^>]*name="([^"]+)"', z.read("xl/workbook.xml").decode())


def versions() -> str:
    import sqlite3

    import openpyxl
    import xlsxwriter

    try:
        import lxml.etree

        lxml_version = ".".join(map(str, lxml.etree.LXML_VERSION[:3]))
    except ImportError:
        lxml_version = "not installed"
    return (
        f"python {platform.python_version()}, openpyxl {openpyxl.__version__}, "
        f"XlsxWriter {xlsxwriter.__version__}, lxml {lxml_version}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


def code_version() -> str:
    """Which storage code was measured: the commit, and a digest that also covers
    uncommitted changes (the export is split over several storage modules)."""
    digest = hashlib.sha256()
    for source in sorted((ROOT / "storage").rglob("*.py")):
        digest.update(source.read_bytes())
    try:
        commit = (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True, capture_output=True
            ).stdout.strip()
            or "unknown"
        )
    except OSError:
        commit = "unknown"
    return f"commit {commit}, storage/*.py sha256 {digest.hexdigest()[:12]}"


def benchmark(folder: Path, evidence: int, seed: int, repeat: int) -> None:
    from make_large_inspection import build_large_inspection

    inspection_path = folder / f"large-{evidence}-seed{seed}.inspection"
    if inspection_path.exists():
        print(f"reusing {inspection_path}")
    else:
        start = time.perf_counter()
        build_large_inspection(inspection_path, evidence=evidence, seed=seed)
        print(
            f"built {evidence:,} evidence items in {time.perf_counter() - start:.1f} s "
            f"({inspection_path.stat().st_size / 1e6:.0f} MB)"
        )

    ours_out, base_out = folder / "ours.xlsx", folder / "baseline.xlsx"
    outputs = {
        "ours": ours_out,
        "register": folder / "register.xlsx",
        "baseline": base_out,
        "paused": folder / "baseline-paused.xlsx",
    }
    runs: dict[str, list[dict]] = {kind: [] for kind in outputs}
    for i in range(repeat):
        order = list(outputs) if i % 2 == 0 else list(reversed(outputs))
        for kind in order:  # alternate, so none always runs on a warmer cache
            runs[kind].append(measure(kind, inspection_path, outputs[kind]))

    def median(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[kind])

    ours_s, base_s = median("ours", "seconds"), median("baseline", "seconds")
    ours_mb, base_mb = median("ours", "peak_mb"), median("baseline", "peak_mb")
    ratio = ours_s / base_s
    print(
        f"\nexport of {evidence:,} evidence items, median of {repeat} run(s), "
        f"measured {time.strftime('%Y-%m-%d %H:%M')}"
    )
    print(f"{code_version()}; {versions()}")
    print(
        f"ours writes {', '.join(sheet_names(ours_out))} "
        f"({ours_out.stat().st_size / 1e6:.1f} MB); baseline writes "
        f"{', '.join(sheet_names(base_out))} ({base_out.stat().st_size / 1e6:.1f} MB)\n"
    )
    print(
        f"{'ours s':>8} {'baseline s':>11} {'ratio':>6} {'our peak MB':>12} "
        f"{'baseline peak MB':>17}"
    )
    print(f"{ours_s:8.2f} {base_s:11.2f} {ratio:6.2f} {ours_mb:12.0f} {base_mb:17.0f}")
    register_s = median("register", "seconds")
    print(
        f"ours with the register and Evidence notes alone: {register_s:.2f} s, "
        f"ratio {register_s / base_s:.2f}, peak {median('register', 'peak_mb'):.0f} MB"
    )
    paused_s = median("paused", "seconds")
    print(
        f"baseline with the cycle collector paused, as ours pauses it: {paused_s:.2f} s, "
        f"ours against it {ours_s / paused_s:.2f}"
    )
    print(
        f"(each child process held {median('ours', 'start_mb'):.0f} MB (ours) and "
        f"{median('baseline', 'start_mb'):.0f} MB (baseline) before the export began)\n"
    )
    print(f"target: ratio <= {TARGET_RATIO}, peak <= {TARGET_PEAK_MB} MB")
    print(f"ratio {ratio:.2f}: {'PASS' if ratio <= TARGET_RATIO else 'FAIL'}")
    print(f"peak {ours_mb:.0f} MB: {'PASS' if ours_mb <= TARGET_PEAK_MB else 'FAIL'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Measure the draft judgment summary export (time and peak memory) "
        "against an XlsxWriter baseline writing the same evidence register, Finding "
        "evidence and Evidence notes cells."
    )
    parser.add_argument(
        "--evidence",
        type=int,
        default=100_000,
        metavar="N",
        help="evidence items in the inspection (default 100000)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="seed for the generated inspection (default 1)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="R",
        help="run each export R times and report medians (default 1)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep the inspection and both workbooks in DIR; an inspection "
        "already there for the same N and seed is reused",
    )
    parser.add_argument(
        "--child", nargs=3, metavar=("KIND", "INSPECTION", "OUT"), help=argparse.SUPPRESS
    )  # one measured export, run by this script
    args = parser.parse_args(argv)
    if args.child:
        kind, inspection_path, out = args.child
        run_child(kind, Path(inspection_path), Path(out))
        return 0
    if args.evidence < 1 or args.repeat < 1:
        parser.error("--evidence and --repeat must be at least 1")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        benchmark(args.keep, args.evidence, args.seed, args.repeat)
    else:
        with tempfile.TemporaryDirectory(prefix="export-benchmark-") as folder:
            benchmark(Path(folder), args.evidence, args.seed, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
