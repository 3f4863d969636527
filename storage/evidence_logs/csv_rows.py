"""Reading a CSV evidence log as a stream of rows, whatever its encoding and separator.

UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or
else Windows-1252 (what Excel writes for "CSV" on Windows); the separator is a
comma, semicolon or tab, whichever the first line uses. The file is read a
row at a time, never whole: a log larger than the limit on disk is refused
before it is opened, a cell longer than a spreadsheet cell can be is refused
where it is met, and the reader stops at the row limit.
"""

from __future__ import annotations

import codecs
import csv
import os
from pathlib import Path
from typing import Iterator

from models.evidence_logs.input_limits import CELL_CHARACTERS, LOG_FILE_BYTES, megabytes, too_long
from storage.evidence_logs.errors import EvidenceLogError

_HEAD = 65536
_PIECE = 1 << 20
#: Encodings tried in turn for a log without a byte-order mark, with their names.
FALLBACKS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))


def encodings(path: Path) -> list[tuple[str, str]]:
    """The encodings to read ``path`` with, in order; refuses a binary or too large file."""
    size = os.stat(path).st_size
    if size > LOG_FILE_BYTES:
        raise EvidenceLogError(
            f"{path.name} is {megabytes(size)}, more than the "
            f"{megabytes(LOG_FILE_BYTES)} an evidence log may be; split it "
            "into smaller logs."
        )
    with open(path, "rb") as f:
        head = f.read(_HEAD)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [("utf-16", "UTF-16")]
    # A stray NUL is reported on its row; a file full of them is not text at all.
    if head.count(b"\x00") > len(head) // 100:
        raise EvidenceLogError(f"{path.name} is not a CSV text file (it holds binary data).")
    return list(FALLBACKS)


def csv_rows(path: Path, encoding: str) -> Iterator[list[str]]:
    """The rows of the log; ``UnicodeDecodeError`` when ``encoding`` does not fit it."""
    with open(path, encoding=encoding, newline="") as f:
        first = ""
        for _ in range(100):
            first = f.readline()
            if first.strip() or not first:
                break
        f.seek(0)
        delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
        previous = csv.field_size_limit(CELL_CHARACTERS)
        reader = csv.reader(f, delimiter=delimiter)
        try:
            yield from reader
        except csv.Error as e:
            if "field larger than field limit" in str(e):
                raise EvidenceLogError(f"{path.name}: " + too_long(reader.line_num, "")) from None
            raise EvidenceLogError(
                f"{path.name} cannot be read as CSV near line {reader.line_num} ({e})."
            ) from None
        finally:
            csv.field_size_limit(previous)


def decodes(path: Path, encoding: str) -> bool:
    """Whether the whole of ``path`` is text in ``encoding``, read a piece at a time."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as f:
            while piece := f.read(_PIECE):
                decoder.decode(piece)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def size_estimate(path: Path) -> int:
    """Roughly how many rows the log holds, for the progress bar."""
    return max(1, os.stat(path).st_size // 120)
