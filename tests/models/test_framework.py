"""Frameworks from plain data: validation, tree numbering, round trips and stable ids."""

from __future__ import annotations

import copy
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.framework import (
    Framework,
    FrameworkError,
    framework_from_dict,
    framework_to_dict,
    grade_id,
    question_id,
)
from tests.conftest import TINY_FRAMEWORK


def data(**changes) -> dict:
    result = copy.deepcopy(TINY_FRAMEWORK)
    result.update(changes)
    return result


def problems_of(raw, source="test-source") -> list[str]:
    with pytest.raises(FrameworkError) as info:
        framework_from_dict(raw, source)
    assert info.value.source == source
    assert str(info.value).startswith(f"{source}: ")
    return info.value.problems


# -- building and numbering -------------------------------------------------
def test_tiny_framework_questions_are_in_pre_order_with_depth_and_parent(tiny_framework):
    rows = [
        (q.code, q.parent_code, q.depth, q.position, q.subtree_end, q.graded)
        for q in tiny_framework.questions
    ]
    assert rows == [
        ("H", None, 0, 0, 6, True),
        ("1", "H", 1, 1, 4, True),
        ("1.1", "1", 2, 2, 3, False),
        ("1.1.1", "1.1", 3, 3, 3, False),
        ("1.2", "1", 2, 4, 4, False),
        ("2", "H", 1, 5, 6, True),
        ("2.1", "2", 2, 6, 6, False),
    ]


def test_framework_navigation(tiny_framework):
    fw = tiny_framework
    assert fw.title == "Tiny framework (version 1)"
    assert [q.code for q in fw.children(None)] == ["H"]
    assert [q.code for q in fw.children("1")] == ["1.1", "1.2"]
    assert [q.code for q in fw.subtree("1")] == ["1", "1.1", "1.1.1", "1.2"]
    assert [q.code for q in fw.subtree("1.2")] == ["1.2"]
    assert [q.code for q in fw.graded_questions()] == ["H", "1", "2"]
    assert [q.code for q in fw.core_questions()] == ["1", "2"]
    assert [q.code for q in fw.walk()] == [q.code for q in fw.questions]
    assert fw.question("1.1").label == "1.1 Diagnostic one-one?"
    assert fw.has_question("2.1") and not fw.has_question("3")
    with pytest.raises(KeyError, match="3"):
        fw.question("3")
    assert fw.question("1").contains(fw.question("1.1.1"))
    assert fw.question("1").contains(fw.question("1"))
    assert not fw.question("1").contains(fw.question("2.1"))
    assert not fw.question("1.1").contains(fw.question("1"))


def test_grades_are_ordered_best_first_and_found_by_name_ignoring_case(tiny_framework):
    assert [(g.position, g.name) for g in tiny_framework.grades] == [(0, "Good"), (1, "Poor")]
    assert tiny_framework.grade("  good ").name == "Good"
    assert tiny_framework.grade("POOR").definition == "Not doing well."
    with pytest.raises(KeyError, match="Good, Poor"):
        tiny_framework.grade("Excellent")


def test_text_fields_are_trimmed_and_optional_fields_default():
    raw = {
        "id": " x ",
        "name": " X ",
        "version": " 2 ",
        "grades": [{"name": " Fine "}],
        "questions": [{"code": " A ", "title": "  Title  "}],
    }
    fw = framework_from_dict(raw)
    assert (fw.id, fw.name, fw.version, fw.description) == ("x", "X", "2", "")
    assert fw.grades[0].name == "Fine" and fw.grades[0].definition == ""
    q = fw.question("A")
    assert (q.title, q.graded, q.guidance, q.depth, q.subtree_end) == ("Title", False, "", 0, 0)


# -- validation -------------------------------------------------------------
def test_top_level_must_be_an_object():
    assert problems_of(["not", "a", "dict"]) == ["the top level must be an object"]


@pytest.mark.parametrize("key", ["id", "name", "version"])
@pytest.mark.parametrize("value", [None, "", "   ", 3])
def test_id_name_and_version_are_required(key, value):
    raw = data(**{key: value})
    problems = problems_of(raw)
    assert problems == [f"'{key}' is missing or empty"]


