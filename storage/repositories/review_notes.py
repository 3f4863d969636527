"""Reading and writing review notes, and the lead's To review list.

Every write is one transaction; the schema's triggers record each in the history
of the note's subject. Notes are few (hundreds in a busy inspection), but the To
review list is still made in a handful of set-wise queries rather than a query
per finding or judgment.
"""

from __future__ import annotations

from models.framework import Framework
from models.history import shorten
from models.records import new_id, utc_now
from models.review.notes import (
    NoteRefused,
    NoteSubject,
    ReviewNote,
    ToReviewEntry,
    ToReviewKind,
    author_refusal,
    body_refusal,
    unnamed_refusal,
)
from models.review.results import CheckPlace
from models.sign_off import signed_initials
from models.stored_values.rules import without_nul
from models.vocabulary import FindingKind
from storage.file.database import InspectionDatabase

_COLUMNS = (
    "id, subject, subject_id, author, body, created_at, updated_at, reply_to,"
    " resolved_by, resolved_at"
)
#: The subject of each kind of note, live: its table.
_TABLES = {s: s.value for s in NoteSubject}


def _note(row) -> ReviewNote:
    return ReviewNote(
        id=row[0],
        subject=NoteSubject(row[1]),
        subject_id=row[2],
        author=row[3],
        body=row[4],
        created_at=row[5],
        updated_at=row[6],
        reply_to=row[7],
        resolved_by=row[8],
        resolved_at=row[9],
    )


def _finding_place(code: str, ref: str, kind: str) -> str:
    """Where a finding is, as the Checks tab says it: ``1.1.2 · F3 strength``."""
    try:
        word = FindingKind(kind).label.lower()
    except ValueError:
        word = "finding"
    return f"{code} · {ref} {word}"


