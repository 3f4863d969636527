"""A judgment's or finding's sign-off in the words the workbook uses."""

from __future__ import annotations

from models.records import Finding, Judgment


def review_words(record: Judgment | Finding | None) -> str:
    """ "Reviewed by AB" once signed off; else the judgment's status, or "Draft"."""
    if record is None:
        return "Draft"
    if record.reviewed_by:
        return f"Reviewed by {record.reviewed_by}"
    if isinstance(record, Judgment):
        return record.status.label
    return "Draft"
