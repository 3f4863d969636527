"""Time merging two large fieldwork copies into their master, against a plain SQLite copy.

Builds a master with ``--shared`` evidence items (``make_large_inspection.py``),
makes two fieldwork copies, adds ``--added`` new items to each and edits
``--edited`` of the shared items in each, the first ``--overlap`` of them in
both copies (so those become conflicts). Then, in the same run:

* ours: ``storage.merge.merging.apply_merge`` of each copy into the master (the preview,
  ``plan_merge``, and the backup before merging are timed separately);
* baselines: for each copy, a new empty inspection file with the same schema
  (search triggers included) and, in one transaction, ``INSERT … SELECT`` from
  the attached copy of (A) every evidence item, evidence↔question link, finding
  and finding↔evidence link it holds, and (B) only the rows the merge adds: the
  copy's new items and their question links; (C) is B's rows inserted into a
  copy of the master instead of an empty file, both copies one after the other:
  the same writes the merge makes, without any of its comparing.

    python benchmarks/merge_benchmark.py [--shared 50000] [--added 50000] [--edited 2000]
                                         [--overlap 500] [--seed 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from make_large_inspection import BATCH, FRAMEWORK_ID, _Writer, build_large_inspection  # noqa: E402

from models.merging.outcome import MergeKind  # noqa: E402
from storage.file.inspection_file import InspectionFile  # noqa: E402
from storage.frameworks.library import find_framework  # noqa: E402
from storage.merge.fieldwork_copy import create_fieldwork_copy  # noqa: E402
from storage.merge.merging import apply_merge, backup_before_merge, plan_merge  # noqa: E402

COPIES = (("QA", "Quinn Adams"), ("QB", "Quentin Blake"))
BASELINE_TABLES = ("evidence", "evidence_question", "finding", "finding_evidence")


def say(text: str, start: float) -> None:
    print(f"{time.perf_counter() - start:7.1f} s  {text}", flush=True)


def make_copy(
    master: InspectionFile, initials: str, out: Path, added: int, edit_ids: list[str], seed: int
) -> None:
    """A fieldwork copy with ``added`` new items by its inspector and edits of ``edit_ids``."""
    create_fieldwork_copy(master, initials, out)
    writer = _Writer(master.framework, seed)
    with InspectionFile.open(out) as copy:
        done = 0
        while done < added:
            batch = [
                replace(writer.evidence(), author=initials) for _ in range(min(BATCH, added - done))
            ]
            copy.evidence.add_many(batch)
            done += len(batch)
        with copy.db.transaction() as conn:
            for evidence_id in edit_ids:
                item = copy.evidence.get(evidence_id)
                copy.evidence.update_in(
                    conn,
                    replace(
                        item,
                        summary=f"{item.summary} (checked by {initials})",
                        notes=f"{item.notes}\n{initials}: re-read the source and confirmed it.",
                    ),
                )


#: Which rows of a copy each baseline moves: all of them, or only its inspector's new
#: items and their question links (exactly the rows a merge adds).
BASELINE_ROWS = {
    "all": {table: "" for table in BASELINE_TABLES},
    "new": {
        "evidence": "WHERE author = :who",
        "evidence_question": "WHERE evidence_id IN (SELECT id FROM src.evidence"
        " WHERE author = :who)",
    },
}


def baseline(
    copies: list[Path], folder: Path, framework, rows: str, into: Path | None = None
) -> float:
    """Seconds to copy ``rows`` of each copy with INSERT … SELECT, one transaction per copy:
    each into a new empty file of the same schema, or, with ``into``, one after the other
    into a copy of that file."""
    target, elapsed = folder / "baseline.inspection", 0.0
    if into is not None:
        shutil.copyfile(into, target)
    for copy, (initials, _) in zip(copies, COPIES):
        if into is None:
            _remove(target)
            InspectionFile.create(target, framework, force="Baseline").close()
        with InspectionFile.open(target) as file:
            conn = file.db.conn
            start = time.perf_counter()
            conn.execute("ATTACH DATABASE ? AS src", [copy.resolve().as_uri() + "?mode=ro"])
            with file.db.transaction():
                for table, where in BASELINE_ROWS[rows].items():
                    columns = ", ".join(
                        r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")
                    )
                    conn.execute(
                        f"INSERT INTO main.{table} ({columns}) SELECT {columns}"
                        f" FROM src.{table} {where}",
                        {"who": initials},
                    )
            conn.execute("DETACH DATABASE src")
            elapsed += time.perf_counter() - start
    _remove(target)
    return elapsed


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def run(folder: Path, shared: int, added: int, edited: int, overlap: int, seed: int) -> None:
    start = time.perf_counter()
    framework = find_framework(FRAMEWORK_ID)
    master_path = folder / "master.inspection"
    build_large_inspection(master_path, evidence=shared, seed=seed)
    say(f"built the master with {shared:,} evidence items", start)
    with InspectionFile.open(master_path) as master:
        for initials, name in COPIES:
            master.team.add(initials, name)
        ids = [e.id for e in master.evidence.iter_all()]
        rng = random.Random(seed)
        both = rng.sample(ids, overlap)
        chosen = set(both)
        rest = rng.sample([i for i in ids if i not in chosen], 2 * (edited - overlap))
        own = [rest[: edited - overlap], rest[edited - overlap :]]  # edited in one copy only
        copies = []
        for n, (initials, _) in enumerate(COPIES):
            out = folder / f"copy-{initials}.inspection"
            make_copy(master, initials, out, added, both + own[n], seed + n + 1)
            copies.append(out)
            say(f"made {out.name}: {added:,} new items, {edited:,} edited", start)
    pristine = folder / "master-before-merging.inspection"
    shutil.copyfile(master_path, pristine)

    times = {"plan": 0.0, "backup": 0.0, "merge": 0.0}
    steps: dict[str, float] = {}
    last = [None, 0.0]

    def clock_steps(stage: str, done: int, total: int) -> None:
        """Time from one progress report to the next, added up per stage."""
        now = time.perf_counter()
        if last[0] is not None:
            steps[last[0]] = steps.get(last[0], 0.0) + now - last[1]
        last[:] = [None if stage == "done" else stage, now]

    with InspectionFile.open(master_path) as master:
        for copy in copies:
            t = time.perf_counter()
            plan = plan_merge(master, copy)
            times["plan"] += time.perf_counter() - t
            t = time.perf_counter()
            backup = backup_before_merge(master)
            times["backup"] += time.perf_counter() - t
            backup.unlink()
            t = time.perf_counter()
            result = apply_merge(master, copy, plan, progress=clock_steps)
            clock_steps("done", 0, 0)
            times["merge"] += time.perf_counter() - t
            total = result.total
            evidence = result.counts[MergeKind.EVIDENCE]
            say(
                f"merged {copy.name}: evidence {evidence.added:,} added, {evidence.updated:,} "
                f"updated, {evidence.conflicts:,} conflicts; all rows {total.added:,} added, "
                f"{total.updated:,} updated, {total.conflicts:,} conflicts",
                start,
            )
        count = master.evidence.count()
    base = baseline(copies, folder, framework, "all")
    base_new = baseline(copies, folder, framework, "new")
    base_master = baseline(copies, folder, framework, "new", into=pristine)
    sizes = {p.name: p.stat().st_size / 1e6 for p in (pristine, *copies)}

    print()
    print(
        f"merge of 2 fieldwork copies ({shared:,} shared items; {added:,} new and "
        f"{edited:,} edited items each, {overlap:,} edited in both) into the master"
    )
    print("files: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in sizes.items()))
    print(f"the master now holds {count:,} live evidence items")
    print()
    rows = [
        ("preview (plan_merge), both copies", times["plan"]),
        ("backup before merging, both times", times["backup"]),
        ("merge (apply_merge), both copies", times["merge"]),
        ("baseline A: every row of each copy", base),
        ("baseline B: only the rows the merge adds", base_new),
        ("baseline C: those rows, into the master", base_master),
    ]
    for label, seconds in rows:
        print(f"  {label:<44}{seconds:8.2f} s")
    print(f"  {'ratio merge / baseline A':<44}{times['merge'] / base:8.2f}")
    print(f"  {'ratio merge / baseline B':<44}{times['merge'] / base_new:8.2f}")
    print(f"  {'ratio merge / baseline C':<44}{times['merge'] / base_master:8.2f}")
    print(
        f"  {'ratio preview + merge / baseline B':<44}"
        f"{(times['plan'] + times['merge']) / base_new:8.2f}"
    )
    print(
        f"A: {', '.join(BASELINE_TABLES)}, into an empty file of the same schema; B: only the"
        " copy's new items and their question links, into an empty file; C: the same rows as"
        " B, into a copy of the master (both copies one after the other). All are INSERT …"
        " SELECT from the attached copy, one transaction per copy."
    )
    print(
        "where the merge's time went (both copies): "
        + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in steps.items())
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time merging two large fieldwork copies into their master, against "
        "plain SQLite INSERT … SELECT copies of the rows, measured in the same run."
    )
    parser.add_argument(
        "--shared",
        type=int,
        default=50_000,
        metavar="N",
        help="evidence items in the master before copying (default 50000)",
    )
    parser.add_argument(
        "--added",
        type=int,
        default=50_000,
        metavar="N",
        help="new items added in each copy (default 50000)",
    )
    parser.add_argument(
        "--edited",
        type=int,
        default=2_000,
        metavar="N",
        help="shared items edited in each copy (default 2000)",
    )
    parser.add_argument(
        "--overlap",
        type=int,
        default=500,
        metavar="N",
        help="of the edited items, how many are edited in both (default 500)",
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="build in DIR and keep the files (DIR must not exist)",
    )
    args = parser.parse_args(argv)
    if not 0 <= args.overlap <= args.edited <= args.shared // 2:
        parser.error("need 0 <= --overlap <= --edited <= --shared / 2")
    if args.keep:
        if args.keep.exists():
            parser.error(f"{args.keep} already exists; choose a new folder")
        args.keep.mkdir(parents=True)
        run(args.keep, args.shared, args.added, args.edited, args.overlap, args.seed)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run(Path(folder), args.shared, args.added, args.edited, args.overlap, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
