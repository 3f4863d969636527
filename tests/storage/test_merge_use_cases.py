"""The merge area's use cases on real files: what a preview says there is to confirm, what a
merge reports it did, cancelling, refusals, and what is written to the log."""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from models.merging.outcome import MergeKind
from models.records import Evidence
from storage.backups.automatic import backup_folder
from storage.file.inspection_file import InspectionFile
from storage.merge.fieldwork_copy import create_fieldwork_copy
from storage.operations import (
    Cancelled,
    ConflictError,
    FieldworkCopyError,
    JobProgress,
    StorageError,
    list_merge_conflicts,
    make_fieldwork_copy,
    merge_planned,
    preview_merge,
    read_team,
    resolve_merge_conflict,
)
from tests.storage.merge_helpers import fake_clock, file_state, make_master

SECRET = "Victim named at the front counter"


@pytest.fixture
def master(tmp_path, tiny_framework) -> Path:
    with fake_clock():
        make_master(tmp_path / "master.inspection", tiny_framework).close()
    return tmp_path / "master.inspection"


def copy_with_item(master: Path, initials: str, summary: str = SECRET) -> Path:
    copy = create_fieldwork_copy(master, initials, master.with_name(f"{initials}.inspection"))
    with InspectionFile.open(copy) as opened:
        opened.evidence.add(Evidence(author=initials, summary=summary, question_codes=("1.1",)))
    return copy


def logged(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("storage.operations")]


def test_a_preview_says_what_there_is_to_confirm_and_changes_nothing(master):
    first, second = copy_with_item(master, "AB"), copy_with_item(master, "CD", "Control room")
    before = [file_state(p) for p in (master, first, second)]
    reported = []
    progress = JobProgress(report=lambda done, total: reported.append((done, total)))
    preview = preview_merge(master, [first, second], progress=progress)
    assert [plan.source_path for plan in preview.plans] == [first, second]
    assert [plan.source_copy_for for plan in preview.plans] == ["AB", "CD"]
    assert [plan.counts[MergeKind.EVIDENCE].added for plan in preview.plans] == [1, 1]
    assert preview.needs_confirming and not preview.is_empty and preview.compared_one_by_one
    assert reported[-1] == (2, 2)
    assert [file_state(p) for p in (master, first, second)] == before


def test_a_copy_already_merged_needs_no_confirming(master):
    copy = copy_with_item(master, "AB")
    merge_planned(master, preview_merge(master, [copy]).plans)
    again = preview_merge(master, [copy])
    assert again.is_empty and not again.needs_confirming and not again.compared_one_by_one


def test_a_cancelled_preview_raises_the_one_cancelled(master):
    copy = copy_with_item(master, "AB")
    with pytest.raises(Cancelled):
        preview_merge(master, [copy], progress=JobProgress(is_cancelled=lambda: True))


def test_a_merge_reports_its_backup_counts_and_conflicts_and_logs_no_evidence_text(master, caplog):
    copy = copy_with_item(master, "AB")
    with InspectionFile.open(master) as lead:
        item = lead.evidence.page(limit=1)[0]
        lead.evidence.update(replace(item, summary="The lead's wording"))
    with InspectionFile.open(copy) as ab:
        ab.evidence.update(replace(ab.evidence.get(item.id), summary="AB's wording"))
    preview = preview_merge(master, [copy])
    caplog.set_level(logging.INFO)
    outcome = merge_planned(master, preview.plans, actor="LD")

    assert outcome.backup.parent == backup_folder() and outcome.backup.exists()
    assert outcome.total == preview.plans[0].total
    assert outcome.total.added >= 1 and outcome.total.conflicts == 1
    assert outcome.conflicts_to_review == 1
    with InspectionFile.open(master, readonly=True) as merged:
        assert merged.evidence.get(item.id).summary == "AB's wording"
        assert len(list_merge_conflicts(merged)) == 1
    lines = logged(caplog)
    assert any("AB.inspection into master.inspection" in line for line in lines)
    assert any(outcome.backup.name in line for line in lines)
    assert any("1 new conflicts" in line for line in lines)
    assert not any(SECRET in line or "wording" in line for line in lines)


def test_a_merge_cancelled_before_it_starts_changes_nothing_and_makes_no_backup(master):
    copy = copy_with_item(master, "AB")
    preview = preview_merge(master, [copy])
    before = file_state(master)
    with pytest.raises(Cancelled):
        merge_planned(master, preview.plans, progress=JobProgress(is_cancelled=lambda: True))
    assert file_state(master) == before
    assert not list(backup_folder().glob("*.inspection"))


