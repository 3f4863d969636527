"""Review notes: the short threaded comments a team leaves on items, findings and judgments.

A thread is a first note and the replies to it, oldest first; the thread is open
until someone resolves it (and open again if someone reopens it). Anyone may
reply, resolve or reopen; only a note's author may change or delete it, so a
conversation cannot be rewritten by someone else. Nothing here knows about
storage or the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from models.review.results import CheckPlace
from models.stored_values.value_rules import NOTE_LIMIT
from models.vocabulary import LabelledEnum


class NoteSubject(LabelledEnum):
    """What a note is about; the value is the table (and history entity) of its subject."""

    EVIDENCE = ("evidence", "evidence item")
    FINDING = ("finding", "finding")
    JUDGMENT = ("judgment", "judgment")


@dataclass(frozen=True)
class ReviewNote:
    """One note as stored. ``reply_to`` names the first note of its thread (``None`` for a
    first note); ``resolved_by`` is meaningful on a first note only."""

    id: str
    subject: NoteSubject
    subject_id: str
    author: str
    body: str
    created_at: str
    updated_at: str
    reply_to: str | None = None
    resolved_by: str | None = None
    resolved_at: str | None = None

    @property
    def is_first(self) -> bool:
        return self.reply_to is None


@dataclass(frozen=True)
class NoteThread:
    """A first note and its replies, oldest first."""

    first: ReviewNote
    replies: tuple[ReviewNote, ...] = ()

    @property
    def open(self) -> bool:
        return self.first.resolved_by is None

    @property
    def notes(self) -> tuple[ReviewNote, ...]:
        return (self.first, *self.replies)


def threads(notes: Iterable[ReviewNote]) -> list[NoteThread]:
    """The notes of one subject as threads: open threads first, each group oldest first.

    A reply whose first note is not among ``notes`` (deleted, or not merged yet) is
    shown as a thread of its own rather than lost.
    """
    ordered = sorted(notes, key=lambda n: (n.created_at, n.id))
    firsts = {n.id: n for n in ordered if n.is_first}
    replies: dict[str, list[ReviewNote]] = {}
    lone: list[ReviewNote] = []
    for note in ordered:
        if note.is_first:
            continue
        if note.reply_to in firsts:
            replies.setdefault(note.reply_to, []).append(note)
        else:
            lone.append(note)
    found = [NoteThread(first, tuple(replies.get(first.id, ()))) for first in firsts.values()]
    found += [NoteThread(note) for note in lone]
    return sorted(found, key=lambda t: (not t.open, t.first.created_at, t.first.id))


class NoteRefused(ValueError):
    """A note the rules do not allow to be written; the message says why."""


def body_refusal(body: str) -> str | None:
    """Why ``body`` cannot be saved as a note (``None`` when it can)."""
    if not body.strip():
        return "A note needs some text."
    if len(body) > NOTE_LIMIT:
        return f"A note is at most {NOTE_LIMIT:,} characters; this one is {len(body):,}."
    return None


def unnamed_refusal(who: str | None, what: str) -> str | None:
    """Why a note cannot be ``what`` (written, resolved…) by nobody known."""
    if who:
        return None
    return f"To {what} a note you need your initials: set them in Edit ▸ Preferences…"


def author_refusal(note: ReviewNote, who: str | None, what: str) -> str | None:
    """Why ``who`` may not ``what`` (change, delete) ``note``: only its author may."""
    if not who:
        return unnamed_refusal(who, what)
    if who != note.author:
        return f"Only {note.author}, who wrote this note, can {what} it."
    return None


class ToReviewKind(LabelledEnum):
    """What the lead still has to look at, in the order the list shows it."""

    OPEN_NOTE = ("open_note", "Open note")
    UNSIGNED_FINDING = ("unsigned_finding", "Finding to sign off")
    UNSIGNED_JUDGMENT = ("unsigned_judgment", "Judgment to sign off")


@dataclass(frozen=True)
class ToReviewEntry:
    """One line of the lead's To review list: what it is, where, what it says, who and when.

    ``note_subject`` and ``note_subject_id`` name the subject of an open note so the
    window can open its notes."""

    kind: ToReviewKind
    place: CheckPlace
    subject: str
    text: str
    who: str
    when: str
    note_subject: NoteSubject | None = None
    note_subject_id: str | None = None
