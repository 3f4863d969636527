"""Inspection frameworks: a tree of questions with stable codes and a grade scale.

``framework_from_dict`` builds and validates a framework from plain data (the
built-in JSON files, later workbooks); every problem is reported with where it
was found, and an invalid framework is never half-built.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

#: Namespace for deterministic ids: the same framework version gives the same
#: question and grade ids in every inspection file, so copies can be merged.
_ID_NAMESPACE = uuid.UUID("5b0c2a36-8f0e-4d7e-9a43-2f6f1c0b7e11")


class FrameworkError(ValueError):
    """A framework definition is invalid; ``problems`` lists every issue found."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{source}: {shown}{more}")


@dataclass(frozen=True)
class Grade:
    """One grade of a scale; ``position`` 0 is the best grade."""

    id: str
    position: int
    name: str
    definition: str


@dataclass(frozen=True)
class Question:
    """One node of the framework tree.

    ``position`` is the node's place in framework (pre-)order and
    ``subtree_end`` the position of its last descendant, so "this question and
    its sub-questions" is the position range ``[position, subtree_end]``.
    """

    id: str
    code: str
    title: str
    parent_code: str | None
    depth: int
    position: int
    subtree_end: int
    graded: bool = False
    guidance: str = ""

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"

    def contains(self, other: "Question") -> bool:
        """True when ``other`` is this question or one of its descendants."""
        return self.position <= other.position <= self.subtree_end


@dataclass(frozen=True)
class Framework:
    """A versioned question tree plus grade scale, in framework order."""

    id: str
    name: str
    version: str
    description: str
    questions: tuple[Question, ...]
    grades: tuple[Grade, ...]
    #: The best grade a question carrying a cause of concern may have (a grade's name), or
    #: ``None`` when the framework sets no such rule. PEEL 2015: *requires improvement*.
    cause_of_concern_cap: str | None = None
    _by_code: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)
    _children: dict[str | None, list[Question]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self._by_code.update({q.code: q for q in self.questions})
        # Each question's children, in framework order: asked for every node when the
        # tree is drawn or written out, so looked up, never searched for.
        for q in self.questions:
            self._children.setdefault(q.parent_code, []).append(q)

    @property
    def title(self) -> str:
        return f"{self.name} (version {self.version})"

    def question(self, code: str) -> Question:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"Question {code} is not in framework {self.id}") from None

    def has_question(self, code: str) -> bool:
        return code in self._by_code

    def is_within(self, code: str, ancestor: str) -> bool:
        """Whether question ``code`` is ``ancestor`` or one of its sub-questions."""
        q, a = self.question(code), self.question(ancestor)
        return a.position <= q.position <= a.subtree_end

    def children(self, code: str | None) -> list[Question]:
        """Direct children of ``code`` (``None``: the top-level questions)."""
        return list(self._children.get(code, ()))

    def ancestor_codes(self) -> dict[str, frozenset[str]]:
        """For each question id, its own code and the codes of every question above it:
        the questions whose evidence count an item linked to it adds to."""
        result: dict[str, frozenset[str]] = {}
        for q in self.questions:
            codes: list[str] = []
            node: Question | None = q
            while node is not None:
                codes.append(node.code)
                node = self._by_code.get(node.parent_code) if node.parent_code else None
            result[q.id] = frozenset(codes)
        return result

    def codes_counted_under(self, codes: Iterable[str]) -> frozenset[str]:
        """Every question an item linked to ``codes`` counts towards (them and their parents)."""
        ancestors = self.ancestor_codes()
        return frozenset().union(
            *(ancestors[self._by_code[c].id] for c in codes if c in self._by_code)
        )

    def subtree(self, code: str) -> list[Question]:
        root = self.question(code)
        return [q for q in self.questions if root.contains(q)]

    @property
    def headline(self) -> Question | None:
        """The framework's one top-level question, which stands for the whole inspection."""
        roots = [q for q in self.questions if q.parent_code is None]
        return roots[0] if len(roots) == 1 else None

    def outside_core_questions(self) -> list[Question]:
        """Questions that belong to no core question's subtree (the headline, mostly)."""
        outside, covered_to = [], -1
        # In framework order a subtree is a run of positions, so one pass will do.
        for q in self.questions:
            if q.graded and q.parent_code is not None and q.position > covered_to:
                covered_to = q.subtree_end
            if q.position > covered_to:
                outside.append(q)
        return outside

    def graded_questions(self) -> list[Question]:
        return [q for q in self.questions if q.graded]

    def core_questions(self) -> list[Question]:
        """Graded questions below the top level (the core questions)."""
        return [q for q in self.questions if q.graded and q.parent_code is not None]

    def grade(self, name: str) -> Grade:
        for g in self.grades:
            if g.name.lower() == name.strip().lower():
                return g
        raise KeyError(
            f"'{name}' is not a grade of {self.name} "
            f"(grades: {', '.join(g.name for g in self.grades)})"
        )

    def walk(self) -> Iterator[Question]:
        return iter(self.questions)


