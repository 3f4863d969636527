"""The use cases: one function per job a person starts, called alike by the window and by
the command line, which only present what it returns.

This package is storage's public face: the window imports storage through the names
below (and the few types they take and return), never through storage's inner folders.
Each name is re-exported with ``import X as X`` so the list needs no ``__all__``.
"""

from storage.operations.progress import SILENT as SILENT
from storage.operations.progress import Cancelled as Cancelled
from storage.operations.progress import JobProgress as JobProgress

# -- opening, creating, restoring and checking files -----------------------------
# isort: split
from storage.backups.automatic import OPENED as OPENED
from storage.backups.automatic import WHILE_WORKING as WHILE_WORKING
from storage.backups.automatic import Backup as Backup
from storage.backups.automatic import backup_folder as backup_folder
from storage.backups.automatic import list_backups as list_backups
from storage.backups.automatic import read_backup as read_backup
from storage.backups.errors import BackupError as BackupError
from storage.backups.restore import latest_good_backup as latest_good_backup
from storage.file.errors import DamagedFileError as DamagedFileError
from storage.file.errors import FileOpenElsewhereError as FileOpenElsewhereError
from storage.file.errors import StorageError as StorageError
from storage.file.file_lock import InspectionLock as InspectionLock
from storage.file.inspection_file import InspectionFile as InspectionFile
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
from storage.operations.backing_up import back_up_if_changed as back_up_if_changed
from storage.operations.checking import RepairOutcome as RepairOutcome
from storage.operations.checking import check_file as check_file
from storage.operations.checking import repair_file as repair_file
from storage.operations.creating import DemoWritten as DemoWritten
from storage.operations.creating import app_demo_path as app_demo_path
from storage.operations.creating import create_inspection as create_inspection
from storage.operations.creating import write_demo_inspection as write_demo_inspection
from storage.operations.opening import OpenedInspection as OpenedInspection
from storage.operations.opening import lock_file as lock_file
from storage.operations.opening import open_for_editing as open_for_editing
from storage.operations.opening import open_for_reading as open_for_reading
from storage.operations.restoring import RestoreOutcome as RestoreOutcome
from storage.operations.restoring import restore_from_backup as restore_from_backup

# -- importing and exporting -------------------------------------------------------
# isort: split
from storage.evidence_logs.errors import EvidenceLogError as EvidenceLogError
from storage.evidence_logs.errors import EvidenceLogProblems as EvidenceLogProblems
from storage.evidence_logs.importer import PROGRESS_SCALE as PROGRESS_SCALE
from storage.evidence_logs.importer import ImportResult as ImportResult
from storage.evidence_logs.importer import stage_of as stage_of
from storage.evidence_logs.reader import LogPreview as LogPreview
from storage.evidence_logs.reader import LogSheet as LogSheet
from storage.evidence_logs.reader import preview_log as preview_log
from storage.file.private_temp import PrivateFolder as PrivateFolder
from storage.operations.attachments import FilesAttached as FilesAttached
from storage.operations.attachments import attach_files as attach_files
from storage.operations.attachments import save_attachment as save_attachment
from storage.operations.exporting import HistoryExported as HistoryExported
from storage.operations.exporting import export_history as export_history
from storage.operations.exporting import export_judgment_summary as export_judgment_summary
from storage.operations.exporting import history_entries as history_entries
from storage.operations.frameworks import FrameworkImported as FrameworkImported
from storage.operations.frameworks import FrameworkLibrary as FrameworkLibrary
from storage.operations.frameworks import framework_library as framework_library
from storage.operations.frameworks import import_framework as import_framework
from storage.operations.frameworks import write_framework_template as write_framework_template
from storage.operations.importing import EvidenceImported as EvidenceImported
from storage.operations.importing import import_evidence as import_evidence
from storage.workbooks.summary_export import ExportResult as ExportResult

# isort: split

# -- fieldwork copies, merging and conflicts -------------------------------------
# isort: split
from storage.merge.errors import ConflictError as ConflictError
from storage.merge.errors import FieldworkCopyError as FieldworkCopyError
from storage.merge.errors import MergeRefusedError as MergeRefusedError
from storage.merge.errors import PlanOutdatedError as PlanOutdatedError
from storage.operations.conflicts import list_merge_conflicts as list_merge_conflicts
from storage.operations.conflicts import resolve_merge_conflict as resolve_merge_conflict
from storage.operations.fieldwork import FieldworkCopyMade as FieldworkCopyMade
from storage.operations.fieldwork import make_fieldwork_copy as make_fieldwork_copy
from storage.operations.merging import MergeOutcome as MergeOutcome
from storage.operations.merging import MergePreview as MergePreview
from storage.operations.merging import merge_planned as merge_planned
from storage.operations.merging import preview_merge as preview_merge
from storage.operations.team import TeamListing as TeamListing
from storage.operations.team import read_team as read_team
