"""A workbook's size checked before a spreadsheet library unpacks it.

An .xlsx file is a zip archive of XML parts; a few hundred kilobytes can
unpack into a single cell of hundreds of megabytes, which the reader would
build in memory before anyone could refuse it. So the archive's own record of
each part's unpacked size is added up first (reading a part never yields more
than that record says), and the sheets and shared strings are streamed once
looking for a run of text longer than any cell may hold, before they are
parsed at all (the spreadsheet library would cut such a cell short without a
word, losing the end of what was typed).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from models.evidence_logs.input_limits import CELL_CHARACTERS, WORKBOOK_PARTS, megabytes

#: Bytes of XML text between two tags that a cell of 32,767 characters can need at
#: most: four bytes a character, and more for characters written as entities.
_LONGEST_RUN = CELL_CHARACTERS * 6 + 1024
_CHUNK = 1024 * 1024
#: One character written as an entity or as Excel's ``_xHHHH_`` escape.
_ESCAPED = re.compile(r"&#?\w+;|_x[0-9A-Fa-f]{4}_")


class WorkbookTooLargeError(ValueError):
    """The workbook unpacks to more than is allowed; the message names the limit."""


def _holds_cells(name: str) -> bool:
    name = name.lower()
    return name.endswith(".xml") and (
        name.startswith("xl/worksheets/") or name == "xl/sharedstrings.xml"
    )


def check_workbook(
    path: Path, limit: int, what: str, max_rows: int | None = None, rows_named: str = "rows"
) -> None:
    """Refuse a workbook that unpacks to more than ``limit`` bytes, holds an over-long cell
    or (with ``max_rows``) a sheet of more rows than that.

    Raises :class:`WorkbookTooLargeError`; a file that is not a zip archive is
    left for the spreadsheet library to refuse in its own words.
    """
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        parts = archive.infolist()
        if len(parts) > WORKBOOK_PARTS:
            raise WorkbookTooLargeError(
                f"{path.name} holds {len(parts):,} parts, more than the {WORKBOOK_PARTS:,} a "
                f"{what} may hold; it is not a workbook this app can read."
            )
        total = sum(p.file_size for p in parts)
        if total > limit:
            raise WorkbookTooLargeError(
                f"{path.name} unpacks to {megabytes(total)}, more than the {megabytes(limit)} "
                f"a {what} may take; split it into smaller workbooks."
            )
        for part in parts:
            if not _holds_cells(part.filename):
                continue
            longest, rows = _scan(archive, part, max_rows)
            if longest > CELL_CHARACTERS:
                raise WorkbookTooLargeError(
                    f"{path.name} has a cell of more than {CELL_CHARACTERS:,} characters "
                    f"(Excel's limit for a cell); shorten it and try again."
                )
            if max_rows is not None and rows > max_rows:
                raise WorkbookTooLargeError(
                    f"{path.name} has a sheet of more than {max_rows:,} rows, more {rows_named} "
                    f"than a {what} may have."
                )


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, max_rows: int | None) -> tuple[int, int]:
    """The most characters in one stretch of the part's text (between two ``<``: the
    longest cell) and how many rows it holds; stops as soon as either is too many."""
    longest = rows = 0
    carry, carried = b"", 0  # the stretch running on past the end of a chunk
    tail = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                pieces = chunk.split(b"<")
                if len(pieces) == 1:
                    carry, carried = (carry + chunk)[:_LONGEST_RUN], carried + len(chunk)
                    if carried > _LONGEST_RUN:
                        return carried, rows
                else:
                    longest = max(
                        longest,
                        _characters((carry + pieces[0])[:_LONGEST_RUN], carried + len(pieces[0])),
                    )
                    if max(map(len, pieces[1:-1]), default=0) > CELL_CHARACTERS:
                        longest = max([longest] + [_characters(p, len(p)) for p in pieces[1:-1]])
                    carry, carried = pieces[-1][:_LONGEST_RUN], len(pieces[-1])
                joined = tail + chunk
                rows += joined.count(b"<row ") + joined.count(b"<row>")
                tail = chunk[-4:]
                if longest > CELL_CHARACTERS or (max_rows and rows > max_rows):
                    break
            longest = max(longest, _characters(carry, carried))
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        return 0, 0  # a damaged part: the spreadsheet library reports it in its own words
    return longest, rows


def _characters(run: bytes, length: int) -> int:
    """How many characters a stretch of ``length`` bytes stands for (``run``: its first
    bytes, all of them when it is short enough to be a cell at all)."""
    if length <= CELL_CHARACTERS:
        return length  # every character is at least one byte
    if length > _LONGEST_RUN:
        return length  # more bytes than any cell's characters could take
    text = bytes(run).split(b">", 1)[-1]  # the text after the tag the stretch starts with
    return len(_ESCAPED.sub("x", text.decode("utf-8", errors="replace")))