def question_id(framework_id: str, version: str, code: str) -> str:
    return str(uuid.uuid5(_ID_NAMESPACE, f"{framework_id}|{version}|question|{code}"))


def grade_id(framework_id: str, version: str, name: str) -> str:
    return str(uuid.uuid5(_ID_NAMESPACE, f"{framework_id}|{version}|grade|{name.lower()}"))


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def framework_from_dict(data: dict[str, Any], source: str = "framework") -> Framework:
    """Build a framework from nested plain data, validating everything first.

    Expected keys: ``id``, ``name``, ``version``, ``description``, ``grades``
    (list of ``{name, definition}``, best first) and ``questions`` (list of
    ``{code, title, graded, guidance, children}``); optional
    ``cause_of_concern_cap``, the name of the best grade a question carrying a
    cause of concern may have.
    """
    problems: list[str] = []
    if not isinstance(data, dict):
        raise FrameworkError(source, ["the top level must be an object"])
    fid, name, version = _text(data.get("id")), _text(data.get("name")), _text(data.get("version"))
    for key, value in (("id", fid), ("name", name), ("version", version)):
        if not value:
            problems.append(f"'{key}' is missing or empty")

    grades: list[Grade] = []
    raw_grades = data.get("grades")
    if not isinstance(raw_grades, list) or not raw_grades:
        problems.append("'grades' must list at least one grade")
        raw_grades = []
    seen_grades: set[str] = set()
    for i, g in enumerate(raw_grades, 1):
        gname = _text(g.get("name")) if isinstance(g, dict) else ""
        if not gname:
            problems.append(f"grade {i} has no name")
            continue
        if gname.lower() in seen_grades:
            problems.append(f"grade '{gname}' appears twice")
        seen_grades.add(gname.lower())
        grades.append(
            Grade(grade_id(fid, version, gname), len(grades), gname, _text(g.get("definition")))
        )

    questions: list[Question] = []
    seen_codes: set[str] = set()

    def visit(nodes: object, parent: str | None, depth: int, where: str) -> None:
        if not isinstance(nodes, list):
            problems.append(f"{where}: 'children' must be a list")
            return
        for i, node in enumerate(nodes, 1):
            here = f"{where} item {i}"
            if not isinstance(node, dict):
                problems.append(f"{here}: must be an object")
                continue
            code, title = _text(node.get("code")), _text(node.get("title"))
            if not code:
                problems.append(f"{here}: question has no code")
                continue
            here = f"question {code}"
            if code in seen_codes:
                problems.append(f"{here}: code is used twice")
                continue
            seen_codes.add(code)
            if not title:
                problems.append(f"{here}: title is empty")
            index = len(questions)
            questions.append(
                Question(
                    question_id(fid, version, code),
                    code,
                    title,
                    parent,
                    depth,
                    index,
                    index,
                    bool(node.get("graded", False)),
                    _text(node.get("guidance")),
                )
            )
            visit(node.get("children", []), code, depth + 1, here)
            end = len(questions) - 1
            q = questions[index]
            questions[index] = Question(
                q.id, q.code, q.title, q.parent_code, q.depth, q.position, end, q.graded, q.guidance
            )

    cap = _text(data.get("cause_of_concern_cap")) or None
    if cap is not None:
        named = [g.name for g in grades if g.name.lower() == cap.lower()]
        if named:
            cap = named[0]
        else:
            problems.append(f"'cause_of_concern_cap' names '{cap}', which is not one of its grades")

    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append("'questions' must list at least one question")
    else:
        visit(raw_questions, None, 0, "questions")
    if problems:
        raise FrameworkError(source, problems)
    return Framework(
        fid,
        name,
        version,
        _text(data.get("description")),
        tuple(questions),
        tuple(grades),
        cause_of_concern_cap=cap,
    )


def framework_to_dict(framework: Framework) -> dict[str, Any]:
    """The nested plain-data form accepted by :func:`framework_from_dict`."""

    def node(q: Question) -> dict[str, Any]:
        return {
            "code": q.code,
            "title": q.title,
            "graded": q.graded,
            "guidance": q.guidance,
            "children": [node(c) for c in framework.children(q.code)],
        }

    return {
        "id": framework.id,
        "name": framework.name,
        "version": framework.version,
        "description": framework.description,
        "grades": [{"name": g.name, "definition": g.definition} for g in framework.grades],
        **(
            {"cause_of_concern_cap": framework.cause_of_concern_cap}
            if framework.cause_of_concern_cap
            else {}
        ),
        "questions": [node(q) for q in framework.children(None)],
    }
