"""Judgments: one per graded question and one overall, kept current in place."""

from __future__ import annotations

import uuid
from dataclasses import replace

from models.framework import Framework
from models.records import Judgment, utc_now
from models.sign_off import sign_judgment
from models.stored_values.rules import require_valid, without_nul
from models.vocabulary import JudgmentStatus
from storage.file.database import InspectionDatabase

_SELECT = (
    "SELECT j.id, q.code, g.name, j.rationale, j.status, j.created_at, j.updated_at,"
    " j.prepared_by, j.prepared_at, j.reviewed_by, j.reviewed_at FROM judgment j"
    " LEFT JOIN question q ON q.id = j.question_id"
    " LEFT JOIN grade g ON g.id = j.grade_id WHERE j.deleted_at IS NULL"
)


#: The sign-off columns, in the order the writes below give them.
_SIGN_OFF = ("prepared_by", "prepared_at", "reviewed_by", "reviewed_at")

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

    def save(self, judgment: Judgment, *, as_recorded: bool = False) -> Judgment:
        """Create or replace the judgment for its question (one transaction).

        The sign-off is worked out by ``models.sign_off`` with this file's actor as
        the one saving: a reviewed judgment whose grade or rationale changes goes back
        to draft (the returned judgment says so), with the reason in its history, and
        a self-review is refused (``SignOffRefused``). ``as_recorded`` writes the
        sign-off exactly as ``judgment`` holds it: an undo or redo puts back a version
        that was signed off when it was first saved.
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
        now = utc_now()
        reason = ""
        if not as_recorded:
            asked = judgment.status
            judgment = sign_judgment(
                self.get(judgment.question_code) if self._exists(question_id) else None,
                judgment,
                self.db.actor,
                now,
                self._team_size(),
            )
            if asked is JudgmentStatus.REVIEWED and judgment.status is JudgmentStatus.DRAFT:
                reason = REOPENED_REASON
        sign_off = [
            judgment.prepared_by,
            judgment.prepared_at,
            judgment.reviewed_by,
            judgment.reviewed_at,
        ]
        require_valid("judgment", dict(zip(_SIGN_OFF, sign_off)))
        with self.db.transaction(reason=reason) as conn:
            existing = conn.execute(
                "SELECT id, created_at, updated_at, grade_id, rationale, status, prepared_by,"
                " prepared_at, reviewed_by, reviewed_at FROM judgment"
                " WHERE ifnull(question_id, '') = ? AND deleted_at IS NULL",
                [question_id or ""],
            ).fetchone()
            same = [grade_id, judgment.rationale, judgment.status.value, *sign_off]
            if existing and list(existing[3:]) == same:
                # Saved again as it is (signed off twice, a field left unchanged): nothing
                # changes, not even its time, since a change must always have its history.
                return replace(
                    judgment, id=existing[0], created_at=existing[1], updated_at=existing[2]
                )
            if existing:
                judgment = replace(judgment, id=existing[0], created_at=existing[1], updated_at=now)
                conn.execute(
                    "UPDATE judgment SET grade_id=?, rationale=?, status=?, updated_at=?,"
                    " prepared_by=?, prepared_at=?, reviewed_by=?, reviewed_at=? WHERE id=?",
                    [
                        grade_id,
                        judgment.rationale,
                        judgment.status.value,
                        now,
                        *sign_off,
                        judgment.id,
                    ],
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
                    " created_at, updated_at, prepared_by, prepared_at, reviewed_by,"
                    " reviewed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        judgment.id,
                        question_id,
                        grade_id,
                        judgment.rationale,
                        judgment.status.value,
                        now,
                        now,
                        *sign_off,
                    ],
                )
        return judgment

    def _exists(self, question_id: str | None) -> bool:
        row = self.db.conn.execute(
            "SELECT 1 FROM judgment WHERE ifnull(question_id, '') = ? AND deleted_at IS NULL",
            [question_id or ""],
        ).fetchone()
        return row is not None

    def _team_size(self) -> int:
        """Live members of the team (a self-review is allowed only in a team of one)."""
        row = self.db.conn.execute(
            "SELECT count(*) FROM team_member WHERE deleted_at IS NULL"
        ).fetchone()
        return int(row[0])

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
            prepared_by=row[7],
            prepared_at=row[8],
            reviewed_by=row[9],
            reviewed_at=row[10],
        )
