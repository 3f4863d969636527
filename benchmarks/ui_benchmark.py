"""How the real main window feels on a large inspection, against the storage work underneath.

Drives the app's own ``MainWindow`` offscreen on an inspection file and times,
over repeated runs, each interaction an inspector makes: opening the file until
the question tree and the first page of evidence are painted, choosing a core
question, typing a four-word search (each keystroke, and the list's update for
each prefix of the query), sorting by date and by source, scrolling from the top
of the list to the bottom, opening an item in the editor, saving an edit and
adding an item. For each it also times, in the same run, the bare storage calls
the interaction needs (the baseline) and prints median, 95th percentile and the
ratio of the two medians.

It also reports the resident memory of this process with the file open, and the
start-up of a new process until its first window is painted, against a bare
PySide6 window measured in the same run.

    python benchmarks/ui_benchmark.py FILE [--repeat 20] [--json OUT]

Build a large file first with ``make_large_inspection.py``. The file is copied
to a temporary folder, so the benchmark's edits never touch it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SEARCH_QUERY = "neighbourhood officers risk victims"
TARGET_P95_MS, TARGET_OPEN_MS, TARGET_KEY_MS = 100, 1000, 50
TARGET_SELECT_MS, TARGET_SEARCH_MS = 30, 50
#: An edit, a new item or opening an item costs at most this many times its storage call,
#: or the floor, whichever is larger (compared median to median).
TARGET_EDIT_RATIO, TARGET_EDIT_FLOOR_MS = 3.0, 10.0
TARGET_MEMORY_MB, TARGET_STARTUP_RATIO = 300, 1.5


@dataclass
class Measure:
    """Timings of one interaction and of its storage baseline, in milliseconds."""

    name: str
    ui: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    target_ms: float = TARGET_P95_MS
    #: With a ratio target the median must also stay within ``max_ratio`` × the baseline's
    #: median, or ``TARGET_EDIT_FLOOR_MS``, whichever is larger.
    max_ratio: float | None = None

    @staticmethod
    def p95(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def row(self) -> dict:
        median = statistics.median(self.ui)
        base = statistics.median(self.baseline) if self.baseline else None
        met = self.p95(self.ui) <= self.target_ms
        allowed = None
        if self.max_ratio is not None and base is not None:
            allowed = max(self.max_ratio * base, TARGET_EDIT_FLOOR_MS)
            met = met and median <= allowed
        return {
            "interaction": self.name,
            "runs": len(self.ui),
            "median_ms": median,
            "p95_ms": self.p95(self.ui),
            "baseline_ms": base,
            "ratio": median / base if base else None,
            "target_p95_ms": self.target_ms,
            "target_max_ratio": self.max_ratio,
            "allowed_median_ms": allowed,
            "met": met,
        }


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


class Profiles:
    """cProfile of the window's side of each interaction (``--profile``), kept per interaction.

    Only the window's timings are profiled, never the baseline's, and the timings of a
    profiled run are slower than a plain run's: profile and time in separate runs.
    """

    def __init__(self) -> None:
        self.by_name: dict[str, cProfile.Profile] = {}

    def timed(self, name: str, fn) -> float:
        profile = self.by_name.setdefault(name, cProfile.Profile())
        profile.enable()
        try:
            return timed(fn)
        finally:
            profile.disable()

    def print_summaries(self, lines: int) -> None:
        """The functions each interaction spends most time in, with their callees."""
        for name, profile in self.by_name.items():
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.strip_dirs().sort_stats("cumulative").print_stats(lines)
            body = out.getvalue()
            print(f"\n=== profile: {name} ===")
            print(body[body.find("   ncalls") :].rstrip())


def settle(app) -> None:
    """Let Qt lay out and paint everything pending, as a frame would."""
    app.processEvents()
    app.processEvents()


def resident_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Bench:
    """The window, the file and the storage under it, for one benchmark run."""

    def __init__(self, path: Path, repeat: int, profiles: Profiles | None = None):
        from PySide6.QtWidgets import QApplication

        from storage.file.inspection_file import InspectionFile
        from ui.window.settings import AppSettings, configure_application_identity, isolate_settings

        self.path, self.repeat, self.profiles = path, repeat, profiles
        self.app = QApplication.instance() or QApplication([])
        configure_application_identity()
        isolate_settings(path.parent / "settings")
        self.settings = AppSettings()
        self.settings.author_initials = "BM"
        self.storage = InspectionFile.open(path)  # the baseline's own connection
        self.storage.actor = "BM"
        self.window = None
        self.results: list[Measure] = []

    def ui_timed(self, m: Measure, fn) -> float:
        """Time the window's side of an interaction (profiled with ``--profile``)."""
        return timed(fn) if self.profiles is None else self.profiles.timed(m.name, fn)

    # -- the window ---------------------------------------------------------------
    def open_window(self, m: Measure) -> float:
        from PySide6.QtCore import QThreadPool

        from ui.window.main_window import MainWindow

        if self.window is not None:
            self.window.close_inspection()
            # Each open is measured on its own: the previous one's backup and counting
            # (on worker threads) finish first.
            QThreadPool.globalInstance().waitForDone()
            settle(self.app)
            self.window.deleteLater()
            settle(self.app)
        self.window = MainWindow(self.settings)
        self.window.show()
        settle(self.app)

        def open_file():
            assert self.window.open_file(self.path)
            self.window.view.repaint()
            settle(self.app)

        elapsed = self.ui_timed(m, open_file)
        assert self.window.view.evidence_list.model.rowCount() > 0
        return elapsed

    def base_page(self, query) -> None:
        """The storage calls behind showing a list: count it, read its first page."""
        total = self.storage.evidence.count(query)
        self.storage.evidence.page(query, 0, 200, total=total)

    @property
    def view(self):
        return self.window.view

    def measure(
        self, name: str, target_ms: float = TARGET_P95_MS, max_ratio: float | None = None
    ) -> Measure:
        m = Measure(name, target_ms=target_ms, max_ratio=max_ratio)
        self.results.append(m)
        return m

    # -- interactions ---------------------------------------------------------------
    def bench_open(self) -> None:
        from models.evidence.query import EvidenceQuery

        m = self.measure("Open the file (tree + first page)", TARGET_OPEN_MS)
        for _ in range(max(3, self.repeat // 4)):
            m.ui.append(self.open_window(m))

        def baseline():
            from storage.file.inspection_file import InspectionFile

            with InspectionFile.open(self.path, readonly=True) as f:
                f.db.scalar("PRAGMA quick_check")
                f.evidence.assessments_by_question()
                f.evidence.count(EvidenceQuery())
                f.evidence.page(EvidenceQuery(), 0, 200)

        for _ in range(max(3, self.repeat // 4)):
            m.baseline.append(timed(baseline))

    def bench_select_question(self) -> None:
        from models.evidence.query import EvidenceQuery

        codes = [q.code for q in self.storage.framework.core_questions()]
        m = self.measure("Select a core question", TARGET_SELECT_MS)
        for i in range(self.repeat):
            code = codes[i % len(codes)]
            m.ui.append(
                self.ui_timed(m, lambda: (self.view.select_question(code), settle(self.app)))
            )
            query = EvidenceQuery(question_code=code)
            m.baseline.append(timed(lambda: self.base_page(query)))
        self.view.select_question(self.storage.framework.children(None)[0].code)
        settle(self.app)

    def bench_search(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        from models.evidence.query import EvidenceQuery

        keys = self.measure("Keystroke in the search box (GUI blocked)", TARGET_KEY_MS)
        update = self.measure("List update for each search prefix", TARGET_SEARCH_MS)
        search = self.view.evidence_list.search
        for _ in range(max(1, self.repeat // 10)):
            search.clear()
            self.view.evidence_list._apply_filters()
            settle(self.app)
            for n, ch in enumerate(SEARCH_QUERY, start=1):
                keys.ui.append(
                    self.ui_timed(keys, lambda: (QTest.keyClick(search, ch), settle(self.app)))
                )
                query = EvidenceQuery(text=SEARCH_QUERY[:n])
                keys.baseline.append(timed(lambda: self.storage.evidence.count(query)))
                # The update the debounce runs once typing pauses, as if it paused here.
                update.ui.append(
                    self.ui_timed(
                        update, lambda: (self.view.evidence_list._apply_filters(), settle(self.app))
                    )
                )
                update.baseline.append(timed(lambda: self.base_page(query)))
        QTest.keyClick(search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        search.clear()
        self.view.evidence_list._apply_filters()
        settle(self.app)

    def bench_sort(self) -> None:
        from PySide6.QtCore import Qt

        from models.evidence.query import EvidenceQuery, EvidenceSort
        from ui.item_models.evidence_table_model import COLUMNS

        table = self.view.evidence_list.table
        for label, sort in (("date", EvidenceSort.DATE), ("source", EvidenceSort.SOURCE)):
            column = [key for _h, key in COLUMNS].index(sort)
            m = self.measure(f"Sort by {label}")
            for i in range(self.repeat):
                order = Qt.SortOrder.DescendingOrder if i % 2 else Qt.SortOrder.AscendingOrder
                m.ui.append(
                    self.ui_timed(m, lambda: (table.sortByColumn(column, order), settle(self.app)))
                )
                query = EvidenceQuery(sort=sort, descending=bool(i % 2))
                m.baseline.append(timed(lambda: self.base_page(query)))
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        settle(self.app)

    def bench_scroll(self) -> None:
        from models.evidence.query import EvidenceQuery

        table, model = self.view.evidence_list.table, self.view.evidence_list.model
        m = self.measure("Scroll from top to bottom")
        for _ in range(max(3, self.repeat // 4)):
            table.scrollToTop()
            settle(self.app)

            def to_bottom():
                # Dragging the scroll bar to its end: the last rows must be on screen.
                bar = table.verticalScrollBar()
                while bar.value() < bar.maximum():
                    bar.setValue(bar.maximum())
                    settle(self.app)
                last = table.rowAt(table.viewport().height() - 2)
                assert last in (model.total - 1, -1), f"row {last} of {model.total} at the end"

            m.ui.append(self.ui_timed(m, to_bottom))
            total = self.storage.evidence.count(EvidenceQuery())
            m.baseline.append(
                timed(
                    lambda: self.storage.evidence.page(
                        EvidenceQuery(), max(0, total - 200), 200, total=total
                    )
                )
            )
        table.scrollToTop()
        settle(self.app)

    def _rows(self) -> list[int]:
        return [
            min(i * 37, self.view.evidence_list.model.rowCount() - 1) for i in range(self.repeat)
        ]

    def bench_open_item(self) -> None:
        model = self.view.evidence_list.model
        m = self.measure("Open an evidence item in the editor", max_ratio=TARGET_EDIT_RATIO)
        for row in self._rows():
            evidence = model.evidence_at(row)
            m.ui.append(
                self.ui_timed(
                    m, lambda: (self.view.evidence_list.select(evidence.id), settle(self.app))
                )
            )
            m.baseline.append(timed(lambda: self.storage.evidence.get(evidence.id)))

    def bench_save(self) -> None:
        editor, model = self.view.editor, self.view.evidence_list.model
        m = self.measure("Save an edit (until committed)", max_ratio=TARGET_EDIT_RATIO)
        for n, row in enumerate(self._rows()):
            evidence = model.evidence_at(row)
            self.view.evidence_list.select(evidence.id)
            settle(self.app)
            editor.summary.setText(f"{evidence.summary[:80]} (checked {n})")

            def save():
                editor.commit()
                settle(self.app)

            m.ui.append(self.ui_timed(m, save))
            stored = self.storage.evidence.get(evidence.id)
            assert stored.summary.endswith(f"(checked {n})"), "the edit was not committed"
            m.baseline.append(
                timed(
                    lambda: self.storage.evidence.update(
                        replace(stored, summary=stored.summary + ".")
                    )
                )
            )

    def bench_add(self) -> None:
        from datetime import date

        from models.records import Evidence

        m = self.measure("Add a new item", max_ratio=TARGET_EDIT_RATIO)
        code = self.storage.framework.core_questions()[0].code
        editor = self.view.editor

        def add(n: int) -> None:
            # A new item is recorded once it has a summary: Ctrl+N, the summary, a pause.
            self.view.new_evidence("BM")
            editor.summary.setText(f"Benchmark visit {n}")
            editor.commit()
            settle(self.app)
            assert not editor.draft, "the new item was not recorded"

        for n in range(self.repeat):
            m.ui.append(self.ui_timed(m, lambda: add(n)))
            m.baseline.append(
                timed(
                    lambda: self.storage.evidence.add(
                        Evidence(author="BB", collected_on=date.today(), question_codes=(code,))
                    )
                )
            )

    def settle_background(self) -> None:
        """Let the work an open starts on worker threads (the backup, the counts, the
        checks' facts, the file check) finish, so it does not compete with what is timed
        next; an inspector is rarely that quick."""
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone()
        settle(self.app)

    def run(self) -> dict:
        self.bench_open()
        self.settle_background()
        for step in (
            self.bench_select_question,
            self.bench_search,
            self.bench_sort,
            self.bench_scroll,
            self.bench_open_item,
            self.bench_save,
            self.bench_add,
        ):
            step()
        memory = resident_mb()
        return {"rows": [m.row() for m in self.results], "memory_mb": memory}


# -- start-up in a new process ----------------------------------------------------------
_FIRST_PAINT = """
import os, sys
sys.path.insert(0, {root!r})
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
app = QApplication([])
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.isWidgetType() and obj.isWindow():
            print("painted", flush=True)
            os._exit(0)
        return False
watcher = Painted()
app.installEventFilter(watcher)
{start}
"""
_BARE = (
    "from PySide6.QtWidgets import QMainWindow\n"
    "window = QMainWindow(); window.resize(1400, 900); window.show(); app.exec()"
)
# The app as ``main.py gui FILE`` starts it, with its settings kept in a scratch folder.
_OURS = (
    "from pathlib import Path\n"
    "from ui.window.settings import isolate_settings\n"
    "isolate_settings(Path({settings!r}))\n"
    "import main\n"
    "main.main(['gui', {file!r}])"
)


def startup_ms(script: str, env: dict) -> float:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    if "painted" not in out.stdout:
        raise RuntimeError(f"the window was never painted: {out.stderr[-2000:]}")
    return (time.perf_counter() - start) * 1000


def bench_startup(small_file: Path, folder: Path, repeat: int) -> Measure:
    env = dict(os.environ, EVIDENCE_REVIEW_HOME=str(folder / "home"))
    bare = _FIRST_PAINT.format(root=str(ROOT), start=_BARE)
    ours = _FIRST_PAINT.format(
        root=str(ROOT),
        start=_OURS.format(settings=str(folder / "startup-settings"), file=str(small_file)),
    )
    m = Measure("Start-up to first painted window (small file)", target_ms=float("inf"))
    for _ in range(repeat):
        m.baseline.append(startup_ms(bare, env))
        m.ui.append(startup_ms(ours, env))
    return m


def print_table(report: dict) -> None:
    print(
        f"{'interaction':46} {'runs':>4} {'median':>9} {'p95':>9} {'baseline':>9}"
        f" {'ratio':>7}  target"
    )
    for row in report["rows"]:
        base = f"{row['baseline_ms']:8.1f}" if row["baseline_ms"] is not None else "       -"
        ratio = f"{row['ratio']:6.2f}" if row["ratio"] is not None else "     -"
        target = (
            f"p95 ≤ {row['target_p95_ms']:.0f} ms"
            if row["target_p95_ms"] != float("inf")
            else f"ratio ≤ {TARGET_STARTUP_RATIO}"
        )
        if row.get("allowed_median_ms") is not None:
            target += (
                f", median ≤ {row['allowed_median_ms']:.1f} ms"
                f" (≤ {row['target_max_ratio']:.0f}× or {TARGET_EDIT_FLOOR_MS:.0f} ms)"
            )
        met = "met" if row["met"] else "MISSED"
        print(
            f"{row['interaction']:46} {row['runs']:4d} {row['median_ms']:7.1f}ms"
            f" {row['p95_ms']:7.1f}ms {base}ms {ratio}  {target} ({met})"
        )
    memory_met = "met" if report["memory_mb"] <= TARGET_MEMORY_MB else "MISSED"
    print(
        f"Memory with the file open: {report['memory_mb']:.0f} MB"
        f" (target ≤ {TARGET_MEMORY_MB} MB: {memory_met})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="the inspection file to measure (not changed)")
    parser.add_argument("--repeat", type=int, default=20, help="runs per interaction")
    parser.add_argument("--startup-repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--profile",
        type=int,
        metavar="LINES",
        default=0,
        help="also profile the window's side of each interaction with cProfile and print "
        "its top LINES functions by cumulative time (timings are then slower)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ui-bench-") as tmp:
        folder = Path(tmp)
        os.environ["EVIDENCE_REVIEW_HOME"] = str(folder / "home")
        work = folder / args.file.name
        shutil.copyfile(args.file, work)
        from storage.demo import write_demo

        small = folder / "small.inspection"
        write_demo(small).close()
        startup = bench_startup(small, folder, args.startup_repeat)
        profiles = Profiles() if args.profile else None
        bench = Bench(work, args.repeat, profiles)
        count = bench.storage.evidence.count()
        print(f"{args.file.name}: {count:,} evidence items; {args.repeat} runs per interaction")
        report = bench.run()
        row = startup.row()
        row["met"] = row["ratio"] <= TARGET_STARTUP_RATIO
        report["rows"].append(row)
        report["evidence"] = count
        print_table(report)
        if profiles is not None:
            profiles.print_summaries(args.profile)
        if args.json:
            args.json.write_text(json.dumps(report, indent=2))
        bench.window.close_inspection()
        bench.storage.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
