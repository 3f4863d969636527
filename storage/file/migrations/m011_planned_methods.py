"""The eleventh step: the methods the team planned to use under each core question.
Frozen as first shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def m011_planned_methods(db: Database) -> None:
    """One row per core question and source type the team planned to gather evidence by.

    The plan is the lead's, made in the master: a fieldwork copy carries it (the copy
    is the whole file) and a merge leaves the master's plan as it is.
    """
    db.execute(
        "CREATE TABLE planned_method ("
        " question_id TEXT NOT NULL REFERENCES question(id),"
        " source_type TEXT NOT NULL,"
        " PRIMARY KEY (question_id, source_type)"
        ") WITHOUT ROWID"
    )
