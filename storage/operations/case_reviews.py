"""Case-file review's jobs: checklists authored and installed, files reviewed, results
counted and made into evidence, logs of reviews imported.

Case-file review API (what the window calls; every call takes the open
:class:`InspectionFile` first and is one step of the change history, undone by the
call named beside it):

- checklists: :func:`list_checklists`, :func:`get_checklist`, :func:`find_checklist`,
  :func:`save_checklist`
  (new or changed; undo = save the version from before), :func:`delete_checklists`
  (undo = the same with ``deleted=False``), :func:`install_checklist` (from a
  workbook; undo = :func:`delete_checklists`), :func:`write_checklist_template`;
- reviewed files: :func:`save_case_file` (the file and all its answers in one
  transaction; undo = save the version from before, or :func:`delete_case_files`
  for a new one), :func:`get_case_file`, :func:`delete_case_files`,
  :func:`count_case_files`, :func:`case_file_page` (paged, searched and filtered by a
  :class:`~models.case_reviews.query.CaseFileQuery`), :func:`case_file_rows`,
  :func:`find_case_file`, :func:`case_file_filter_choices`, :func:`import_case_reviews`
  (a log of reviews from Excel or CSV, all or nothing; undo = restore the backup);
- results: :func:`checklist_results` (every item over the files a query asks for),
  :func:`files_behind_answer` (the files behind one answer of one item);
- results as evidence: :func:`make_result_evidence` (undo =
  :func:`set_result_evidence_made` with ``made=False``), :func:`result_evidence`
  (whether an item is out of date), :func:`result_evidence_of`,
  :func:`update_result_evidence` (undo = :func:`put_back_result_evidence` with
  ``undo=True``).

The rules (answer types, conditions, progress, the result sentence, the warning on a
case reference that looks like a name) are in :mod:`models.case_reviews`, free of
storage, for the form to use as the reviewer types.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from models.case_reviews.case_file import CaseFile
from models.case_reviews.checklist import Checklist
from models.case_reviews.query import CaseFileQuery
from models.records import Evidence
from storage.case_reviews.case_files import CaseFileRow, CaseFileStore
from storage.case_reviews.checklists import ChecklistStore
from storage.case_reviews.log_import import (
    CaseReviewLogError,
    CaseReviewLogProblems,
    CaseReviewsImported,
    import_log,
)
from storage.case_reviews.result_evidence import (
    ResultEvidence,
    ResultEvidenceStore,
    SummaryChange,
)
from storage.case_reviews.results import CaseReviewResults, ChecklistResults
from storage.file.errors import StorageError
from storage.file.inspection_file import InspectionFile
from storage.job_progress import SILENT, Cancelled, JobProgress

__all__ = [
    "CaseFileRow",
    "CaseReviewLogError",
    "CaseReviewLogProblems",
    "CaseReviewsImported",
    "ChecklistResults",
    "FilterChoices",
    "ResultEvidence",
    "SummaryChange",
]


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FilterChoices:
    """What a checklist's files may be filtered by: the crime types and reviewers used."""

    crime_types: tuple[str, ...]
    reviewers: tuple[str, ...]


def _checklists(inspection: InspectionFile) -> ChecklistStore:
    return ChecklistStore(inspection.db, inspection.framework)


def _files(inspection: InspectionFile) -> CaseFileStore:
    return CaseFileStore(inspection.db, _checklists(inspection))


def _evidence(inspection: InspectionFile) -> ResultEvidenceStore:
    return ResultEvidenceStore(
        inspection.db,
        _checklists(inspection),
        CaseReviewResults(inspection.db),
        inspection.evidence,
    )


# -- checklists ----------------------------------------------------------------------
def list_checklists(inspection: InspectionFile) -> list[Checklist]:
    """The inspection's live checklists with their items, by title."""
    return _checklists(inspection).all()


def get_checklist(inspection: InspectionFile, checklist_id: str) -> Checklist:
    """The checklist with its live items (also when deleted); ``KeyError`` when unknown."""
    return _checklists(inspection).get(checklist_id)


def save_checklist(inspection: InspectionFile, checklist: Checklist) -> Checklist:
    """Make ``checklist`` the current version (new, changed, or brought back with the
    items it lists; items it leaves out are deleted, their answers kept). Returns the
    checklist as stored, numbered and with its version. ``ValueError`` says what keeps
    it from being saved (nothing is written then)."""
    return _checklists(inspection).save(checklist)


