"""The change history as people read it: entries, filters and their wording.

History rows store values as the file stores them (``focus_group``, ``1``, a
JSON list of roles); here they become the words the app shows elsewhere, so
a history line reads "Source type Interview → Focus group", not raw codes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Container

from models.vocabulary import Assessment, FindingKind, JudgmentStatus, LabelledEnum, SourceType

#: Characters a table cell shows of a long value before "…" (the full text is shown apart).
SHORT_LENGTH = 80
EMPTY = "(empty)"


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded change, with what it was made to as that item reads now.

    ``subject`` is the evidence ref, the finding's statement or ``None``;
    ``question_code`` is the finding's or the judgment's question (``None`` for
    the overall judgment); ``subject_ref`` is the finding's ref. The item may
    since have been deleted.
    """

    id: str
    changed_at: str
    actor: str
    reason: str
    entity: str
    entity_id: str
    action: str
    field: str | None = None
    old_value: object = None
    new_value: object = None
    related_id: str | None = None
    subject: str | None = None
    question_code: str | None = None
    subject_ref: str | None = None


@dataclass(frozen=True)
class HistoryFilter:
    """Which history to show: by whom, between which days, about which item.

    ``since`` and ``until`` are whole days, both included, counted in
    ``zone`` (UTC unless given; ``None`` means this computer's local time).
    ``entity_id`` matches changes to that item and changes that name it
    (a finding linking an evidence item shows in the item's history).
    """

    actor: str | None = None
    since: date | None = None
    until: date | None = None
    entity: str | None = None
    entity_id: str | None = None
    zone: tzinfo | None = timezone.utc

    def time_bounds(self) -> tuple[str | None, str | None]:
        """``(from, before)`` as stored UTC times: ``from <= changed_at < before``."""
        start = stored_time(self._midnight(self.since)) if self.since else None
        end = stored_time(self._midnight(self.until + timedelta(days=1))) if self.until else None
        return start, end

    def _midnight(self, day: date) -> datetime:
        if self.zone is None:
            return datetime.combine(day, time()).astimezone()
        return datetime.combine(day, time(), tzinfo=self.zone)


def stored_time(moment: datetime) -> str:
    """A moment written as the file writes times (UTC, milliseconds, ``Z``)."""
    text = moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def parse_stored_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def utc_text(text: str) -> str:
    """``2026-03-02 09:00:01`` from a stored time (for the command line and CSV)."""
    return parse_stored_time(text).strftime("%Y-%m-%d %H:%M:%S")


def local_text(text: str) -> str:
    """The stored time in this computer's time zone, as the app shows it."""
    return parse_stored_time(text).astimezone().strftime("%d %b %Y %H:%M:%S")


# -- values ------------------------------------------------------------------------
_FIELD_NAMES = {
    "source_type": "source type",
    "collected_on": "date collected",
    "fieldwork_start": "fieldwork start",
    "fieldwork_end": "fieldwork end",
    "location": "location / unit",
    "sensitive": "sensitive",
    "question": "question",
    "kind": "kind",
    "copy": "copy",
}
_ENUMS: dict[str, type[LabelledEnum]] = {
    "source_type": SourceType,
    "assessment": Assessment,
    "kind": FindingKind,
    "status": JudgmentStatus,
}


def field_name(field: str | None) -> str:
    return _FIELD_NAMES.get(field or "", (field or "").replace("_", " "))


def readable(field: str | None, value: object) -> str:
    """A stored value in the words of the app (full length)."""
    if value is None or value == "":
        return EMPTY
    if field in _ENUMS:
        try:
            # Stored values are of any type; one that names no member raises ValueError.
            return _ENUMS[field](value).label  # type: ignore[arg-type]
        except ValueError:
            return str(value)
    if field == "sensitive":
        return "Yes" if str(value) not in ("0", "False", "false") else "No"
    if field == "participants":
        try:
            roles = json.loads(value)  # type: ignore[arg-type]  # TypeError is caught
        except (TypeError, ValueError):
            return str(value)
        return "; ".join(str(r) for r in roles) if roles else EMPTY
    return str(value)


def shorten(text: str, length: int = SHORT_LENGTH) -> str:
    """One line of at most ``length`` characters, "…" where it was cut."""
    line = " ".join(str(text).split())
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


