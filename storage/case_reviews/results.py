"""A checklist's results, counted in SQL: per item, how many of the files asked for
gave each answer, how many answered N/A, how many the item did not apply to and how
many are still to answer; for a number item its median and range. Also the files
behind one answer.

The answers of the items that always apply are read from the counts the schema keeps
of them (or, narrowed by filters, counted in one grouped query over the answers
index); an item with a condition is counted in a query of its own, driven from the
files whose answers meet its condition (and the conditions that one rests on).
The files a query asks for are a set SQLite builds once per statement, so no answer's
file is looked up row by row.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.case_reviews.answers import NOT_APPLICABLE, AnswerType, answer_values
from models.case_reviews.checklist import Checklist, ChecklistItem
from models.case_reviews.query import ANY_ANSWER, UNANSWERED, CaseFileQuery
from models.case_reviews.results import AnswerCount, ItemResult, NumberSummary
from storage.case_reviews.case_files import where_files
from storage.file.database import InspectionDatabase

#: Rows the files behind one answer are listed in at most (the list pages them).
_BEHIND_LIMIT = 10_000


@dataclass(frozen=True)
class ChecklistResults:
    """The results of one checklist over the files a query asks for."""

    checklist: Checklist
    query: CaseFileQuery
    files: int
    items: tuple[ItemResult, ...]

    def of(self, item_id: str) -> ItemResult:
        return next(r for r in self.items if r.item.id == item_id)


def _chain(item: ChecklistItem, items: dict[str, ChecklistItem]) -> list[tuple[str, str]] | None:
    """The ``(item id, answer)`` pairs that must all hold for ``item`` to apply, or
    ``None`` when a condition rests on an item no longer in the checklist."""
    chain: list[tuple[str, str]] = []
    current = item
    while current.condition is not None:
        if len(chain) > len(items):
            return None  # a loop (only a crafted copy could make one)
        chain.append((current.condition.item_id, current.condition.value))
        parent = items.get(current.condition.item_id)
        if parent is None:
            return None
        current = parent
    return chain


def _conditions_sql(chain: list[tuple[str, str]]) -> tuple[str, list[object]]:
    sql = "".join(
        f" JOIN case_answer c{n} ON c{n}.case_file_id = f.id AND c{n}.item_id = ?"
        f" AND c{n}.value = ? AND c{n}.deleted_at IS NULL"
        for n in range(len(chain))
    )
    return sql, [v for pair in chain for v in pair]


def _file_set(query: CaseFileQuery, column: str) -> tuple[str, list[object]]:
    """SQL saying that the file ``column`` names is one the query asks for.

    Unfiltered, that is any file of the checklist but its deleted ones (few as a rule);
    filtered, one of the files the filters keep. Either way SQLite builds the set once
    per statement, and every count is driven from the answers index without looking up
    each answer's file.
    """
    if not query.filtered:
        return (
            f"{column} NOT IN (SELECT id FROM case_file WHERE checklist_id = ?"
            " AND deleted_at IS NOT NULL)",
            [query.checklist_id],
        )
    where, params = where_files(query)
    return f"{column} IN (SELECT f.id FROM case_file f WHERE {where})", params


def _applies_sql(chain: list[tuple[str, str]], query: CaseFileQuery) -> tuple[str, list[object]]:
    """``FROM … WHERE …`` giving, as ``c0.case_file_id``, each file asked for where the
    conditions of ``chain`` all hold (the first read from the answers index)."""
    first_item, first_value = chain[0]
    joins = "".join(
        f" JOIN case_answer c{n} ON c{n}.case_file_id = c0.case_file_id AND c{n}.item_id = ?"
        f" AND c{n}.value = ? AND c{n}.deleted_at IS NULL"
        for n in range(1, len(chain))
    )
    files, params = _file_set(query, "c0.case_file_id")
    return (
        f"FROM case_answer c0 INDEXED BY case_answer_by_item{joins}"
        " WHERE c0.item_id = ? AND c0.value = ? AND c0.deleted_at IS NULL AND " + files,
        [*[v for pair in chain[1:] for v in pair], first_item, first_value, *params],
    )


class CaseReviewResults:
    """Counts over the reviewed files of one inspection file."""

    def __init__(self, db: InspectionDatabase):
        self.db = db

    def results(self, checklist: Checklist, query: CaseFileQuery) -> ChecklistResults:
        """Every item's result over the live files ``query`` asks for."""
        conn = self.db.conn
        where, params = where_files(query)
        files = int(
            conn.execute(f"SELECT count(*) FROM case_file f WHERE {where}", params).fetchone()[0]
        )
        items = {i.id: i for i in checklist.items}
        plain: dict[str, dict[str, int]] = {i.id: {} for i in checklist.items if not i.condition}
        counts: dict[str, dict[str, int]] = dict(plain)
        if plain:
            self._count_plain(query, plain)
        out = []
        for item in checklist.items:
            chain = _chain(item, items)
            if item.id in plain:
                applicable = files
            elif chain is None:
                applicable, counts[item.id] = 0, {}
            else:
                applies, applies_params = _applies_sql(chain, query)
                counts[item.id] = {}
                applicable = 0
                for value, count in conn.execute(
                    "SELECT a.value, count(*) FROM (SELECT c0.case_file_id AS file_id"
                    f" {applies}) c LEFT JOIN case_answer a ON a.case_file_id = c.file_id"
                    " AND a.item_id = ? AND a.deleted_at IS NULL GROUP BY a.value",
                    [*applies_params, item.id],
                ):
                    applicable += count
                    if value is not None:
                        counts[item.id][value] = count
            numbers = None
            if item.answer_type is AnswerType.NUMBER and chain is not None:
                numbers = self._numbers(item, chain, query)
            out.append(self._result(item, files, applicable, counts[item.id], numbers))
        return ChecklistResults(checklist, query, files, tuple(out))

    def _count_plain(self, query: CaseFileQuery, plain: dict[str, dict[str, int]]) -> None:
        """Fill ``plain`` (item id → answer → files) for the items that always apply:
        unfiltered, from the counts the schema keeps of live files' answers; filtered,
        counted over the answers index for the files the filters keep."""
        ids = list(plain)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ", ".join("?" * len(part))
            if query.filtered:
                in_set, set_params = _file_set(query, "a.case_file_id")
                rows = self.db.conn.execute(
                    "SELECT a.item_id, a.value, count(*) FROM case_answer a INDEXED BY"
                    f" case_answer_by_item WHERE a.deleted_at IS NULL AND a.item_id IN ({marks})"
                    f" AND {in_set} GROUP BY a.item_id, a.value",
                    [*part, *set_params],
                )
            else:
                rows = self.db.conn.execute(
                    "SELECT item_id, value, files FROM case_answer_count"
                    f" WHERE item_id IN ({marks}) AND files > 0",
                    part,
                )
            for item_id, value, count in rows:
                plain[item_id][value] = count

    @staticmethod
    def _result(
        item: ChecklistItem,
        files: int,
        applicable: int,
        counts: dict[str, int],
        numbers: NumberSummary | None,
    ) -> ItemResult:
        answered = sum(counts.values())
        not_applicable = counts.get(NOT_APPLICABLE, 0)
        offered = answer_values(item.answer_type, item.choices)
        shown = [AnswerCount(v, counts.get(v, 0)) for v in offered]
        if offered:
            # Answers a later edit of the choices no longer offers are still counted.
            shown += [
                AnswerCount(v, c)
                for v, c in sorted(counts.items())
                if v not in offered and v != NOT_APPLICABLE
            ]
        return ItemResult(
            item=item,
            files=files,
            not_applied=files - applicable,
            unanswered=applicable - answered,
            not_applicable=not_applicable,
            base=answered - not_applicable,
            counts=tuple(shown),
            numbers=numbers,
        )

    def _numbers(
        self, item: ChecklistItem, chain: list[tuple[str, str]], query: CaseFileQuery
    ) -> NumberSummary | None:
        """Median and range of a number item's answers, worked out in one SQL statement
        (the middle one or two values picked by their rank)."""
        if chain:
            applies, params = _applies_sql(chain, query)
            source = (
                f"SELECT a.value FROM (SELECT c0.case_file_id AS file_id {applies}) c"
                " JOIN case_answer a ON a.case_file_id = c.file_id AND a.item_id = ?"
                " AND a.deleted_at IS NULL"
            )
            params = [*params, item.id]
        else:
            in_set, set_params = _file_set(query, "a.case_file_id")
            source = (
                "SELECT a.value FROM case_answer a INDEXED BY case_answer_by_item"
                f" WHERE a.item_id = ? AND a.deleted_at IS NULL AND {in_set}"
            )
            params = [item.id, *set_params]
        row = self.db.conn.execute(
            "SELECT count(*), min(v), max(v), avg(CASE WHEN r IN ((n + 1) / 2, (n + 2) / 2)"
            " THEN v END) FROM (SELECT v, row_number() OVER (ORDER BY v) AS r,"
            " count(*) OVER () AS n FROM (SELECT CAST(value AS REAL) AS v FROM"
            f" ({source}) WHERE value != ?))",
            [*params, NOT_APPLICABLE],
        ).fetchone()
        if not row[0]:
            return None
        return NumberSummary(float(row[3]), float(row[1]), float(row[2]))

    def files_behind(
        self, checklist: Checklist, item: ChecklistItem, value: str, query: CaseFileQuery
    ) -> list[str]:
        """The ids of the files (as ``query`` narrows them) that gave ``item`` the answer
        ``value``: ``n/a``, :data:`ANY_ANSWER` for any answer but N/A, or
        :data:`UNANSWERED` for the files it applies to with no answer yet; in list order."""
        items = {i.id: i for i in checklist.items}
        chain = _chain(item, items)
        if chain is None:
            return []
        joins, join_params = _conditions_sql(chain)
        where, params = where_files(query)
        if value == UNANSWERED:
            answer = "a.case_file_id IS NULL"
            answer_params: list[object] = []
        elif value == ANY_ANSWER:
            answer, answer_params = "a.value != ?", [NOT_APPLICABLE]
        else:
            answer, answer_params = "a.value = ?", [value]
        rows = self.db.conn.execute(
            f"SELECT f.id FROM case_file f{joins} LEFT JOIN case_answer a"
            " ON a.case_file_id = f.id AND a.item_id = ? AND a.deleted_at IS NULL"
            f" WHERE {where} AND {answer}"
            " ORDER BY f.reviewed_on IS NULL, f.reviewed_on DESC,"
            " f.case_reference COLLATE NOCASE, f.id LIMIT ?",
            [*join_params, item.id, *params, *answer_params, _BEHIND_LIMIT],
        )
        return [r[0] for r in rows]
