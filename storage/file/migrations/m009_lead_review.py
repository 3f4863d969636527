"""The ninth step: what the lead inspector's judgment checks need from the file.
Frozen as first shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

#: The built-in framework whose files are given its cap, and the cap it sets.
_PEEL_2015, _PEEL_2015_CAP = "peel-2015-effectiveness", "Requires improvement"


def m009_lead_review(db: Database) -> None:
    """The framework's cause of concern cap is kept with the rest of the framework's own
    data in the inspection row: the name of the best grade a question carrying a cause
    of concern may have, or NULL when the framework sets none.

    Files of the built-in PEEL 2015 framework made before the cap existed are given
    the cap that framework now holds, so their checks work as a new file's do.
    """
    db.execute("ALTER TABLE inspection ADD COLUMN framework_cause_of_concern_cap TEXT")
    db.execute(
        "UPDATE inspection SET framework_cause_of_concern_cap = ?"
        " WHERE framework_id = ? AND EXISTS (SELECT 1 FROM grade WHERE name = ?)",
        [_PEEL_2015_CAP, _PEEL_2015, _PEEL_2015_CAP],
    )