def test_a_fieldwork_copy_says_whom_it_is_for(master, caplog):
    caplog.set_level(logging.INFO)
    made = make_fieldwork_copy(master, "ab", master.with_name("copy.inspection"))
    assert (made.master, made.path, made.initials) == (
        master,
        master.with_name("copy.inspection"),
        "AB",
    )
    # One file to hand over, with nothing of SQLite's beside it.
    assert [p.name for p in master.parent.glob("copy.inspection*")] == ["copy.inspection"]
    with InspectionFile.open(made.path, readonly=True) as copy:
        assert copy.inspection.copy_for == "AB"
    assert any("made a fieldwork copy of master.inspection for AB" in m for m in logged(caplog))


@pytest.mark.parametrize("stop_after", [1, 2])
def test_a_fieldwork_copy_reports_its_stages_and_cancelled_leaves_nothing(master, stop_after):
    reported: list[tuple[int, int]] = []
    before = file_state(master)
    progress = JobProgress(
        report=lambda done, total: reported.append((done, total)),
        is_cancelled=lambda: len(reported) > stop_after,
    )
    with pytest.raises(Cancelled):
        make_fieldwork_copy(master, "AB", master.with_name("copy.inspection"), progress)
    assert reported == [(n, 2) for n in range(stop_after + 1)]
    assert [p.name for p in master.parent.iterdir() if "copy" in p.name] == []
    assert file_state(master) == before
    # Not cancelled, every stage is reported, the last as done.
    reported.clear()
    make_fieldwork_copy(
        master,
        "AB",
        master.with_name("copy.inspection"),
        JobProgress(report=lambda d, t: reported.append((d, t))),
    )
    assert reported == [(0, 2), (1, 2), (2, 2)]


def test_a_fieldwork_copy_for_someone_outside_the_team_is_refused(master):
    before = file_state(master)
    with pytest.raises(StorageError, match="ZZ is not in the inspection team"):
        make_fieldwork_copy(master, "ZZ", master.with_name("copy.inspection"))
    with pytest.raises(FieldworkCopyError, match="already exists"):
        make_fieldwork_copy(master, "AB", master)
    assert not master.with_name("copy.inspection").exists()
    assert not list(master.parent.glob(".copy.inspection.*"))
    assert file_state(master) == before


def test_conflicts_are_listed_from_a_path_and_settled_with_a_log_line(master, caplog):
    copy = copy_with_item(master, "AB")
    with InspectionFile.open(master) as lead:
        item = lead.evidence.page(limit=1)[0]
        lead.evidence.update(replace(item, summary=SECRET + " (lead)"))
    with InspectionFile.open(copy) as ab:
        ab.evidence.update(replace(ab.evidence.get(item.id), summary=SECRET + " (AB)"))
    merge_planned(master, preview_merge(master, [copy]).plans)
    before = file_state(master)
    [conflict] = list_merge_conflicts(master)
    assert file_state(master) == before  # listing only reads
    caplog.set_level(logging.INFO)
    with InspectionFile.open(master) as lead:
        settled = resolve_merge_conflict(lead, conflict.id[:8], "other")
        assert settled.resolved and lead.evidence.get(item.id).summary == SECRET + " (lead)"
        with pytest.raises(ConflictError):
            resolve_merge_conflict(lead, conflict.id, "other")
    assert list_merge_conflicts(master) == []
    every = list_merge_conflicts(master, unresolved_only=False)
    assert conflict.id in {c.id for c in every} and all(c.resolved for c in every)
    lines = logged(caplog)
    assert any(conflict.id[:8] in line and "kept the other" in line for line in lines)
    assert not any(SECRET in line for line in lines)


def test_the_team_is_read_with_the_title(master):
    before = file_state(master)
    team = read_team(master)
    assert [m.initials for m in team.members] == ["AB", "CD", "EF", "LD"]
    assert team.title
    assert file_state(master) == before


def test_the_use_cases_load_the_merge_modules_only_when_a_merge_runs():
    # The merge modules raise the use cases' Cancelled, so they import storage.operations;
    # were the package to import them as it loads, importing a merge module first would
    # meet the other half-made.
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, storage.operations as face; face.merge_planned; "
            "print(' '.join(m for m in sys.modules if m.startswith('storage.')))",
        ],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(found.stdout.split())
    assert "storage.operations.merging" in loaded
    merging = {"storage.merge.plan", "storage.merge.merging", "storage.merge.apply"}
    assert not loaded & merging
