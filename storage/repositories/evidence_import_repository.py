"""Writing an evidence log into an inspection: one transaction for every new item and its origin.

What a row becomes depends on what the inspection already holds:

- a row whose ref is held by a live item saying the same thing is *already present*;
  a live item saying something else is a problem (an import never overwrites);
- a row whose ref is held by a deleted item brings that item back with the row's content
  (so undoing an import and importing the corrected log works);
- a row without a ref whose fingerprint is recorded in ``evidence_import`` for a live item
  is already present; otherwise it is added and its fingerprint recorded.

New items are inserted through :meth:`EvidenceRepository.insert_many`, so refs
are handed out exactly as when items are recorded in the app.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Sequence

from models.evidence_logs.rows import (
    KEPT_PROBLEMS,
    LogEntry,
    LogProblem,
    content_key,
    differing_fields,
)
from models.records import utc_now
from storage.evidence_logs.errors import EvidenceLogProblems
from storage.file.inspection_file import InspectionFile
from storage.job_progress import SILENT, JobProgress
from storage.repositories.soft_delete import set_deleted

#: Rows written per step of the import transaction (progress and Cancel between steps).
WRITE_BATCH = 2000
_CHUNK = 500


@dataclass
class ImportPlan:
    """What each valid row of a log will do to the inspection."""

    add: list[LogEntry] = field(default_factory=list)
    revive: list[tuple[LogEntry, str]] = field(default_factory=list)  # (row, deleted item id)
    skipped: int = 0
    problems: list[LogProblem] = field(default_factory=list)


@dataclass
class ImportCheck:
    """What a whole log would do, counted, and the problems found (the first thousand)."""

    add: int = 0
    revive: int = 0
    skipped: int = 0
    problems: list[LogProblem] = field(default_factory=list)
    problem_count: int = 0


@dataclass(frozen=True)
class ImportOutcome:
    added_ids: tuple[str, ...]
    revived_ids: tuple[str, ...]
    skipped: int


class EvidenceImportRepository:
    """Imports of evidence logs into one open inspection."""

    def __init__(self, inspection: InspectionFile):
        self.db = inspection.db
        self.evidence = inspection.evidence

    def plan(self, entries: Sequence[LogEntry]) -> ImportPlan:
        """Sort rows into new, revived and already present; problems for refs used otherwise."""
        plan = ImportPlan()
        stored = self.evidence.find_by_refs([e.evidence.ref for e in entries if e.evidence.ref])
        present = self._live_fingerprints([e.fingerprint for e in entries if e.fingerprint])
        for entry in entries:
            ref = entry.evidence.ref
            old = stored.get(ref) if ref else None
            if old is None:
                if entry.fingerprint in present:
                    plan.skipped += 1
                else:
                    plan.add.append(entry)
            elif old.deleted_at is not None:
                plan.revive.append((entry, old.id))
            elif (
                content_key(old) == content_key(entry.evidence)
                and old.author == entry.evidence.author
            ):
                plan.skipped += 1
            else:
                differs = ", ".join(differing_fields(old, entry.evidence))
                plan.problems.append(
                    LogProblem(
                        entry.row,
                        entry.ref_column,
                        f"ref {ref} is already used in this inspection by an item with a different "
                        f"{differs}; give the row another ref, or leave the ref empty to add it "
                        "as a new item",
                    )
                )
        return plan

    def check(
        self, batches: Iterable[Sequence[LogEntry]], rows: int, progress: JobProgress = SILENT
    ) -> ImportCheck:
        """What a log's rows (``rows`` of them, a batch at a time) would do, and the
        problems they meet in the inspection (the first thousand, and a count)."""
        checked = ImportCheck()
        done = 0
        for entries in batches:
            progress.check()
            plan = self.plan(entries)
            checked.add += len(plan.add)
            checked.revive += len(plan.revive)
            checked.skipped += plan.skipped
            checked.problem_count += len(plan.problems)
            checked.problems.extend(plan.problems[: KEPT_PROBLEMS - len(checked.problems)])
            done += len(entries)
            progress.report(done, rows)
        return checked

    def write(
        self,
        batches: Callable[[], Iterable[Sequence[LogEntry]]],
        source_name: str,
        *,
        rows: int = 0,
        refs: bool = True,
        without_refs: bool = True,
        progress: JobProgress = SILENT,
    ) -> ImportOutcome:
        """Import the entries ``batches()`` gives (``rows`` of them, for progress), in one
        transaction; all or nothing.

        The entries are read twice: rows with a ref are written first, so that the refs
        handed out to the other rows follow them (once, when the log has no rows with a
        ref, or none without: ``refs`` and ``without_refs`` say which it has). The plan
        is made again inside the transaction, a batch at a time, so nothing written
        meanwhile by another connection can slip between check and write. Raises
        :class:`EvidenceLogProblems` or :class:`Cancelled`, leaving the inspection as
        it was.
        """
        added: list[str] = []
        revived: list[str] = []
        skipped = done = 0
        sweeps = int(refs) + int(without_refs)
        now = utc_now()
        with self.db.transaction() as conn:
            for with_refs in (True, False):
                if not (refs if with_refs else without_refs):
                    continue  # a log of rows all with, or all without, a ref: one sweep
                for entries in batches():
                    progress.check()
                    plan = self.plan([e for e in entries if bool(e.evidence.ref) == with_refs])
                    if plan.problems:
                        raise EvidenceLogProblems(source_name, plan.problems, len(plan.problems))
                    skipped += plan.skipped
                    if plan.add:
                        added += self._insert(conn, plan.add, source_name, now)
                    for entry, evidence_id in plan.revive:
                        self.evidence.update_in(conn, replace(entry.evidence, id=evidence_id))
                        set_deleted(conn, "evidence", evidence_id, None)
                        revived.append(evidence_id)
                    done += len(entries)
                    progress.report(done, sweeps * rows)
            progress.check()
            progress.report(1, 1)
        return ImportOutcome(tuple(added), tuple(revived), skipped)

    def _insert(
        self, conn: sqlite3.Connection, entries: list[LogEntry], source_name: str, now: str
    ) -> list[str]:
        """New items for ``entries``, with the fingerprints of rows without a ref recorded."""
        stored = self.evidence.insert_many(conn, [e.evidence for e in entries])
        conn.executemany(
            "INSERT INTO evidence_import (fingerprint, evidence_id, source_name,"
            " imported_at) VALUES (?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET"
            " evidence_id = excluded.evidence_id, source_name = excluded.source_name,"
            " imported_at = excluded.imported_at",
            [
                (e.fingerprint, s.id, source_name, now)
                for e, s in zip(entries, stored)
                if e.fingerprint
            ],
        )
        return [s.id for s in stored]

    def set_imported_deleted(self, evidence_ids: Sequence[str], deleted: bool) -> None:
        """Soft-delete (or restore) the items of one import in one transaction (undo, redo)."""
        now = utc_now()
        with self.db.transaction() as conn:
            for start in range(0, len(evidence_ids), _CHUNK):
                chunk = list(evidence_ids[start : start + _CHUNK])
                conn.execute(
                    f"UPDATE evidence SET deleted_at = ?, updated_at = ? WHERE id IN"
                    f" ({','.join('?' * len(chunk))})",
                    [now if deleted else None, now, *chunk],
                )

    def _live_fingerprints(self, fingerprints: list[str]) -> set[str]:
        return set(
            _in_chunks(
                self.db.conn,
                "SELECT i.fingerprint FROM evidence_import i JOIN evidence e"
                " ON e.id = i.evidence_id AND e.deleted_at IS NULL WHERE i.fingerprint IN ({})",
                fingerprints,
            )
        )


def _in_chunks(conn: sqlite3.Connection, sql: str, values: list[str]):
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        yield from (row[0] for row in conn.execute(sql.format(",".join("?" * len(chunk))), chunk))