def delete_checklists(
    inspection: InspectionFile, checklist_ids: Sequence[str], deleted: bool = True
) -> None:
    """Delete (or with ``deleted=False`` bring back) checklists as one step; their
    reviewed files stay in the file with them. Returns nothing."""
    _checklists(inspection).set_deleted(checklist_ids, deleted)


def install_checklist(inspection: InspectionFile, workbook: Path) -> Checklist:
    """Install the checklist a workbook's ``checklist`` sheet describes, as one step;
    returns it as stored. :class:`ChecklistWorkbookError` names every problem by row
    and column, and then nothing is written."""
    from storage.operations.checklist_files import read_checklist_file

    return save_checklist(inspection, read_checklist_file(Path(workbook), inspection.framework))


def find_checklist(inspection: InspectionFile, wanted: str) -> Checklist:
    """The live checklist ``wanted`` names: its id, the start of its id (four characters
    or more), its title or the start of its title (any case). ``KeyError`` with a
    sentence when none or several do."""
    text = " ".join(wanted.split())
    checklists = list_checklists(inspection)
    exact = [c for c in checklists if c.id == text or c.title.casefold() == text.casefold()]
    found = exact or (
        [c for c in checklists if c.id.startswith(text.lower())] if len(text) >= 4 else []
    )
    if not found and text:
        found = [c for c in checklists if c.title.casefold().startswith(text.casefold())]
    if len(found) == 1:
        return found[0]
    if not found:
        raise KeyError(f"No checklist of this inspection is '{text}'.")
    raise KeyError(f"'{text}' names {len(found)} checklists; give more of the id.")


def write_checklist_template(out: Path, checklist: Checklist | None = None) -> None:
    """Write a checklist workbook at ``out``: the documented ``checklist`` sheet, empty
    or filled with ``checklist``. Returns nothing."""
    from storage.case_reviews.checklist_workbook import write_checklist_workbook

    write_checklist_workbook(Path(out), checklist)


# -- reviewed files ------------------------------------------------------------------
def save_case_file(inspection: InspectionFile, case_file: CaseFile) -> CaseFile:
    """Save a reviewed file and all its answers in one transaction (new, changed or
    brought back); returns it as stored. Answers are in the stored form the items'
    :meth:`~models.case_reviews.checklist.ChecklistItem.read` gives; an item left out
    has no answer. ``ValueError`` says what is wrong (a second review of the same case
    reference under the checklist, an answer its item cannot take…), nothing written."""
    return _files(inspection).save(case_file)


def get_case_file(inspection: InspectionFile, case_file_id: str) -> CaseFile:
    """The reviewed file with its answers (also when deleted); ``KeyError`` if unknown."""
    return _files(inspection).get(case_file_id)


def delete_case_files(
    inspection: InspectionFile, case_file_ids: Sequence[str], deleted: bool = True
) -> None:
    """Delete (or with ``deleted=False`` bring back) reviewed files as one step. Returns
    nothing; ``ValueError`` when a file brought back was reviewed again meanwhile."""
    _files(inspection).set_deleted(case_file_ids, deleted)


def count_case_files(inspection: InspectionFile, query: CaseFileQuery) -> int:
    """How many live files ``query`` asks for."""
    return _files(inspection).count(query)


def case_file_page(
    inspection: InspectionFile, query: CaseFileQuery, offset: int = 0, limit: int = 100
) -> list[CaseFileRow]:
    """One page (``limit`` rows from ``offset``, at most 1,000) of the files ``query``
    asks for, latest review first, each with its progress."""
    return _files(inspection).page(query, offset, limit)


def case_file_rows(
    inspection: InspectionFile, checklist_id: str, case_file_ids: Sequence[str]
) -> list[CaseFileRow]:
    """The list rows of the given files, in the order given."""
    store = _files(inspection)
    return store.rows_of(case_file_ids, store.checklists.get(checklist_id))


def find_case_file(inspection: InspectionFile, checklist_id: str, reference: str) -> str | None:
    """The id of the live file reviewed under the checklist with this case reference
    (any case), or ``None``."""
    return _files(inspection).find_reference(checklist_id, reference)


def case_file_filter_choices(inspection: InspectionFile, checklist_id: str) -> FilterChoices:
    """The crime types and reviewers the checklist's files hold, for the filters."""
    store = _files(inspection)
    return FilterChoices(
        tuple(store.crime_types(checklist_id)), tuple(store.reviewers(checklist_id))
    )


