"""The open inspection as the UI sees it: repositories, undo stack and change signals.

Widgets never write to storage themselves. They ask the controller, which
writes through the repositories (one transaction per action), records an undo
command and emits a signal so every view can refresh what it shows.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from models.framework import Question
from models.records import Evidence, Finding, Inspection, Judgment
from models.review.notes import NoteSubject, ReviewNote
from models.sign_off import SignOffRefused, signed_initials, unnamed_refusal
from models.team import TeamMember
from models.vocabulary import JudgmentStatus, SourceType
from storage.operations import EvidenceImportRepository, InspectionFile
from ui.editing.import_evidence_command import ImportEvidenceCommand
from ui.editing.note_commands import ChangeNoteCommand, NotesShownCommand, ResolveNoteCommand
from ui.editing.team_commands import AddTeamMemberCommand, RemoveTeamMemberCommand
from ui.editing.undo_commands import (
    AddEvidenceCommand,
    AddFindingCommand,
    DeleteEvidenceCommand,
    DeleteFindingCommand,
    EditEvidenceCommand,
    EditFindingCommand,
    EditInspectionCommand,
    SaveJudgmentCommand,
    SignOffFindingCommand,
)
from ui.editing.undo_keys import AppUndoKeys
from ui.item_models.question_counts import QuestionCounts


class InspectionController(QObject):
    """Owns one open :class:`InspectionFile` and its :class:`QUndoStack`."""

    evidence_changed = Signal(str)  # id: fields or links changed
    evidence_added = Signal(str)  # id: created or restored
    evidence_removed = Signal(str)  # id: deleted
    #: An item went from the first version to the second (``None`` before it was
    #: created or restored, after it was deleted), for counts kept by difference.
    evidence_counted = Signal(object, object)
    #: Many items changed at once (an import or its undo): counts must be made afresh.
    evidence_recount = Signal()
    findings_changed = Signal()
    #: A finding was written: its id and the items it was or is now backed by.
    finding_counted = Signal(str, object)
    #: An undo or redo could not be written and was dropped (the message says why).
    step_failed = Signal(str)
    judgment_changed = Signal(object)  # question code, or None for overall
    team_changed = Signal()
    inspection_changed = Signal()  # title, force, period or fieldwork dates
    closing = Signal()  # the file is about to close: work for it may stop
    plan_changed = Signal()  # the methods the team planned under the core questions
    notes_changed = Signal(str)  # the id of the item, finding or judgment whose notes changed

    def __init__(self, inspection: InspectionFile, parent: QObject | None = None):
        super().__init__(parent)
        self.inspection = inspection
        self.framework = inspection.framework
        self.undo_stack = QUndoStack(self)
        self.counts = QuestionCounts(self)
        #: Called before every undo or redo: the view saves what is being typed, so the
        #: typing is a step of its own and is what Ctrl+Z undoes first.
        self.before_step: Callable[[], None] = lambda: None
        #: Text boxes that edit this inspection send their Undo and Redo keys here.
        self.undo_keys = AppUndoKeys(
            self.undo, self.redo, self.undo_stack.canUndo, self.undo_stack.canRedo, self
        )
        #: Bumped whenever an editor shows another item: typing merges into the step
        #: that recorded a new item only while the item is still being written.
        self.typing_session = 0
        from ui.editing.indicator_editing import IndicatorEditing

        #: The indicators ("force in numbers") and their undoable changes.
        self.indicators = IndicatorEditing(self)

    def new_typing_session(self) -> None:
        self.typing_session += 1

    # -- undo and redo ---------------------------------------------------------
    def undo(self) -> None:
        """Undo the last change, after saving what is being typed as a change of its own."""
        self.before_step()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.before_step()
        self.undo_stack.redo()

    @property
    def evidence(self):
        return self.inspection.evidence

    @property
    def findings(self):
        return self.inspection.findings

    @property
    def judgments(self):
        return self.inspection.judgments

    def close(self) -> None:
        self.closing.emit()
        self.counts.stop()
        self.undo_stack.clear()
        self.inspection.close()

    # -- judgments belong to graded questions; the top-level one is overall --
    def judgment_code(self, question: Question) -> str | None:
        """The judgment key for a graded question: ``None`` for the headline (overall)."""
        return None if question.parent_code is None else question.code

    # -- evidence ------------------------------------------------------------
    def add_evidence(self, evidence: Evidence) -> Evidence:
        created = self.evidence.add(evidence)
        self.undo_stack.push(AddEvidenceCommand(self, created))
        self.evidence_counted.emit(None, created)
        self.evidence_added.emit(created.id)
        return created

    def edit_evidence(self, old: Evidence, new: Evidence) -> Evidence:
        if old == new:
            return old
        before = self.evidence.get(old.id)
        saved = self.evidence.update(new)
        self.undo_stack.push(EditEvidenceCommand(self, old, saved))
        self.evidence_counted.emit(before, saved)
        self.evidence_changed.emit(saved.id)
        return saved

    def delete_evidence(self, evidence: Evidence) -> None:
        self._remove_evidence(evidence.id, DeleteEvidenceCommand(self, evidence))

    def _remove_evidence(self, evidence_id: str, record: QUndoCommand | None) -> None:
        before = self.evidence.get(evidence_id)
        self.evidence.delete(evidence_id)
        if record is not None:
            self.undo_stack.push(record)
        self.evidence_counted.emit(before, None)
        self.evidence_removed.emit(evidence_id)
        self.findings_changed.emit()

    # -- imports (written by a background task, recorded here) -----------------
    def record_import(self, evidence_ids: list[str], text: str) -> None:
        """Make an import that has been written one undo step, and refresh every view once."""
        self.undo_stack.push(ImportEvidenceCommand(self, evidence_ids, text))
        self.evidence_recount.emit()
        self.evidence_added.emit(evidence_ids[0])
        self.findings_changed.emit()

    # -- findings --------------------------------------------------------------
    def add_finding(self, finding: Finding) -> Finding:
        created = self.findings.add(finding)
        self.undo_stack.push(AddFindingCommand(self, created))
        self.finding_counted.emit(created.id, set(created.evidence_ids))
        self.findings_changed.emit()
        return created

    def edit_finding(self, old: Finding, new: Finding, text: str = "Edit finding") -> Finding:
        if old == new:
            return old
        before = self.findings.get(old.id)
        saved = self.findings.update(new)
        self.undo_stack.push(EditFindingCommand(self, old, saved, text))
        self.finding_counted.emit(saved.id, {*before.evidence_ids, *saved.evidence_ids})
        self.findings_changed.emit()
        return saved

    def link_evidence_to_finding(self, finding: Finding, evidence_ids: list[str]) -> Finding:
        wanted = tuple(dict.fromkeys(finding.evidence_ids + tuple(evidence_ids)))
        return self.edit_finding(
            finding, replace(finding, evidence_ids=wanted), "Link evidence to finding"
        )

    def unlink_evidence_from_finding(self, finding: Finding, evidence_ids: list[str]) -> Finding:
        wanted = tuple(e for e in finding.evidence_ids if e not in evidence_ids)
        return self.edit_finding(
            finding, replace(finding, evidence_ids=wanted), "Unlink evidence from finding"
        )

    def set_finding_reviewed(self, finding: Finding, reviewed: bool) -> Finding:
        """Sign the finding off as this window's inspector, or take the sign-off back
        (one step; refusals raise ``SignOffRefused`` and change nothing)."""
        before = self.findings.get(finding.id)
        if before.reviewed == reviewed:
            return before
        if reviewed:
            saved = self.findings.sign_off(finding.id)
        else:
            saved = self.findings.take_back_sign_off(finding.id)
        self.undo_stack.push(SignOffFindingCommand(self, before, saved))
        self.findings_changed.emit()
        return saved

    def delete_finding(self, finding: Finding) -> None:
        backing = set(self.findings.get(finding.id).evidence_ids)
        self.findings.delete(finding.id)
        self.undo_stack.push(DeleteFindingCommand(self, finding))
        self.finding_counted.emit(finding.id, backing)
        self.findings_changed.emit()

    # -- judgments -------------------------------------------------------------
    def save_judgment(self, old: Judgment, new: Judgment) -> Judgment:
        if (old.grade, old.rationale, old.status) == (new.grade, new.rationale, new.status):
            return old
        if new.status is JudgmentStatus.REVIEWED and old.status is not JudgmentStatus.REVIEWED:
            # In the window a sign-off always names who made it.
            refusal = unnamed_refusal(signed_initials(self.inspection.actor))
            if refusal:
                raise SignOffRefused(refusal)
        saved = self.judgments.save(new)
        label = "the overall judgment" if new.question_code is None else new.question_code
        self.undo_stack.push(SaveJudgmentCommand(self, old, saved, label))
        self.judgment_changed.emit(new.question_code)
        return saved

    # -- the inspection's details -----------------------------------------------
    def edit_inspection(self, old: Inspection, new: Inspection) -> Inspection:
        """Save changed details (title, force, period, fieldwork dates) as one step."""
        fields = ("title", "force", "period", "fieldwork_start", "fieldwork_end")
        if all(getattr(old, f) == getattr(new, f) for f in fields):
            return old
        saved = self.inspection.inspection_repository.update(new)
        self.undo_stack.push(EditInspectionCommand(self, old, saved))
        self.inspection_changed.emit()
        return saved

    # -- the team's plan ---------------------------------------------------------
    def set_plan(self, new: dict[str, frozenset[SourceType]]) -> None:
        """Replace the planned methods as one undoable step."""
        from ui.editing.plan_commands import ChangePlanCommand

        old = self.inspection.planned_methods.plan()
        saved = self.inspection.planned_methods.replace(new)
        if saved == old:
            return
        self.undo_stack.push(ChangePlanCommand(self, old, saved))
        self.plan_changed.emit()

    # -- review notes --------------------------------------------------------------
    @property
    def review_notes(self):
        return self.inspection.review_notes

    def add_note(
        self, subject: NoteSubject, subject_id: str, body: str, reply_to: str | None = None
    ) -> ReviewNote:
        """Write a note (or a reply) as this window's inspector: one undoable step.
        Refusals raise ``NoteRefused`` and change nothing."""
        note = self.review_notes.add(subject, subject_id, body, reply_to)
        text = "Reply to a review note" if reply_to else "Add a review note"
        self.undo_stack.push(NotesShownCommand(self, text, subject_id, [note.id], True))
        self.notes_changed.emit(subject_id)
        return note

    def set_note_resolved(self, note: ReviewNote, resolved: bool) -> ReviewNote:
        saved = self.review_notes.set_resolved(note.id, resolved)
        if (saved.resolved_by is not None) != (note.resolved_by is not None):
            self.undo_stack.push(ResolveNoteCommand(self, saved, resolved))
        self.notes_changed.emit(note.subject_id)
        return saved

    def change_note(self, note: ReviewNote, body: str) -> ReviewNote:
        saved = self.review_notes.change(note.id, body)
        if saved.body != note.body:
            self.undo_stack.push(ChangeNoteCommand(self, note, saved))
            self.notes_changed.emit(note.subject_id)
        return saved

    def delete_note(self, note: ReviewNote) -> None:
        """Delete a note (its author only); a thread's first note takes its replies along."""
        ids = self.review_notes.delete(note.id)
        what = "thread" if note.is_first and len(ids) > 1 else "note"
        text = f"Delete a review {what}"
        self.undo_stack.push(NotesShownCommand(self, text, note.subject_id, ids, False))
        self.notes_changed.emit(note.subject_id)

    # -- the team --------------------------------------------------------------
    def add_team_member(self, initials: str, name: str, role) -> TeamMember:
        member = self.inspection.team.add(initials, name, role)
        self.undo_stack.push(AddTeamMemberCommand(self, member))
        self.team_changed.emit()
        return member

    def remove_team_member(self, member: TeamMember) -> None:
        removed = self.inspection.team.remove(member.initials)
        self.undo_stack.push(RemoveTeamMemberCommand(self, removed))
        self.team_changed.emit()

    # -- writes for undo and redo ------------------------------------------------
    # A step on the undo stack writes one of the versions it holds through these: the
    # change is saved (one transaction) and every view is told, but no step is recorded.
    def write_evidence(self, evidence: Evidence) -> None:
        before = self.evidence.get(evidence.id)
        saved = self.evidence.update(evidence)
        self.evidence_counted.emit(before, saved)
        self.evidence_changed.emit(evidence.id)

    def set_evidence_deleted(self, evidence_id: str, deleted: bool) -> None:
        if deleted:
            self._remove_evidence(evidence_id, None)
            return
        self.evidence.restore(evidence_id)
        self.evidence_counted.emit(None, self.evidence.get(evidence_id))
        self.evidence_added.emit(evidence_id)
        self.findings_changed.emit()

    def set_imported_deleted(self, evidence_ids: Sequence[str], deleted: bool) -> None:
        """Delete or bring back the items of one import together."""
        EvidenceImportRepository(self.inspection).set_imported_deleted(evidence_ids, deleted)
        self.evidence_recount.emit()
        (self.evidence_removed if deleted else self.evidence_added).emit(evidence_ids[0])
        self.findings_changed.emit()

    def write_finding(self, finding: Finding) -> None:
        before = self.findings.get(finding.id)
        # The version is put back with the sign-off it was saved with, not signed again.
        saved = self.findings.update(finding, as_recorded=True)
        self.finding_counted.emit(finding.id, {*before.evidence_ids, *saved.evidence_ids})
        self.findings_changed.emit()

    def set_finding_deleted(self, finding_id: str, deleted: bool) -> None:
        backing = set(self.findings.get(finding_id).evidence_ids)
        if deleted:
            self.findings.delete(finding_id)
        else:
            self.findings.restore(finding_id)
        self.finding_counted.emit(
            finding_id, backing | set(self.findings.get(finding_id).evidence_ids)
        )
        self.findings_changed.emit()

    def write_judgment(self, judgment: Judgment) -> None:
        # The version is put back with the sign-off it was saved with, not signed again.
        self.judgments.save(judgment, as_recorded=True)
        self.judgment_changed.emit(judgment.question_code)

    def write_plan(self, plan: dict[str, frozenset[SourceType]]) -> None:
        self.inspection.planned_methods.replace(plan)
        self.plan_changed.emit()

    def write_inspection(self, details: Inspection) -> None:
        self.inspection.inspection_repository.update(details)
        self.inspection_changed.emit()

    def write_notes_deleted(self, subject_id: str, note_ids: list[str], deleted: bool) -> None:
        self.review_notes.set_deleted(note_ids, deleted)
        self.notes_changed.emit(subject_id)

    def write_note_resolved(self, note: ReviewNote, resolved: bool) -> None:
        self.review_notes.set_resolved(note.id, resolved)
        self.notes_changed.emit(note.subject_id)

    def write_note_body(self, note: ReviewNote) -> None:
        self.review_notes.change(note.id, note.body)
        self.notes_changed.emit(note.subject_id)

    def set_team_member_removed(self, member: TeamMember, removed: bool) -> None:
        if removed:
            self.inspection.team.remove(member.initials)
        else:
            self.inspection.team.restore(member.id)
        self.team_changed.emit()
