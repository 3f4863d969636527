"""Checking an inspection file for damage, and repairing a copy of it into a new file.

The ``check`` command calls :func:`check_file`, and ``check --repair`` calls
:func:`repair_file`. Both work on a private copy of the file, so a file open in
the app beside them is not touched; a repair never changes the file it repairs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from storage.health.check import HealthReport, check_inspection
from storage.health.repair import RepairReport, repair_into

log = logging.getLogger(__name__)


def check_file(path: Path) -> HealthReport:
    """Every check the app knows, made on a private copy of ``path``."""
    return check_inspection(Path(path))


@dataclass(frozen=True)
class RepairOutcome:
    """What a repair changed and left, and the check of the repaired file."""

    repair: RepairReport
    check: HealthReport


def repair_file(path: Path, out: Path) -> RepairOutcome:
    """Repair a copy of ``path`` into the new file ``out`` and check it again;
    ``path`` is left as it is."""
    path, out = Path(path), Path(out)
    log.info("repairing a copy of %s into %s", path.name, out.name)
    repaired = repair_into(path, out)
    report = check_inspection(out)
    log.info(
        "repaired %s into %s: %d value(s) repaired, %d left, %d problem(s) remain",
        path.name,
        out.name,
        len(repaired.repaired),
        len(repaired.left),
        len(report.problems),
    )
    return RepairOutcome(repaired, report)
