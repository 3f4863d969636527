"""One open inspection: the database plus its repositories and framework.

This is what the UI, the command line and file formats hold on to; it is the
only way in to an inspection file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from models.framework import Framework
from models.records import Inspection
from storage.file.database import InspectionDatabase
from storage.file.errors import NotAnInspectionError
from storage.repositories.attachment_repository import AttachmentRepository
from storage.repositories.evidence_repository import EvidenceRepository
from storage.repositories.finding_repository import FindingRepository
from storage.repositories.history_repository import HistoryRepository
from storage.repositories.indicator_repository import IndicatorRepository
from storage.repositories.inspection_repository import InspectionRepository
from storage.repositories.judgment_repository import JudgmentRepository
from storage.repositories.planned_methods import PlannedMethodRepository
from storage.repositories.review_notes import ReviewNoteRepository
from storage.repositories.team_repository import TeamRepository


class InspectionFile:
    """An open inspection file and the repositories over it."""

    def __init__(self, db: InspectionDatabase):
        self.db = db
        self.inspection_repository = InspectionRepository(db)
        self.framework: Framework = self.inspection_repository.framework()
        self.evidence = EvidenceRepository(db, self.framework)
        self.findings = FindingRepository(db, self.framework)
        self.judgments = JudgmentRepository(db, self.framework)
        self.team = TeamRepository(db)
        self.attachments = AttachmentRepository(db)
        self.history = HistoryRepository(db)
        self.planned_methods = PlannedMethodRepository(db, self.framework)
        self.review_notes = ReviewNoteRepository(db, self.framework)
        self.indicators = IndicatorRepository(db, self.framework, self.evidence)

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def actor(self) -> str:
        """Initials the change history records this file's changes under."""
        return self.db.actor

    @actor.setter
    def actor(self, initials: str) -> None:
        self.db.actor = (initials or "").strip().upper()

    @property
    def inspection(self) -> Inspection:
        return self.inspection_repository.get()

    @property
    def default_author(self) -> str | None:
        """Initials new evidence is recorded under: the inspector a fieldwork copy
        is for; ``None`` in the master."""
        return self.inspection.default_author

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        readonly: bool = False,
        verify: bool = False,
        defer_verify: bool = False,
    ) -> "InspectionFile":
        """Open the inspection at ``path``; ``verify`` quick-checks the whole file first,
        or leaves it to the caller with ``defer_verify`` (see :meth:`InspectionDatabase.open`)."""
        db = InspectionDatabase.open(
            path, readonly=readonly, verify=verify, defer_verify=defer_verify
        )
        try:
            if not db.scalar("SELECT count(*) FROM inspection"):
                raise ValueError
            return cls(db)
        except Exception:
            db.close()
            raise NotAnInspectionError(f"{path} holds no inspection; it may be damaged.") from None

    @classmethod
    def create(
        cls,
        path: Path,
        framework: Framework,
        *,
        force: str,
        title: str = "",
        period: str = "",
        fieldwork_start: date | None = None,
        fieldwork_end: date | None = None,
    ) -> "InspectionFile":
        """Create a new inspection file for ``force`` using ``framework``."""
        path = Path(path)
        force = force.strip()
        if not force:
            raise ValueError("Give the name of the force being inspected.")
        db = InspectionDatabase.create(path)
        try:
            InspectionRepository(db).create(
                Inspection(
                    id="",
                    title=title.strip() or f"{force} — {framework.name}",
                    force=force,
                    framework_id=framework.id,
                    framework_version=framework.version,
                    period=period.strip(),
                    fieldwork_start=fieldwork_start,
                    fieldwork_end=fieldwork_end,
                ),
                framework,
            )
        except BaseException:
            db.close()
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            raise
        return cls(db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "InspectionFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
