"""The columns of an evidence log (a spreadsheet of evidence) and how headers are recognised.

A header names a field when its *key* — the header folded to lower case with
anything in brackets and every character that is not a letter or digit
removed — is one of the field's names or aliases. So "Source type",
"SOURCE_TYPE", "source-type" and "Sourcetype (FG, RT…)" all name the source
type. A column can be assigned to a field by hand when its header names none
(the import dialog, or ``--map`` on the command line); each field comes from one
column at most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from models.vocabulary import LabelledEnum


class LogField(LabelledEnum):
    """A field of an evidence item that a log column can hold."""

    REF = ("ref", "Ref")
    DATE = ("date", "Date")
    SOURCE_TYPE = ("source_type", "Source type")
    LOCATION = ("location", "Location")
    PARTICIPANTS = ("participants", "Participants")
    SUMMARY = ("summary", "Summary")
    NOTES = ("notes", "Notes")
    ASSESSMENT = ("assessment", "Assessment")
    QUESTIONS = ("questions", "Questions")
    AUTHOR = ("author", "Author")
    SENSITIVE = ("sensitive", "Sensitive")


#: Fields a log must have a column for: every row needs a summary, a source type
#: and at least one question.
REQUIRED_FIELDS = (LogField.SUMMARY, LogField.SOURCE_TYPE, LogField.QUESTIONS)

_ALIASES: dict[LogField, tuple[str, ...]] = {
    LogField.REF: (
        "ref",
        "reference",
        "refno",
        "refnumber",
        "evidenceref",
        "evidencereference",
        "evidenceno",
        "evidencenumber",
    ),
    LogField.DATE: (
        "date",
        "dated",
        "collectedon",
        "datecollected",
        "evidencedate",
        "dateofevidence",
        "dateseen",
        "when",
    ),
    LogField.SOURCE_TYPE: (
        "sourcetype",
        "source",
        "type",
        "evidencetype",
        "evidencesource",
        "sourceofevidence",
        "typeofevidence",
        "method",
    ),
    LogField.LOCATION: (
        "location",
        "place",
        "unit",
        "placeunit",
        "locationunit",
        "site",
        "venue",
        "where",
    ),
    LogField.PARTICIPANTS: (
        "participants",
        "participant",
        "who",
        "attendees",
        "roles",
        "people",
        "interviewees",
        "present",
    ),
    LogField.SUMMARY: (
        "summary",
        "evidencesummary",
        "summaryofevidence",
        "evidence",
        "description",
    ),
    LogField.NOTES: (
        "notes",
        "note",
        "comments",
        "comment",
        "details",
        "furthernotes",
        "fullnotes",
        "narrative",
    ),
    LogField.ASSESSMENT: (
        "assessment",
        "rating",
        "direction",
        "posneg",
        "positivenegative",
        "strengthweakness",
    ),
    LogField.QUESTIONS: (
        "questions",
        "question",
        "questioncodes",
        "questioncode",
        "codes",
        "code",
        "frameworkquestions",
        "frameworkquestion",
        "linkedquestions",
        "questionnumbers",
        "qs",
        "q",
    ),
    LogField.AUTHOR: (
        "author",
        "inspector",
        "initials",
        "authorinitials",
        "inspectorinitials",
        "recordedby",
        "by",
    ),
    LogField.SENSITIVE: ("sensitive", "sensitivity", "issensitive", "confidential"),
}
#: Headers made only of symbols, which have no key.
_SYMBOL_HEADERS = {"+/-": LogField.ASSESSMENT, "+/−": LogField.ASSESSMENT, "±": LogField.ASSESSMENT}

_BY_KEY = {alias: f for f, aliases in _ALIASES.items() for alias in aliases}
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_IGNORE_WORDS = {"ignore", "skip", "none", "nothing", "-"}


def header_key(header: object) -> str:
    """The comparable form of a header: letters and digits only, lower case."""
    text = _BRACKETED.sub(" ", str(header if header is not None else ""))
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def field_for_header(header: object) -> LogField | None:
    """The field a header names, or ``None``."""
    key = header_key(header)
    if key:
        return _BY_KEY.get(key)
    return _SYMBOL_HEADERS.get(str(header if header is not None else "").strip())


def field_from_name(name: str) -> LogField | None:
    """A field named as a person types it ("source type", "notes"); ``None`` means ignore.

    Raises ``ValueError`` for a name that is neither a field nor "ignore".
    """
    if name.strip().casefold() in _IGNORE_WORDS:
        return None
    found = field_for_header(name)
    if found is None:
        raise ValueError(
            f"'{name}' is not a field of an evidence item (fields: "
            f"{', '.join(f.label for f in LogField)}, or ignore)"
        )
    return found


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_label(index: int, header: str) -> str:
    """How a column is named to the user: ``C (Date)``."""
    return f"{column_letter(index)} ({header})" if header else f"{column_letter(index)}"


@dataclass(frozen=True)
class HeaderMatch:
    """Which field each column of a header row names.

    ``assigned`` maps column index → field. ``unmatched`` lists columns with
    a header that names no field; ``clashes`` columns whose header names a
    field an earlier column already has.
    """

    headers: tuple[str, ...]
    assigned: dict[int, LogField] = field(default_factory=dict)
    unmatched: tuple[int, ...] = ()
    clashes: tuple[int, ...] = ()


def clean_headers(cells: Sequence[object]) -> tuple[str, ...]:
    """Header cells as text, without the empty cells after the last header."""
    headers = [" ".join(str(c).split()) if c is not None else "" for c in cells]
    while headers and not headers[-1]:
        headers.pop()
    return tuple(headers)


def match_headers(cells: Sequence[object]) -> HeaderMatch:
    headers = clean_headers(cells)
    assigned: dict[int, LogField] = {}
    unmatched, clashes = [], []
    for index, header in enumerate(headers):
        if not header:
            continue
        found = field_for_header(header)
        if found is None:
            unmatched.append(index)
        elif found in assigned.values():
            clashes.append(index)
        else:
            assigned[index] = found
    return HeaderMatch(headers, assigned, tuple(unmatched), tuple(clashes))


#: How many rows at the top of a sheet may hold a title before the header row.
HEADER_SEARCH_ROWS = 20


def find_header_row(rows: Sequence[Sequence[object]]) -> int | None:
    """Index of the header row among the first rows of a sheet; ``None`` when all are empty.

    The header is the first row naming at least two fields (a title or a note
    may sit above it); failing that, the first row that is not empty.
    """
    first_filled = None
    for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        if first_filled is None:
            first_filled = i
        if len(match_headers(cells).assigned) >= 2:
            return i
    return first_filled


def mapping_problems(
    mapping: dict[int, LogField | None],
    headers: Sequence[str],
    *,
    has_default_author: bool,
    command_line: bool = False,
) -> list[str]:
    """What stops a column mapping from being imported, in plain sentences.

    ``command_line`` words the remedies as options (``--map``, ``--author``).
    """
    problems = []
    columns: dict[LogField, list[int]] = {}
    for index, chosen in sorted(mapping.items()):
        if chosen is not None:
            columns.setdefault(chosen, []).append(index)
    for f in REQUIRED_FIELDS:
        if f not in columns:
            remedy = (
                f"head a column {f.label} or add --map 'HEADER={f.value}'"
                if command_line
                else "choose the column that holds it"
            )
            problems.append(
                f"No column holds the {f.label.lower()}, which every row needs; {remedy}."
            )
    for f, indexes in columns.items():
        if len(indexes) > 1:
            named = " and ".join(
                column_label(i, headers[i] if i < len(headers) else "") for i in indexes
            )
            remedy = "add --map 'HEADER=ignore' for one" if command_line else "ignore one"
            problems.append(f"Columns {named} both hold the {f.label.lower()}; {remedy}.")
    if LogField.AUTHOR not in columns and LogField.REF not in columns and not has_default_author:
        remedy = "add --author INITIALS" if command_line else "give the initials to use"
        problems.append(f"No column gives the author of the rows; {remedy}.")
    return problems


def initial_mapping(match: HeaderMatch) -> dict[int, LogField | None]:
    """Every column with the field its header names (``None``: ignored).

    A column whose header names a field an earlier column has keeps that
    field, so the clash is reported rather than one column silently dropped.
    """
    mapping: dict[int, LogField | None] = {i: None for i in range(len(match.headers))}
    mapping.update(match.assigned)
    for i in match.clashes:
        mapping[i] = field_for_header(match.headers[i])
    return mapping


def override_mapping(
    mapping: dict[int, LogField | None], headers: Sequence[str], choices: dict[str, LogField | None]
) -> dict[int, LogField | None]:
    """``mapping`` with columns, named by header (or by letter), given the chosen fields.

    Raises ``ValueError`` when a name is not a column of the header row.
    """
    result = dict(mapping)
    for name, chosen in choices.items():
        columns = [i for i, h in enumerate(headers) if h and header_key(h) == header_key(name)]
        if not columns:
            columns = [i for i in range(len(headers)) if column_letter(i) == name.strip().upper()]
        if not columns:
            raise ValueError(
                f"the log has no column {name!r} (its columns: "
                f"{', '.join(h for h in headers if h)})"
            )
        for i in columns:
            result[i] = chosen
    return result


def ignored_columns(mapping: dict[int, LogField | None], headers: Sequence[str]) -> list[str]:
    """Labels of the named columns that are not imported."""
    return [
        column_label(i, headers[i])
        for i, chosen in sorted(mapping.items())
        if chosen is None and i < len(headers) and headers[i]
    ]
