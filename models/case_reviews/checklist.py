"""A checklist and its items as the inspection holds them, and the rules a checklist
keeps whoever wrote it (the app's form, a checklist workbook, a colleague's copy).

An item may apply only when an earlier item was given one answer ("Was the DASH risk
assessment completed in person?" only when "Was a DASH risk assessment completed?"
is *yes*). Conditions point backwards, to a yes/no or choice item, so a form can be
filled top to bottom and no chain of conditions can loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from models.case_reviews.answers import (
    CHOICES_LIMIT,
    NOT_APPLICABLE,
    AnswerError,
    AnswerType,
    YesNo,
    read_answer,
)
from models.records import new_id

#: Characters in a checklist's title or theme, and in an item's prompt or a choice.
TITLE_LIMIT = 200
PROMPT_LIMIT = 1_000
#: Items one checklist may hold (a real one has 10–60).
ITEMS_LIMIT = 500


@dataclass(frozen=True)
class Condition:
    """The item applies only when the item ``item_id`` was answered ``value``."""

    item_id: str
    value: str


@dataclass(frozen=True)
class ChecklistItem:
    """One question of a checklist. ``number`` is its place, counted from 1."""

    prompt: str
    answer_type: AnswerType = AnswerType.YES_NO
    choices: tuple[str, ...] = ()
    condition: Condition | None = None
    id: str = field(default_factory=new_id)
    number: int = 0

    def read(self, typed: str) -> str | None:
        """``typed`` as this item stores it (see :func:`read_answer`)."""
        return read_answer(self.answer_type, self.choices, typed)


@dataclass(frozen=True)
class Checklist:
    """A checklist: title, theme, the framework questions (by code) it bears on, and
    its items in order. ``version`` counts the changes to its items."""

    title: str
    theme: str = ""
    question_codes: tuple[str, ...] = ()
    items: tuple[ChecklistItem, ...] = ()
    id: str = field(default_factory=new_id)
    version: int = 1
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None

    def item(self, item_id: str) -> ChecklistItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def item_numbered(self, number: int) -> ChecklistItem:
        return self.items[number - 1]


def checklist_problems(checklist: Checklist) -> list[str]:
    """Everything that keeps ``checklist`` from being saved, each in a sentence that
    names the item by number; empty when it may be saved."""
    problems = []
    if not " ".join(checklist.title.split()):
        problems.append("The checklist needs a title.")
    if len(checklist.title) > TITLE_LIMIT or len(checklist.theme) > TITLE_LIMIT:
        problems.append(f"A title or theme holds at most {TITLE_LIMIT} characters.")
    if len(checklist.items) > ITEMS_LIMIT:
        problems.append(f"A checklist holds at most {ITEMS_LIMIT} items.")
    seen: dict[str, ChecklistItem] = {}
    for number, item in enumerate(checklist.items, start=1):
        problems.extend(f"Item {number}: {p}" for p in item_problems(item, seen))
        if item.id in seen:
            problems.append(f"Item {number}: appears twice in the checklist.")
        seen[item.id] = item
    return problems


def item_problems(item: ChecklistItem, earlier: Mapping[str, ChecklistItem]) -> list[str]:
    """What is wrong with one item, given the items before it (by id)."""
    problems = []
    if not " ".join(item.prompt.split()):
        problems.append("the question is empty.")
    elif len(item.prompt) > PROMPT_LIMIT:
        problems.append(f"the question is longer than {PROMPT_LIMIT:,} characters.")
    problems.extend(_choice_problems(item))
    if item.condition is not None:
        problems.extend(_condition_problems(item.condition, earlier))
    return problems


def _choice_problems(item: ChecklistItem) -> list[str]:
    if item.answer_type is not AnswerType.CHOICE:
        return ["only a choice item has choices."] if item.choices else []
    problems = []
    if len(item.choices) < 2:
        problems.append("a choice item needs at least two choices.")
    if len(item.choices) > CHOICES_LIMIT:
        problems.append(f"a choice item offers at most {CHOICES_LIMIT} choices.")
    folded = [c.lower() for c in item.choices]
    if len(set(folded)) != len(folded):
        problems.append("the same choice is given twice.")
    for choice in item.choices:
        if not choice.strip() or choice != " ".join(choice.split()):
            problems.append("a choice is empty or has spaces around it.")
        elif len(choice) > TITLE_LIMIT:
            problems.append(f"a choice is longer than {TITLE_LIMIT} characters.")
        elif read_answer(AnswerType.TEXT, (), choice) == NOT_APPLICABLE:
            problems.append(f"'{choice}' cannot be a choice: every item may be answered n/a.")
    return problems


def _condition_problems(condition: Condition, earlier: Mapping[str, ChecklistItem]) -> list[str]:
    given = earlier.get(condition.item_id)
    if given is None:
        return ["its condition must name an earlier item of the checklist."]
    if given.answer_type not in (AnswerType.YES_NO, AnswerType.CHOICE):
        return ["its condition must name a yes/no or choice item."]
    try:
        value = given.read(condition.value)
    except AnswerError:
        value = None
    if value is None or value != condition.value or value == NOT_APPLICABLE:
        offered = (
            [m.value for m in YesNo] if given.answer_type is AnswerType.YES_NO else given.choices
        )
        return [f"its condition's answer must be one of: {', '.join(offered)}."]
    return []


def applies(
    item: ChecklistItem, answers: Mapping[str, str], items: Mapping[str, ChecklistItem]
) -> bool:
    """Whether ``item`` applies to a file with ``answers`` (item id → stored answer):
    its condition holds, and so does the condition of the item it depends on."""
    seen: set[str] = set()
    while item.condition is not None and item.id not in seen:
        seen.add(item.id)
        if answers.get(item.condition.item_id) != item.condition.value:
            return False
        parent = items.get(item.condition.item_id)
        if parent is None:
            return False
        item = parent
    return True


def numbered(items: Iterable[ChecklistItem]) -> tuple[ChecklistItem, ...]:
    """``items`` with their numbers set from their order."""
    from dataclasses import replace

    return tuple(replace(item, number=n) for n, item in enumerate(items, start=1))
