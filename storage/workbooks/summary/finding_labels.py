"""How a finding is named in the workbook: the one place that decides its reference.

Report writers quote findings by a short reference ("F12"). Until findings
carry a stored reference of their own, a finding is named by its place in the
workbook's order (framework order, then kind, then oldest first), which is the
same for every export of the same findings; every sheet and link is keyed by
the finding's id and shows it only through :func:`finding_label`.
"""

from __future__ import annotations

from models.records import Finding


def finding_label(finding: Finding, number: int) -> str:
    """The reference shown for ``finding``, the ``number``-th (from 1) in workbook order."""
    stored = getattr(finding, "ref", None)
    return stored if stored else f"F{number}"
