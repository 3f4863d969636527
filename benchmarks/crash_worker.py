"""A scripted inspector for the crash test, run as a child process that gets killed.

``python crash_worker.py FILE SEED [ACTIONS]`` opens the inspection FILE and
performs a seeded random sequence of user actions through the repositories:
recording evidence, editing an item's summary and questions, adding a finding,
changing a judgment, deleting or restoring an item. Its own items carry the
initials ``CW``, so a later run (after a kill) finds them again from the file.

Every line it prints is flushed at once, because the parent trusts only what
it has read when it kills this process:

- ``ready`` once the file is open;
- ``do <json>`` just before an action, saying what it is about to do;
- ``sql <statement>`` as each SQL statement of that action starts (traced
  from the connection), so the parent can kill at a chosen point *inside* the
  transaction, right up to its ``COMMIT``;
- ``ack <json>`` once that action's transaction has committed, the same
  description plus what the storage layer handed back (an item's ref).

Only ``ack`` is an acknowledgement: the parent may kill between a commit and
its ``ack``, so a ``do`` without an ``ack`` may or may not be on disk, but it
must be wholly there or wholly absent.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import replace
from pathlib import Path

# Run as a script, so the project root is not on the path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.records import Evidence, Finding, Judgment, format_ref  # noqa: E402
from models.vocabulary import FindingKind  # noqa: E402
from storage.file.inspection_file import InspectionFile  # noqa: E402

AUTHOR = "CW"
_WORDS = (
    "custody",
    "triage",
    "neighbourhood",
    "safeguarding",
    "referral",
    "patrol",
    "supervisor",
    "briefing",
    "victim",
    "partner",
    "review",
    "backlog",
    "risk",
    "assessment",
    "contact",
    "centre",
    "response",
    "officer",
    "staff",
    "plan",
)


def say(kind: str, payload: dict | str | None = None) -> None:
    if isinstance(payload, dict):
        payload = json.dumps(payload, sort_keys=True)
    sys.stdout.write(kind if payload is None else f"{kind} {payload}")
    sys.stdout.write("\n")
    sys.stdout.flush()


def _trace(statement: str) -> None:
    say("sql", " ".join(statement.split())[:60])


class Worker:
    """Picks and performs actions on one open inspection, announcing each."""

    def __init__(self, inspection: InspectionFile, seed: int):
        self.inspection = inspection
        self.rng = random.Random(seed)
        self.seed = seed
        self.count = 0
        framework = inspection.framework
        self.codes = [q.code for q in framework.questions]
        self.graded = [q.code for q in framework.graded_questions()]
        self.grades = [g.name for g in framework.grades]
        self.position = {q.code: q.position for q in framework.questions}

    def own_items(self) -> list[Evidence]:
        """Every item this worker ever recorded in the file, deleted ones included."""
        last = int(self.inspection.evidence.next_ref(AUTHOR).split("-")[1]) - 1
        found = self.inspection.evidence.find_by_refs(
            [format_ref(AUTHOR, n) for n in range(1, last + 1)]
        )
        return [found[ref] for ref in sorted(found)]

    def text(self, words: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(words))

    def some_codes(self) -> list[str]:
        codes = self.rng.sample(self.codes, self.rng.randint(1, 3))
        return sorted(codes, key=self.position.__getitem__)

    def step(self) -> None:
        self.count += 1
        items = self.own_items()
        live = [e for e in items if e.deleted_at is None]
        choice = self.rng.random()
        if not live or choice < 0.35:
            self.add_evidence()
        elif choice < 0.6:
            self.edit_evidence(self.rng.choice(live))
        elif choice < 0.75:
            self.add_finding(live)
        elif choice < 0.85:
            self.save_judgment()
        else:
            gone = [e for e in items if e.deleted_at is not None]
            if gone and self.rng.random() < 0.5:
                self.act(
                    {"action": "restore_evidence", "id": self.rng.choice(gone).id},
                    lambda p: self.inspection.evidence.restore(p["id"]),
                )
            else:
                self.act(
                    {"action": "delete_evidence", "id": self.rng.choice(live).id},
                    lambda p: self.inspection.evidence.delete(p["id"]),
                )

    def act(self, payload: dict, perform) -> None:
        say("do", payload)
        self.inspection.db.conn.set_trace_callback(_trace)
        try:
            result = perform(payload)
        finally:
            self.inspection.db.conn.set_trace_callback(None)
        # Only an added item's ref is news to the parent; other results are not reported.
        say("ack", {**payload, **(result if isinstance(result, dict) else {})})

    def summary(self) -> str:
        return f"Seed {self.seed} action {self.count}: {self.text(self.rng.randint(4, 12))}"

    def add_evidence(self) -> None:
        evidence = Evidence(
            author=AUTHOR,
            summary=self.summary(),
            notes=self.text(self.rng.randint(20, 400)),
            question_codes=tuple(self.some_codes()),
        )
        payload = {
            "action": "add_evidence",
            "id": evidence.id,
            "summary": evidence.summary,
            "codes": list(evidence.question_codes),
        }
        self.act(payload, lambda p: {"ref": self.inspection.evidence.add(evidence).ref})

    def edit_evidence(self, item: Evidence) -> None:
        codes = self.some_codes()
        payload = {
            "action": "edit_evidence",
            "id": item.id,
            "summary": self.summary(),
            "codes": codes,
        }
        self.act(
            payload,
            lambda p: self.inspection.evidence.update(
                replace(item, summary=p["summary"], question_codes=tuple(p["codes"]))
            ),
        )

    def add_finding(self, live: list[Evidence]) -> None:
        support = self.rng.sample(live, min(len(live), self.rng.randint(1, 2)))
        finding = Finding(
            question_code=self.rng.choice(self.codes),
            kind=FindingKind.STRENGTH,
            statement=self.summary(),
            evidence_ids=tuple(e.id for e in support),
        )
        payload = {
            "action": "add_finding",
            "id": finding.id,
            "question": finding.question_code,
            "evidence_ids": list(finding.evidence_ids),
        }
        self.act(payload, lambda p: self.inspection.findings.add(finding))

    def save_judgment(self) -> None:
        judgment = Judgment(
            question_code=self.rng.choice(self.graded),
            grade=self.rng.choice(self.grades),
            rationale=f"Rationale {self.summary()}",
        )
        payload = {
            "action": "save_judgment",
            "question": judgment.question_code,
            "grade": judgment.grade,
            "rationale": judgment.rationale,
        }
        self.act(payload, lambda p: self.inspection.judgments.save(judgment))


def main(argv: list[str]) -> int:
    path, seed = Path(argv[1]), int(argv[2])
    actions = int(argv[3]) if len(argv) > 3 else 1000
    with InspectionFile.open(path) as inspection:
        inspection.actor = AUTHOR
        say("ready")
        worker = Worker(inspection, seed)
        for _ in range(actions):
            worker.step()
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