def test_duplicate_code_is_reported():
    raw = data()
    raw["questions"][0]["children"][1]["children"].append({"code": "1.1", "title": "Again?"})
    assert problems_of(raw) == ["question 1.1: code is used twice"]


def test_empty_title_is_reported():
    raw = data()
    raw["questions"][0]["children"][0]["children"][1]["title"] = "   "
    assert problems_of(raw) == ["question 1.2: title is empty"]


def test_missing_code_is_reported_with_its_place():
    raw = data()
    raw["questions"][0]["children"][1]["children"].append({"title": "No code?"})
    problems = problems_of(raw)
    assert problems == ["question 2 item 2: question has no code"]


@pytest.mark.parametrize("grades", [None, [], "Good", {"name": "Good"}])
def test_at_least_one_grade_is_required(grades):
    assert problems_of(data(grades=grades)) == ["'grades' must list at least one grade"]


def test_duplicate_grade_is_reported_ignoring_case():
    raw = data(grades=[{"name": "Good"}, {"name": "good "}, {"name": "Poor"}])
    assert problems_of(raw) == ["grade 'good' appears twice"]


def test_grade_without_a_name_is_reported():
    raw = data(grades=[{"name": "Good"}, {"definition": "no name"}, "Poor"])
    assert problems_of(raw) == ["grade 2 has no name", "grade 3 has no name"]


@pytest.mark.parametrize("children", ["1.1", {"code": "1.1"}, 7])
def test_children_must_be_a_list(children):
    raw = data()
    raw["questions"][0]["children"][1]["children"] = children
    assert problems_of(raw) == ["question 2: 'children' must be a list"]


@pytest.mark.parametrize("questions", [None, [], "H", {"code": "H"}])
def test_at_least_one_question_is_required(questions):
    assert problems_of(data(questions=questions)) == ["'questions' must list at least one question"]


def test_a_question_must_be_an_object():
    raw = data()
    raw["questions"][0]["children"].append("3 Something?")
    assert problems_of(raw) == ["question H item 3: must be an object"]


def test_every_problem_is_reported_together_and_the_message_names_the_source():
    raw = {
        "id": "",
        "name": "X",
        "version": "1",
        "grades": [{"name": "Good"}, {"name": "GOOD"}],
        "questions": [
            {
                "code": "A",
                "title": "",
                "children": [
                    {"code": "A.1", "title": "ok", "children": "oops"},
                    {"title": "no code"},
                    {"code": "A", "title": "dup"},
                ],
            },
            {"code": "B", "title": "ok"},
        ],
    }
    with pytest.raises(FrameworkError) as info:
        framework_from_dict(raw, "frameworks/broken.json")
    err = info.value
    assert err.problems == [
        "'id' is missing or empty",
        "grade 'GOOD' appears twice",
        "question A: title is empty",
        "question A.1: 'children' must be a list",
        "question A item 2: question has no code",
        "question A: code is used twice",
    ]
    message = str(err)
    assert message.startswith("frameworks/broken.json: ")
    assert all(p in message for p in err.problems[:5])
    assert "(and 1 more)" in message
    assert isinstance(err, ValueError)


def test_invalid_framework_is_never_half_built():
    raw = data()
    raw["questions"][0]["children"][0]["title"] = ""
    with pytest.raises(FrameworkError):
        framework_from_dict(raw)


# -- ids --------------------------------------------------------------------
def test_ids_are_deterministic_uuids_per_framework_version_and_code(tiny_framework):
    again = framework_from_dict(copy.deepcopy(TINY_FRAMEWORK), "elsewhere")
    assert [q.id for q in again.questions] == [q.id for q in tiny_framework.questions]
    assert [g.id for g in again.grades] == [g.id for g in tiny_framework.grades]
    ids = [q.id for q in tiny_framework.questions] + [g.id for g in tiny_framework.grades]
    assert len(set(ids)) == len(ids)
    for value in ids:
        assert uuid.UUID(value).version == 5
    assert tiny_framework.question("1.1").id == question_id("tiny", "1", "1.1")
    assert tiny_framework.grade("Good").id == grade_id("tiny", "1", "Good")


