"""The inspection team: list, add, change and remove members (removal is soft).

Each change is one transaction. Initials are unique among current members
(the schema enforces it too); removing a member keeps their row, so the
removal travels when copies are merged, and adding the same initials again
brings that member back rather than making a second one.
"""

from __future__ import annotations

from dataclasses import replace

from models.records import normalise_initials, utc_now
from models.stored_values.rules import require_valid
from models.team import TeamMember, checked_member
from models.vocabulary import TeamRole
from storage.file.database import InspectionDatabase
from storage.file.errors import StorageError

_COLUMNS = "id, initials, name, role, created_at, updated_at, deleted_at"


class TeamError(StorageError):
    """A change to the team that cannot be made (the message says why)."""


class NotInTeamError(TeamError):
    """No current member has the given initials."""


def _member(row) -> TeamMember:
    return TeamMember(
        id=row[0],
        initials=row[1],
        name=row[2],
        role=TeamRole(row[3]),
        created_at=row[4],
        updated_at=row[5],
        deleted_at=row[6],
    )


def _initials(text: str) -> str:
    try:
        return normalise_initials(text)
    except ValueError as e:
        raise TeamError(str(e)) from None


class TeamRepository:
    """Reads and writes the members of the inspection team."""

    def __init__(self, db: InspectionDatabase):
        self.db = db

    # -- reading -------------------------------------------------------------
    def list(self, include_removed: bool = False) -> list[TeamMember]:
        """Members by initials; removed members only when asked for (after the others)."""
        where = "" if include_removed else " WHERE deleted_at IS NULL"
        rows = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM team_member{where}"
            " ORDER BY deleted_at IS NOT NULL, initials, created_at"
        )
        return [_member(r) for r in rows]

    def get(self, member_id: str) -> TeamMember:
        row = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM team_member WHERE id = ?", [member_id]
        ).fetchone()
        if row is None:
            raise KeyError(f"team member {member_id} does not exist")
        return _member(row)

    def by_initials(self, initials: str) -> TeamMember | None:
        """The current member with ``initials`` (any case), or ``None``."""
        row = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM team_member WHERE initials = ? AND deleted_at IS NULL",
            [_initials(initials)],
        ).fetchone()
        return _member(row) if row else None

    def require(self, initials: str) -> TeamMember:
        """The current member with ``initials``; :class:`NotInTeamError` when there is none."""
        member = self.by_initials(initials)
        if member is None:
            raise NotInTeamError(
                f"{_initials(initials)} is not in the inspection team; add them to the team first."
            )
        return member

    # -- writing -------------------------------------------------------------
    def add(
        self, initials: str, name: str, role: TeamRole | str = TeamRole.INSPECTOR
    ) -> TeamMember:
        """Add a member, or bring back the removed member with the same initials."""
        member = self._checked(TeamMember(initials=initials, name=name), role)
        with self.db.transaction() as conn:
            self._refuse_taken(conn, member.initials, None)
            now = utc_now()
            removed = conn.execute(
                f"SELECT {_COLUMNS} FROM team_member WHERE initials = ? AND deleted_at IS NOT"
                " NULL ORDER BY deleted_at DESC LIMIT 1",
                [member.initials],
            ).fetchone()
            if removed:
                member = replace(member, id=removed[0], created_at=removed[4], updated_at=now)
                conn.execute(
                    "UPDATE team_member SET name = ?, role = ?, updated_at = ?,"
                    " deleted_at = NULL WHERE id = ?",
                    [member.name, member.role.value, now, member.id],
                )
            else:
                member = replace(member, created_at=now, updated_at=now, deleted_at=None)
                conn.execute(
                    f"INSERT INTO team_member ({_COLUMNS}) VALUES (?,?,?,?,?,?,NULL)",
                    [member.id, member.initials, member.name, member.role.value, now, now],
                )
        return member

    def remove(self, initials: str) -> TeamMember:
        """Remove the current member with ``initials``; their evidence stays as it is."""
        member = self.require(initials)
        with self.db.transaction() as conn:
            now = utc_now()
            conn.execute(
                "UPDATE team_member SET deleted_at = ?, updated_at = ? WHERE id = ?",
                [now, now, member.id],
            )
        return replace(member, updated_at=now, deleted_at=now)

    def restore(self, member_id: str) -> TeamMember:
        """Bring a removed member back (refused when their initials are taken meanwhile)."""
        member = self.get(member_id)
        with self.db.transaction() as conn:
            self._refuse_taken(conn, member.initials, member.id)
            now = utc_now()
            conn.execute(
                "UPDATE team_member SET deleted_at = NULL, updated_at = ? WHERE id = ?",
                [now, member.id],
            )
        return replace(member, updated_at=now, deleted_at=None)

    @staticmethod
    def _checked(member: TeamMember, role: TeamRole | str | None = None) -> TeamMember:
        try:
            if role is not None:  # a role as typed (``--role lead``) is parsed with the rest
                member = replace(member, role=TeamRole.from_text(role))
            member = checked_member(member)
            require_valid("team_member", {"initials": member.initials, "name": member.name})
            return member
        except ValueError as e:
            raise TeamError(str(e)) from None

    @staticmethod
    def _refuse_taken(conn, initials: str, own_id: str | None) -> None:
        row = conn.execute(
            "SELECT id, name FROM team_member WHERE initials = ? AND deleted_at IS NULL", [initials]
        ).fetchone()
        if row and row[0] != own_id:
            raise TeamError(f"{initials} is already in the team ({row[1]}); choose other initials.")
