"""Plain-text wording of merge plans, merge results, conflicts and the team.

Shared by the command line and any dialog that wants the same sentences; no
formatting beyond lines of text.
"""

from __future__ import annotations

from typing import Iterable

from models.merging.outcome import (
    Conflict,
    KindCounts,
    MergeKind,
    MergePlan,
    MergeResult,
    RefRenumbering,
)
from models.team import TeamMember

_FIELD_NAMES = {
    "deleted_at": "deleted",
    "question_id": "question",
    "grade_id": "grade",
    "evidence_id": "evidence",
    "finding_id": "finding",
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def when(stamp: str | None) -> str:
    """``2026-03-02T10:15:04.120Z`` as ``2026-03-02 10:15 UTC``."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if stamp and len(stamp) >= 16 else (stamp or "")


def counts_table(counts: dict[MergeKind, KindCounts]) -> list[str]:
    lines = [f"  {'':<28}{'added':>8}{'updated':>9}{'deleted':>9}{'conflicts':>11}"]
    for kind in MergeKind:
        c = counts.get(kind, KindCounts())
        lines.append(f"  {kind.label:<28}{c.added:>8}{c.updated:>9}{c.deleted:>9}{c.conflicts:>11}")
    return lines


def describe_source(plan: MergePlan) -> str:
    name = plan.source_path.name
    if plan.source_copy_for:
        made = when(plan.source_copied_at)
        return f"{name} (fieldwork copy for {plan.source_copy_for}, made {made})"
    return f"{name} (the master)"


def plan_lines(plan: MergePlan, target_name: str) -> list[str]:
    """What merging one file would do, as the lines a person reads before agreeing."""
    head = f"Merging {describe_source(plan)} into {target_name}:"
    if plan.is_empty:
        return [head, f"  nothing to merge: {target_name} already has everything in it."]
    lines = [head, *counts_table(plan.counts)]
    for r in plan.renumbered:
        if r.entity == "finding":
            lines.append(
                f"  {renumbering(r)} ({r.old_ref} is already used in {target_name}"
                " by another finding)"
            )
            continue
        lines.append(
            f"  renumbered: {r.old_ref} -> {r.new_ref} ({r.old_ref} is already used "
            f"in {target_name} by another item)"
        )
    for conflict in plan.conflicts:
        lines.append(f"  conflict: {conflict.label}")
        lines.extend("    " + line for line in versions_lines(conflict))
    if plan.carried_conflicts:
        lines.append(
            f"  {_plural(plan.carried_conflicts, 'conflict')} recorded in "
            f"{plan.source_path.name} will be recorded here too"
        )
    return lines


def renumbering(r: RefRenumbering) -> str:
    """ "finding F3 renumbered F7", or for an item "JS-0003 renumbered JS-0005"."""
    return f"{'finding ' if r.entity == 'finding' else ''}{r.old_ref} renumbered {r.new_ref}"


#: Finding renumberings named in one line before the rest are only counted.
_NAMED_FINDINGS = 5


def result_line(result: MergeResult) -> str:
    total, plan = result.total, result.plan
    parts = [f"{total.added} added", f"{total.updated} updated", f"{total.deleted} deleted"]
    items = [r for r in plan.renumbered if r.entity != "finding"]
    findings = [r for r in plan.renumbered if r.entity == "finding"]
    if items:
        parts.append(f"{_plural(len(items), 'ref')} renumbered")
    # A writer quotes finding refs: each one that changed is named.
    parts.extend(renumbering(r) for r in findings[:_NAMED_FINDINGS])
    if len(findings) > _NAMED_FINDINGS:
        parts.append(f"{len(findings) - _NAMED_FINDINGS} more findings renumbered")
    conflicts = total.conflicts + plan.carried_conflicts
    parts.append(f"{_plural(conflicts, 'conflict')} to review" if conflicts else "no conflicts")
    return f"Merged {plan.source_path.name}: {', '.join(parts)}."


_SHOWN = 70  # characters of a long text shown, around where the two versions part


def _flat(value: object) -> str:
    return " ".join(str(value if value is not None else "").split())


def _value(name: str, value: object, start: int = 0) -> str:
    """A field's value for one line; long text from a little before ``start``."""
    if name == "deleted_at":
        return "yes" if value else "no"
    text = _flat(value)
    if len(text) <= _SHOWN:
        return f'"{text}"'
    begin = min(max(0, start - 20), len(text) - _SHOWN)
    return (
        f'"{"…" if begin else ""}{text[begin : begin + _SHOWN]}'
        f'{"…" if begin + _SHOWN < len(text) else ""}"'
    )


def _parting(first: object, second: object) -> int:
    """Where two texts start to differ."""
    a, b = _flat(first), _flat(second)
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def versions_lines(conflict: Conflict) -> list[str]:
    """The two versions one above the other: only the fields that differ, long texts
    shown where they differ."""
    fields = conflict.differing_fields or ("updated_at",)
    parts = {f: _parting(conflict.current.get(f), conflict.other.get(f)) for f in fields}
    current = ", ".join(
        f"{_FIELD_NAMES.get(f, f)} {_value(f, conflict.current.get(f), parts[f])}" for f in fields
    )
    other = ", ".join(
        f"{_FIELD_NAMES.get(f, f)} {_value(f, conflict.other.get(f), parts[f])}" for f in fields
    )
    return [
        f"current: {current} (changed {when(conflict.current.get('updated_at'))})",
        f"other:   {other} (changed {when(conflict.other.get('updated_at'))}, "
        f"from {conflict.other_source or 'another copy'})",
    ]


def conflict_lines(conflicts: Iterable[Conflict]) -> list[str]:
    lines = []
    for c in conflicts:
        state = (
            f"resolved {when(c.resolved_at)}: {c.resolution}"
            if c.resolved
            else f"found {when(c.detected_at)}"
        )
        lines.append(f"{(c.id or '')[:8]}  {c.label}  ({state})")
        lines.extend("    " + line for line in versions_lines(c))
    return lines


def team_lines(members: Iterable[TeamMember]) -> list[str]:
    members = list(members)
    if not members:
        return ["No team members yet."]
    width = max(len(m.name) for m in members)
    return [
        f"{m.initials:<5} {m.name:<{width}}  {m.role.label.lower()}"
        + ("  (removed)" if m.deleted_at else "")
        for m in members
    ]
