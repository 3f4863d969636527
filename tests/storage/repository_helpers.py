"""Questions the tests ask of an inspection that the app never asks, answered through the
repositories' public methods (so the storage code holds nothing only tests call)."""

from __future__ import annotations

from dataclasses import replace

from models.history import HistoryEntry, HistoryFilter
from models.records import utc_now
from models.team import TeamMember, checked_member
from storage.file.inspection_file import InspectionFile
from storage.repositories.attachment_blobs import AttachmentProblem, content_problems


def live_id_for_ref(inspection: InspectionFile, ref: str) -> str | None:
    """The id of the live item holding ``ref``; ``None`` when none does (or it is deleted)."""
    found = inspection.evidence.find_by_refs([ref]).get(ref)
    return found.id if found is not None and found.deleted_at is None else None


def counts_by_question(inspection: InspectionFile) -> dict[str, int]:
    """Live evidence per question, each item counted once however many sub-questions
    of the question it is linked to (what the question tree shows)."""
    return {code: c.total for code, c in inspection.evidence.assessments_by_question().items()}


def live_authors(inspection: InspectionFile) -> list[str]:
    """The authors of live evidence, each once, in order."""
    return sorted({item.author for item in inspection.evidence.iter_all()})


def findings_supported(inspection: InspectionFile, evidence_id: str) -> int:
    """How many live findings an item supports."""
    return len(inspection.findings.for_evidence(evidence_id))


def link_evidence(inspection: InspectionFile, finding_id: str, evidence_id: str) -> None:
    """Add one item to a finding's evidence, as the window does (a no-op when linked)."""
    finding = inspection.findings.get(finding_id)
    if evidence_id not in finding.evidence_ids:
        inspection.findings.update(
            replace(finding, evidence_ids=finding.evidence_ids + (evidence_id,))
        )


def unlink_evidence(inspection: InspectionFile, finding_id: str, evidence_id: str) -> None:
    """Take one item off a finding's evidence, as the window does (a no-op when not linked)."""
    finding = inspection.findings.get(finding_id)
    if evidence_id in finding.evidence_ids:
        kept = tuple(i for i in finding.evidence_ids if i != evidence_id)
        inspection.findings.update(replace(finding, evidence_ids=kept))


def history_of(inspection: InspectionFile, entity_id: str) -> list[HistoryEntry]:
    """Every change to one item, finding or judgment, newest first, with the changes that
    name it (as the item's History… dialog lists them)."""
    return inspection.history.page(HistoryFilter(entity_id=entity_id), 0, None)


def attachment_problems(inspection: InspectionFile) -> list[AttachmentProblem]:
    """Every stored content whose fingerprint or size is wrong or that is missing, as the
    check finds them."""
    return content_problems(inspection.db.conn)


def edit_member(
    inspection: InspectionFile, member: TeamMember, *, initials: str = "", name: str = ""
) -> TeamMember:
    """Give a current team member other initials or another name.

    The app only adds and removes members (adding removed initials again brings the member
    back under the name given), but a copy from elsewhere can carry any change to a
    member's row, so merging is tested with edits made here.
    """
    edited = checked_member(
        replace(member, initials=initials or member.initials, name=name or member.name)
    )
    with inspection.db.transaction() as conn:
        changed = conn.execute(
            "UPDATE team_member SET initials = ?, name = ?, updated_at = ?"
            " WHERE id = ? AND deleted_at IS NULL",
            [edited.initials, edited.name, utc_now(), member.id],
        ).rowcount
    assert changed == 1, f"{member.initials} is not a current member"
    return inspection.team.get(member.id)


def attach_file(inspection, evidence_id, path, **options):
    """Attach one file to an item through the repository's call for a set of files."""
    return inspection.attachments.add_files(evidence_id, [path], **options)[0]
