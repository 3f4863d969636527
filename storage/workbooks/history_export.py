"""The change history written to a CSV file that opens cleanly in Excel.

UTF-8 with a byte-order mark (without it Excel reads the file as the local
code page and mangles names and dashes), a header row, every value as text,
control characters (NUL, escape sequences…) removed, and any value a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first, even
after spaces or line breaks) prefixed with an apostrophe: history holds
whatever people typed, and whatever a merged copy brought. The file is
finished under a temporary name and moved into place whole. As in the Excel
export, the notes of evidence that is or was marked sensitive are withheld
unless asked for, deleted items included.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from models.history import (
    HistoryFilter,
    describe,
    readable,
    subject_text,
    utc_text,
    withhold_sensitive,
)
from storage.case_reviews.sensitive import sensitive_ids
from storage.file.durable_files import check_destination
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.job_progress import SILENT, Cancelled, JobProgress
from storage.workbooks.excel_text import remove_control_characters

HEADERS = (
    "When (UTC)",
    "Who",
    "What",
    "Item",
    "Question",
    "Field",
    "Old value",
    "New value",
    "Reason",
)
#: What a spreadsheet takes as the start of a formula (full-width forms included).
_FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: Rows written between progress reports and checks for Cancel.
_STEP = 2000


def as_text(value: object) -> str:
    """A cell as plain text that no spreadsheet takes for a formula, without control
    characters (line breaks and tabs stay)."""
    text = remove_control_characters("" if value is None else str(value))
    starts = text.lstrip(" \t\n\u00a0\u3000")
    return "'" + text if starts.startswith(_FORMULA_STARTS) or text.startswith("\t") else text


def write_history_csv(
    inspection: InspectionFile,
    out: Path,
    history_filter: HistoryFilter = HistoryFilter(),
    progress: JobProgress = SILENT,
    include_sensitive: bool = False,
) -> int:
    """Write the matching history to ``out`` (replacing it); returns the rows written.

    Changes to the notes of items marked sensitive are listed with their values
    withheld, unless ``include_sensitive``. Cancel raises :class:`Cancelled` and
    leaves ``out`` as it was.
    """
    out = Path(out)
    check_destination(out)
    inspection_path = Path(inspection.path).resolve()
    if out.resolve() in (
        inspection_path,
        Path(f"{inspection_path}-wal"),
        Path(f"{inspection_path}-shm"),
    ):
        raise StorageError(
            f"Cannot write the history over the inspection file {out}; choose a .csv file name."
        )
    total = inspection.history.count(history_filter)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.stem[:60]}.", suffix=".csv.part", dir=out.parent)
    except OSError as e:
        raise StorageError(f"Cannot write {out} ({e.strerror}).") from None
    temp, written = Path(name), 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(HEADERS)
            hidden = set() if include_sensitive else sensitive_ids(inspection)
            for entry in inspection.history.iter_rows(history_filter):
                entry = withhold_sensitive(entry, hidden)
                writer.writerow(
                    [
                        as_text(v)
                        for v in (
                            utc_text(entry.changed_at),
                            entry.actor,
                            describe(entry),
                            subject_text(entry),
                            entry.question_code or "",
                            entry.field or "",
                            ""
                            if entry.old_value is None
                            else readable(entry.field, entry.old_value),
                            ""
                            if entry.new_value is None
                            else readable(entry.field, entry.new_value),
                            entry.reason,
                        )
                    ]
                )
                written += 1
                if written % _STEP == 0:
                    if progress.is_cancelled():
                        raise Cancelled("The history export was cancelled.")
                    progress.report(written, total)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, out)
    except OSError as e:
        temp.unlink(missing_ok=True)
        raise StorageError(
            f"Cannot write {out} ({e.strerror or e}); nothing was written."
        ) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    progress.report(written, total)
    return written
