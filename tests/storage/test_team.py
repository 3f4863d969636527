"""The inspection team: members with unique initials, roles, soft removal."""

from __future__ import annotations

import pytest

from models.team import TeamMember
from models.vocabulary import TeamRole
from storage.file.inspection_file import InspectionFile
from storage.repositories.team_repository import NotInTeamError, TeamError
from tests.storage.repository_helpers import edit_member


def test_a_new_inspection_has_no_team(tiny_inspection):
    assert tiny_inspection.team.list() == []
    assert tiny_inspection.team.by_initials("JS") is None


def test_add_normalises_initials_and_name(tiny_inspection):
    member = tiny_inspection.team.add(" j s ", "  Jane   Smith ", "lead")
    assert (member.initials, member.name, member.role) == ("JS", "Jane Smith", TeamRole.LEAD)
    assert member.is_lead and member.label == "JS (Jane Smith)"
    assert member.created_at == member.updated_at and member.deleted_at is None
    assert tiny_inspection.team.by_initials("js") == member
    assert tiny_inspection.team.get(member.id) == member


def test_members_are_listed_by_initials(tiny_inspection):
    for initials, name in (("ZK", "Zoe King"), ("AB", "Ana Bell"), ("MC", "Mo Cole")):
        tiny_inspection.team.add(initials, name)
    assert [m.initials for m in tiny_inspection.team.list()] == ["AB", "MC", "ZK"]
    assert all(m.role is TeamRole.INSPECTOR for m in tiny_inspection.team.list())


def test_initials_are_unique_among_current_members(tiny_inspection):
    tiny_inspection.team.add("JS", "Jane Smith")
    with pytest.raises(TeamError, match="JS is already in the team \\(Jane Smith\\)"):
        tiny_inspection.team.add("js", "John Stone")
    assert len(tiny_inspection.team.list()) == 1


@pytest.mark.parametrize(
    "initials, name, role, words",
    [
        ("J5", "Jane", "inspector", "not valid initials"),
        ("ABCDE", "Jane", "inspector", "not valid initials"),
        ("JS", "   ", "inspector", "Give the name"),
        ("JS", "Jane", "chief", "not a known team role"),
    ],
)
def test_bad_members_are_refused(tiny_inspection, initials, name, role, words):
    with pytest.raises(TeamError, match=words):
        tiny_inspection.team.add(initials, name, role)
    assert tiny_inspection.team.list() == []


def test_remove_is_soft_and_can_be_undone(tiny_inspection):
    team = tiny_inspection.team
    member = team.add("JS", "Jane Smith")
    removed = team.remove("js")
    assert removed.deleted_at is not None
    assert team.list() == [] and team.by_initials("JS") is None
    assert team.list(include_removed=True) == [removed]
    restored = team.restore(member.id)
    assert restored.deleted_at is None and team.by_initials("JS").id == member.id


def test_adding_removed_initials_brings_the_member_back(tiny_inspection):
    team = tiny_inspection.team
    member = team.add("JS", "Jane Smith")
    team.remove("JS")
    again = team.add("JS", "Jane Smythe", "lead")
    assert again.id == member.id and again.created_at == member.created_at
    assert (again.name, again.role, again.deleted_at) == ("Jane Smythe", TeamRole.LEAD, None)
    assert len(team.list(include_removed=True)) == 1


def test_removing_someone_not_in_the_team_is_refused(tiny_inspection):
    with pytest.raises(NotInTeamError, match="JS is not in the inspection team"):
        tiny_inspection.team.remove("JS")
    with pytest.raises(NotInTeamError):
        tiny_inspection.team.require("JS")


def test_restore_is_refused_when_the_initials_were_taken_meanwhile(tiny_inspection):
    team = tiny_inspection.team
    first = team.add("JS", "Jane Smith")
    team.remove("JS")
    edit_member(tiny_inspection, team.add("JX", "John Stone"), initials="JS")
    with pytest.raises(TeamError, match="already in the team"):
        team.restore(first.id)


def test_the_team_is_kept_in_the_file(tmp_path, tiny_framework):
    path = tmp_path / "t.inspection"
    with InspectionFile.create(path, tiny_framework, force="F") as inspection:
        inspection.team.add("JS", "Jane Smith", TeamRole.LEAD)
    with InspectionFile.open(path, readonly=True) as reopened:
        assert [(m.initials, m.name, m.role) for m in reopened.team.list()] == [
            ("JS", "Jane Smith", TeamRole.LEAD)
        ]


def test_team_member_model_defaults():
    member = TeamMember(initials="JS")
    assert member.role is TeamRole.INSPECTOR and member.id and member.label == "JS"


def test_master_has_no_default_author(tiny_inspection):
    assert tiny_inspection.default_author is None
    assert tiny_inspection.inspection.default_author is None
