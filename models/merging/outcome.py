"""What merging another copy of an inspection will do, or did: counts, renumbered refs, conflicts.

These are plain values for the command line and the app to show; the storage
layer computes them (``storage.merge``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any


class MergeKind(str, Enum):
    """The kinds of rows a merge carries, in the order they are merged."""

    TEAM = "team"
    EVIDENCE = "evidence"
    EVIDENCE_LINKS = "evidence_links"
    ATTACHMENTS = "attachments"
    FINDINGS = "findings"
    FINDING_LINKS = "finding_links"
    JUDGMENTS = "judgments"
    REVIEW_NOTES = "review_notes"
    INDICATORS = "indicators"
    CHECKLISTS = "checklists"
    CHECKLIST_ITEMS = "checklist_items"
    CASE_FILES = "case_files"
    CASE_ANSWERS = "case_answers"
    RESULT_EVIDENCE = "result_evidence"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    MergeKind.TEAM: "Team members",
    MergeKind.EVIDENCE: "Evidence",
    MergeKind.EVIDENCE_LINKS: "Evidence ↔ question links",
    MergeKind.ATTACHMENTS: "Attachments",
    MergeKind.FINDINGS: "Findings",
    MergeKind.FINDING_LINKS: "Finding ↔ evidence links",
    MergeKind.JUDGMENTS: "Judgments",
    MergeKind.REVIEW_NOTES: "Review notes",
    MergeKind.INDICATORS: "Indicators",
    MergeKind.CHECKLISTS: "Checklists",
    MergeKind.CHECKLIST_ITEMS: "Checklist items",
    MergeKind.CASE_FILES: "Reviewed case files",
    MergeKind.CASE_ANSWERS: "Case file answers",
    MergeKind.RESULT_EVIDENCE: "Evidence ↔ review result links",
}


@dataclass(frozen=True)
class KindCounts:
    """Rows of one kind a merge adds, updates or deletes (soft), and new conflicts."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0

    @property
    def changes(self) -> int:
        return self.added + self.updated + self.deleted

    def __add__(self, other: "KindCounts") -> "KindCounts":
        return KindCounts(
            self.added + other.added,
            self.updated + other.updated,
            self.deleted + other.deleted,
            self.conflicts + other.conflicts,
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "added": self.added,
            "updated": self.updated,
            "deleted": self.deleted,
            "conflicts": self.conflicts,
        }


@dataclass(frozen=True)
class RefRenumbering:
    """An incoming evidence item (or finding) whose ref was already used here by another."""

    row_id: str
    old_ref: str
    new_ref: str
    #: "evidence" or "finding": which table the row is in.
    entity: str = "evidence"

    @property
    def noun(self) -> str:
        """What the row is called in a sentence: "item" or "finding"."""
        return "finding" if self.entity == "finding" else "item"


@dataclass(frozen=True)
class Conflict:
    """A row changed in two copies: the version now current and the other one kept aside."""

    kind: MergeKind
    entity: str
    row_key: str
    #: What the row is, for people: a ref, a question code, initials.
    label: str
    current: dict[str, Any]
    other: dict[str, Any]
    other_replica: str | None
    #: Where the other version came from, for people (a file name, "this file").
    other_source: str = ""
    id: str | None = None  # None in a preview: not recorded yet
    detected_at: str = ""
    resolved_at: str | None = None
    resolution: str | None = None

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def differing_fields(self) -> tuple[str, ...]:
        """Fields whose values differ, leaving out the bookkeeping times."""
        names = sorted(set(self.current) | set(self.other))
        return tuple(
            n
            for n in names
            if n not in ("updated_at", "created_at") and self.current.get(n) != self.other.get(n)
        )


@dataclass(frozen=True)
class MergePlan:
    """What merging one source file into the target will do (nothing has changed yet)."""

    source_path: Path
    source_replica: str
    source_copy_for: str | None
    source_copied_at: str | None
    counts: dict[MergeKind, KindCounts]
    renumbered: tuple[RefRenumbering, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    #: Conflicts already recorded in the source that the target will take in too.
    carried_conflicts: int = 0

    @property
    def total(self) -> KindCounts:
        result = KindCounts()
        for counts in self.counts.values():
            result = result + counts
        return result

    @property
    def is_empty(self) -> bool:
        return not self.total.changes and not self.total.conflicts and not self.carried_conflicts

    def summary(self) -> dict[str, Any]:
        """Plain data for the merge log (and anyone who wants JSON)."""
        return {
            "counts": {k.value: c.as_dict() for k, c in self.counts.items()},
            "renumbered": [[r.old_ref, r.new_ref] for r in self.renumbered],
            "carried_conflicts": self.carried_conflicts,
        }

    def same_outcome(self, other: "MergePlan") -> bool:
        """True when ``other`` would change exactly what this plan changes."""
        return (
            self.counts == other.counts
            and self.renumbered == other.renumbered
            and self.carried_conflicts == other.carried_conflicts
            and len(self.conflicts) == len(other.conflicts)
        )


@dataclass(frozen=True)
class MergeResult:
    """A merge that has been made: what it did, when, and its merge-log entry."""

    plan: MergePlan
    merged_at: str
    log_id: str

    @property
    def counts(self) -> dict[MergeKind, KindCounts]:
        return self.plan.counts

    @property
    def total(self) -> KindCounts:
        return self.plan.total
