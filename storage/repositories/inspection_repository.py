"""The inspection row and the framework copied into the file.

A file carries its own copy of the framework's questions and grade scale, so
it opens the same way on any laptop whatever frameworks are installed there.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from models.framework import Framework, Grade, Question
from models.records import Inspection, new_id, utc_now
from models.stored_values.rules import require_valid, without_nul
from storage.file.database import InspectionDatabase


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def checked_details(inspection: Inspection) -> Inspection:
    """The details trimmed and held to the rules every copy of them is
    (``models.stored_values.rules``), or ``ValueError`` saying what is wrong with them."""
    inspection = replace(
        inspection,
        title=without_nul(inspection.title).strip(),
        force=without_nul(inspection.force).strip(),
        period=without_nul(inspection.period).strip(),
    )
    if not inspection.force:
        raise ValueError("Give the name of the force being inspected.")
    if not inspection.title:
        raise ValueError("Give the inspection a title.")
    start, end = inspection.fieldwork_start, inspection.fieldwork_end
    if start is not None and end is not None and end < start:
        raise ValueError("Fieldwork cannot end before it starts.")
    require_valid(
        "inspection",
        {"title": inspection.title, "force": inspection.force, "period": inspection.period},
    )
    return inspection


class InspectionRepository:
    """Reads and writes the single inspection row and the framework tables."""

    def __init__(self, db: InspectionDatabase):
        self.db = db

    def create(self, inspection: Inspection, framework: Framework) -> Inspection:
        """Write the inspection and its framework into an empty file (one transaction)."""
        inspection = checked_details(inspection)
        now = utc_now()
        inspection = replace(
            inspection,
            id=inspection.id or new_id(),
            framework_id=framework.id,
            framework_version=framework.version,
            created_at=now,
            updated_at=now,
            replica_id=new_id(),
        )
        with self.db.transaction() as conn:
            if conn.execute("SELECT count(*) FROM inspection").fetchone()[0]:
                raise ValueError("this file already holds an inspection")
            conn.execute(
                "INSERT INTO inspection (id, title, force, period, fieldwork_start, fieldwork_end,"
                " framework_id, framework_name, framework_version, framework_description,"
                " framework_cause_of_concern_cap, created_at, updated_at, replica_id)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    inspection.id,
                    inspection.title,
                    inspection.force,
                    inspection.period,
                    _iso(inspection.fieldwork_start),
                    _iso(inspection.fieldwork_end),
                    framework.id,
                    framework.name,
                    framework.version,
                    framework.description,
                    framework.cause_of_concern_cap,
                    now,
                    now,
                    inspection.replica_id,
                ],
            )
            conn.executemany(
                "INSERT INTO question (id, code, parent_code, depth, position, subtree_end, title,"
                " guidance, graded) VALUES (?,?,?,?,?,?,?,?,?)",
                [
                    (
                        q.id,
                        q.code,
                        q.parent_code,
                        q.depth,
                        q.position,
                        q.subtree_end,
                        q.title,
                        q.guidance,
                        int(q.graded),
                    )
                    for q in framework.questions
                ],
            )
            conn.executemany(
                "INSERT INTO grade (id, position, name, definition) VALUES (?,?,?,?)",
                [(g.id, g.position, g.name, g.definition) for g in framework.grades],
            )
        return inspection

    def get(self) -> Inspection:
        rows = self.db.query("SELECT * FROM inspection")
        if not rows:
            raise ValueError("this file holds no inspection yet")
        r = rows[0]
        return Inspection(
            id=r["id"],
            title=r["title"],
            force=r["force"],
            framework_id=r["framework_id"],
            framework_version=r["framework_version"],
            period=r["period"],
            fieldwork_start=_date(r["fieldwork_start"]),
            fieldwork_end=_date(r["fieldwork_end"]),
            created_at=r["created_at"],
            updated_at=r["updated_at"],
            replica_id=r["replica_id"] or "",
            copy_for=r["copy_for"],
            copied_at=r["copied_at"],
        )

    def update(self, inspection: Inspection) -> Inspection:
        """Save the inspection's details (one transaction; the history records each change)."""
        inspection = checked_details(inspection)
        now = utc_now()
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE inspection SET title=?, force=?, period=?, fieldwork_start=?,"
                " fieldwork_end=?, updated_at=? WHERE id=?",
                [
                    inspection.title,
                    inspection.force,
                    inspection.period,
                    _iso(inspection.fieldwork_start),
                    _iso(inspection.fieldwork_end),
                    now,
                    inspection.id,
                ],
            )
        return replace(inspection, updated_at=now)

    def framework(self) -> Framework:
        """The framework as copied into this file."""
        head = self.db.query(
            "SELECT framework_id, framework_name, framework_version,"
            " framework_description, framework_cause_of_concern_cap FROM inspection"
        )[0]
        questions = tuple(
            Question(
                r["id"],
                r["code"],
                r["title"],
                r["parent_code"],
                r["depth"],
                r["position"],
                r["subtree_end"],
                bool(r["graded"]),
                r["guidance"],
            )
            for r in self.db.query("SELECT * FROM question ORDER BY position")
        )
        grades = tuple(
            Grade(r["id"], r["position"], r["name"], r["definition"])
            for r in self.db.query("SELECT * FROM grade ORDER BY position")
        )
        return Framework(
            head["framework_id"],
            head["framework_name"],
            head["framework_version"],
            head["framework_description"],
            questions,
            grades,
            cause_of_concern_cap=_cap(head["framework_cause_of_concern_cap"], grades),
        )


def _cap(name: object, grades: tuple[Grade, ...]) -> str | None:
    """The stored cap as one of the file's grades; a value naming none of them (only a
    crafted file holds one) sets no cap rather than breaking the checks."""
    if not isinstance(name, str):
        return None
    for grade in grades:
        if grade.name.lower() == name.strip().lower():
            return grade.name
    return None
