"""Evidence items: create, edit, soft-delete, and paged, filtered, sorted listing.

One repository, its methods kept in modules by concern: writing
(:mod:`~storage.repositories.evidence.writes`), listing
(:mod:`~storage.repositories.evidence.pages`) and counting
(:mod:`~storage.repositories.evidence.totals`), over one row shape
(:mod:`~storage.repositories.evidence.rows`). Filtering, searching, sorting and counting
all happen in SQL.
"""

from __future__ import annotations

from models.framework import Framework
from storage.file.database import InspectionDatabase
from storage.repositories.evidence.pages import EvidencePages
from storage.repositories.evidence.totals import EvidenceTotals
from storage.repositories.evidence.writes import EvidenceWrites


class EvidenceRepository(EvidenceWrites, EvidencePages, EvidenceTotals):
    """All reads and writes of evidence and its links to questions."""

    def __init__(self, db: InspectionDatabase, framework: Framework):
        self.db = db
        self.framework = framework
