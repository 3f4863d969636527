"""Kill-and-verify rounds for the crash test and the crash benchmark.

A round starts ``crash_worker.py`` on an inspection file, reads what it
announces, kills it with SIGKILL at a chosen moment and then checks the file:

- it passes the same health check as the ``check`` command;
- everything acknowledged is there exactly: items with their summary, exact
  question links and deletion state, findings with their evidence, judgments
  with their grade and rationale;
- the change history holds exactly the rows those actions write, no more and
  no fewer (so no change is missing its history row and no history row stands
  for a change that is not there);
- no item is left without its question links.

**The one allowed difference.** The worker prints ``ack`` only after a commit
returns, so a kill can land between the commit and the ``ack``. The action it
had announced with ``do`` may then be on disk without being acknowledged. That
is correct behaviour, and it is the only slack allowed: the file must equal
either the acknowledged state, or that state plus the whole of that one
announced action, never anything in between. A landed action counts as done
from then on, since the next round continues on the same file.

The files are inspected with plain ``sqlite3`` (read-only), independently of
the repositories that wrote them.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from storage.health.check import check_inspection

WORKER = Path(__file__).resolve().with_name("crash_worker.py")
#: Kill points that are not a number of acknowledgements.
KILL_AT_START = -1  # as soon as the process exists (while it starts or opens the file)


@dataclass(frozen=True)
class State:
    """What an inspection file holds, as far as the crash test looks."""

    #: evidence id -> (summary, question codes, deleted)
    evidence: dict
    #: finding id -> (question code, live evidence ids)
    findings: dict
    #: question code -> (grade, rationale, status, reviewed by)
    judgments: dict
    #: (entity, key, action, field) -> number of history rows
    history: Counter

    def differences(self, other: "State", limit: int = 6) -> list[str]:
        out = []
        for name in ("evidence", "findings", "judgments", "history"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for key in sorted(set(mine) | set(theirs), key=repr):
                if mine.get(key) != theirs.get(key):
                    out.append(
                        f"{name} {key}: expected {mine.get(key)!r}, file has {theirs.get(key)!r}"
                    )
        return out[:limit] + ([f"... {len(out) - limit} more"] if len(out) > limit else [])


def read_state(path: Path) -> State:
    conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        codes: dict[str, set] = {}
        for evidence_id, code in conn.execute(
            "SELECT eq.evidence_id, q.code FROM evidence_question eq"
            " JOIN question q ON q.id = eq.question_id WHERE eq.deleted_at IS NULL"
        ):
            codes.setdefault(evidence_id, set()).add(code)
        evidence = {
            i: (summary, frozenset(codes.get(i, ())), deleted is not None)
            for i, summary, deleted in conn.execute("SELECT id, summary, deleted_at FROM evidence")
        }
        support: dict[str, set] = {}
        for finding_id, evidence_id in conn.execute(
            "SELECT finding_id, evidence_id FROM finding_evidence WHERE deleted_at IS NULL"
        ):
            support.setdefault(finding_id, set()).add(evidence_id)
        findings = {
            i: (code, frozenset(support.get(i, ())))
            for i, code in conn.execute(
                "SELECT f.id, q.code FROM finding f JOIN question q ON q.id = f.question_id"
            )
        }
        judgments = {
            code: (grade, rationale, status, reviewed_by)
            for code, grade, rationale, status, reviewed_by in conn.execute(
                "SELECT q.code, g.name, j.rationale, j.status, j.reviewed_by FROM judgment j"
                " JOIN question q ON q.id = j.question_id"
                " LEFT JOIN grade g ON g.id = j.grade_id"
                " WHERE j.deleted_at IS NULL"
            )
        }
        # Judgment rows are keyed by their question, so the expected history of a
        # judgment can be written before the judgment exists.
        history = Counter(
            {
                (entity, key, action, fld): n
                for entity, key, action, fld, n in conn.execute(
                    "SELECT h.entity, CASE h.entity WHEN 'judgment' THEN"
                    " (SELECT q.code FROM judgment j JOIN question q"
                    " ON q.id = j.question_id WHERE j.id = h.entity_id)"
                    " ELSE h.entity_id END, h.action, h.field, count(*)"
                    " FROM history h GROUP BY 1, 2, 3, 4"
                )
            }
        )
    finally:
        conn.close()
    return State(evidence, findings, judgments, history)


def invariants(state: State) -> list[str]:
    """Rules every file must keep whatever was done to it, checked item by item."""
    problems = []
    h = state.history
    for evidence_id, (_summary, codes, _deleted) in state.evidence.items():
        if not codes:
            problems.append(f"evidence {evidence_id} has no question links")
        created = h[("evidence", evidence_id, "created", None)]
        if created != 1:
            problems.append(f"evidence {evidence_id} has {created} 'created' history rows")
        net = (
            h[("evidence", evidence_id, "linked", "question")]
            - h[("evidence", evidence_id, "unlinked", "question")]
        )
        if net != len(codes):
            problems.append(
                f"evidence {evidence_id} has {len(codes)} question links but "
                f"its history adds up to {net}"
            )
    for finding_id, (_code, support) in state.findings.items():
        if h[("finding", finding_id, "created", None)] != 1:
            problems.append(f"finding {finding_id} lacks its single 'created' history row")
        net = (
            h[("finding", finding_id, "linked", "evidence")]
            - h[("finding", finding_id, "unlinked", "evidence")]
        )
        if net != len(support):
            problems.append(
                f"finding {finding_id} has {len(support)} evidence links but "
                f"its history adds up to {net}"
            )
    orphans = {
        key for (entity, key, _a, _f) in h if entity == "evidence" and key not in state.evidence
    }
    problems += [f"history rows for evidence {key} that does not exist" for key in orphans]
    return problems


def apply(state: State, action: dict) -> State:
    """``state`` after one worker action, history rows included (see crash_worker.py)."""
    evidence, findings = dict(state.evidence), dict(state.findings)
    judgments, history = dict(state.judgments), Counter(state.history)
    kind = action["action"]
    if kind == "add_evidence":
        key, codes = action["id"], frozenset(action["codes"])
        evidence[key] = (action["summary"], codes, False)
        history[("evidence", key, "created", None)] += 1
        history[("evidence", key, "linked", "question")] += len(codes)
    elif kind == "edit_evidence":
        key, codes = action["id"], frozenset(action["codes"])
        summary, old_codes, deleted = evidence[key]
        evidence[key] = (action["summary"], codes, deleted)
        if action["summary"] != summary:
            history[("evidence", key, "changed", "summary")] += 1
        history[("evidence", key, "linked", "question")] += len(codes - old_codes)
        history[("evidence", key, "unlinked", "question")] += len(old_codes - codes)
    elif kind in ("delete_evidence", "restore_evidence"):
        key = action["id"]
        summary, codes, deleted = evidence[key]
        evidence[key] = (summary, codes, kind == "delete_evidence")
        if deleted != (kind == "delete_evidence"):
            history[("evidence", key, "deleted" if not deleted else "restored", None)] += 1
    elif kind == "add_finding":
        key, support = action["id"], frozenset(action["evidence_ids"])
        findings[key] = (action["question"], support)
        history[("finding", key, "created", None)] += 1
        history[("finding", key, "linked", "evidence")] += len(support)
    elif kind == "save_judgment":
        code = action["question"]
        old = judgments.get(code)
        # Saved as a draft: a reviewed judgment loses its reviewer (and the history says so).
        new = (action["grade"], action["rationale"], "draft", None)
        judgments[code] = new
        if old is None:
            history[("judgment", code, "created", None)] += 1
        names = ("grade", "rationale", "status", "reviewed_by")
        for name, before, after in zip(names, old or (None,) * 4, new):
            if before != after and (old is not None or after not in (None, "")):
                history[("judgment", code, "changed", name)] += 1
    else:
        raise ValueError(f"unknown action {kind}")
    return replace(
        state, evidence=evidence, findings=findings, judgments=judgments, history=history
    )


@dataclass
class Round:
    """What one round did and what its check found."""

    number: int
    kill_after: int
    #: Further lines read after the last awaited ack (each a step inside the next action).
    extra_lines: int = 0
    acked: list = field(default_factory=list)
    pending: dict | None = None
    #: SQL statements of the pending action that had started when it was killed.
    pending_statements: list = field(default_factory=list)
    #: The announced action was on disk although not acknowledged.
    landed_unacked: bool = False
    problems: list = field(default_factory=list)
    worker_error: str = ""


def run_round(
    path: Path, number: int, seed: int, kill_after: int, extra_lines: int = 0
) -> tuple[Round, list[str]]:
    """Start the worker, kill it after ``kill_after`` acks and ``extra_lines`` more lines.

    ``kill_after`` 0 counts from the moment the file is open; :data:`KILL_AT_START`
    kills as soon as the process exists. Each further line is the announcement
    or one SQL statement of the next action, so ``extra_lines`` picks a point
    inside its transaction (the worker may run further before the signal lands).
    Returns the round and every line the worker printed.
    """
    result = Round(number, kill_after, extra_lines)
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(path), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    try:
        if kill_after != KILL_AT_START:
            acks = -1  # "ready" counts as the zeroth acknowledgement
            while acks < kill_after:
                line = proc.stdout.readline()
                if not line:
                    break  # the worker ended by itself; its stderr says why
                lines.append(line)
                if line.startswith(("ack ", "ready")):
                    acks += 1
            for _ in range(extra_lines if acks == kill_after else 0):
                line = proc.stdout.readline()
                if not line:
                    break
                lines.append(line)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        # Read through the same buffered stream as readline: lines it has already
        # taken from the pipe would be missed by reading the pipe underneath.
        rest = proc.stdout.read()
        errors = proc.stderr.read()
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    lines += rest.splitlines(keepends=True)
    if proc.returncode != -signal.SIGKILL:
        result.worker_error = errors.strip() or f"worker exited with {proc.returncode}"
    return result, lines


def read_acks(result: Round, lines: list[str]) -> None:
    """Fill in what the worker acknowledged and the one action it may have left pending."""
    for line in lines:
        if not line.endswith("\n"):
            break  # cut off by the kill: not an acknowledgement
        kind, _, payload = line.rstrip("\n").partition(" ")
        if kind == "do":
            if result.pending is not None:
                result.problems.append(
                    f"worker announced {payload} before acknowledging the previous action"
                )
            result.pending = json.loads(payload)
            result.pending_statements = []
        elif kind == "sql" and result.pending is not None:
            result.pending_statements.append(payload)
        elif kind == "ack":
            action = json.loads(payload)
            announced = {k: v for k, v in action.items() if k != "ref"}
            if announced != result.pending:
                result.problems.append(f"acknowledged {payload} without announcing it")
            result.acked.append(action)
            result.pending = None
            result.pending_statements = []


def verify(path: Path, expected: State, result: Round) -> State:
    """Check the file after a round; returns the state later rounds build on."""
    report = check_inspection(path)
    if not report.healthy:
        result.problems += [f"check: {p}" for p in report.problems]
    for action in result.acked:
        expected = apply(expected, action)
    actual = read_state(path)
    result.problems += invariants(actual)
    if actual == expected:
        return expected
    if result.pending is not None:
        landed = apply(expected, result.pending)
        if actual == landed:
            result.landed_unacked = True
            return landed
    result.problems.append(
        "the file does not match the acknowledged actions"
        + (" (with or without the one unacknowledged action)" if result.pending else "")
        + ":"
    )
    result.problems += ["  " + d for d in expected.differences(actual)]
    return actual


def kill_plan(rng, rounds: int) -> list[tuple[int, int]]:
    """``(acks, extra lines)`` to wait for before each kill.

    Always starts with a kill as the process starts and one right after the
    file is open; then a mix, mostly landing inside a transaction (an action
    prints some 10 to 60 lines from its announcement to its ``COMMIT``).
    """
    plan = [(KILL_AT_START, 0), (0, 0)]
    acks = [KILL_AT_START, 0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 14]
    for _ in range(rounds - len(plan)):
        kill_after = rng.choice(acks)
        extra = 0 if kill_after == KILL_AT_START or rng.random() < 0.15 else rng.randint(1, 50)
        plan.append((kill_after, extra))
    return plan[:rounds]


def killed_inside_transaction(result: Round) -> bool:
    """Whether the kill caught an action after its ``BEGIN`` and before its ``ack``."""
    return any(s.startswith("BEGIN") for s in result.pending_statements)


def killed_at_commit(result: Round) -> bool:
    """Whether the last statement the killed action started was its ``COMMIT``."""
    return bool(result.pending_statements) and result.pending_statements[-1] == "COMMIT"
