"""The evidence editor: every field is saved as soon as the user finishes with it.

There is no Save button and no unsaved state: a text field saves after a short
pause in typing or when focus leaves it, a choice saves at once. Each save is
one undoable step (typing in one field merges into a single step).

A new item (Ctrl+N) is a draft until it has a summary: nothing is written,
listed or counted before that, and a draft abandoned without one (Esc, Ctrl+Enter,
another item chosen) leaves nothing behind. Once the summary is there the item
is recorded with everything typed so far, as one step "Add evidence".

Saving and drafts are in :mod:`ui.panels.evidence_saving`; this module shows the item
and answers the keys.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QListWidgetItem

from models.records import Evidence
from models.review.notes import NoteSubject
from ui.dialogs.history_dialog import show_history
from ui.editing.inspection_controller import InspectionController
from ui.item_models.read_only import freeze, hide_when
from ui.panels.evidence_form import EvidenceForm
from ui.panels.evidence_saving import EvidenceSaving
from ui.panels.question_picker import QuestionPickerDialog

SAVE_DELAY_MS = 600
FINDING_ID_ROLE = Qt.ItemDataRole.UserRole + 2
NEEDS_SUMMARY = "Type a summary to record this item; until then nothing is saved."


class EvidenceEditor(EvidenceSaving, EvidenceForm):
    """Edits one evidence item (or a new one still being written); empty when nothing is
    selected."""

    finished = Signal()  # the user pressed the finish shortcut or Esc
    delete_requested = Signal()
    created = Signal(str)  # a draft became a recorded item (its id)
    open_finding = Signal(str)  # the user asked to see a finding the item supports
    message = Signal(str)  # a short note for the status bar

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(controller, parent)
        self.controller = controller
        self.framework = controller.framework
        self.current: Evidence | None = None
        self.draft = False  # current is a new item not recorded yet
        self._loading = False
        self.read_only = False
        details = controller.inspection.inspection
        self.collected_on.set_fieldwork(details.fieldwork_start, details.fieldwork_end)

        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.commit)
        for edit in (self.summary, self.location, self.participants):
            edit.textEdited.connect(self._typed)
            edit.editingFinished.connect(self.commit)
        self.questions.editingFinished.connect(self.commit)
        self.notes.textChanged.connect(self._notes_changed)
        self.notes.focus_lost.connect(self.commit)
        self.collected_on.date_changed.connect(self._field_changed)
        self.collected_on.refused.connect(self._field_changed)
        self.source_type.currentIndexChanged.connect(self._field_changed)
        self.assessment.currentIndexChanged.connect(self._field_changed)
        self.sensitive.toggled.connect(self._field_changed)
        self.choose_questions.clicked.connect(self.pick_questions)
        self.delete_button.clicked.connect(self.delete_requested)
        self.history_button.clicked.connect(self.show_history)
        self.findings_list.itemActivated.connect(self._finding_activated)
        self.findings_list.itemDoubleClicked.connect(self._finding_activated)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.escape)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        choose = QShortcut(QKeySequence(Qt.Key.Key_F4), self.questions, self.pick_questions)
        choose.setContext(Qt.ShortcutContext.WidgetShortcut)
        controller.undo_keys.watch(*self.text_boxes())

        controller.evidence_changed.connect(self._changed_elsewhere)
        controller.evidence_added.connect(self._changed_elsewhere)
        controller.evidence_removed.connect(self._removed)
        controller.findings_changed.connect(self._show_findings)
        controller.inspection_changed.connect(self._inspection_changed)
        self.show_evidence(None)

    # -- showing ----------------------------------------------------------------
    def show_evidence(self, evidence_id: str | None) -> bool:
        """Show an item (saving anything pending on the previous one first).

        False when a draft with something typed in it was kept at the person's
        choice instead (the editor then still shows the draft).
        """
        if self.draft:
            if not self.release_draft():
                return False
        elif self.current is not None and evidence_id == self.current.id:
            self.commit()
            return True
        self.commit()
        self.controller.new_typing_session()
        self.current = self.controller.evidence.get(evidence_id) if evidence_id else None
        self._populate()
        return True

    def refresh(self) -> None:
        """Show the current item afresh from the file (after changes made elsewhere)."""
        if self.current is not None and not self.draft:
            self.current = self.controller.evidence.get(self.current.id)
            self._populate()

    def start_draft(self, evidence: Evidence) -> None:
        """Show a new item to be written; it is recorded once it has a summary."""
        self.commit()
        self.controller.new_typing_session()
        author = evidence.author
        self.current = replace(evidence, ref=self.controller.evidence.next_ref(author))
        self.draft = True
        self._populate()

    def _populate(self) -> None:
        e = self.current
        self.attachments.set_evidence(e.id if e is not None and not self.draft else None)
        self._loading = True
        try:
            for widget in self.fields():
                widget.setEnabled(e is not None)
            for widget in (self.history_button, self.delete_button):
                widget.setEnabled(e is not None and not self.draft)
            saved = e is not None and not self.draft
            self.review_notes_button.set_subject(
                NoteSubject.EVIDENCE if saved else None,
                e.id if e is not None and saved else None,
                e.ref if e is not None else "",
            )
            self.attachments.setEnabled(e is not None and not self.draft)
            self.questions_error.hide()
            if e is None:
                self.heading.setText("No evidence selected — press Ctrl+N to record a new item")
                for edit in (self.summary, self.location, self.participants, self.questions):
                    edit.clear()
                self.collected_on.set_date(None)
                self.notes.clear()
                self.status.clear()
                self._show_findings()
                self._show_summary_hint()
                return
            self.heading.setText(
                f"New item {e.ref} · recorded by {e.author} once it has a summary"
                if self.draft
                else f"{e.ref}  ·  recorded by {e.author}"
            )
            for edit, text in (
                (self.summary, e.summary),
                (self.location, e.location),
                (self.participants, e.participants_text),
                (self.questions, ", ".join(e.question_codes)),
            ):
                if edit.text() != text:  # keeps the cursor where it is while typing
                    edit.setText(text)
                    if not edit.hasFocus():
                        edit.setCursorPosition(0)  # a long summary reads from its start
            self.collected_on.set_date(e.collected_on)
            self.source_type.setCurrentIndex(self.source_type.findData(e.source_type))
            self.assessment.setCurrentIndex(self.assessment.findData(e.assessment))
            if self.notes.toPlainText() != e.notes:
                self.notes.setPlainText(e.notes)
            self.sensitive.setChecked(e.sensitive)
            self.status.setText("Not recorded yet" if self.draft else "Saved")
            self._show_findings()
            self._show_summary_hint()
        finally:
            self._loading = False

    def _show_summary_hint(self) -> None:
        needed = self.draft and not self.summary.text().strip()
        self.summary_hint.setText(NEEDS_SUMMARY if needed else "")
        self.summary_hint.setVisible(needed)

    def _show_findings(self) -> None:
        """The findings the shown item supports, each to be opened with Enter (and the
        indicator it was made from, whose corrections its summary follows)."""
        self.findings_list.clear()
        e = self.current
        made_from = (
            None if e is None or self.draft else self.controller.indicators.for_evidence(e.id)
        )
        self.indicator_label.setText(
            ""
            if made_from is None
            else f"From the indicator {made_from.name} ({made_from.period}); "
            "its summary follows a corrected figure."
        )
        self.indicator_label.setVisible(made_from is not None)
        findings = [] if e is None or self.draft else self.controller.findings.for_evidence(e.id)
        for f in findings:
            statement = " ".join(f.statement.split())
            item = QListWidgetItem(f"{f.ref}  {f.question_code}  {f.kind.label}: {statement}")
            item.setData(FINDING_ID_ROLE, f.id)
            item.setToolTip(f.statement)
            self.findings_list.addItem(item)
        n = len(findings)
        self.findings_label.setText(
            "Supports no finding yet"
            if n == 0
            else f"Supports {n} finding{'s' if n != 1 else ''} (Enter opens one)"
        )
        self.findings_list.setVisible(n > 0)

    def _finding_activated(self, item: QListWidgetItem) -> None:
        self.open_finding.emit(item.data(FINDING_ID_ROLE))

    def show_history(self):
        """Open the current item's history beside the editor (saving what is pending first)."""
        if self.current is not None and not self.draft:
            self.commit()
            return show_history(self, self.controller, self.current.id, self.current.ref)
        return None

    def _changed_elsewhere(self, evidence_id: str) -> None:
        if self.current is not None and not self.draft and evidence_id == self.current.id:
            self._save_timer.stop()
            self.current = self.controller.evidence.get(evidence_id)
            self._populate()

    def _removed(self, evidence_id: str) -> None:
        if self.current is not None and not self.draft and evidence_id == self.current.id:
            self._save_timer.stop()
            self.current = None
            self._populate()

    def _inspection_changed(self) -> None:
        details = self.controller.inspection.inspection
        self.collected_on.set_fieldwork(details.fieldwork_start, details.fieldwork_end)

    # -- read-only ----------------------------------------------------------------
    def set_read_only(self, read_only: bool) -> None:
        """Show items without letting them be changed (the file is open read-only)."""
        self.read_only = read_only
        freeze(
            [
                self.summary,
                self.collected_on,
                self.source_type,
                self.assessment,
                self.location,
                self.participants,
                self.questions,
                self.notes,
                self.sensitive,
            ],
            read_only,
        )
        hide_when(read_only, [self.choose_questions, self.delete_button])
        self.attachments.set_read_only(read_only)

    # -- keys ---------------------------------------------------------------------
    def pick_questions(self) -> None:
        if self.current is None or self.read_only:
            return
        codes = self._parse_codes() or self.current.question_codes
        dialog = QuestionPickerDialog(self.framework, codes, self)
        if dialog.exec():
            self.questions.setText(", ".join(dialog.chosen_codes()))
            self.commit()

    def finish(self) -> None:
        """Ctrl+Enter: done with this item; back to the list."""
        if self.draft and not self.release_draft():
            return
        self.commit()
        self.finished.emit()

    def escape(self) -> None:
        """Esc: a draft is abandoned (nothing left behind); otherwise as Ctrl+Enter."""
        self.finish()

    def focus_first_field(self) -> None:
        self.summary.setFocus()
        self.summary.selectAll()
