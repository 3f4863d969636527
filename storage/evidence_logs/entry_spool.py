"""The checked rows of an evidence log, kept on disk between checking and writing.

An import reads the log once, checking every row, and writes nothing until every
row has passed; holding 100,000 parsed rows in memory for that cost hundreds of
megabytes. The rows that passed are kept here instead, a batch at a time, and
read back in order for the checks against the inspection and for the write.

The spool is an unnamed temporary file: only this process can reach it, and the
system removes it however the process ends, so no evidence is left behind. It
is written and read only by this process, never taken from elsewhere, which is
why pickling its batches is safe.
"""

from __future__ import annotations

import pickle
import tempfile
from typing import Iterator, Sequence

from models.evidence_logs.rows import LogEntry


class EntrySpool:
    """Batches of :class:`LogEntry` on disk, read back in the order they were added."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="evidence-review-import-")
        self._batches = 0
        self.count = 0
        self.with_refs = 0

    def add(self, entries: Sequence[LogEntry]) -> None:
        if not entries:
            return
        self._file.seek(0, 2)
        pickle.dump(list(entries), self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._batches += 1
        self.count += len(entries)
        self.with_refs += sum(1 for e in entries if e.evidence.ref)

    def batches(self) -> Iterator[list[LogEntry]]:
        """Every batch in the order added (one reader at a time)."""
        self._file.seek(0)
        for _ in range(self._batches):
            yield pickle.load(self._file)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "EntrySpool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
