"""The rules that decide, row by row, what merging two copies of an inspection does.

A *version* of a row is its values plus the copy (replica) it was written in.
Which version becomes current is decided by last-writer-wins on
``(updated_at, deleted, sha256 of the canonical JSON)``: a total order, so
merging copies in any order ends with the same current version. A version
that loses is kept as a conflict unless the winning side had already seen it
(then it is simply an older version of the same row). Nothing here knows about
SQL; the storage layer feeds rows in and carries the decisions out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Iterable, Mapping


def canonical_json(values: Mapping[str, object]) -> str:
    """One text for one set of values, the same in every copy and on every laptop."""
    return json.dumps(dict(values), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class RowVersion:
    """One version of one row: its values (key and data columns) and where it was written."""

    values: Mapping[str, object]
    #: The replica (copy of the inspection) this version was written in.
    replica: str

    @property
    def updated_at(self) -> str:
        return str(self.values.get("updated_at") or "")

    @property
    def deleted(self) -> bool:
        return self.values.get("deleted_at") is not None

    @property
    def canonical(self) -> str:
        return canonical_json(self.values)

    def lww_key(self) -> tuple[str, bool, str]:
        """Later wins; at the same moment a deletion wins; then the larger hash."""
        digest = hashlib.sha256(self.canonical.encode("utf-8")).hexdigest()
        return self.updated_at, self.deleted, digest

    def same_values(self, other: "RowVersion") -> bool:
        return dict(self.values) == dict(other.values)

    def same_data(self, other: "RowVersion") -> bool:
        """Equal but for their times: the same link made in two copies, or a row saved
        again unchanged, is not worth anyone's attention as a conflict."""
        return _without_times(self.values) == _without_times(other.values)


def _without_times(values: Mapping[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if k not in ("created_at", "updated_at")}


def knows(marks: Mapping[str, str], own_replica: str, version: RowVersion) -> bool:
    """Whether a copy has seen ``version``: it wrote it, or has taken in that replica's
    versions up to at least its time (``marks``: replica → newest time taken in)."""
    if version.replica == own_replica:
        return True
    mark = marks.get(version.replica)
    return mark is not None and version.updated_at <= mark


@dataclass(frozen=True)
class Decision:
    """What to do with one row both copies hold in different versions."""

    take_source: bool
    #: The losing version to keep as a conflict: "source", "target" or None.
    record: str | None


def decide(
    source: RowVersion, target: RowVersion, target_knows_source: bool, source_knows_target: bool
) -> Decision:
    """Last writer wins; the loser is a conflict unless the winner's side had seen it
    (or it differs from the winner only in its times)."""
    take = source.lww_key() > target.lww_key()
    if source.same_data(target):
        return Decision(take, None)
    if take:
        return Decision(True, None if source_knows_target else "target")
    return Decision(False, None if target_knows_source else "source")


def time_after(now: str, *stamps: str | None) -> str:
    """``now``, or just after the latest of ``stamps`` if that is later: a version
    written to settle a conflict must win over both versions, whatever this
    laptop's clock says."""
    latest = max((s for s in stamps if s), default="")
    if now > latest:
        return now
    moment = datetime.fromisoformat(latest.replace("Z", "+00:00")) + timedelta(milliseconds=1)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def winner(versions: Iterable[RowVersion]) -> RowVersion:
    return max(versions, key=RowVersion.lww_key)


def removed_by_clash(loser: RowVersion, replica: str) -> RowVersion:
    """A live version that clashes with a later one on a value that must be unique
    among live rows (a team member's initials), marked removed at its own time.

    Keeping its own ``updated_at`` makes the result depend on the loser alone, so
    the outcome is the same whichever copy is merged first; at equal times a
    deletion wins, so the removal sticks.
    """
    values = dict(loser.values)
    values["deleted_at"] = loser.updated_at
    return replace(loser, values=values, replica=replica)
