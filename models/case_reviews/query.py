"""Which reviewed files a list or a result is about: a checklist, a search and filters
by crime type, reviewer and the dates the files were reviewed (both days included)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date

#: Rows one page of the files list holds at most.
PAGE_LIMIT = 1_000
#: Stands for "any answer" when listing the files behind a number, date or text result.
ANY_ANSWER = "*"
#: Stands for "applies but not yet answered" when listing the files behind a result.
UNANSWERED = ""


@dataclass(frozen=True)
class CaseFileQuery:
    """A checklist's files narrowed by search words and filters (``None`` = any)."""

    checklist_id: str
    search: str = ""
    crime_type: str | None = None
    reviewer: str | None = None
    reviewed_from: date | None = None
    reviewed_to: date | None = None

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the checklist's files."""
        return bool(self.search.strip()) or any(
            v is not None
            for v in (self.crime_type, self.reviewer, self.reviewed_from, self.reviewed_to)
        )

    def filters_json(self) -> str:
        """The filters (not the search) as the evidence made from a result keeps them."""
        return json.dumps(
            {
                "crime_type": self.crime_type,
                "reviewer": self.reviewer,
                "reviewed_from": _day(self.reviewed_from),
                "reviewed_to": _day(self.reviewed_to),
            },
            sort_keys=True,
        )

    def with_filters_json(self, text: str) -> "CaseFileQuery":
        """This query with the filters kept by :meth:`filters_json`."""
        data = json.loads(text)
        return replace(
            self,
            search="",
            crime_type=data.get("crime_type"),
            reviewer=data.get("reviewer"),
            reviewed_from=_date(data.get("reviewed_from")),
            reviewed_to=_date(data.get("reviewed_to")),
        )

    def description(self) -> str:
        """The filters in words (``crime type Burglary, reviewed 2015-09-21 to
        2015-09-25``), or "" when nothing narrows the files."""
        parts = []
        if self.crime_type is not None:
            parts.append(f"crime type {self.crime_type}")
        if self.reviewer is not None:
            parts.append(f"reviewed by {self.reviewer.strip().upper()}")
        start, end = _day(self.reviewed_from), _day(self.reviewed_to)
        if start and end:
            parts.append(f"reviewed {start} to {end}")
        elif start or end:
            parts.append(f"reviewed on or {'after' if start else 'before'} {start or end}")
        if self.search.strip():
            parts.append(f"matching '{self.search.strip()}'")
        return ", ".join(parts)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None
