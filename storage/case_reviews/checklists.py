"""Reading and writing checklists and their items.

A checklist is saved whole: the version given becomes the current one, items left out
are deleted (soft, their answers kept) and items given again come back, so undoing an
edit is saving the version from before it. The version number counts up whenever the
items change.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from typing import Sequence

from models.case_reviews.answers import AnswerType, stored_answer_problem
from models.case_reviews.checklist import (
    Checklist,
    ChecklistItem,
    Condition,
    checklist_problems,
    numbered,
)
from models.framework import Framework
from models.records import utc_now
from models.stored_values.rules import require_valid, without_nul
from storage.file.database import InspectionDatabase

_CHECKLIST = "id, title, theme, question_ids, version, created_at, updated_at, deleted_at"
_ITEM = "id, checklist_id, position, prompt, answer_type, choices, condition_item_id,"
_ITEM += " condition_value"
_ITEM_DATA = (
    "position",
    "prompt",
    "answer_type",
    "choices",
    "condition_item_id",
    "condition_value",
)


class ChecklistStore:
    """The checklists of one inspection file."""

    def __init__(self, db: InspectionDatabase, framework: Framework):
        self.db = db
        self.framework = framework

    # -- reading -------------------------------------------------------------------
    def all(self, *, include_deleted: bool = False) -> list[Checklist]:
        """Every live checklist (with its live items), by title."""
        where = "" if include_deleted else " WHERE deleted_at IS NULL"
        rows = self.db.conn.execute(
            f"SELECT {_CHECKLIST} FROM checklist{where} ORDER BY title COLLATE NOCASE, id"
        ).fetchall()
        items = self._items_of([r[0] for r in rows])
        return [self._checklist(r, items.get(r[0], ())) for r in rows]

    def get(self, checklist_id: str) -> Checklist:
        """The checklist (deleted or not) with its live items; ``KeyError`` when unknown."""
        row = self.db.conn.execute(
            f"SELECT {_CHECKLIST} FROM checklist WHERE id = ?", [checklist_id]
        ).fetchone()
        if row is None:
            raise KeyError(checklist_id)
        return self._checklist(row, self._items_of([checklist_id]).get(checklist_id, ()))

    def item(self, item_id: str) -> tuple[Checklist, ChecklistItem]:
        """The checklist an item belongs to, and the item (``KeyError`` when unknown)."""
        row = self.db.conn.execute(
            "SELECT checklist_id FROM checklist_item WHERE id = ? AND deleted_at IS NULL",
            [item_id],
        ).fetchone()
        if row is None:
            raise KeyError(item_id)
        checklist = self.get(row[0])
        return checklist, checklist.item(item_id)

    # -- writing -------------------------------------------------------------------
    def save(self, checklist: Checklist) -> Checklist:
        """Make ``checklist`` the current version of itself (new, changed or brought
        back), as one step; the checklist as stored. ``ValueError`` names what is wrong."""
        with self.db.transaction() as conn:
            self.save_in(conn, checklist)
        return self.get(checklist.id)

    def save_in(self, conn: sqlite3.Connection, checklist: Checklist) -> None:
        """:meth:`save` inside a transaction the caller holds."""
        clean = self._normalised(checklist)
        now = utc_now()
        question_ids = json.dumps([self.framework.question(c).id for c in clean.question_codes])
        old = conn.execute(
            "SELECT title, theme, question_ids, version, deleted_at FROM checklist WHERE id = ?",
            [clean.id],
        ).fetchone()
        if old is None:
            conn.execute(
                f"INSERT INTO checklist ({_CHECKLIST}) VALUES (?, ?, ?, ?, 1, ?, ?, NULL)",
                [clean.id, clean.title, clean.theme, question_ids, now, now],
            )
            self._save_items(conn, clean, now)
            return
        items_changed = self._save_items(conn, clean, now)
        version = int(old[3]) + (1 if items_changed else 0)
        if list(old) != [clean.title, clean.theme, question_ids, version, None]:
            conn.execute(
                "UPDATE checklist SET title = ?, theme = ?, question_ids = ?, version = ?,"
                " deleted_at = NULL, updated_at = ? WHERE id = ?",
                [clean.title, clean.theme, question_ids, version, now, clean.id],
            )

    def set_deleted(self, checklist_ids: Sequence[str], deleted: bool) -> None:
        """Delete or bring back checklists as one step (their files stay in the file)."""
        now = utc_now()
        with self.db.transaction() as conn:
            for checklist_id in checklist_ids:
                conn.execute(
                    "UPDATE checklist SET deleted_at = ?, updated_at = ? WHERE id = ?"
                    " AND (deleted_at IS NULL) = ?",
                    [now if deleted else None, now, checklist_id, int(deleted)],
                )

    def _save_items(self, conn: sqlite3.Connection, checklist: Checklist, now: str) -> bool:
        rows = conn.execute(
            f"SELECT {_ITEM}, deleted_at FROM checklist_item WHERE checklist_id = ?",
            [checklist.id],
        ).fetchall()
        existing = {r[0]: r for r in rows}
        taken = (
            conn.execute(
                "SELECT id FROM checklist_item WHERE checklist_id != ? AND id IN"
                f" ({', '.join('?' * len(checklist.items))})",
                [checklist.id, *[i.id for i in checklist.items]],
            ).fetchone()
            if checklist.items
            else None
        )
        if taken:
            raise ValueError("An item of this checklist belongs to another checklist.")
        changed = False
        for position, item in enumerate(checklist.items):
            values = self._item_values(item, position)
            old = existing.get(item.id)
            if old is None:
                conn.execute(
                    f"INSERT INTO checklist_item ({_ITEM}, created_at, updated_at, deleted_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                    [item.id, checklist.id, *values, now, now],
                )
                changed = True
            elif list(old[2:]) != [*values, None]:
                if (old[4], old[5]) != (values[2], values[3]):
                    self._refuse_stranded_answers(conn, item)
                sets = ", ".join(f"{c} = ?" for c in _ITEM_DATA)
                conn.execute(
                    f"UPDATE checklist_item SET {sets}, deleted_at = NULL, updated_at = ?"
                    " WHERE id = ?",
                    [*values, now, item.id],
                )
                changed = True
        kept = {i.id for i in checklist.items}
        for item_id, row in existing.items():
            if item_id not in kept and row[-1] is None:
                conn.execute(
                    "UPDATE checklist_item SET deleted_at = ?, updated_at = ? WHERE id = ?",
                    [now, now, item_id],
                )
                changed = True
        return changed

    @staticmethod
    def _refuse_stranded_answers(conn: sqlite3.Connection, item: ChecklistItem) -> None:
        """A new answer type or new choices must still take every answer files gave the
        item: otherwise those files could no longer be saved, and their answers would be
        counted as something the item does not offer."""
        for (value,) in conn.execute(
            "SELECT DISTINCT value FROM case_answer WHERE item_id = ? AND deleted_at IS NULL",
            [item.id],
        ):
            problem = stored_answer_problem(AnswerType(item.answer_type).value, item.choices, value)
            if problem:
                raise ValueError(
                    f"Item {item.number} has been answered '{value}' in reviewed files, which"
                    f" a {AnswerType(item.answer_type).label.lower()} item with these choices"
                    " cannot take; keep its answer type and choices, or add a new item."
                )

    # -- rows ------------------------------------------------------------------------
    def _normalised(self, checklist: Checklist) -> Checklist:
        for code in checklist.question_codes:
            if not self.framework.has_question(code):
                raise ValueError(f"Question {code} is not in this inspection's framework.")
        codes = sorted(
            set(checklist.question_codes), key=lambda c: self.framework.question(c).position
        )
        items = numbered(
            replace(
                item,
                prompt=" ".join(without_nul(item.prompt).split()),
                answer_type=AnswerType(item.answer_type),
                choices=tuple(" ".join(without_nul(c).split()) for c in item.choices),
            )
            for item in checklist.items
        )
        clean = replace(
            checklist,
            title=" ".join(without_nul(checklist.title).split()),
            theme=" ".join(without_nul(checklist.theme).split()),
            question_codes=tuple(codes),
            items=items,
        )
        problems = checklist_problems(clean)
        if problems:
            raise ValueError(" ".join(problems[:5]))
        require_valid("checklist", {"id": clean.id, "title": clean.title, "theme": clean.theme})
        for item in items:
            require_valid("checklist_item", {"id": item.id})
        return clean

    @staticmethod
    def _item_values(item: ChecklistItem, position: int) -> list[object]:
        condition = item.condition
        return [
            position,
            item.prompt,
            AnswerType(item.answer_type).value,
            json.dumps(list(item.choices), ensure_ascii=False),
            None if condition is None else condition.item_id,
            None if condition is None else condition.value,
        ]

    def _items_of(self, checklist_ids: list[str]) -> dict[str, tuple[ChecklistItem, ...]]:
        found: dict[str, list[ChecklistItem]] = {}
        for start in range(0, len(checklist_ids), 500):
            part = checklist_ids[start : start + 500]
            rows = self.db.conn.execute(
                f"SELECT {_ITEM} FROM checklist_item WHERE deleted_at IS NULL AND checklist_id"
                f" IN ({', '.join('?' * len(part))}) ORDER BY checklist_id, position, id",
                part,
            )
            for r in rows:
                condition = None if r[6] is None else Condition(r[6], r[7] or "")
                found.setdefault(r[1], []).append(
                    ChecklistItem(
                        id=r[0],
                        prompt=r[3],
                        answer_type=AnswerType(r[4]),
                        choices=tuple(json.loads(r[5])),
                        condition=condition,
                    )
                )
        return {k: numbered(v) for k, v in found.items()}

    def _checklist(self, row: Sequence, items: tuple[ChecklistItem, ...]) -> Checklist:
        code_of = {q.id: q.code for q in self.framework.questions}
        codes = tuple(code_of[q] for q in json.loads(row[3]) if q in code_of)
        return Checklist(
            id=row[0],
            title=row[1],
            theme=row[2],
            question_codes=codes,
            items=items,
            version=int(row[4]),
            created_at=row[5],
            updated_at=row[6],
            deleted_at=row[7],
        )
