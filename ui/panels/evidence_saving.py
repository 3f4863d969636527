"""Saving what the evidence editor shows: after a pause in typing, when a field is left
or a choice is made; a new item (a draft) is recorded once it has a summary.

A mixin of :class:`~ui.panels.evidence_editor.EvidenceEditor`, kept apart so the editor
module holds showing the item and its keys. Text that is not a value (a date that does
not read, an unknown question code) is kept as typed and marked *not saved*.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from models.records import Evidence, parse_participants
from models.vocabulary import Assessment, SourceType
from storage.operations import StorageError

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer, SignalInstance

    from models.framework import Framework
    from ui.editing.inspection_controller import InspectionController
    from ui.panels.evidence_form import EvidenceForm

    # The type checker sees the form the mixin works on; at run time it is a plain class.
    _Form = EvidenceForm
else:
    _Form = object


class EvidenceSaving(_Form):
    """Reads the form into an :class:`Evidence` and writes it through the controller."""

    # What the editor it is mixed into holds and does (see EvidenceEditor).
    controller: InspectionController
    framework: Framework
    current: Evidence | None
    draft: bool
    read_only: bool
    _loading: bool
    _save_timer: QTimer
    if TYPE_CHECKING:
        created: SignalInstance
        message: SignalInstance

        def _populate(self) -> None: ...
        def _show_summary_hint(self) -> None: ...
        def focus_first_field(self) -> None: ...

    def _typed(self, _text: str = "") -> None:
        if self.draft:
            self._show_summary_hint()
        self._save_timer.start()

    def _notes_changed(self) -> None:
        if not self._loading and self.current is not None:
            self.status.setText("Saving…" if not self.draft else "Not recorded yet")
            self._save_timer.start()

    def _field_changed(self, *_args) -> None:
        self.commit()

    def _parse_codes(self) -> tuple[str, ...] | None:
        codes = tuple(dict.fromkeys(c for c in re.split(r"[,;\s]+", self.questions.text()) if c))
        unknown = [c for c in codes if not self.framework.has_question(c)]
        if unknown:
            self.questions_error.setText(
                f"Not a question of this framework: {', '.join(unknown)}. The questions "
                "were not saved."
            )
            self.questions_error.show()
            return None
        self.questions_error.hide()
        return codes

    def unsaved_fields(self) -> list[str]:
        """Fields whose text is not a value that can be saved (kept as typed)."""
        unsaved = []
        if not self.collected_on.is_valid():
            unsaved.append("date")
        if self._parse_codes() is None:
            unsaved.append("questions")
        return unsaved

    def edited_evidence(self) -> Evidence | None:
        """The current item with what the form shows now."""
        return None if self.current is None else self._as_shown(self.current)

    def _as_shown(self, current: Evidence) -> Evidence:
        codes = self._parse_codes()
        return replace(
            current,
            summary=self.summary.text().strip(),
            collected_on=self.collected_on.date(),
            source_type=SourceType(self.source_type.currentData()),
            assessment=Assessment(self.assessment.currentData()),
            location=self.location.text().strip(),
            participants=parse_participants(self.participants.text()),
            question_codes=current.question_codes if codes is None else codes,
            notes=self.notes.toPlainText(),
            sensitive=self.sensitive.isChecked(),
        )

    def commit(self) -> None:
        """Save what the form shows, if it differs from what is stored (a draft is
        recorded once it has a summary)."""
        self._save_timer.stop()
        if self._loading or self.current is None or self.read_only:
            return
        new = self._as_shown(self.current)
        if self.draft:
            self._record_draft(new)
            return
        unsaved = self.unsaved_fields()
        if new == self.current:
            self._show_status(unsaved)
            return
        try:
            self.current = self.controller.edit_evidence(self.current, new)
        except (StorageError, ValueError) as e:
            self.status.setText("Not saved")
            QMessageBox.warning(self, "Evidence not saved", str(e))
            return
        self._show_status(unsaved)

    def _show_status(self, unsaved: list[str]) -> None:
        if unsaved:
            self.status.setText(f"{' and '.join(unsaved).capitalize()} not saved")
            self.status.setStyleSheet("color: #B71C1C")
        else:
            self.status.setText("Saved")
            self.status.setStyleSheet("")

    def _record_draft(self, new: Evidence) -> None:
        if not new.summary:
            self._show_summary_hint()
            return
        try:
            created = self.controller.add_evidence(replace(new, ref=""))
        except (StorageError, ValueError) as e:
            self.status.setText("Not recorded")
            QMessageBox.warning(self, "Evidence not recorded", str(e))
            return
        self.current, self.draft = created, False
        self._populate()
        self._show_status(self.unsaved_fields())
        self.created.emit(created.id)

    # -- drafts -------------------------------------------------------------------
    def draft_has_content(self) -> bool:
        """Whether the draft holds anything typed besides what a new item starts with."""
        if not self.draft or self.current is None:
            return False
        start = self.current
        new = self._as_shown(start)
        return bool(
            new.summary
            or new.location
            or new.participants
            or new.notes.strip()
            or new.sensitive
            or new.source_type != start.source_type
            or new.assessment != start.assessment
            or new.question_codes != start.question_codes
            or new.collected_on != start.collected_on
        )

    def release_draft(self) -> bool:
        """Record the draft if it has a summary, else discard it (asking first when
        something was typed in it). False when the person chose to keep editing."""
        if not self.draft:
            return True
        self.commit()
        if not self.draft:
            return True  # it had a summary: now recorded
        if self.draft_has_content():
            answer = QMessageBox.question(
                self,
                "Discard the new item?",
                "The new evidence item has no summary, so it has not been recorded. "
                "Discard what was typed in it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.focus_first_field()
                return False
        self.discard_draft()
        return True

    def discard_draft(self) -> None:
        """Forget the draft: nothing was written, nothing is left."""
        self._save_timer.stop()
        self.current, self.draft = None, False
        self._populate()
        self.message.emit("New item discarded: it had no summary.")