class ReviewNoteRepository:
    """The review notes of one inspection file."""

    def __init__(self, db: InspectionDatabase, framework: Framework):
        self.db = db
        self.framework = framework

    # -- reading -------------------------------------------------------------------
    def get(self, note_id: str) -> ReviewNote:
        row = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM review_note WHERE id = ?", [note_id]
        ).fetchone()
        if row is None:
            raise KeyError(note_id)
        return _note(row)

    def for_subject(self, subject_id: str) -> list[ReviewNote]:
        """The live notes on one item, finding or judgment, oldest first."""
        return [
            _note(r)
            for r in self.db.conn.execute(
                f"SELECT {_COLUMNS} FROM review_note WHERE subject_id = ?"
                " AND deleted_at IS NULL AND subject IN ('evidence', 'finding', 'judgment')"
                " ORDER BY created_at, id",
                [subject_id],
            )
        ]

    def open_count(self, subject_id: str) -> int:
        """Open threads on one subject."""
        return int(
            self.db.conn.execute(
                "SELECT count(*) FROM review_note WHERE subject_id = ? AND reply_to IS NULL"
                " AND resolved_at IS NULL AND deleted_at IS NULL",
                [subject_id],
            ).fetchone()[0]
        )

    def open_counts(self) -> dict[str, int]:
        """Open threads per subject id, for the subjects that have any."""
        return {
            subject_id: int(count)
            for subject_id, count in self.db.conn.execute(
                "SELECT subject_id, count(*) FROM review_note WHERE reply_to IS NULL"
                " AND resolved_at IS NULL AND deleted_at IS NULL GROUP BY subject_id"
            )
        }

    # -- writing -------------------------------------------------------------------
    def add(
        self, subject: NoteSubject, subject_id: str, body: str, reply_to: str | None = None
    ) -> ReviewNote:
        """A new note by this file's inspector on a live subject, or a reply to a thread
        on it. Refused (``NoteRefused``) without initials, for an empty or long note, or
        when the subject or thread is not there."""
        author = signed_initials(self.db.actor)
        body = without_nul(body)
        refusal = body_refusal(body) or unnamed_refusal(author, "write")
        if refusal:
            raise NoteRefused(refusal)
        now = utc_now()
        with self.db.transaction() as conn:
            table = _TABLES[NoteSubject(subject)]
            if not conn.execute(
                f"SELECT 1 FROM {table} WHERE id = ? AND deleted_at IS NULL", [subject_id]
            ).fetchone():
                raise NoteRefused(f"That {subject.label} is not in this inspection any more.")
            if reply_to is not None:
                first = conn.execute(
                    "SELECT 1 FROM review_note WHERE id = ? AND subject_id = ?"
                    " AND reply_to IS NULL AND deleted_at IS NULL",
                    [reply_to, subject_id],
                ).fetchone()
                if not first:
                    raise NoteRefused("The note this replies to has been deleted.")
            note = ReviewNote(
                id=new_id(),
                subject=NoteSubject(subject),
                subject_id=subject_id,
                author=str(author),
                body=body,
                created_at=now,
                updated_at=now,
                reply_to=reply_to,
            )
            conn.execute(
                f"INSERT INTO review_note ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    note.id,
                    note.subject.value,
                    note.subject_id,
                    note.author,
                    note.body,
                    now,
                    now,
                    note.reply_to,
                    None,
                    None,
                ],
            )
        return note

    def set_resolved(self, note_id: str, resolved: bool) -> ReviewNote:
        """Resolve a thread (by this file's inspector) or open it again."""
        note = self.get(note_id)
        if not note.is_first:
            raise NoteRefused("Resolve the thread from its first note.")
        who = signed_initials(self.db.actor)
        refusal = unnamed_refusal(who, "resolve") if resolved else None
        if refusal:
            raise NoteRefused(refusal)
        if (note.resolved_by is not None) == resolved:
            return note
        now = utc_now()
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE review_note SET resolved_by = ?, resolved_at = ?, updated_at = ?"
                " WHERE id = ?",
                [who if resolved else None, now if resolved else None, now, note_id],
            )
        return self.get(note_id)

    def change(self, note_id: str, body: str) -> ReviewNote:
        """Change a note's text: its author only."""
        note = self.get(note_id)
        body = without_nul(body)
        refusal = author_refusal(note, signed_initials(self.db.actor), "change") or body_refusal(
            body
        )
        if refusal:
            raise NoteRefused(refusal)
        if body == note.body:
            return note
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE review_note SET body = ?, updated_at = ? WHERE id = ?",
                [body, utc_now(), note_id],
            )
        return self.get(note_id)

    def delete(self, note_id: str) -> list[str]:
        """Delete a note (its author only); deleting a thread's first note deletes its
        replies too. Returns the ids deleted, for an undo to bring back."""
        note = self.get(note_id)
        refusal = author_refusal(note, signed_initials(self.db.actor), "delete")
        if refusal:
            raise NoteRefused(refusal)
        return self.set_deleted([note_id], True)

    def set_deleted(self, note_ids: list[str], deleted: bool) -> list[str]:
        """Delete or bring back notes as one step (an undo, or a thread with its replies)."""
        now = utc_now()
        with self.db.transaction() as conn:
            ids = list(note_ids)
            if deleted:
                ids += [
                    r[0]
                    for r in conn.execute(
                        "SELECT id FROM review_note WHERE reply_to = ? AND deleted_at IS NULL",
                        [note_ids[0]],
                    )
                ]
            for note_id in ids:
                conn.execute(
                    "UPDATE review_note SET deleted_at = ?, updated_at = ? WHERE id = ?"
                    " AND (deleted_at IS NULL) = ?",
                    [now if deleted else None, now, note_id, int(deleted)],
                )
        return ids

    # -- the lead's list -----------------------------------------------------------
    def to_review(self) -> list[ToReviewEntry]:
        """Open notes, then findings and judgments not yet signed off, in framework order."""
        order = {q.code: i for i, q in enumerate(self.framework.questions)}
        entries = self._open_notes() + self._unsigned_findings() + self._unsigned_judgments()
        kinds = list(ToReviewKind)
        return sorted(
            entries,
            key=lambda e: (
                kinds.index(e.kind),
                -1 if e.place.question_code is None else order.get(e.place.question_code, 0),
                e.when,
            ),
        )

    def _open_notes(self) -> list[ToReviewEntry]:
        rows = self.db.conn.execute(
            "SELECT n.subject, n.subject_id, n.author, n.body, n.created_at,"
            " ev.ref, fq.code, f.ref, f.kind, jq.code, j.id,"
            " (SELECT count(*) FROM review_note r WHERE r.reply_to = n.id"
            "  AND r.deleted_at IS NULL)"
            " FROM review_note n"
            " LEFT JOIN evidence ev ON n.subject = 'evidence' AND ev.id = n.subject_id"
            " AND ev.deleted_at IS NULL"
            " LEFT JOIN finding f ON n.subject = 'finding' AND f.id = n.subject_id"
            " AND f.deleted_at IS NULL"
            " LEFT JOIN question fq ON fq.id = f.question_id"
            " LEFT JOIN judgment j ON n.subject = 'judgment' AND j.id = n.subject_id"
            " AND j.deleted_at IS NULL"
            " LEFT JOIN question jq ON jq.id = j.question_id"
            " WHERE n.reply_to IS NULL AND n.resolved_at IS NULL AND n.deleted_at IS NULL"
        ).fetchall()
        entries = []
        for (
            subject,
            subject_id,
            author,
            body,
            created,
            ref,
            f_code,
            f_ref,
            f_kind,
            j_code,
            j_id,
            n,
        ) in rows:
            if subject == "evidence" and ref is not None:
                place, what = CheckPlace(None, evidence_id=subject_id), str(ref)
            elif subject == "finding" and f_ref is not None:
                place = CheckPlace(f_code, finding_id=subject_id)
                what = _finding_place(f_code, f_ref, f_kind)
            elif subject == "judgment" and j_id is not None:
                place = CheckPlace(j_code)
                what = "Overall judgment" if j_code is None else f"{j_code} judgment"
            else:
                continue  # its subject was deleted: nothing to go to
            replies = f" ({n} repl{'y' if n == 1 else 'ies'})" if n else ""
            entries.append(
                ToReviewEntry(
                    ToReviewKind.OPEN_NOTE,
                    place,
                    what,
                    shorten(body, 120) + replies,
                    author,
                    created,
                    NoteSubject(subject),
                    subject_id,
                )
            )
        return entries

    def _unsigned_findings(self) -> list[ToReviewEntry]:
        rows = self.db.conn.execute(
            "SELECT f.id, q.code, f.ref, f.kind, f.statement, f.prepared_by, f.updated_at"
            " FROM finding f"
            " JOIN question q ON q.id = f.question_id"
            " WHERE f.deleted_at IS NULL AND f.reviewed_by IS NULL"
        ).fetchall()
        return [
            ToReviewEntry(
                ToReviewKind.UNSIGNED_FINDING,
                CheckPlace(code, finding_id=finding_id),
                _finding_place(code, ref, kind),
                shorten(statement, 120),
                prepared_by or "",
                updated_at,
            )
            for finding_id, code, ref, kind, statement, prepared_by, updated_at in rows
        ]

    def _unsigned_judgments(self) -> list[ToReviewEntry]:
        rows = self.db.conn.execute(
            "SELECT q.code, g.name, j.rationale, j.prepared_by, j.updated_at FROM judgment j"
            " LEFT JOIN question q ON q.id = j.question_id"
            " LEFT JOIN grade g ON g.id = j.grade_id"
            " WHERE j.deleted_at IS NULL AND j.status != 'reviewed'"
            " AND (j.grade_id IS NOT NULL OR j.rationale != '')"
        ).fetchall()
        return [
            ToReviewEntry(
                ToReviewKind.UNSIGNED_JUDGMENT,
                CheckPlace(code),
                "Overall judgment" if code is None else f"{code} judgment",
                f"{grade or 'Ungraded'}: {shorten(rationale, 100)}" if rationale else grade or "",
                prepared_by or "",
                updated_at,
            )
            for code, grade, rationale, prepared_by, updated_at in rows
        ]
