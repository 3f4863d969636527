"""Judgments: one per graded question and one overall, kept current in place."""

from __future__ import annotations

import uuid
from dataclasses import replace

from models.framework import Framework
from models.records import Judgment, utc_now
from models.stored_values.rules import require_valid, without_nul
from models.vocabulary import JudgmentStatus
from storage.file.database import InspectionDatabase

_SELECT = (
    "SELECT j.id, q.code, g.name, j.rationale, j.status, j.created_at, j.updated_at"
    " FROM judgment j LEFT JOIN question q ON q.id = j.question_id"
    " LEFT JOIN grade g ON g.id = j.grade_id WHERE j.deleted_at IS NULL"
)


#: Why a reviewed judgment went back to draft, as the change history shows it.
REOPENED_REASON = "Grade or rationale changed after review, so the judgment is a draft again"


class JudgmentRepository:
    """Reads and writes judgments; an absent judgment reads as "not yet graded"."""

    def __init__(self, db: InspectionDatabase, framework: Framework):
        self.db = db
        self.framework = framework

    def get(self, question_code: str | None) -> Judgment:
        if question_code is None:
            row = self.db.conn.execute(f"{_SELECT} AND j.question_id IS NULL").fetchone()
        else:
            row = self.db.conn.execute(f"{_SELECT} AND q.code = ?", [question_code]).fetchone()
        return self._judgment(row) if row else Judgment(question_code=question_code)

    def all(self) -> dict[str | None, Judgment]:
        """Every recorded judgment by question code (``None`` for the overall one)."""
        rows = self.db.conn.execute(_SELECT).fetchall()
        return {r[1]: self._judgment(r) for r in rows}

    def save(self, judgment: Judgment) -> Judgment:
        """Create or replace the judgment for its question (one transaction).

        A reviewed judgment whose grade or rationale changes goes back to
        draft (the returned judgment says so), with the reason in its history.
        """
        judgment = replace(judgment, rationale=without_nul(judgment.rationale))
        require_valid("judgment", {"rationale": judgment.rationale})
        question_id = None
        if judgment.question_code is not None:
            if not self.framework.has_question(judgment.question_code):
                raise ValueError(f"Question {judgment.question_code} is not in this framework.")
            question = self.framework.question(judgment.question_code)
            if not question.graded:
                raise ValueError(f"Question {question.code} is not graded in this framework.")
            question_id = question.id
        grade_id = None
        if judgment.grade:
            try:
                grade = self.framework.grade(judgment.grade)
            except KeyError as e:
                raise ValueError(e.args[0]) from None
            grade_id = grade.id
            judgment = replace(judgment, grade=grade.name)
        reviewed = self._reviewed_unchanged(question_id, grade_id, judgment.rationale)
        if reviewed is False and judgment.status is JudgmentStatus.REVIEWED:
            judgment = replace(judgment, status=JudgmentStatus.DRAFT)
            reason = REOPENED_REASON
        else:
            reason = ""
        with self.db.transaction(reason=reason) as conn:
            now = utc_now()
            existing = conn.execute(
                "SELECT id, created_at FROM judgment WHERE ifnull(question_id, '') = ?"
                " AND deleted_at IS NULL",
                [question_id or ""],
            ).fetchone()
            if existing:
                judgment = replace(judgment, id=existing[0], created_at=existing[1], updated_at=now)
                conn.execute(
                    "UPDATE judgment SET grade_id=?, rationale=?, status=?, updated_at=?"
                    " WHERE id=?",
                    [grade_id, judgment.rationale, judgment.status.value, now, judgment.id],
                )
            else:
                judgment = replace(
                    judgment,
                    id=self._id_for(conn, judgment.question_code),
                    created_at=now,
                    updated_at=now,
                )
                conn.execute(
                    "INSERT INTO judgment (id, question_id, grade_id, rationale, status,"
                    " created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
                    [
                        judgment.id,
                        question_id,
                        grade_id,
                        judgment.rationale,
                        judgment.status.value,
                        now,
                        now,
                    ],
                )
        return judgment

    def _reviewed_unchanged(
        self, question_id: str | None, grade_id: str | None, rationale: str
    ) -> bool | None:
        """For a judgment already marked reviewed: whether grade and rationale stay
        as they were reviewed (``None`` when it is not reviewed)."""
        row = self.db.conn.execute(
            "SELECT grade_id, rationale, status FROM judgment WHERE ifnull(question_id, '') = ?"
            " AND deleted_at IS NULL",
            [question_id or ""],
        ).fetchone()
        if row is None or row[2] != JudgmentStatus.REVIEWED.value:
            return None
        return row[0] == grade_id and row[1] == rationale

    @staticmethod
    def _id_for(conn, question_code: str | None) -> str:
        """The same id for the same question's judgment in every copy of an inspection,
        so judgments made on different laptops meet as one row when merged."""
        inspection_id = conn.execute("SELECT id FROM inspection").fetchone()[0]
        key = f"judgment|{inspection_id}|{question_code or ''}"
        return str(uuid.uuid5(uuid.NAMESPACE_URL, key))

    @staticmethod
    def _judgment(row) -> Judgment:
        return Judgment(
            id=row[0],
            question_code=row[1],
            grade=row[2],
            rationale=row[3],
            status=JudgmentStatus(row[4]),
            created_at=row[5],
            updated_at=row[6],
        )
