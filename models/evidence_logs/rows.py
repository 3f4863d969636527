"""Turning the rows of an evidence log into evidence items, or into a list of problems.

The whole log is checked before anything is imported: every problem is kept
with the row number the person sees in the spreadsheet (the header is row 1
when it is the first row) and the column, so all of them can be fixed in one
pass. Rows without a ref get a *fingerprint* — a hash of what the row says —
so importing the same log again can recognise the rows it already brought in.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence, cast

from models.evidence_logs.fields import LogField, column_label
from models.evidence_logs.values import (
    cell_text,
    parse_assessment,
    parse_author,
    parse_log_date,
    parse_log_ref,
    parse_question_codes,
    parse_sensitive,
    parse_source_type,
)
from models.framework import Framework
from models.records import Evidence, parse_participants, parse_ref

#: Problems kept in memory; the rest are only counted.
KEPT_PROBLEMS = 1000
#: Problems shown to the person at once.
SHOWN_PROBLEMS = 200


@dataclass(frozen=True)
class LogProblem:
    """One thing wrong with one row (and column, when it is about a cell)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class LogEntry:
    """A row of the log as the evidence item it becomes."""

    row: int
    evidence: Evidence
    #: Identity of a row without a ref; ``None`` when the row has a ref.
    fingerprint: str | None
    ref_column: str = ""


