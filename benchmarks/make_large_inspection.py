"""Build a large, realistic inspection file for benchmarks.

The inspection is written through the app's own storage layer, exactly as the
app would write it: a new file for the built-in PEEL 2015 effectiveness
framework, evidence added in batches with ``EvidenceRepository.add_many``,
then findings and graded judgments. The content is invented but shaped like a
real inspection (see ``policing_phrases.py``) and is the same for the same
seed, so runs can be compared.

    python benchmarks/make_large_inspection.py OUT.inspection --evidence 100000 [--seed 1]

Other benchmarks import :func:`build_large_inspection`.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent):  # this folder's phrases, and the app's packages
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import policing_phrases as P  # noqa: E402

from models.records import Evidence, Finding, Judgment  # noqa: E402
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType  # noqa: E402
from storage.file.inspection_file import InspectionFile  # noqa: E402
from storage.frameworks.library import find_framework  # noqa: E402

FRAMEWORK_ID = "peel-2015-effectiveness"
BATCH = 5_000
EVIDENCE_PER_FINDING = 20
FIELDWORK_START, FIELDWORK_END = date(2015, 10, 5), date(2015, 10, 23)  # three weeks
DESK_START = date(2015, 8, 3)  # document and data reviews start weeks before fieldwork

S, A, K = SourceType, Assessment, FindingKind
SOURCE_MIX = {
    S.INTERVIEW: 22,
    S.FOCUS_GROUP: 11,
    S.REALITY_TESTING: 14,
    S.CASE_FILE_REVIEW: 16,
    S.DOCUMENT_REVIEW: 13,
    S.DATA_RETURN: 8,
    S.PUBLIC_SURVEY: 3,
    S.PARTNER_SURVEY: 3,
    S.OBSERVATION: 8,
    S.OTHER: 2,
}
DESK_SOURCES = {S.DOCUMENT_REVIEW, S.DATA_RETURN, S.PUBLIC_SURVEY, S.PARTNER_SURVEY}
LOCATION_KINDS = {
    S.INTERVIEW: ("office", "field", "partner"),
    S.FOCUS_GROUP: ("field",),
    S.REALITY_TESTING: ("field",),
    S.CASE_FILE_REVIEW: ("office", "field"),
    S.DOCUMENT_REVIEW: ("office",),
    S.DATA_RETURN: ("office",),
    S.PUBLIC_SURVEY: ("survey",),
    S.PARTNER_SURVEY: ("survey",),
    S.OBSERVATION: ("field", "partner"),
    S.OTHER: ("office", "partner", "remote"),
}
ASSESSMENT_MIX = {A.POSITIVE: 55, A.NEGATIVE: 30, A.NEUTRAL: 15}
SENSITIVE_SHARE = 0.08
KIND_MIX = {
    K.STRENGTH: 46,
    K.AREA_FOR_IMPROVEMENT: 40,
    K.NOTABLE_PRACTICE: 10,
    K.CAUSE_OF_CONCERN: 4,
}
GRADE_MIX = {"Outstanding": 1, "Good": 6, "Requires improvement": 3, "Inadequate": 1}

Progress = Callable[[str, int, int], None]


def _weighted(mix: dict) -> tuple[list, list]:
    """``(population, weights)`` for ``random.choices``."""
    return list(mix), list(mix.values())


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym (DASH, MARAC)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "es" if noun.endswith("s") else "s")


def _fit(text: str, shortest: int, longest: int, more: Callable[[], str]) -> str:
    """``text`` grown with ``more()`` to at least ``shortest``, cut at a word to ``longest``."""
    while len(text) < shortest:
        text += more()
    if len(text) > longest:
        text = text[:longest].rsplit(" ", 1)[0].rstrip(",;")
    return text


class _Writer:
    """Seeded generator of evidence, findings and judgments for one framework."""

    def __init__(self, framework, seed: int):
        self.rng = random.Random(seed)
        self.framework = framework
        self.cores = [q.code for q in framework.core_questions()]
        # Evidence prefers prompts (leaves), then diagnostic questions.
        self.pools = {}
        for core in self.cores:
            pool = [q for q in framework.subtree(core) if q.depth >= 2]
            self.pools[core] = (
                [q.code for q in pool],
                [3 if q.position == q.subtree_end else 1 for q in pool],
            )
        self.core_of = {
            q.code: next(c for c in self.cores if framework.question(c).contains(q))
            for q in framework.questions
            if q.depth >= 1
        }
        team = self.rng.sample(P.INITIALS, self.rng.randint(8, 12))
        self.authors = (team, [self.rng.uniform(0.5, 1.5) for _ in team])
        self.sources = _weighted(SOURCE_MIX)
        self.assessments = _weighted(ASSESSMENT_MIX)
        days = (FIELDWORK_END - DESK_START).days + 1
        self.desk_days = [DESK_START + timedelta(d) for d in range(days)]
        self.field_days = [d for d in self.desk_days if d >= FIELDWORK_START and d.weekday() < 5]

    # -- evidence -------------------------------------------------------------
    def evidence(self) -> Evidence:
        rng = self.rng
        source = rng.choices(*self.sources)[0]
        assessment = rng.choices(*self.assessments)[0]
        codes = self._question_codes()
        slots = self._slots(self.core_of[codes[0]])
        return Evidence(
            id="",
            author=rng.choices(*self.authors)[0],
            source_type=source,
            collected_on=rng.choice(self.desk_days if source in DESK_SOURCES else self.field_days),
            location=rng.choice(P.LOCATIONS[rng.choice(LOCATION_KINDS[source])]).format(**slots),
            participants=self._participants(source, slots),
            summary=self._summary(assessment, slots),
            notes=self._notes(source, assessment, slots),
            assessment=assessment,
            sensitive=rng.random() < SENSITIVE_SHARE,
            question_codes=codes,
        )

    def _question_codes(self) -> tuple[str, ...]:
        rng = self.rng
        core = rng.choice(self.cores)
        codes = [rng.choices(*self.pools[core])[0]]  # the first code sets the topic
        wanted = rng.choice((2, 2, 3))
        while len(codes) < wanted:
            other = core if rng.random() < 0.75 else rng.choice(self.cores)
            code = rng.choices(*self.pools[other])[0]
            if code not in codes:
                codes.append(code)
        return tuple(codes)

    def _slots(self, core: str) -> dict:
        rng = self.rng
        subject = rng.choice(P.SUBJECTS[core])
        n = rng.randint(2, 12)
        town, town2 = rng.sample(P.TOWNS, 2)
        return {
            "subject": subject,
            "topic": _lower_first(subject),
            "town": town,
            "town2": town2,
            "n": n,
            "m": n + rng.randint(3, 30),
            "pct": rng.randint(2, 25),
            "role": _lower_first(rng.choice(P.SENIOR_ROLES + P.FRONTLINE_ROLES)),
        }

    def _participants(self, source: SourceType, slots: dict) -> tuple[str, ...]:
        rng = self.rng
        if source is S.FOCUS_GROUP:
            return (f"{rng.choice(P.GROUPS)} ({rng.randint(4, 12)})",)
        if source is S.PUBLIC_SURVEY:
            return (f"Members of the public ({rng.randint(150, 2000)})",)
        if source is S.PARTNER_SURVEY:
            return (f"Partner organisations ({rng.randint(8, 60)})",)
        roles = {
            S.INTERVIEW: P.SENIOR_ROLES + P.PARTNER_ROLES,
            S.OBSERVATION: P.PARTNER_ROLES + P.FRONTLINE_ROLES,
            S.DOCUMENT_REVIEW: P.SENIOR_ROLES,
        }.get(source, P.FRONTLINE_ROLES)
        most = {S.REALITY_TESTING: 3, S.OBSERVATION: 4, S.INTERVIEW: 2}.get(source, 1)
        return tuple(rng.sample(roles, rng.randint(0 if source in DESK_SOURCES else 1, most)))

    def _summary(self, assessment: Assessment, slots: dict) -> str:
        rng = self.rng
        text = f"{slots['subject']} {rng.choice(P.PREDICATES[assessment.value])}"
        if rng.random() < 0.6:
            text += " " + rng.choice(P.QUALIFIERS).format(**slots)
        return _fit(text, 60, 140, lambda: ", " + rng.choice(P.QUALIFIERS).format(**slots))

    def _notes(self, source: SourceType, assessment: Assessment, slots: dict) -> str:
        rng = self.rng
        target = min(1500, max(200, int(rng.lognormvariate(6.3, 0.5))))
        # Each sentence once before any repeats, mostly in the item's own tone.
        tone = P.SENTENCES[assessment.value]
        sentences = rng.sample(tone, len(tone)) + rng.sample(P.SENTENCES["neutral"], 4)
        rng.shuffle(sentences)
        following = iter(sentences * 3)
        text = rng.choice(P.OPENERS[source.value]).format(**slots)
        return _fit(text, target, 1500, lambda: " " + next(following).format(**slots))

    # -- findings and judgments -------------------------------------------------
    def finding(self, index: dict, ids: list[str]) -> Finding | None:
        """A finding under a random question, backed by 2–6 items linked within its subtree."""
        rng = self.rng
        kind = rng.choices(*_weighted(KIND_MIX))[0]
        question = rng.choice([q for q in self.framework.questions if q.depth >= 1])
        tone = "positive" if kind in (K.STRENGTH, K.NOTABLE_PRACTICE) else "negative"
        subtree = [q.code for q in self.framework.subtree(question.code)]
        chosen: set[int] = set()
        wanted_items = rng.randint(2, 6)
        for _ in range(wanted_items * 3):  # a few spare tries for duplicates
            if len(chosen) == wanted_items:
                break
            wanted = tone if rng.random() < 0.8 else rng.choice(list(ASSESSMENT_MIX)).value
            pools = [index.get((code, wanted), ()) for code in subtree]
            if any(pools):
                pool = rng.choices(pools, weights=[len(p) for p in pools])[0]
                chosen.add(rng.choice(pool))
        if not chosen:
            return None
        slots = self._slots(self.core_of[question.code])
        slots["predicate"] = rng.choice(P.PREDICATES[tone])
        recommendation = (
            rng.choice(P.RECOMMENDATIONS).format(**slots) if kind is K.CAUSE_OF_CONCERN else ""
        )
        return Finding(
            id="",
            question_code=question.code,
            kind=kind,
            statement=rng.choice(P.FINDING_STATEMENTS[kind.value]).format(**slots),
            recommendation=recommendation,
            evidence_ids=tuple(ids[i] for i in sorted(chosen)),
        )

    def judgment(self, code: str | None, grade: str, counts: dict) -> Judgment:
        rng = self.rng
        slots = self._slots(self.core_of[code] if code else rng.choice(self.cores))
        strengths, weaknesses = counts.get(K.STRENGTH, 0), counts.get(K.AREA_FOR_IMPROVEMENT, 0)
        opening = P.GRADE_OPENINGS[grade]
        parts = [
            opening if code else opening.replace("in this area", "overall"),
            f"We identified {_count(strengths, 'strength')} and "
            f"{_count(weaknesses, 'area')} for improvement.",
        ]
        if counts.get(K.CAUSE_OF_CONCERN):
            parts.append(
                f"We found {_count(counts[K.CAUSE_OF_CONCERN], 'cause')} of concern, "
                "each with a recommendation."
            )
        parts += [
            rng.choice(P.SENTENCES[t]).format(**slots)
            for t in ("positive", "negative", "positive", "neutral")
        ]
        return Judgment(
            question_code=code,
            grade=grade,
            rationale=" ".join(parts),
            status=rng.choice([JudgmentStatus.DRAFT, JudgmentStatus.REVIEWED]),
        )


def build_large_inspection(
    path: Path, evidence: int = 100_000, seed: int = 1, progress: Progress | None = None
) -> Path:
    """Write a new inspection with ``evidence`` items to ``path`` and return ``path``.

    ``progress(stage, done, total)`` is called after each batch, with stage
    "evidence", "findings" or "judgments". Refuses an existing ``path``.
    """
    path, progress = Path(path), progress or (lambda stage, done, total: None)
    framework = find_framework(FRAMEWORK_ID)
    writer = _Writer(framework, seed)
    with InspectionFile.create(
        path,
        framework,
        force=P.FORCE,
        period="2015/16",
        fieldwork_start=FIELDWORK_START,
        fieldwork_end=FIELDWORK_END,
    ) as inspection:
        ids: list[str] = []
        index: dict[tuple[str, str], list[int]] = {}  # (question, assessment) -> item numbers
        while len(ids) < evidence:
            batch = [writer.evidence() for _ in range(min(BATCH, evidence - len(ids)))]
            for item in inspection.evidence.add_many(batch):
                for code in item.question_codes:
                    index.setdefault((code, item.assessment.value), []).append(len(ids))
                ids.append(item.id)
            progress("evidence", len(ids), evidence)

        wanted = evidence // EVIDENCE_PER_FINDING
        counts: dict[str, dict] = {}  # core question -> findings by kind
        batch = []
        for done in range(1, wanted + 1):
            finding = writer.finding(index, ids)
            if finding:
                batch.append(finding)
                core = counts.setdefault(writer.core_of[finding.question_code], {})
                core[finding.kind] = core.get(finding.kind, 0) + 1
            if done % 1000 == 0 or done == wanted:
                inspection.findings.add_many(batch)
                batch = []
                progress("findings", done, wanted)

        grades = {code: writer.rng.choices(*_weighted(GRADE_MIX))[0] for code in writer.cores}
        overall = max(GRADE_MIX, key=list(grades.values()).count)
        totals: dict = {}
        for core_counts in counts.values():
            for kind, n in core_counts.items():
                totals[kind] = totals.get(kind, 0) + n
        inspection.judgments.save(writer.judgment(None, overall, totals))
        for code in writer.cores:
            inspection.judgments.save(writer.judgment(code, grades[code], counts.get(code, {})))
        progress("judgments", len(writer.cores) + 1, len(writer.cores) + 1)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build a large, realistic inspection file (PEEL 2015 effectiveness) "
        "through the app's storage layer, and print how long it took."
    )
    parser.add_argument("out", metavar="OUT", type=Path, help="inspection file to create")
    parser.add_argument(
        "--evidence",
        type=int,
        default=100_000,
        metavar="N",
        help="number of evidence items (default 100000)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="random seed; the same seed gives the same content (default 1)",
    )
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} already exists; choose another name")
    if args.evidence < 1:
        parser.error("--evidence must be at least 1")

    start, cpu = time.perf_counter(), time.process_time()

    def report(stage: str, done: int, total: int) -> None:
        print(
            f"{stage:<10} {done:>9,} / {total:,}  {time.perf_counter() - start:6.1f} s", flush=True
        )

    build_large_inspection(args.out, evidence=args.evidence, seed=args.seed, progress=report)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    size = args.out.stat().st_size / 1e6
    print(
        f"built {args.out} with {args.evidence:,} evidence items in {elapsed:.1f} s "
        f"({cpu:.1f} s of processor time); file size {size:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
