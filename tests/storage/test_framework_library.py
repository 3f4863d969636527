"""The built-in PEEL 2015 effectiveness framework and loading framework files."""

from __future__ import annotations

import json
import re

import pytest

from models.framework import FrameworkError, framework_from_dict, framework_to_dict
from storage.frameworks.library import (
    BUILTIN_DIR,
    UnknownFrameworkError,
    builtin_frameworks,
    find_framework,
    load_framework_file,
)
from tests.conftest import TINY_FRAMEWORK

PEEL_ID = "peel-2015-effectiveness"


@pytest.fixture(scope="module")
def peel():
    return load_framework_file(BUILTIN_DIR / f"{PEEL_ID}.json")


def test_builtin_frameworks_load_and_include_peel_2015(peel):
    frameworks = builtin_frameworks()
    assert PEEL_ID in [f.id for f in frameworks]
    assert [f.id for f in frameworks] == sorted(f.id for f in frameworks)
    assert find_framework(PEEL_ID) == peel
    assert peel.name and peel.version and peel.description


def test_unknown_framework_names_the_available_ones():
    with pytest.raises(UnknownFrameworkError, match=PEEL_ID):
        find_framework("peel-2099")


def test_peel_has_headline_e_over_four_graded_core_questions(peel):
    top = peel.children(None)
    assert [q.code for q in top] == ["E"]
    assert top[0].graded and top[0].subtree_end == len(peel.questions) - 1
    assert [q.code for q in peel.children("E")] == ["1", "2", "3", "4"]
    assert [q.code for q in peel.core_questions()] == ["1", "2", "3", "4"]
    assert [q.code for q in peel.graded_questions()] == ["E", "1", "2", "3", "4"]
    for core in peel.core_questions():
        assert core.title.startswith("How effective is the force")
        assert len(peel.subtree(core.code)) > 1, f"core question {core.code} has no sub-questions"


def test_peel_grades_are_the_2015_scale_best_first_with_definitions(peel):
    assert [g.name for g in peel.grades] == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    ]
    assert [g.position for g in peel.grades] == [0, 1, 2, 3]
    for grade in peel.grades:
        assert len(grade.definition.strip()) > 20


def test_peel_codes_follow_their_parents(peel):
    assert peel.questions
    for q in peel.questions:
        assert q.title.strip().endswith("?"), q.code
        if q.code == "E":
            assert q.parent_code is None and q.depth == 0
        elif q.depth == 1:
            assert q.parent_code == "E" and re.fullmatch(r"[1-9]", q.code)
        else:
            assert q.parent_code is not None
            assert re.fullmatch(re.escape(q.parent_code) + r"\.[1-9]\d*", q.code), q.code
            assert not q.graded, f"{q.code} below a core question should not be graded"


def test_peel_sub_questions_are_numbered_in_order_from_one(peel):
    assert any(q.depth >= 1 and peel.children(q.code) for q in peel.questions)
    for q in peel.questions:
        children = peel.children(q.code)
        if q.depth >= 1 and children:
            assert [c.code for c in children] == [
                f"{q.code}.{i}" for i in range(1, len(children) + 1)
            ]


def test_peel_file_round_trips_through_plain_data(peel):
    raw = json.loads((BUILTIN_DIR / f"{PEEL_ID}.json").read_text(encoding="utf-8"))

    def codes(nodes):
        return [(n["code"], codes(n.get("children", []))) for n in nodes]

    plain = framework_to_dict(peel)
    assert codes(plain["questions"]) == codes(raw["questions"])
    assert plain["grades"] == [
        {"name": g["name"], "definition": g["definition"]} for g in raw["grades"]
    ]
    assert framework_from_dict(plain, "again") == peel


# -- invalid files ---------------------------------------------------------
@pytest.mark.parametrize(
    "content",
    [
        "{ not json",
        "",
        '{"id": "x"',
    ],
)
def test_file_that_is_not_json_is_named_in_the_error(tmp_path, content):
    path = tmp_path / "broken framework.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework_file(path)
    assert str(path) in str(info.value)
    assert info.value.source == str(path)
    assert "not valid JSON" in str(info.value)


def test_file_that_is_not_utf8_is_named_in_the_error(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(FrameworkError, match=re.escape(str(path))):
        load_framework_file(path)


def test_missing_file_is_named_in_the_error(tmp_path):
    path = tmp_path / "absent.json"
    with pytest.raises(FrameworkError, match=re.escape(str(path))):
        load_framework_file(path)


@pytest.mark.parametrize("drop", ["id", "grades", "questions"])
def test_file_with_missing_fields_is_named_with_the_problem(tmp_path, drop):
    raw = dict(TINY_FRAMEWORK)
    del raw[drop]
    path = tmp_path / "incomplete.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework_file(path)
    assert str(info.value).startswith(f"{path}: ")
    assert any(drop in problem for problem in info.value.problems)


def test_a_broken_file_in_the_folder_is_reported_by_name(tmp_path):
    (tmp_path / "good.json").write_text(json.dumps(TINY_FRAMEWORK), encoding="utf-8")
    assert [f.id for f in builtin_frameworks(tmp_path)] == ["tiny"]
    bad = tmp_path / "zz-bad.json"
    bad.write_text(
        json.dumps({"id": "bad", "name": "Bad", "version": "1", "grades": [], "questions": []}),
        encoding="utf-8",
    )
    with pytest.raises(FrameworkError) as info:
        builtin_frameworks(tmp_path)
    assert "zz-bad.json" in str(info.value)
    assert len(info.value.problems) == 2


def test_find_framework_in_another_folder(tmp_path):
    (tmp_path / "tiny.json").write_text(json.dumps(TINY_FRAMEWORK), encoding="utf-8")
    assert find_framework("tiny", folder=tmp_path).name == "Tiny framework"
    with pytest.raises(UnknownFrameworkError, match="tiny"):
        find_framework(PEEL_ID, folder=tmp_path)
    with pytest.raises(UnknownFrameworkError, match="none"):
        find_framework("tiny", folder=tmp_path / "empty")
