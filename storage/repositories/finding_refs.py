"""Finding refs as storage gives them: the next free number in a file.

Shared by the finding repository (a new finding takes the next ref in the same
transaction as its insert) and by merging (a finding whose ref is already used
here takes the next ref after the highest in either file).
"""

from __future__ import annotations

import sqlite3

from models.records import format_finding_ref


def highest_finding_number(conn: sqlite3.Connection, schema: str = "main") -> int:
    """The highest number of any finding ref in ``schema`` (deleted findings included,
    so a ref is never given twice), 0 when there is none."""
    highest = conn.execute(
        f"SELECT max(CAST(substr(ref, 2) AS INTEGER)) FROM {schema}.finding"
        " WHERE ref GLOB 'F[1-9]*' AND substr(ref, 2) NOT GLOB '*[^0-9]*'"
    ).fetchone()[0]
    return int(highest or 0)


def next_finding_ref(conn: sqlite3.Connection) -> str:
    """The ref a finding made now in ``conn``'s file gets (call inside the insert's
    transaction, so two findings never take the same one)."""
    return format_finding_ref(highest_finding_number(conn) + 1)