def test_ids_change_with_version_or_framework_but_not_with_titles(tiny_framework):
    v2 = framework_from_dict(data(version="2"))
    other = framework_from_dict(data(id="other"))
    retitled = data()
    retitled["questions"][0]["title"] = "A new headline?"
    retitled = framework_from_dict(retitled)
    for fw in (v2, other):
        assert not {q.id for q in fw.questions} & {q.id for q in tiny_framework.questions}
    assert retitled.question("H").id == tiny_framework.question("H").id
    assert grade_id("tiny", "1", "GOOD") == grade_id("tiny", "1", "good")
    assert question_id("tiny", "1", "1.1") != question_id("tiny", "1", "1.1.1")


# -- round trips ------------------------------------------------------------
def test_to_dict_gives_back_the_input_with_defaults_filled(tiny_framework):
    def filled(node):
        return {
            "code": node["code"],
            "title": node["title"],
            "graded": node.get("graded", False),
            "guidance": node.get("guidance", ""),
            "children": [filled(c) for c in node.get("children", [])],
        }

    expected = {
        "id": "tiny",
        "name": "Tiny framework",
        "version": "1",
        "description": "For tests.",
        "grades": TINY_FRAMEWORK["grades"],
        "questions": [filled(q) for q in TINY_FRAMEWORK["questions"]],
    }
    assert framework_to_dict(tiny_framework) == expected
    assert framework_from_dict(framework_to_dict(tiny_framework)) == tiny_framework


clean_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
)


@st.composite
def frameworks(draw):
    """Nested framework data with unique, dotted codes and trimmed text."""
    counter = iter(range(10**6))

    def tree(prefix: str, depth: int):
        n = draw(st.integers(min_value=1 if depth == 0 else 0, max_value=3 if depth < 3 else 0))
        nodes = []
        for i in range(1, n + 1):
            code = (
                f"{prefix}{i}"
                if prefix
                else draw(st.sampled_from(["E", "H", "Q"])) + str(next(counter))
            )
            node = {
                "code": code,
                "title": draw(clean_text),
                "graded": draw(st.booleans()),
                "guidance": draw(st.one_of(st.just(""), clean_text)),
                "children": tree(code + ".", depth + 1),
            }
            nodes.append(node)
        return nodes

    grade_names = draw(st.lists(clean_text, min_size=1, max_size=5, unique_by=lambda s: s.lower()))
    return {
        "id": draw(clean_text),
        "name": draw(clean_text),
        "version": draw(clean_text),
        "description": draw(st.one_of(st.just(""), clean_text)),
        "grades": [
            {"name": g, "definition": draw(st.one_of(st.just(""), clean_text))} for g in grade_names
        ],
        "questions": tree("", 0),
    }


@settings(max_examples=150, deadline=None, derandomize=True)
@given(frameworks())
def test_generated_frameworks_round_trip_and_number_their_trees(raw):
    fw = framework_from_dict(raw)
    assert framework_to_dict(fw) == raw
    assert framework_from_dict(framework_to_dict(fw)) == fw

    # Positions are the pre-order index; subtree_end closes the descendants.
    assert [q.position for q in fw.questions] == list(range(len(fw.questions)))
    by_code = {q.code: q for q in fw.questions}

    def ancestors(q):
        while q.parent_code is not None:
            q = by_code[q.parent_code]
            yield q.code

    for q in fw.questions:
        descendants = [d.code for d in fw.questions if q.code in ancestors(d)]
        assert [d.code for d in fw.subtree(q.code)] == [q.code] + descendants
        assert q.subtree_end == q.position + len(descendants)
        if q.parent_code is None:
            assert q.depth == 0
        else:
            assert q.depth == by_code[q.parent_code].depth + 1
            assert by_code[q.parent_code].contains(q)
    assert [g.position for g in fw.grades] == list(range(len(fw.grades)))


def test_framework_equality_ignores_the_lookup_cache(tiny_framework):
    copy_ = Framework(
        tiny_framework.id,
        tiny_framework.name,
        tiny_framework.version,
        tiny_framework.description,
        tiny_framework.questions,
        tiny_framework.grades,
    )
    assert copy_ == tiny_framework
    assert copy_.question("2.1") == tiny_framework.question("2.1")
