"""Writing evidence logs for tests (real CSV files and real workbooks) and fingerprinting an
inspection's evidence, so a test can tell that nothing at all changed."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook

from storage.file.inspection_file import InspectionFile

HEADERS = [
    "Ref",
    "Date",
    "Source type",
    "Location",
    "Participants",
    "Summary",
    "Notes",
    "Assessment",
    "Questions",
    "Author",
    "Sensitive",
]


def log_row(**cells) -> list:
    """One row under :data:`HEADERS`: a valid focus-group item unless told otherwise."""
    values = {
        "Source type": "Focus group",
        "Summary": "Officers understand THRIVE",
        "Questions": "1.1",
        "Author": "JS",
    }
    for key, value in cells.items():
        values["Source type" if key == "source_type" else key.capitalize()] = value
    return [values.get(h) for h in HEADERS]


def write_csv(
    path: Path,
    rows: Sequence[Sequence],
    headers: Sequence[str] = HEADERS,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(["" if c is None else c for c in r] for r in rows)
    return path


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence],
    headers: Sequence[str] = HEADERS,
    *,
    sheet: str = "Evidence log",
    above: Sequence[Sequence] = (),
    other_sheets: dict[str, list] | None = None,
) -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    for r in list(above) + [list(headers)] + [list(r) for r in rows]:
        ws.append(list(r))
    for name, other_rows in (other_sheets or {}).items():
        other = workbook.create_sheet(name)
        for r in other_rows:
            other.append(list(r))
    workbook.save(path)
    return path


def evidence_state(path: Path) -> tuple[int, str]:
    """How many evidence rows the file holds, and a hash of every evidence, link and
    import row, read through a fresh connection."""
    digest = hashlib.sha256()
    with InspectionFile.open(path, readonly=True) as inspection:
        count = inspection.db.scalar("SELECT count(*) FROM evidence")
        for table in ("evidence", "evidence_question", "evidence_import"):
            for row in inspection.db.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
                digest.update(repr(tuple(row)).encode())
    return count, digest.hexdigest()
