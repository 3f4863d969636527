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
from storage.file.errors import StorageError as StorageError
from storage.file.private_temp import PrivateFolder as PrivateFolder
from storage.frameworks.library import (
    FrameworkAlreadyInstalledError as FrameworkAlreadyInstalledError,
)
from storage.frameworks.library import FrameworkInstallError as FrameworkInstallError
from storage.frameworks.workbook import FrameworkWorkbookError as FrameworkWorkbookError
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
