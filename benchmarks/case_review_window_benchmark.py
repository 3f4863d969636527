"""How quickly the Case files tab answers in a large review: a file saved from the form and
the next one started, a file opened from the list, and the results page counted afresh.

Builds, in a temporary folder, the inspection of ``case_review_benchmark.py`` (one checklist
of 40 items, 2,000 reviewed files), opens it in the real main window (offscreen unless a
display is given) and times over repeated runs, each against a baseline measured in the same
run on a connection of its own:

- *save and next*: an answer changed in the form and Ctrl+Enter (the save, its undo step,
  the list and filters read again) against ``save_case_file`` of the same change alone;
- *open a file*: a file chosen in the list shown in the form, against ``get_case_file``;
- *results shown*: the Results page counted again on its worker thread (results, the
  evidence made from them) until the table is filled, against ``checklist_results`` alone;
  and *window waits*: how long of that the window itself is busy.

    python benchmarks/case_review_window_benchmark.py [--files 2000] [--items 40] [--repeat 15]

Targets (informational, the script exits 0 either way): a save ≤ 50 ms over its baseline's
work, and no step above 100 ms at the median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_MS = 100.0


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _line(name: str, ours: list[float], base: list[float]) -> str:
    med, base_med = statistics.median(ours), statistics.median(base)
    p95 = sorted(ours)[max(0, int(len(ours) * 0.95) - 1)]
    verdict = "within" if med <= TARGET_MS else "OVER"
    return (
        f"{name:<16} median {med:7.1f} ms  p95 {p95:7.1f} ms  baseline {base_med:7.1f} ms"
        f"  ratio {med / base_med:5.2f}  ({verdict} {TARGET_MS:.0f} ms)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["EVIDENCE_REVIEW_HOME"] = str(Path(folder) / "home")
        return _run(Path(folder), args)


def _run(folder: Path, args) -> int:
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from benchmarks.case_review_benchmark import build
    from storage.file.inspection_file import InspectionFile
    from storage.operations import case_reviews as reviews
    from ui.window.main_window import MainWindow
    from ui.window.settings import AppSettings, configure_application_identity, isolate_settings

    path = folder / "large.inspection"
    built = time.perf_counter()
    inspection, checklist = build(path, args.files, args.items)
    inspection.close()
    print(f"built {args.files} files × {args.items} items in {time.perf_counter() - built:.1f} s")

    app = QApplication.instance() or QApplication([])
    configure_application_identity()
    isolate_settings(folder / "settings")
    settings = AppSettings()
    settings.author_initials = "BM"
    window = MainWindow(settings)
    window.show()
    assert window.open_file(path)
    tabs = window.view.case_reviews
    tabs.show_messages = False
    tabs.show_tab()
    tabs.choose_checklist(checklist.id)
    app.processEvents()
    form, model = tabs.form, tabs.panel.files
    baseline = InspectionFile.open(path)
    baseline.actor = "BM"
    first = next(i for i in checklist.items if i.answer_type.value == "yes_no")

    saves, save_base, opens, open_base, results, results_base = [], [], [], [], [], []
    for n in range(args.repeat):
        row = model.row_at(n % model.rowCount())
        opens.append(_ms(lambda: tabs.open_file(row.id)))
        open_base.append(_ms(lambda: reviews.get_case_file(baseline, row.id)))
        editor = next(r.editor for r in form.items.rows if r.item.id == first.id)
        editor.setText("No" if editor.text() == "Yes" else "Yes")
        form.items.edited.emit()

        def save_and_next():
            assert form.save_and_next()
            app.processEvents()  # the list and filters read again

        saves.append(_ms(save_and_next))
        stored = reviews.get_case_file(baseline, row.id)
        flipped = "no" if stored.answers.get(first.id) == "yes" else "yes"
        changed = replace(stored, answers={**stored.answers, first.id: flipped})
        save_base.append(_ms(lambda: reviews.save_case_file(baseline, changed)))
        tabs.open_file(row.id)  # the form shows the file as the baseline left it

    tabs.panel.pages.setCurrentWidget(tabs.panel.results)
    app.processEvents()
    query = tabs.query_for_results()
    blocked = []
    for _ in range(args.repeat):
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()
        start = time.perf_counter()
        blocked.append(_ms(tabs.results.read))  # what the window waits for: starting it
        while tabs.results.counting:
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()
        results.append((time.perf_counter() - start) * 1000)
        results_base.append(_ms(lambda: reviews.checklist_results(baseline, query)))

    print(_line("save and next", saves, save_base))
    print(_line("open a file", opens, open_base))
    print(_line("results shown", results, results_base))
    print(_line("window waits", blocked, results_base))
    baseline.close()
    window.close_inspection()
    QThreadPool.globalInstance().waitForDone()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