def import_case_reviews(
    target: InspectionFile | Path,
    log_path: Path,
    checklist_id: str,
    *,
    actor: str = "",
    default_reviewer: str = "",
    progress: JobProgress = SILENT,
) -> CaseReviewsImported:
    """Import a log of reviewed files (.xlsx or .csv) under a checklist into ``target``
    (an inspection open for editing, or the path of one to open here, its changes
    recorded under ``actor``), all or nothing; files already reviewed under the
    checklist are skipped. Returns what was added and skipped and the backup made
    first. Raises :class:`CaseReviewLogError`, :class:`CaseReviewLogProblems` (every
    problem by row and column), ``KeyError`` for an unknown checklist or
    :class:`Cancelled`, the inspection unchanged in every case."""
    from storage.backups.automatic import BEFORE_IMPORT, create_backup

    log_path = Path(log_path)

    def run(inspection: InspectionFile) -> CaseReviewsImported:
        checklist = _checklists(inspection).get(checklist_id)
        if checklist.deleted_at is not None:
            raise KeyError(f"The checklist {checklist.title} has been deleted.")
        return import_log(
            _files(inspection),
            checklist,
            log_path,
            default_reviewer or inspection.actor,
            lambda: create_backup(inspection, BEFORE_IMPORT),
            progress,
        )

    try:
        if isinstance(target, InspectionFile):
            imported = run(target)
        else:
            with InspectionFile.open(Path(target)) as inspection:
                inspection.actor = actor
                imported = run(inspection)
    except (Cancelled, StorageError) as e:
        # Counted, never quoted: a problem's words may hold a cell of the log.
        log.info("import of case reviews from %s refused (%s)", log_path.name, type(e).__name__)
        raise
    log.info(
        "imported %s: %d files added, %d already reviewed",
        log_path.name,
        len(imported.added),
        len(imported.skipped),
    )
    return imported


# -- results -------------------------------------------------------------------------
def checklist_results(inspection: InspectionFile, query: CaseFileQuery) -> ChecklistResults:
    """Every item's result over the live files ``query`` asks for (its checklist)."""
    checklist = _checklists(inspection).get(query.checklist_id)
    return CaseReviewResults(inspection.db).results(checklist, query)


def files_behind_answer(
    inspection: InspectionFile, item_id: str, value: str, query: CaseFileQuery
) -> list[CaseFileRow]:
    """The files behind one answer of an item: ``value`` a stored answer (``yes``, a
    choice, ``n/a``), ``ANY_ANSWER`` or ``UNANSWERED`` from
    :mod:`models.case_reviews.query`; list rows in list order (at most 10,000)."""
    checklist, item = _checklists(inspection).item(item_id)
    ids = CaseReviewResults(inspection.db).files_behind(checklist, item, value, query)
    return _files(inspection).rows_of(ids, checklist)


# -- results as evidence -------------------------------------------------------------
def make_result_evidence(
    inspection: InspectionFile, item_id: str, query: CaseFileQuery, author: str
) -> Evidence:
    """Make an evidence item of source type *case file review* from an item's result
    under the query's filters: linked to the checklist's questions, its summary the
    result sentence with the sample size. Returns the item as stored."""
    return _evidence(inspection).make(item_id, query, author)


def result_evidence(inspection: InspectionFile, evidence_id: str) -> ResultEvidence | None:
    """The result an evidence item was made from and whether it is out of date, or
    ``None`` when it was not made from a result."""
    return _evidence(inspection).state(evidence_id)


def result_evidence_of(inspection: InspectionFile, checklist_id: str) -> list[ResultEvidence]:
    """Every live evidence item made from the checklist's results, with its state."""
    return _evidence(inspection).made_from(checklist_id)


def update_result_evidence(inspection: InspectionFile, evidence_id: str) -> SummaryChange | None:
    """Make an out-of-date item state its current result (one step in the history);
    returns what changed, for an undo, or ``None`` when it was up to date."""
    return _evidence(inspection).update(evidence_id)


def put_back_result_evidence(inspection: InspectionFile, change: SummaryChange, undo: bool) -> None:
    """Undo (``undo=True``) or redo an :func:`update_result_evidence`. Returns nothing."""
    _evidence(inspection).put_back(change, undo=undo)


def set_result_evidence_made(inspection: InspectionFile, evidence_id: str, made: bool) -> None:
    """Undo (``made=False``) or redo :func:`make_result_evidence`. Returns nothing."""
    _evidence(inspection).set_made(evidence_id, made)
