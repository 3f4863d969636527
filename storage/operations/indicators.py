"""Indicators' jobs: the data return template written, and a data return imported
(``indicator-template``, ``import-indicators`` and File ▸ Import data return…).

An import is all or nothing: the return is read whole and every row checked
before the inspection is touched, and the inspection is backed up first only
when the return is valid and brings something new.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from storage.backups.automatic import BEFORE_IMPORT, create_backup
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.indicators.return_import import ReturnImported, import_returned
from storage.indicators.return_reader import read_return
from storage.indicators.template_writer import write_indicator_template
from storage.job_progress import SILENT, Cancelled, JobProgress

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndicatorsImported:
    """What an import did, and the backup made before it (``None`` when nothing was written)."""

    result: ReturnImported
    backup: Path | None


def write_indicator_template_file(out: Path, inspection: Path | None = None) -> int:
    """Write the data return template at ``out``, filled with the indicators of the
    inspection at ``inspection`` when given (only read); the number of indicators written."""
    if inspection is None:
        write_indicator_template(Path(out))
        return 0
    with InspectionFile.open(Path(inspection), readonly=True) as source:
        indicators = source.indicators.all()
        write_indicator_template(Path(out), indicators, source.framework)
    return len(indicators)


def import_indicators(
    target: InspectionFile | Path,
    return_path: Path,
    *,
    actor: str = "",
    progress: JobProgress = SILENT,
) -> IndicatorsImported:
    """Import the data return at ``return_path`` into ``target`` (an inspection open for
    editing, or the path of one to open here, its changes recorded under ``actor``).

    Raises :class:`IndicatorReturnError` or :class:`IndicatorReturnProblems` for a
    return that cannot be imported and :class:`Cancelled` on Cancel, the inspection
    unchanged in every case.
    """
    return_path = Path(return_path)
    where = target.path if isinstance(target, InspectionFile) else Path(target)
    log.info("importing data return %s into %s", return_path.name, where.name)
    try:
        if isinstance(target, InspectionFile):
            return _import(target, return_path, progress)
        with InspectionFile.open(where) as inspection:
            inspection.actor = actor
            return _import(inspection, return_path, progress)
    except Cancelled:
        log.info("import of %s cancelled; nothing imported", return_path.name)
        raise
    except StorageError as e:
        # Counted, never quoted: a problem's words may hold a cell of the return.
        total = getattr(e, "total", None)
        log.info(
            "import of %s refused%s",
            return_path.name,
            f": {total} problem(s)" if total is not None else f" ({type(e).__name__})",
        )
        raise


def _import(inspection: InspectionFile, path: Path, progress: JobProgress) -> IndicatorsImported:
    returned = read_return(path, inspection.framework, progress)
    backups: list[Path] = []

    def back_up() -> None:
        backups.append(create_backup(inspection, BEFORE_IMPORT))

    result = import_returned(inspection, returned, progress=progress, before_write=back_up)
    log.info(
        "imported %s: %d added, %d updated, %d unchanged",
        path.name,
        len(result.added),
        len(result.changed),
        result.unchanged,
    )
    return IndicatorsImported(result, backups[0] if backups else None)
