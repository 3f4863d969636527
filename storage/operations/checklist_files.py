"""Checklist workbooks read and written away from the open inspection, so the window can
do the slow part (opening or writing an Excel file) on a worker thread.

Reading gives the checklist a workbook describes, every problem named by row and
column (:class:`~storage.case_reviews.checklist_workbook.ChecklistWorkbookError`),
without touching any inspection; the window then installs it as one undoable step
with :func:`~storage.operations.case_reviews.save_checklist`. Writing makes the
template, blank or filled with a checklist to edit in Excel.
"""

from __future__ import annotations

from pathlib import Path

from models.case_reviews.checklist import Checklist
from models.framework import Framework
from storage.job_progress import SILENT, JobProgress


def read_checklist_file(
    workbook: Path, framework: Framework, progress: JobProgress = SILENT
) -> Checklist:
    """The checklist ``workbook`` describes, its question codes checked against
    ``framework``. Reads only; raises ``Cancelled`` when asked to stop first."""
    from storage.case_reviews.checklist_workbook import read_checklist_workbook

    progress.report(0, 2)
    progress.check()
    checklist = read_checklist_workbook(Path(workbook), framework)
    progress.check()
    progress.report(2, 2)
    return checklist


def write_checklist_file(
    out: Path, checklist: Checklist | None = None, progress: JobProgress = SILENT
) -> Path:
    """Write the checklist workbook at ``out`` (blank, or filled with ``checklist``);
    returns where it was written."""
    from storage.operations.case_reviews import write_checklist_template

    progress.report(0, 1)
    progress.check()
    write_checklist_template(Path(out), checklist)
    progress.report(1, 1)
    return Path(out)
