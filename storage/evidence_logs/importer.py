"""Importing an evidence log (CSV or Excel) into an inspection, all or nothing.

The log is opened and its header found (:mod:`storage.evidence_logs.reader`), then
streamed: every row is parsed and checked as it is read (:mod:`models.evidence_logs.rows`)
and the rows that pass are kept on disk, not in memory
(:mod:`storage.evidence_logs.entry_spool`); they are then checked against what the
inspection holds, and only a log without a single problem is written, in one
transaction (:mod:`storage.repositories.evidence_import_repository`). A cancelled or
refused import leaves the inspection exactly as it was (Cancel raises :class:`Cancelled`).

Progress is reported on one scale of :data:`PROGRESS_SCALE`: reading and checking
each row fills the first 40%, checking the rows against the inspection the next
10%, writing the rest (:func:`stage_of` names the stage a value belongs to).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from models.evidence_logs.fields import (
    LogField,
    ignored_columns,
    initial_mapping,
    mapping_problems,
    match_headers,
    override_mapping,
)
from models.evidence_logs.rows import KEPT_PROBLEMS, LogRowParser, ParsedLog
from models.records import normalise_initials
from storage.evidence_logs.entry_spool import EntrySpool
from storage.evidence_logs.errors import EvidenceLogError, EvidenceLogProblems
from storage.evidence_logs.reader import LogStream, LogTable, open_log
from storage.file.inspection_file import InspectionFile
from storage.job_progress import SILENT, JobProgress
from storage.repositories.evidence_import_repository import WRITE_BATCH, EvidenceImportRepository

log = logging.getLogger(__name__)

__all__ = [
    "EvidenceLogError",
    "EvidenceLogProblems",
    "ImportResult",
    "PROGRESS_SCALE",
    "column_mapping",
    "import_log_file",
    "import_log_table",
    "read_for_import",
    "stage_of",
]

PROGRESS_SCALE = 1000
_READING, _CHECKING, _WRITING = (0, 400), (400, 500), (500, 1000)
Mapping = dict[int, "LogField | None"]


def stage_of(value: int) -> str:
    """The stage of the import a progress value belongs to."""
    if value < _READING[1]:
        return "Reading the log"
    return "Checking every row" if value < _CHECKING[1] else "Writing the evidence"


def _scaled(progress: JobProgress, span: tuple[int, int]) -> JobProgress:
    """``progress`` for one stage: its counts fill ``span`` of :data:`PROGRESS_SCALE`."""
    low, high = span

    def report(done: int, total: int) -> None:
        progress.report(low + (high - low) * min(done, total) // max(total, 1), PROGRESS_SCALE)

    return JobProgress(report, progress.is_cancelled)


@dataclass(frozen=True)
class ImportResult:
    """What an import did, for the message the person sees."""

    described: str
    added: int
    restored: int
    skipped: int
    evidence_ids: tuple[str, ...]
    ignored_columns: tuple[str, ...] = ()

    @property
    def imported(self) -> int:
        return self.added + self.restored

    def message(self, into: str = "") -> str:
        noun = "item" if self.imported == 1 else "items"
        text = f"Imported {self.imported} evidence {noun} from {self.described}"
        text += f" into {into}" if into else ""
        if self.restored:
            text += f" ({self.restored} of them deleted before and now restored)"
        text += f"; {self.skipped} already present (skipped)."
        if self.ignored_columns:
            text += f" Columns not imported: {', '.join(self.ignored_columns)}."
        return text


def column_mapping(
    headers: Sequence[str],
    choices: dict[str, LogField | None] | None = None,
    *,
    default_author: str = "",
    command_line: bool = False,
) -> Mapping:
    """The field of each column: recognised from its header, then as ``choices`` say.

    Raises :class:`EvidenceLogError` when the log cannot be imported this way
    (no summary column, a field in two columns, …).
    """
    mapping = initial_mapping(match_headers(headers))
    try:
        mapping = override_mapping(mapping, headers, choices or {})
    except ValueError as e:
        raise EvidenceLogError(f"Cannot choose the columns: {e}.") from None
    problems = mapping_problems(
        mapping, headers, has_default_author=bool(default_author), command_line=command_line
    )
    if problems:
        raise EvidenceLogError(" ".join(problems))
    return mapping


def import_log_table(
    inspection: InspectionFile,
    table: LogTable | LogStream,
    mapping: Mapping,
    *,
    default_author: str = "",
    progress: JobProgress = SILENT,
    before_write: Callable[[], None] | None = None,
) -> ImportResult:
    """Check every row of ``table`` and import them all, or raise and import none.

    The rows are read once, each checked on its own as it is read and kept in a
    spool (:mod:`storage.evidence_logs.entry_spool`), so memory does not grow with
    the log; then checked against the inspection; then written in one transaction.
    ``before_write`` runs once the whole log is found valid and has rows to add
    (the file is backed up there): never for a log refused or already in.
    """
    default_author = _initials(default_author)
    headers = table.sheet.headers
    problems = mapping_problems(mapping, headers, has_default_author=bool(default_author))
    if problems:
        raise EvidenceLogError(" ".join(problems))
    repository = EvidenceImportRepository(inspection)
    with EntrySpool() as spool:
        parsed = _read_rows(table, headers, mapping, inspection, default_author, spool, progress)
        checked = repository.check(spool.batches(), spool.count, _scaled(progress, _CHECKING))
        total = parsed.problem_count + checked.problem_count
        if total:
            found = sorted(parsed.problems + checked.problems, key=lambda p: p.row)
            raise EvidenceLogProblems(table.path, found[:KEPT_PROBLEMS], total)
        progress.check()
        if before_write is not None and (checked.add or checked.revive):
            before_write()
        outcome = repository.write(
            spool.batches,
            table.path.name,
            rows=spool.count,
            refs=spool.with_refs > 0,
            without_refs=spool.with_refs < spool.count,
            progress=_scaled(progress, _WRITING),
        )
    log.info(
        "imported %s into %s: %d added, %d restored, %d skipped",
        table.path.name,
        inspection.path,
        len(outcome.added_ids),
        len(outcome.revived_ids),
        outcome.skipped,
    )
    return ImportResult(
        table.described,
        len(outcome.added_ids),
        len(outcome.revived_ids),
        outcome.skipped,
        outcome.added_ids + outcome.revived_ids,
        tuple(ignored_columns(mapping, headers)),
    )


def _read_rows(
    table: LogTable | LogStream,
    headers: Sequence[str],
    mapping: Mapping,
    inspection: InspectionFile,
    default_author: str,
    spool: EntrySpool,
    progress: JobProgress,
) -> ParsedLog:
    """Read and check every row on its own; the rows that pass go to ``spool`` a batch at
    a time, the problems (the first thousand, and a count) come back."""
    parser = LogRowParser(headers, mapping, inspection.framework, default_author)
    parsed = ParsedLog()
    for number, cells in table.numbered_rows(_scaled(progress, _READING)):
        parser.parse(number, cells, parsed)
        if len(parsed.entries) == WRITE_BATCH:
            spool.add(parsed.entries)
            parsed.entries = []
    spool.add(parsed.entries)
    parsed.entries = []
    return parsed


def import_log_file(
    inspection_path: Path,
    log_path: Path,
    *,
    sheet: str | None = None,
    choices: dict[str, LogField | None] | None = None,
    mapping: Mapping | None = None,
    expected_headers: Sequence[str] | None = None,
    default_author: str = "",
    progress: JobProgress = SILENT,
    actor: str = "",
    before_write: Callable[[], None] | None = None,
) -> ImportResult:
    """Read the log, then open the inspection and import into it (the change
    history records the import under ``actor``).

    The columns are ``mapping`` (chosen from a preview whose header row was
    ``expected_headers``) or else recognised from the headers and ``choices``.
    The log's header is read (and a CSV log's text decoded) before the inspection
    is opened, and every row before anything is written.
    """
    table, mapping, default_author = read_for_import(
        log_path,
        sheet=sheet,
        choices=choices,
        mapping=mapping,
        expected_headers=expected_headers,
        default_author=default_author,
        progress=progress,
    )
    with InspectionFile.open(inspection_path) as inspection:
        inspection.actor = actor
        return import_log_table(
            inspection,
            table,
            mapping,
            default_author=default_author,
            progress=progress,
            before_write=before_write,
        )


def read_for_import(
    log_path: Path,
    *,
    sheet: str | None = None,
    choices: dict[str, LogField | None] | None = None,
    mapping: Mapping | None = None,
    expected_headers: Sequence[str] | None = None,
    default_author: str = "",
    command_line: bool = False,
    progress: JobProgress = SILENT,
) -> tuple[LogStream, Mapping, str]:
    """The first stage of an import: the log opened at its header (its rows are read
    as they are imported), its columns and the default author.

    The columns are ``mapping`` (chosen from a preview whose header row was
    ``expected_headers``) or else recognised from the headers and ``choices``
    (problems worded for the command line's options when ``command_line``).
    """
    default_author = _initials(default_author)
    progress.check()
    table = open_log(log_path, sheet)
    if mapping is None:
        mapping = column_mapping(
            table.sheet.headers,
            choices,
            default_author=default_author,
            command_line=command_line,
        )
    elif expected_headers is not None and tuple(expected_headers) != table.sheet.headers:
        raise EvidenceLogError(
            f"{table.path.name} changed after its columns were chosen; import it again."
        )
    return table, mapping, default_author


def _initials(text: str) -> str:
    if not (text or "").strip():
        return ""
    try:
        return normalise_initials(text)
    except ValueError as e:
        raise EvidenceLogError(f"{e}.") from None
