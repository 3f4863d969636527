"""The methods (source types) the team planned to use under each core question.

The plan is read whole (a few dozen rows at most) and replaced whole in one
transaction, which is how the window edits it.
"""

from __future__ import annotations

from collections.abc import Mapping

from models.framework import Framework
from models.vocabulary import SourceType
from storage.file.database import InspectionDatabase
from storage.file.errors import StorageError

#: The plan: core question code -> the source types planned under it.
Plan = dict[str, frozenset[SourceType]]


class PlanError(StorageError):
    """A plan that names something other than a core question (the message says what)."""


class PlannedMethodRepository:
    """Reads and replaces the team's plan of methods per core question."""

    def __init__(self, db: InspectionDatabase, framework: Framework):
        self.db = db
        self.framework = framework

    def plan(self) -> Plan:
        """The plan, by core question code (questions with nothing planned are left out).
        Rows the app never writes (a crafted file's unknown source type) are left out."""
        sources = {s.value: s for s in SourceType}
        found: dict[str, set[SourceType]] = {}
        for code, source in self.db.conn.execute(
            "SELECT q.code, p.source_type FROM planned_method p"
            " JOIN question q ON q.id = p.question_id ORDER BY q.position"
        ):
            if source in sources:
                found.setdefault(code, set()).add(sources[source])
        return {code: frozenset(kinds) for code, kinds in found.items()}

    def replace(self, plan: Mapping[str, frozenset[SourceType]]) -> Plan:
        """Make the plan exactly ``plan`` (one transaction); refused whole when it names a
        question that is not a core question."""
        core = {q.code: q for q in self.framework.core_questions()}
        wrong = sorted(code for code in plan if code not in core)
        if wrong:
            raise PlanError(
                f"Methods are planned for core questions only; {', '.join(wrong)} is not one."
            )
        rows = [
            (core[code].id, source.value)
            for code, sources in plan.items()
            for source in sorted(sources, key=lambda s: s.value)
        ]
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM planned_method")
            conn.executemany(
                "INSERT INTO planned_method (question_id, source_type) VALUES (?, ?)", rows
            )
        return self.plan()
