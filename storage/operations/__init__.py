"""Storage's public face: the use cases, one function per job a person starts, and the few
types they take and return.

The window and the command line import storage only from here (an import-linter contract
holds them to it) and only present what a use case returns. Each job lives in a module of
this package by area: opening, creating, restoring, checking and backing up files;
importing and exporting; frameworks; attachments; fieldwork copies, merging and conflicts.

Names are loaded when first asked for (PEP 562), so importing the face at start-up does not
import every part of storage — the workbooks, merging — a session may never use; the
``TYPE_CHECKING`` block tells the type checker what each name is.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.backups.automatic import OPENED as OPENED
    from storage.backups.automatic import WHILE_WORKING as WHILE_WORKING
    from storage.backups.automatic import Backup as Backup
    from storage.backups.automatic import backup_folder as backup_folder
    from storage.backups.automatic import list_backups as list_backups
    from storage.backups.automatic import read_backup as read_backup
    from storage.backups.errors import BackupError as BackupError
    from storage.backups.restore import latest_good_backup as latest_good_backup
    from storage.case_reviews.checklist_workbook import (
        ChecklistWorkbookError as ChecklistWorkbookError,
    )
    from storage.evidence_logs.errors import EvidenceLogError as EvidenceLogError
    from storage.evidence_logs.errors import EvidenceLogProblems as EvidenceLogProblems
    from storage.evidence_logs.importer import PROGRESS_SCALE as PROGRESS_SCALE
    from storage.evidence_logs.importer import ImportResult as ImportResult
    from storage.evidence_logs.importer import stage_of as stage_of
    from storage.evidence_logs.reader import LogPreview as LogPreview
    from storage.evidence_logs.reader import LogSheet as LogSheet
    from storage.evidence_logs.reader import preview_log as preview_log
    from storage.file.app_paths import log_dir as log_dir
    from storage.file.errors import DamagedFileError as DamagedFileError
    from storage.file.errors import FileOpenElsewhereError as FileOpenElsewhereError
    from storage.file.errors import StorageError as StorageError
    from storage.file.file_lock import InspectionLock as InspectionLock
    from storage.file.inspection_file import InspectionFile as InspectionFile
    from storage.file.private_temp import PrivateFolder as PrivateFolder
    from storage.file.private_temp import remove_leftovers as remove_leftovers
    from storage.frameworks.library import (
        FrameworkAlreadyInstalledError as FrameworkAlreadyInstalledError,
    )
    from storage.frameworks.library import FrameworkInstallError as FrameworkInstallError
    from storage.frameworks.library import UnknownFrameworkError as UnknownFrameworkError
    from storage.frameworks.library import available_frameworks as available_frameworks
    from storage.frameworks.library import builtin_frameworks as builtin_frameworks
    from storage.frameworks.library import find_framework as find_framework
    from storage.frameworks.library import install_framework as install_framework
    from storage.frameworks.library import library_problems as library_problems
    from storage.frameworks.workbook import FrameworkWorkbookError as FrameworkWorkbookError
    from storage.frameworks.workbook import read_framework_workbook as read_framework_workbook
    from storage.health.check import HealthReport as HealthReport
    from storage.health.repair import RepairReport as RepairReport

    # Indicators: the data return template and its import.
    from storage.indicators.errors import IndicatorReturnError as IndicatorReturnError
    from storage.indicators.errors import IndicatorReturnProblems as IndicatorReturnProblems
    from storage.indicators.return_import import ReturnImported as ReturnImported
    from storage.merge.errors import ConflictError as ConflictError
    from storage.merge.errors import FieldworkCopyError as FieldworkCopyError
    from storage.merge.errors import MergeRefusedError as MergeRefusedError
    from storage.merge.errors import PlanOutdatedError as PlanOutdatedError
    from storage.operations.attachments import FilesAttached as FilesAttached
    from storage.operations.attachments import attach_files as attach_files
    from storage.operations.attachments import save_attachment as save_attachment
    from storage.operations.backing_up import back_up_if_changed as back_up_if_changed

    # Case-file review: checklists, reviewed files, results and results as evidence.
    from storage.operations.case_reviews import CaseFileRow as CaseFileRow
    from storage.operations.case_reviews import CaseReviewLogError as CaseReviewLogError
    from storage.operations.case_reviews import CaseReviewLogProblems as CaseReviewLogProblems
    from storage.operations.case_reviews import CaseReviewsImported as CaseReviewsImported
    from storage.operations.case_reviews import ChecklistResults as ChecklistResults
    from storage.operations.case_reviews import FilterChoices as FilterChoices
    from storage.operations.case_reviews import ResultEvidence as ResultEvidence
    from storage.operations.case_reviews import SummaryChange as SummaryChange
    from storage.operations.case_reviews import case_file_filter_choices as case_file_filter_choices
    from storage.operations.case_reviews import case_file_page as case_file_page
    from storage.operations.case_reviews import case_file_rows as case_file_rows
    from storage.operations.case_reviews import checklist_results as checklist_results
    from storage.operations.case_reviews import count_case_files as count_case_files
    from storage.operations.case_reviews import delete_case_files as delete_case_files
    from storage.operations.case_reviews import delete_checklists as delete_checklists
    from storage.operations.case_reviews import files_behind_answer as files_behind_answer
    from storage.operations.case_reviews import find_case_file as find_case_file
    from storage.operations.case_reviews import find_checklist as find_checklist
    from storage.operations.case_reviews import get_case_file as get_case_file
    from storage.operations.case_reviews import get_checklist as get_checklist
    from storage.operations.case_reviews import import_case_reviews as import_case_reviews
    from storage.operations.case_reviews import install_checklist as install_checklist
    from storage.operations.case_reviews import list_checklists as list_checklists
    from storage.operations.case_reviews import make_result_evidence as make_result_evidence
    from storage.operations.case_reviews import put_back_result_evidence as put_back_result_evidence
    from storage.operations.case_reviews import result_evidence as result_evidence
    from storage.operations.case_reviews import result_evidence_of as result_evidence_of
    from storage.operations.case_reviews import save_case_file as save_case_file
    from storage.operations.case_reviews import save_checklist as save_checklist
    from storage.operations.case_reviews import set_result_evidence_made as set_result_evidence_made
    from storage.operations.case_reviews import update_result_evidence as update_result_evidence
    from storage.operations.case_reviews import write_checklist_template as write_checklist_template
    from storage.operations.checking import RepairOutcome as RepairOutcome
    from storage.operations.checking import check_file as check_file
    from storage.operations.checking import repair_file as repair_file
    from storage.operations.checklist_files import read_checklist_file as read_checklist_file
    from storage.operations.checklist_files import write_checklist_file as write_checklist_file
    from storage.operations.conflicts import list_merge_conflicts as list_merge_conflicts
    from storage.operations.conflicts import resolve_merge_conflict as resolve_merge_conflict
    from storage.operations.creating import DemoWritten as DemoWritten
    from storage.operations.creating import app_demo_path as app_demo_path
    from storage.operations.creating import create_inspection as create_inspection
    from storage.operations.creating import write_demo_inspection as write_demo_inspection
    from storage.operations.exporting import HistoryExported as HistoryExported
    from storage.operations.exporting import export_history as export_history
    from storage.operations.exporting import export_judgment_summary as export_judgment_summary
    from storage.operations.exporting import history_entries as history_entries
    from storage.operations.fieldwork import FieldworkCopyMade as FieldworkCopyMade
    from storage.operations.fieldwork import make_fieldwork_copy as make_fieldwork_copy
    from storage.operations.frameworks import FrameworkImported as FrameworkImported
    from storage.operations.frameworks import FrameworkLibrary as FrameworkLibrary
    from storage.operations.frameworks import framework_library as framework_library
    from storage.operations.frameworks import import_framework as import_framework
    from storage.operations.frameworks import write_framework_template as write_framework_template
    from storage.operations.importing import EvidenceImported as EvidenceImported
    from storage.operations.importing import import_evidence as import_evidence
    from storage.operations.indicators import IndicatorsImported as IndicatorsImported
    from storage.operations.indicators import import_indicators as import_indicators
    from storage.operations.indicators import (
        write_indicator_template_file as write_indicator_template_file,
    )
    from storage.operations.merging import MergeOutcome as MergeOutcome
    from storage.operations.merging import MergePreview as MergePreview
    from storage.operations.merging import merge_planned as merge_planned
    from storage.operations.merging import preview_merge as preview_merge
    from storage.operations.opening import OpenedInspection as OpenedInspection
    from storage.operations.opening import check_opened_file as check_opened_file
    from storage.operations.opening import damage_in as damage_in
    from storage.operations.opening import lock_file as lock_file
    from storage.operations.opening import open_for_editing as open_for_editing
    from storage.operations.opening import open_for_reading as open_for_reading
    from storage.operations.progress import SILENT as SILENT
    from storage.operations.progress import Cancelled as Cancelled
    from storage.operations.progress import JobProgress as JobProgress
    from storage.operations.restoring import RestoreOutcome as RestoreOutcome
    from storage.operations.restoring import restore_from_backup as restore_from_backup
    from storage.operations.reviewing import ReviewOutcome as ReviewOutcome
    from storage.operations.reviewing import review_file as review_file
    from storage.operations.reviewing import snapshot_file as snapshot_file
    from storage.operations.team import TeamListing as TeamListing
    from storage.operations.team import read_team as read_team
    from storage.repositories.evidence_import_repository import (
        EvidenceImportRepository as EvidenceImportRepository,
    )
    from storage.repositories.judgment_repository import REOPENED_REASON as REOPENED_REASON
    from storage.review.state import ReviewSnapshot as ReviewSnapshot
    from storage.review.state import ReviewState as ReviewState
    from storage.review.state import take_snapshot as take_snapshot
    from storage.workbooks.summary_export import ExportResult as ExportResult

#: Each name and the module it comes from, imported only when first asked for, so the
#: window's start-up does not load every part of storage (workbooks, merging) it may
#: never use.
_WHERE = {
    "Backup": "storage.backups.automatic",
    "backup_folder": "storage.backups.automatic",
    "list_backups": "storage.backups.automatic",
    "OPENED": "storage.backups.automatic",
    "read_backup": "storage.backups.automatic",
    "WHILE_WORKING": "storage.backups.automatic",
    "BackupError": "storage.backups.errors",
    "latest_good_backup": "storage.backups.restore",
    "EvidenceLogError": "storage.evidence_logs.errors",
    "EvidenceLogProblems": "storage.evidence_logs.errors",
    "ImportResult": "storage.evidence_logs.importer",
    "PROGRESS_SCALE": "storage.evidence_logs.importer",
    "stage_of": "storage.evidence_logs.importer",
    "LogPreview": "storage.evidence_logs.reader",
    "LogSheet": "storage.evidence_logs.reader",
    "preview_log": "storage.evidence_logs.reader",
    "log_dir": "storage.file.app_paths",
    "DamagedFileError": "storage.file.errors",
    "FileOpenElsewhereError": "storage.file.errors",
    "StorageError": "storage.file.errors",
    "InspectionLock": "storage.file.file_lock",
    "InspectionFile": "storage.file.inspection_file",
    "PrivateFolder": "storage.file.private_temp",
    "remove_leftovers": "storage.file.private_temp",
    "available_frameworks": "storage.frameworks.library",
    "builtin_frameworks": "storage.frameworks.library",
    "find_framework": "storage.frameworks.library",
    "FrameworkAlreadyInstalledError": "storage.frameworks.library",
    "FrameworkInstallError": "storage.frameworks.library",
    "install_framework": "storage.frameworks.library",
    "library_problems": "storage.frameworks.library",
    "UnknownFrameworkError": "storage.frameworks.library",
    "FrameworkWorkbookError": "storage.frameworks.workbook",
    "read_framework_workbook": "storage.frameworks.workbook",
    "HealthReport": "storage.health.check",
    "RepairReport": "storage.health.repair",
    "ConflictError": "storage.merge.errors",
    "FieldworkCopyError": "storage.merge.errors",
    "MergeRefusedError": "storage.merge.errors",
    "PlanOutdatedError": "storage.merge.errors",
    "attach_files": "storage.operations.attachments",
    "FilesAttached": "storage.operations.attachments",
    "save_attachment": "storage.operations.attachments",
    "back_up_if_changed": "storage.operations.backing_up",
    "check_file": "storage.operations.checking",
    "repair_file": "storage.operations.checking",
    "RepairOutcome": "storage.operations.checking",
    "list_merge_conflicts": "storage.operations.conflicts",
    "resolve_merge_conflict": "storage.operations.conflicts",
    "app_demo_path": "storage.operations.creating",
    "create_inspection": "storage.operations.creating",
    "DemoWritten": "storage.operations.creating",
    "write_demo_inspection": "storage.operations.creating",
    "export_history": "storage.operations.exporting",
    "export_judgment_summary": "storage.operations.exporting",
    "history_entries": "storage.operations.exporting",
    "HistoryExported": "storage.operations.exporting",
    "FieldworkCopyMade": "storage.operations.fieldwork",
    "make_fieldwork_copy": "storage.operations.fieldwork",
    "framework_library": "storage.operations.frameworks",
    "FrameworkImported": "storage.operations.frameworks",
    "FrameworkLibrary": "storage.operations.frameworks",
    "import_framework": "storage.operations.frameworks",
    "write_framework_template": "storage.operations.frameworks",
    "EvidenceImported": "storage.operations.importing",
    "import_evidence": "storage.operations.importing",
    "merge_planned": "storage.operations.merging",
    "MergeOutcome": "storage.operations.merging",
    "MergePreview": "storage.operations.merging",
    "preview_merge": "storage.operations.merging",
    "lock_file": "storage.operations.opening",
    "open_for_editing": "storage.operations.opening",
    "open_for_reading": "storage.operations.opening",
    "OpenedInspection": "storage.operations.opening",
    "check_opened_file": "storage.operations.opening",
    "damage_in": "storage.operations.opening",
    "Cancelled": "storage.operations.progress",
    "JobProgress": "storage.operations.progress",
    "SILENT": "storage.operations.progress",
    "restore_from_backup": "storage.operations.restoring",
    "RestoreOutcome": "storage.operations.restoring",
    "review_file": "storage.operations.reviewing",
    "ReviewOutcome": "storage.operations.reviewing",
    "snapshot_file": "storage.operations.reviewing",
    "read_team": "storage.operations.team",
    "TeamListing": "storage.operations.team",
    "EvidenceImportRepository": "storage.repositories.evidence_import_repository",
    "REOPENED_REASON": "storage.repositories.judgment_repository",
    "ReviewSnapshot": "storage.review.state",
    "ReviewState": "storage.review.state",
    "take_snapshot": "storage.review.state",
    "ExportResult": "storage.workbooks.summary_export",
    # Indicators: the data return template and its import.
    "IndicatorReturnError": "storage.indicators.errors",
    "IndicatorReturnProblems": "storage.indicators.errors",
    "ReturnImported": "storage.indicators.return_import",
    "IndicatorsImported": "storage.operations.indicators",
    "import_indicators": "storage.operations.indicators",
    "write_indicator_template_file": "storage.operations.indicators",
    # Case-file review: checklists, reviewed files, results and results as evidence.
    "CaseFileRow": "storage.operations.case_reviews",
    "CaseReviewLogError": "storage.operations.case_reviews",
    "CaseReviewLogProblems": "storage.operations.case_reviews",
    "CaseReviewsImported": "storage.operations.case_reviews",
    "find_checklist": "storage.operations.case_reviews",
    "import_case_reviews": "storage.operations.case_reviews",
    "ChecklistResults": "storage.operations.case_reviews",
    "FilterChoices": "storage.operations.case_reviews",
    "ResultEvidence": "storage.operations.case_reviews",
    "SummaryChange": "storage.operations.case_reviews",
    "list_checklists": "storage.operations.case_reviews",
    "get_checklist": "storage.operations.case_reviews",
    "save_checklist": "storage.operations.case_reviews",
    "delete_checklists": "storage.operations.case_reviews",
    "install_checklist": "storage.operations.case_reviews",
    "read_checklist_file": "storage.operations.checklist_files",
    "write_checklist_file": "storage.operations.checklist_files",
    "write_checklist_template": "storage.operations.case_reviews",
    "save_case_file": "storage.operations.case_reviews",
    "get_case_file": "storage.operations.case_reviews",
    "delete_case_files": "storage.operations.case_reviews",
    "count_case_files": "storage.operations.case_reviews",
    "case_file_page": "storage.operations.case_reviews",
    "case_file_rows": "storage.operations.case_reviews",
    "find_case_file": "storage.operations.case_reviews",
    "case_file_filter_choices": "storage.operations.case_reviews",
    "checklist_results": "storage.operations.case_reviews",
    "files_behind_answer": "storage.operations.case_reviews",
    "make_result_evidence": "storage.operations.case_reviews",
    "result_evidence": "storage.operations.case_reviews",
    "result_evidence_of": "storage.operations.case_reviews",
    "update_result_evidence": "storage.operations.case_reviews",
    "put_back_result_evidence": "storage.operations.case_reviews",
    "set_result_evidence_made": "storage.operations.case_reviews",
    "ChecklistWorkbookError": "storage.case_reviews.checklist_workbook",
}


def __getattr__(name: str) -> Any:
    """The named export, imported from its module on first use."""
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(_WHERE)