def change_text(
    entry: HistoryEntry, length: int | None = SHORT_LENGTH, viewpoint: str | None = None
) -> str:
    """``old → new`` for a change, the value alone for an addition or removal.

    Seen from an item another item's change names (``viewpoint``), the value is
    that item itself, so nothing is repeated.
    """
    if viewpoint is not None and viewpoint != entry.entity_id:
        return ""

    def shown(value: object) -> str:
        text = readable(entry.field, value)
        return shorten(text, length) if length else text

    if entry.action == "changed":
        return f"{shown(entry.old_value)} → {shown(entry.new_value)}"
    if entry.field == NOTE_FIELD:  # the note's text: as it is now, or as it was deleted
        value = entry.old_value if entry.new_value is None else entry.new_value
        return "" if value is None else shown(value)
    if entry.action in ("created", "linked", "attached", "merged"):
        return "" if entry.new_value is None else shown(entry.new_value)
    if entry.action in ("unlinked", "detached"):
        return "" if entry.old_value is None else shown(entry.old_value)
    return ""


# -- descriptions ------------------------------------------------------------------
#: The field a review note's history rows name; the row is recorded on the note's subject.
NOTE_FIELD = "review_note"
#: What each action on a review note is called ("changed", "deleted" and "restored" are
#: the usual words).
_NOTE_ACTIONS = {
    "noted": "Added",
    "resolved": "Resolved",
    "reopened": "Reopened",
    "changed": "Changed",
    "deleted": "Deleted",
    "restored": "Restored",
}


def subject_text(entry: HistoryEntry) -> str:
    """What the change was made to: ``JS-0042``, ``finding F3 under 2.3 "…"``,
    ``judgment for 2``."""
    if entry.entity == "evidence":
        return entry.subject or "an evidence item"
    if entry.entity == "finding":
        statement = f' "{shorten(entry.subject, 40)}"' if entry.subject else ""
        ref = f" {entry.subject_ref}" if entry.subject_ref else ""
        return f"finding{ref} under {entry.question_code or '?'}{statement}"
    if entry.entity == "judgment":
        return (
            "the overall judgment"
            if entry.question_code is None
            else f"judgment for {entry.question_code}"
        )
    if entry.entity == "indicator":
        return f"indicator {entry.subject}" if entry.subject else "an indicator"
    if entry.entity == "checklist":
        return f'checklist "{shorten(entry.subject, 40)}"' if entry.subject else "a checklist"
    if entry.entity == "case_file":
        return f"case file {entry.subject}" if entry.subject else "a case file"
    return "the inspection"


def describe(entry: HistoryEntry, viewpoint: str | None = None) -> str:
    """What happened, in a few words, seen from ``viewpoint`` (an item id) or the
    whole inspection (``None``): "Changed summary" in an item's own history,
    "Changed summary of JS-0042" in the inspection's."""
    own = viewpoint is not None and viewpoint == entry.entity_id
    if viewpoint is not None and not own and entry.related_id == viewpoint:
        # A change to another item that names this one: a finding linking evidence.
        verb = "Linked to" if entry.action == "linked" else "Unlinked from"
        return f"{verb} {subject_text(entry)}"
    of = "" if own else f" {subject_text(entry)}"
    action, field = entry.action, field_name(entry.field)
    if entry.field == NOTE_FIELD:
        on = "" if own else f" on {subject_text(entry)}"
        verb = _NOTE_ACTIONS.get(action, action.capitalize())
        return f"{verb} a review note{on}"
    if action == "changed":
        return f"Changed {field}" + ("" if own else f" of{of}")
    if action in ("linked", "unlinked"):
        value = entry.new_value if action == "linked" else entry.old_value
        target = f"{field} {value}" if value is not None else field
        joined = "to" if action == "linked" else "from"
        return f"{action.capitalize()}{of} {joined} {target}"
    if action in ("attached", "detached"):
        return f"{action.capitalize()} a file" + ("" if own else f" to{of}")
    if action == "merged":
        return "Merged a copy of the inspection"
    return f"{action.capitalize()}{of}"


def sentence(entry: HistoryEntry) -> str:
    """A whole line: "KP changed summary of JS-0042: old → new"."""
    what = describe(entry)
    who = entry.actor or "Someone"
    change = change_text(entry)
    return f"{who} {what[0].lower()}{what[1:]}" + (f": {change}" if change else "")


#: Shown instead of the notes of sensitive evidence where they are withheld.
WITHHELD = "[withheld: sensitive evidence]"


def withhold_sensitive(entry: HistoryEntry, sensitive_ids: Container[str]) -> HistoryEntry:
    """``entry`` with the old and new notes hidden when it changed the notes of an item or
    a reviewed case file marked sensitive, or a review note about one (as the Excel export
    withholds them)."""
    withheld_fields = ("notes", NOTE_FIELD)
    if (
        entry.entity in ("evidence", "case_file")
        and entry.field in withheld_fields
        and entry.entity_id in sensitive_ids
    ):
        return replace(
            entry,
            old_value=None if entry.old_value is None else WITHHELD,
            new_value=None if entry.new_value is None else WITHHELD,
        )
    return entry
