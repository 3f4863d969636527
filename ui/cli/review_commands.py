"""The review command: the lead inspector's judgment checks, printed or as JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ui.cli.common import one_line

#: --severity names, and the severities each shows (it and the more serious).
LEVELS = {"must-fix": 1, "look-again": 2, "note": 3}


def cmd_review(args: argparse.Namespace) -> int:
    from models.review.results import Severity
    from storage.operations import review_file

    outcome = review_file(Path(args.file))
    shown_levels = list(Severity)[: LEVELS[args.severity]]
    shown = [r for r in outcome.results if r.severity in shown_levels]
    if args.json:
        print(json.dumps(_as_json(outcome, shown), indent=2, ensure_ascii=False))
    else:
        _print(outcome, shown)
    return 1 if outcome.must_fix else 0


def _where(result) -> str:
    return result.place.question_code or "overall"


def _print(outcome, shown) -> None:
    cap = f"; cause of concern cap: {outcome.cap}" if outcome.cap else ""
    print(f"Judgment checks of {outcome.path.name} ({outcome.framework}{cap})")
    width = max((len(_where(r)) for r in shown), default=7)
    for result in shown:
        severity = result.severity.label.upper()
        print(f"  {severity:<10}  {_where(result):<{width}}  {one_line(result.message)}")
    counts = outcome.counts()
    hidden = len(outcome.results) - len(shown)
    words = [_counted(counts[s], s.label.lower()) for s in counts]
    print(
        "Found: " + ", ".join(words) + (f" ({hidden} not shown at this severity)" if hidden else "")
    )
    if outcome.must_fix:
        print("Something must be fixed before the draft goes to the report writers.")


def _counted(n: int, label: str) -> str:
    """ "1 note", "34 notes", "2 look again", "0 must fix"."""
    return f"{n} {label}s" if label == "note" and n != 1 else f"{n} {label}"


def _as_json(outcome, shown) -> dict:
    return {
        "file": str(outcome.path),
        "framework": outcome.framework,
        "cause_of_concern_cap": outcome.cap,
        "counts": {s.value: n for s, n in outcome.counts().items()},
        "results": [
            {
                "check": r.check,
                "severity": r.severity.value,
                "question": r.place.question_code,
                "finding_id": r.place.finding_id,
                "finding_ref": r.place.finding_ref,
                "evidence_id": r.place.evidence_id,
                "message": r.message,
            }
            for r in shown
        ],
    }
