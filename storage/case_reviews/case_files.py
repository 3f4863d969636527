"""Reading and writing reviewed case files and their answers.

Saving a file is one transaction however many answers change: the file's row and
only the answers that differ are written, so the history records exactly what the
reviewer changed and a save stays quick in a file of thousands. Saving a version
also brings a deleted file back, so undoing an edit or a deletion is saving the
version from before it. Lists are paged and filtered in SQL.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import date
from typing import Sequence

from models.case_reviews.answers import stored_answer_problem
from models.case_reviews.case_file import (
    CRIME_TYPE_LIMIT,
    NOTES_LIMIT,
    REFERENCE_LIMIT,
    CaseFile,
    Progress,
    progress,
    review_key,
)
from models.case_reviews.checklist import Checklist
from models.case_reviews.query import PAGE_LIMIT, CaseFileQuery
from models.records import normalise_initials, utc_now
from models.stored_values.rules import require_valid, without_nul
from storage.case_reviews.checklists import ChecklistStore
from storage.file.database import InspectionDatabase

_FILE = (
    "id, checklist_id, case_reference, crime_type, reviewed_on, reviewer, notes, sensitive,"
    " created_at, updated_at, deleted_at"
)
_FILE_DATA = (
    "checklist_id",
    "case_reference",
    "review_key",
    "crime_type",
    "reviewed_on",
    "reviewer",
    "notes",
    "sensitive",
)


@dataclass(frozen=True)
class CaseFileRow:
    """One line of the files list: the file without its answers, and its progress."""

    id: str
    case_reference: str
    crime_type: str
    reviewed_on: date | None
    reviewer: str
    sensitive: bool
    notes: str
    progress: Progress


def where_files(query: CaseFileQuery, alias: str = "f") -> tuple[str, list[object]]:
    """SQL condition (on ``alias``) and parameters for the live files ``query`` asks for."""
    parts = [f"{alias}.checklist_id = ?", f"{alias}.deleted_at IS NULL"]
    params: list[object] = [query.checklist_id]
    if query.crime_type is not None:
        parts.append(f"{alias}.crime_type = ? COLLATE NOCASE")
        params.append(query.crime_type)
    if query.reviewer is not None:
        parts.append(f"{alias}.reviewer = ?")
        params.append(query.reviewer.strip().upper())
    if query.reviewed_from is not None:
        parts.append(f"{alias}.reviewed_on >= ?")
        params.append(query.reviewed_from.isoformat())
    if query.reviewed_to is not None:
        parts.append(f"{alias}.reviewed_on <= ?")
        params.append(query.reviewed_to.isoformat())
    for word in query.search.split()[:20]:
        like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        parts.append(
            f"({alias}.case_reference LIKE ? ESCAPE '\\' OR {alias}.crime_type LIKE ? ESCAPE"
            f" '\\' OR {alias}.notes LIKE ? ESCAPE '\\')"
        )
        params.extend([like, like, like])
    return " AND ".join(parts), params


class CaseFileStore:
    """The reviewed case files of one inspection file."""

    def __init__(self, db: InspectionDatabase, checklists: ChecklistStore):
        self.db = db
        self.checklists = checklists

    # -- reading -------------------------------------------------------------------
    def get(self, case_file_id: str) -> CaseFile:
        """The file (deleted or not) with its live answers; ``KeyError`` when unknown."""
        row = self.db.conn.execute(
            f"SELECT {_FILE} FROM case_file WHERE id = ?", [case_file_id]
        ).fetchone()
        if row is None:
            raise KeyError(case_file_id)
        answers = dict(
            self.db.conn.execute(
                "SELECT item_id, value FROM case_answer WHERE case_file_id = ?"
                " AND deleted_at IS NULL",
                [case_file_id],
            ).fetchall()
        )
        return _case_file(row, answers)

    def find_reference(self, checklist_id: str, reference: str) -> str | None:
        """The id of the live file with this reference under the checklist, if any."""
        row = self.db.conn.execute(
            "SELECT id FROM case_file WHERE review_key = ? AND deleted_at IS NULL LIMIT 1",
            [review_key(checklist_id, reference)],
        ).fetchone()
        return None if row is None else str(row[0])

    def count(self, query: CaseFileQuery) -> int:
        where, params = where_files(query)
        return int(
            self.db.conn.execute(
                f"SELECT count(*) FROM case_file f WHERE {where}", params
            ).fetchone()[0]
        )

    def page(self, query: CaseFileQuery, offset: int = 0, limit: int = 100) -> list[CaseFileRow]:
        """One page of the files ``query`` asks for, newest review first."""
        limit = max(0, min(limit, PAGE_LIMIT))
        where, params = where_files(query)
        rows = self.db.conn.execute(
            f"SELECT {_FILE} FROM case_file f WHERE {where}"
            " ORDER BY f.reviewed_on IS NULL, f.reviewed_on DESC,"
            " f.case_reference COLLATE NOCASE, f.id LIMIT ? OFFSET ?",
            [*params, limit, max(0, offset)],
        ).fetchall()
        return self._rows(rows, self.checklists.get(query.checklist_id))

    def rows_of(self, ids: Sequence[str], checklist: Checklist) -> list[CaseFileRow]:
        """The list rows of the files ``ids`` (in that order, unknown ids left out)."""
        found: dict[str, Sequence] = {}
        for start in range(0, len(ids), 500):
            part = list(ids[start : start + 500])
            for row in self.db.conn.execute(
                f"SELECT {_FILE} FROM case_file WHERE id IN ({', '.join('?' * len(part))})",
                part,
            ):
                found[row[0]] = row
        return self._rows([found[i] for i in ids if i in found], checklist)

    def _rows(self, rows: Sequence[Sequence], checklist: Checklist) -> list[CaseFileRow]:
        answers: dict[str, dict[str, str]] = {r[0]: {} for r in rows}
        ids = list(answers)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            for file_id, item_id, value in self.db.conn.execute(
                "SELECT case_file_id, item_id, value FROM case_answer WHERE deleted_at IS NULL"
                f" AND case_file_id IN ({', '.join('?' * len(part))})",
                part,
            ):
                answers[file_id][item_id] = value
        return [
            CaseFileRow(
                id=r[0],
                case_reference=r[2],
                crime_type=r[3],
                reviewed_on=None if r[4] is None else date.fromisoformat(r[4]),
                reviewer=r[5],
                sensitive=bool(r[7]),
                notes=r[6],
                progress=progress(checklist, answers[r[0]]),
            )
            for r in rows
        ]

    def crime_types(self, checklist_id: str) -> list[str]:
        """The crime types the checklist's live files were given, for a filter's choices."""
        return [
            r[0]
            for r in self.db.conn.execute(
                "SELECT DISTINCT crime_type FROM case_file WHERE checklist_id = ?"
                " AND deleted_at IS NULL AND crime_type != '' ORDER BY crime_type COLLATE NOCASE",
                [checklist_id],
            )
        ]

    def reviewers(self, checklist_id: str) -> list[str]:
        """The initials of those who reviewed the checklist's live files."""
        return [
            r[0]
            for r in self.db.conn.execute(
                "SELECT DISTINCT reviewer FROM case_file WHERE checklist_id = ?"
                " AND deleted_at IS NULL ORDER BY reviewer",
                [checklist_id],
            )
        ]

    # -- writing -------------------------------------------------------------------
    def save(self, case_file: CaseFile) -> CaseFile:
        """Make ``case_file`` with its answers the current version, as one step."""
        with self.db.transaction() as conn:
            self.save_in(conn, self.normalised(case_file))
        return self.get(case_file.id)

    def normalised(self, case_file: CaseFile, checklist: Checklist | None = None) -> CaseFile:
        """``case_file`` as it is stored; ``ValueError`` names the first thing wrong."""
        checklist = checklist or self._live_checklist(case_file.checklist_id)
        reference = " ".join(without_nul(case_file.case_reference).split())
        if not reference:
            raise ValueError("Give the file's case reference.")
        if len(reference) > REFERENCE_LIMIT:
            raise ValueError(f"A case reference holds at most {REFERENCE_LIMIT} characters.")
        crime_type = " ".join(without_nul(case_file.crime_type).split())
        if len(crime_type) > CRIME_TYPE_LIMIT:
            raise ValueError(f"A crime type holds at most {CRIME_TYPE_LIMIT} characters.")
        notes = without_nul(case_file.notes)
        if len(notes) > NOTES_LIMIT:
            raise ValueError(f"A file's notes hold at most {NOTES_LIMIT:,} characters.")
        reviewer = normalise_initials(case_file.reviewer)
        items = {item.id: item for item in checklist.items}
        for item_id, value in case_file.answers.items():
            item = items.get(item_id)
            if item is None:
                raise ValueError("An answer is for an item that is not in the checklist.")
            problem = stored_answer_problem(item.answer_type, item.choices, value)
            if problem:
                raise ValueError(f"The answer to item {item.number} {problem}.")
        require_valid("case_file", {"id": case_file.id})
        return replace(
            case_file,
            case_reference=reference,
            crime_type=crime_type,
            notes=notes,
            reviewer=reviewer,
            sensitive=bool(case_file.sensitive),
            answers=dict(case_file.answers),
        )

    def save_in(self, conn: sqlite3.Connection, clean: CaseFile) -> None:
        """Write a :meth:`normalised` file inside a transaction the caller holds."""
        other = conn.execute(
            "SELECT id FROM case_file WHERE review_key = ? AND deleted_at IS NULL"
            " AND id != ? LIMIT 1",
            [review_key(clean.checklist_id, clean.case_reference), clean.id],
        ).fetchone()
        if other is not None:
            raise ValueError(
                f"The file {clean.case_reference} has been reviewed under this checklist"
                " already; open that review instead."
            )
        now = utc_now()
        values = _file_values(clean)
        old = conn.execute(
            f"SELECT {', '.join(_FILE_DATA)}, deleted_at FROM case_file WHERE id = ?",
            [clean.id],
        ).fetchone()
        if old is None:
            conn.execute(
                f"INSERT INTO case_file (id, {', '.join(_FILE_DATA)}, created_at, updated_at,"
                " deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                [clean.id, *values, now, now],
            )
        elif list(old) != [*values, None]:
            conn.execute(
                f"UPDATE case_file SET {', '.join(f'{c} = ?' for c in _FILE_DATA)},"
                " deleted_at = NULL, updated_at = ? WHERE id = ?",
                [*values, now, clean.id],
            )
        self._save_answers(conn, clean, now)

    @staticmethod
    def _save_answers(conn: sqlite3.Connection, clean: CaseFile, now: str) -> None:
        held = {
            item_id: (value, deleted)
            for item_id, value, deleted in conn.execute(
                "SELECT item_id, value, deleted_at FROM case_answer WHERE case_file_id = ?",
                [clean.id],
            )
        }
        for item_id, value in clean.answers.items():
            old = held.get(item_id)
            if old is None:
                conn.execute(
                    "INSERT INTO case_answer (case_file_id, item_id, value, created_at,"
                    " updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, NULL)",
                    [clean.id, item_id, value, now, now],
                )
            elif old != (value, None):
                conn.execute(
                    "UPDATE case_answer SET value = ?, deleted_at = NULL, updated_at = ?"
                    " WHERE case_file_id = ? AND item_id = ?",
                    [value, now, clean.id, item_id],
                )
        for item_id, (_, deleted) in held.items():
            if item_id not in clean.answers and deleted is None:
                conn.execute(
                    "UPDATE case_answer SET deleted_at = ?, updated_at = ?"
                    " WHERE case_file_id = ? AND item_id = ?",
                    [now, now, clean.id, item_id],
                )

    def set_deleted(self, case_file_ids: Sequence[str], deleted: bool) -> None:
        """Delete or bring back reviewed files as one step (answers stay with them)."""
        now = utc_now()
        with self.db.transaction() as conn:
            for case_file_id in case_file_ids:
                if not deleted:
                    self._refuse_clash(conn, case_file_id)
                conn.execute(
                    "UPDATE case_file SET deleted_at = ?, updated_at = ? WHERE id = ?"
                    " AND (deleted_at IS NULL) = ?",
                    [now if deleted else None, now, case_file_id, int(deleted)],
                )

    @staticmethod
    def _refuse_clash(conn: sqlite3.Connection, case_file_id: str) -> None:
        clash = conn.execute(
            "SELECT o.case_reference FROM case_file f JOIN case_file o ON"
            " o.review_key = f.review_key AND o.id != f.id AND o.deleted_at IS NULL"
            " WHERE f.id = ?",
            [case_file_id],
        ).fetchone()
        if clash is not None:
            raise ValueError(
                f"The file {clash[0]} has been reviewed again since; it cannot be brought back."
            )

    def _live_checklist(self, checklist_id: str) -> Checklist:
        try:
            checklist = self.checklists.get(checklist_id)
        except KeyError:
            raise ValueError("The checklist of this file is not in the inspection.") from None
        if checklist.deleted_at is not None:
            raise ValueError("The checklist of this file has been deleted.")
        return checklist


def _file_values(f: CaseFile) -> list[object]:
    return [
        f.checklist_id,
        f.case_reference,
        review_key(f.checklist_id, f.case_reference),
        f.crime_type,
        None if f.reviewed_on is None else f.reviewed_on.isoformat(),
        f.reviewer,
        f.notes,
        int(f.sensitive),
    ]


def _case_file(row: Sequence, answers: dict[str, str]) -> CaseFile:
    return CaseFile(
        id=row[0],
        checklist_id=row[1],
        case_reference=row[2],
        crime_type=row[3],
        reviewed_on=None if row[4] is None else date.fromisoformat(row[4]),
        reviewer=row[5],
        notes=row[6],
        sensitive=bool(row[7]),
        answers=answers,
        created_at=row[8],
        updated_at=row[9],
        deleted_at=row[10],
    )
