"""Saving the finding being edited, and new findings that are drafts until their statement
is typed (nothing is written or listed before that; abandoning one leaves nothing).

A mixin of :class:`~ui.panels.findings.findings_panel.FindingsPanel`, kept apart so the panel
module holds its list, its selection and showing a finding.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from PySide6.QtWidgets import QMessageBox

from models.records import Finding
from models.vocabulary import FindingKind
from storage.operations import StorageError
from ui.panels.findings.findings_panel_parts import PanelPart


class FindingSaving(PanelPart):
    """Reads the form into a :class:`Finding`, writes it, and keeps or drops a draft."""

    def _text_changed(self) -> None:
        if not self._loading and self.current is not None:
            self._save_timer.start()

    def edited_finding(self) -> Finding | None:
        return None if self.current is None else self._as_shown(self.current)

    def _as_shown(self, current: Finding) -> Finding:
        """``current`` with what the form shows now."""
        kind = FindingKind(self.kind.currentData())
        return replace(
            current,
            kind=kind,
            question_code=self.question.currentData(),
            statement=self.statement.toPlainText().strip(),
            recommendation=self.recommendation.toPlainText().strip()
            if kind.needs_recommendation
            else "",
        )

    def commit(self) -> None:
        self._save_timer.stop()
        current = self.current
        if self._loading or current is None or self.read_only:
            return
        new = self._as_shown(current)
        self.recommendation.setEnabled(new.kind.needs_recommendation)
        if self.draft:
            if new.statement:
                self._record_draft(new)
            return
        if new == current:
            return
        moved = new.question_code != current.question_code
        self._write(
            lambda: self.controller.edit_finding(
                current, new, "Move finding" if moved else "Edit finding"
            )
        )
        if moved and self.current is not None:
            self.heading.setText(self._heading(self.current))
            self.message.emit(f"Finding moved to {new.question_code}.")

    def _write(self, action: Callable[[], Finding]) -> bool:
        try:
            self.current = action()
        except (StorageError, ValueError) as e:
            QMessageBox.warning(self, "Finding not saved", str(e))
            return False
        return True

    def _record_draft(self, new: Finding) -> None:
        try:
            created = self.controller.add_finding(new)
        except (StorageError, ValueError) as e:
            QMessageBox.warning(self, "Finding not recorded", str(e))
            return
        self.draft = False
        self.current = created
        self.select_finding(created.id)
        self._show(created)

    # -- drafts -------------------------------------------------------------------
    def release_draft(self) -> bool:
        """Record the draft if it has a statement, else discard it (asking first when
        something else was put in it). False when the person chose to keep editing."""
        if not self.draft:
            return True
        self.commit()
        if not self.draft:
            return True
        new = self.edited_finding()
        if new is not None and (new.recommendation or new.evidence_ids):
            answer = QMessageBox.question(
                self,
                "Discard the new finding?",
                "The new finding has no statement, so it has not been recorded. Discard "
                "what was put in it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.statement.setFocus()
                return False
        self.draft = False
        self._show(None)
        self.message.emit("New finding discarded: it had no statement.")
        return True

    def escape(self) -> None:
        """Esc: a new finding without a statement is abandoned; otherwise back to the list."""
        if self.draft:
            if self.release_draft():
                self.table.setFocus()
            return
        self.commit()
        self.table.setFocus()

    def new_finding(self) -> None:
        """A new finding under the selected question, recorded once it has a statement."""
        if self.question_code is None or self.read_only:
            return
        if self.draft and not self.release_draft():
            return
        self.commit()
        self._loading = True
        self.table.clearSelection()
        self._loading = False
        self.draft = True
        self._show(Finding(question_code=self.question_code, kind=FindingKind.STRENGTH))
        self.statement.setFocus()
