"""How a finding is named in the workbook: the one place that decides its reference.

Report writers quote findings by the reference the app gives each one when it
is made ("F12", kept through merges; see ``models.records.format_finding_ref``),
so the workbook shows that same reference on every sheet and link. Sheets and
links are keyed by the finding's id and show it only through
:func:`finding_label`.
"""

from __future__ import annotations

from models.records import Finding


def finding_label(finding: Finding) -> str:
    """The reference shown for ``finding``: its stored ref."""
    return finding.ref