@dataclass
class ParsedLog:
    """Every valid row as an entry, and every problem found (the first thousand kept)."""

    entries: list[LogEntry] = field(default_factory=list)
    problems: list[LogProblem] = field(default_factory=list)
    problem_count: int = 0
    blank_rows: int = 0

    def add_problem(self, problem: LogProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(problem)


def problem_lines(
    problems: Sequence[LogProblem], total: int, limit: int = SHOWN_PROBLEMS
) -> list[str]:
    """The problems as lines to show, at most ``limit``, then "and N more"."""
    lines = [str(p) for p in problems[:limit]]
    if total > len(lines):
        lines.append(f"… and {total - len(lines)} more")
    return lines


def _fingerprint_text(text: str) -> str:
    return " ".join(text.split())


def content_key(e: Evidence) -> list[object]:
    """What an item says, as compared between a log row and a stored item."""
    return [
        e.source_type.value,
        e.collected_on.isoformat() if e.collected_on else "",
        _fingerprint_text(e.location),
        [_fingerprint_text(p) for p in e.participants],
        _fingerprint_text(e.summary),
        _fingerprint_text(e.notes),
        e.assessment.value,
        bool(e.sensitive),
        list(e.question_codes),
    ]


def row_fingerprint(e: Evidence, row_author: str, occurrence: int) -> str:
    """sha256 of what a log row says; ``occurrence`` tells identical rows apart.

    The author counts only when the row itself names one, so the same log
    imported by another inspector is still recognised.
    """
    payload = json.dumps(
        content_key(e) + [row_author, occurrence], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def differing_fields(a: Evidence, b: Evidence) -> list[str]:
    """Names of the fields in which two items say different things."""
    names = [
        "source type",
        "date",
        "location",
        "participants",
        "summary",
        "notes",
        "assessment",
        "sensitive",
        "questions",
    ]
    differing = [n for n, x, y in zip(names, content_key(a), content_key(b)) if x != y]
    if a.author != b.author:
        differing.append("author")
    return differing


class LogRowParser:
    """Parses rows under one header row with one column mapping."""

    def __init__(
        self,
        headers: Sequence[str],
        mapping: dict[int, LogField | None],
        framework: Framework,
        default_author: str = "",
    ):
        self.framework = framework
        self.default_author = default_author
        self.columns = {f: i for i, f in mapping.items() if f is not None}
        self.labels = {
            f: column_label(i, headers[i] if i < len(headers) else "")
            for f, i in self.columns.items()
        }
        self._refs: dict[str, int] = {}
        self._seen: dict[str, int] = {}

    def _cell(self, cells: Sequence[object], f: LogField) -> object:
        i = self.columns.get(f)
        return cells[i] if i is not None and i < len(cells) else None

    def parse(self, row: int, cells: Sequence[object], log: ParsedLog) -> None:
        """Add the row to ``log`` as an entry or as problems (blank rows are counted)."""
        if not any(cell_text(c) for c in cells):
            log.blank_rows += 1
            return
        problems: list[LogProblem] = [
            LogProblem(
                row,
                self.labels[f],
                "the cell holds a NUL character (a byte that is "
                "not text); remove it and import again",
            )
            for f, i in self.columns.items()
            if i < len(cells) and isinstance(cells[i], str) and "\x00" in cast(str, cells[i])
        ]

        def read(f: LogField, parse: Callable[..., Any], *args: Any) -> Any:
            try:
                return parse(self._cell(cells, f), *args)
            except ValueError as e:
                problems.append(LogProblem(row, self.labels.get(f, ""), str(e)))
                return None

        summary = cell_text(self._cell(cells, LogField.SUMMARY))
        if not summary:
            problems.append(LogProblem(row, self.labels[LogField.SUMMARY], "the summary is empty"))
        source = read(LogField.SOURCE_TYPE, parse_source_type)
        codes = read(LogField.QUESTIONS, parse_question_codes, self.framework)
        collected_on = read(LogField.DATE, parse_log_date)
        assessment = read(LogField.ASSESSMENT, parse_assessment)
        sensitive = read(LogField.SENSITIVE, parse_sensitive)
        ref = read(LogField.REF, parse_log_ref) or ""
        row_author = read(LogField.AUTHOR, parse_author) or ""
        author = self._author(row, ref, row_author, problems)
        if ref and ref in self._refs:
            problems.append(
                LogProblem(
                    row, self.labels[LogField.REF], f"ref {ref} is also on row {self._refs[ref]}"
                )
            )
        elif ref:
            self._refs[ref] = row
        if problems:
            for p in problems:
                log.add_problem(p)
            return
        evidence = Evidence(
            ref=ref,
            source_type=source,
            collected_on=collected_on,
            location=cell_text(self._cell(cells, LogField.LOCATION)),
            participants=parse_participants(cell_text(self._cell(cells, LogField.PARTICIPANTS))),
            summary=summary,
            notes=cell_text(self._cell(cells, LogField.NOTES)),
            assessment=assessment,
            sensitive=sensitive,
            author=author,
            question_codes=codes,
        )
        fingerprint = None
        if not ref:
            first = row_fingerprint(evidence, row_author, 0)
            occurrence = self._seen.get(first, 0)
            self._seen[first] = occurrence + 1
            fingerprint = (
                first if occurrence == 0 else row_fingerprint(evidence, row_author, occurrence)
            )
        log.entries.append(LogEntry(row, evidence, fingerprint, self.labels.get(LogField.REF, "")))

    def _author(self, row: int, ref: str, row_author: str, problems: list[LogProblem]) -> str:
        ref_author = cast("tuple[str, int]", parse_ref(ref))[0] if ref else ""
        if ref_author and row_author and ref_author != row_author:
            problems.append(
                LogProblem(
                    row,
                    self.labels[LogField.REF],
                    f"ref {ref} does not start with the author's initials {row_author}",
                )
            )
        author = row_author or ref_author or self.default_author
        author_label = self.labels.get(LogField.AUTHOR)
        if author or any(p.column == author_label for p in problems):
            return author  # found, or its cell is already reported as not initials
        if author_label:
            problems.append(
                LogProblem(row, author_label, "the author is empty; give the author's initials")
            )
        else:
            problems.append(
                LogProblem(
                    row,
                    "",
                    "no author: the row has no ref and no author "
                    "column, and no initials were given for it",
                )
            )
        return author


def parse_log(
    rows: Iterable[tuple[int, Sequence[object]]],
    headers: Sequence[str],
    mapping: dict[int, LogField | None],
    framework: Framework,
    default_author: str = "",
    on_row: Callable[[int], None] | None = None,
) -> ParsedLog:
    """Parse every ``(row number, cells)``; ``on_row(count)`` is called every 500 rows
    (it may raise to stop)."""
    parser = LogRowParser(headers, mapping, framework, default_author)
    log = ParsedLog()
    for count, (row, cells) in enumerate(rows, 1):
        parser.parse(row, cells, log)
        if on_row is not None and count % 500 == 0:
            on_row(count)
    return log


__all__ = [
    "LogEntry",
    "LogProblem",
    "ParsedLog",
    "content_key",
    "differing_fields",
    "parse_log",
    "problem_lines",
    "row_fingerprint",
]
