"""The demo inspection: Hampshire Constabulary, PEEL effectiveness 2015.

Built from ``resources/demo/hampshire-2015.json`` through the ordinary
repositories, so the demo exercises the same code paths as real use. The data
is validated completely before the file is created.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from models.records import Evidence, Finding, Judgment, normalise_initials
from models.review.notes import NoteSubject
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType, TeamRole
from storage.demo_case_reviews import write_demo_case_reviews
from storage.demo_indicators import write_demo_indicators
from storage.file.inspection_file import InspectionFile
from storage.frameworks.library import find_framework

DEMO_FILE = Path(__file__).resolve().parent.parent / "resources" / "demo" / "hampshire-2015.json"


class DemoDataError(ValueError):
    """The bundled demo data is inconsistent (a packaging fault, not a user error)."""


def _parse(data: dict):
    meta = data["inspection"]
    framework = find_framework(meta["framework"])
    evidence = []
    for item in data["evidence"]:
        evidence.append(
            Evidence(
                id="",
                ref=item["ref"],
                source_type=SourceType(item["source_type"]),
                collected_on=date.fromisoformat(item["collected_on"]),
                location=item["location"],
                participants=tuple(item.get("participants", ())),
                summary=item["summary"],
                notes=item.get("notes", ""),
                assessment=Assessment(item["assessment"]),
                sensitive=bool(item.get("sensitive", False)),
                author=normalise_initials(item["author"]),
                question_codes=tuple(item["questions"]),
            )
        )
    refs = {e.ref for e in evidence}
    problems = [
        f"evidence {e.ref}: unknown question {c}"
        for e in evidence
        for c in e.question_codes
        if not framework.has_question(c)
    ]
    findings = []
    for i, item in enumerate(data["findings"], 1):
        if not framework.has_question(item["question"]):
            problems.append(f"finding {i}: unknown question {item['question']}")
        problems += [
            f"finding {i}: unknown evidence {r}" for r in item["evidence"] if r not in refs
        ]
        findings.append(
            (
                Finding(
                    id="",
                    question_code=item["question"],
                    kind=FindingKind(item["kind"]),
                    statement=item["statement"],
                    recommendation=item.get("recommendation") or "",
                    prepared_by=item.get("prepared_by"),
                    reviewed_by=item.get("reviewed_by"),
                ),
                item["evidence"],
            )
        )
    judgments = []
    for item in data["judgments"]:
        framework.grade(item["grade"])
        judgments.append(
            Judgment(
                question_code=item["question"],
                grade=item["grade"],
                rationale=item["rationale"],
                status=JudgmentStatus(item.get("status", "draft")),
                prepared_by=item.get("prepared_by"),
                reviewed_by=item.get("reviewed_by"),
            )
        )
    team = [
        (normalise_initials(m["initials"]), m["name"], TeamRole(m["role"]))
        for m in data.get("team", [])
    ]
    members = {initials for initials, _name, _role in team}
    problems += [
        f"evidence {e.ref}: author {e.author} is not in the team"
        for e in evidence
        if team and e.author not in members
    ]
    notes = data.get("review_notes", [])
    problems += [
        f"review note {i}: {who} is not in the team"
        for i, note in enumerate(notes, 1)
        for who in [note["by"], *(r["by"] for r in note.get("replies", ()))]
        if team and who not in members
    ]
    if problems:
        raise DemoDataError("; ".join(problems))
    return meta, framework, evidence, findings, judgments, team, notes


def _write_notes(
    inspection: InspectionFile, notes: list, evidence_ids: dict[str, str], finding_ids: list[str]
) -> None:
    """The demo's review notes: each on an item (by ref), a finding (by its place in the
    list) or a judgment (by question code, ``null`` for the overall one), with replies."""
    for note in notes:
        on = note["on"]
        if "evidence" in on:
            subject, subject_id = NoteSubject.EVIDENCE, evidence_ids[on["evidence"]]
        elif "finding" in on:
            subject, subject_id = NoteSubject.FINDING, finding_ids[on["finding"]]
        else:
            subject, subject_id = NoteSubject.JUDGMENT, inspection.judgments.get(on["judgment"]).id
        inspection.actor = note["by"]
        first = inspection.review_notes.add(subject, subject_id, note["text"])
        for reply in note.get("replies", ()):
            inspection.actor = reply["by"]
            inspection.review_notes.add(subject, subject_id, reply["text"], first.id)
        if note.get("resolved_by"):
            inspection.actor = note["resolved_by"]
            inspection.review_notes.set_resolved(first.id, True)


def write_demo(path: Path, source: Path = DEMO_FILE) -> InspectionFile:
    """Create the demo inspection at ``path`` and return it open."""
    meta, framework, evidence, findings, judgments, team, notes = _parse(
        json.loads(Path(source).read_text(encoding="utf-8"))
    )
    start, end = meta.get("fieldwork_start"), meta.get("fieldwork_end")
    inspection = InspectionFile.create(
        path,
        framework,
        force=meta["force"],
        title=meta["title"],
        period=meta.get("period", ""),
        fieldwork_start=date.fromisoformat(start) if start else None,
        fieldwork_end=date.fromisoformat(end) if end else None,
    )
    try:
        for initials, name, role in team:  # the five inspectors whose refs the evidence has
            inspection.team.add(initials, name, role)
        ids = {e.ref: inspection.evidence.add(e).id for e in evidence}
        finding_ids = []
        for finding, refs in findings:
            # Written by whoever prepared it, then signed off by its reviewer, as in the app.
            inspection.actor = finding.prepared_by or ""
            made = inspection.findings.add(
                Finding(
                    question_code=finding.question_code,
                    kind=finding.kind,
                    statement=finding.statement,
                    recommendation=finding.recommendation,
                    evidence_ids=tuple(ids[r] for r in refs),
                )
            )
            finding_ids.append(made.id)
            if finding.reviewed_by:
                inspection.actor = finding.reviewed_by
                inspection.findings.sign_off(made.id)
        # Before the judgments, whose sign-off is of the evidence and findings under them.
        write_demo_case_reviews(inspection)
        for judgment in judgments:
            inspection.actor = judgment.prepared_by or ""
            inspection.judgments.save(replace(judgment, status=JudgmentStatus.DRAFT))
            if judgment.status is JudgmentStatus.REVIEWED:
                inspection.actor = judgment.reviewed_by or ""
                inspection.judgments.save(
                    replace(
                        inspection.judgments.get(judgment.question_code), status=judgment.status
                    )
                )
        _write_notes(inspection, notes, ids, finding_ids)
        inspection.actor = ""
        write_demo_indicators(inspection)
    except BaseException:
        inspection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    return inspection
