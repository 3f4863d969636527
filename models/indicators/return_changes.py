"""What a re-imported data return changes in an indicator the inspection already has, in words.

Only the columns the return has are written: a column left out of the header leaves
its field as it was, and the earlier periods are replaced only when the return has
an earlier periods sheet.
"""

from __future__ import annotations

from dataclasses import replace

from models.indicators.data_return import ReturnedIndicator
from models.indicators.indicator import Indicator, number_text

#: How each column of the return is written onto an indicator already in the file.
_FIELD_OF = {
    "group": "group",
    "unit": "unit",
    "force value": "force_value",
    "comparator value": "comparator_value",
    "comparator": "comparator_name",
    "better": "better",
    "questions": "question_codes",
    "threshold %": "threshold",
    "source": "source",
    "note": "note",
}
_FIELD_WORDS = {
    "force_value": "force value",
    "comparator_value": "comparator value",
    "comparator_name": "comparator",
    "question_codes": "questions",
    "series": "earlier periods",
}


def updated(existing: Indicator, returned: ReturnedIndicator) -> tuple[Indicator, list[str]]:
    """``existing`` with what the return says of it, and each change in words
    ("force value 62.5 → 61.9"); columns the return lacks leave their field as it was."""
    changes: dict[str, object] = {}
    said: list[str] = []
    new = returned.indicator
    fields = [_FIELD_OF[c] for c in returned.columns if c in _FIELD_OF]
    if returned.series_given:
        fields.append("series")
    for name in fields:
        before, after = getattr(existing, name), getattr(new, name)
        if before == after:
            continue
        changes[name] = after

        def shown(value: object) -> str:
            if isinstance(value, float):
                return number_text(value)
            if isinstance(value, tuple):
                return ", ".join(str(getattr(v, "period", v)) for v in value) or "none"
            if value is None or value == "":
                return "(empty)"
            return str(getattr(value, "label", value))

        said.append(f"{_FIELD_WORDS.get(name, name)} {shown(before)} → {shown(after)}")
    return replace(existing, **changes), said  # type: ignore[arg-type]
