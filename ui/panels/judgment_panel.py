"""The judgment for the selected core question, or overall for the headline question.

The grade is chosen from the framework's scale with its definition in view; the
rationale saves as the user types; every change can be undone.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.framework import Question
from models.grade_colours import grade_colour
from models.records import Judgment
from models.review.notes import NoteSubject
from models.sign_off import SignOffRefused, sign_off_line
from models.vocabulary import JudgmentStatus
from storage.operations import REOPENED_REASON, StorageError
from ui.dialogs.history_dialog import show_history
from ui.editing.inspection_controller import InspectionController
from ui.item_models.grade_swatch import grade_swatch
from ui.item_models.read_only import freeze
from ui.panels.notes_button import NotesButton

SAVE_DELAY_MS = 600


class _RationaleEdit(QPlainTextEdit):
    focus_lost = Signal()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class JudgmentPanel(QWidget):
    """Grade, rationale and status for one graded question (or the whole inspection)."""

    def __init__(self, controller: InspectionController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.framework = controller.framework
        self.question: Question | None = None
        self.current: Judgment | None = None
        self._loading = False

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.grade = QComboBox()
        self.grade.setAccessibleName("Grade")
        self.grade.addItem("Not yet graded", None)
        self.grade.setItemData(0, "No grade chosen yet", Qt.ItemDataRole.ToolTipRole)
        for g in self.framework.grades:
            colour = grade_colour(g.position, len(self.framework.grades))
            self.grade.addItem(grade_swatch(colour), g.name, g.name)
            self.grade.setItemData(
                self.grade.count() - 1, g.definition or g.name, Qt.ItemDataRole.ToolTipRole
            )
        self.definition = QLabel()
        self.definition.setWordWrap(True)
        self.definition.setAccessibleName("Grade definition")
        self.definition.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QComboBox()
        self.status.setAccessibleName("Judgment status")
        for s in JudgmentStatus:
            self.status.addItem(s.label, s)
        self.reopened = QLabel("Back to draft: changed after review")
        self.reopened.setAccessibleName("Why the judgment is a draft")
        self.reopened.setStyleSheet("color: #C62828")
        self.sign_off = QLabel()
        self.sign_off.setAccessibleName("Sign-off of the judgment")
        self.sign_off.setTextFormat(Qt.TextFormat.PlainText)
        self.history_button = QPushButton("History…")
        self.history_button.setAccessibleName("History of the judgment")
        self.review_notes_button = NotesButton(controller, "judgment", "Notes")
        self.rationale = _RationaleEdit()
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setPlaceholderText("Why this grade: the findings and evidence behind it")
        self.rationale.setTabChangesFocus(True)
        self.context = QLabel()
        self.context.setWordWrap(True)
        self.context.setAccessibleName("Evidence and findings behind this judgment")

        self.form = QWidget()
        form = QFormLayout(self.form)
        form.addRow("&Grade", self.grade)
        form.addRow("", self.definition)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status)
        status_row.addWidget(self.reopened)
        status_row.addWidget(self.sign_off)
        status_row.addStretch(1)  # the row keeps its shape with or without the note
        status_row.addWidget(self.history_button)
        status_row.addWidget(self.review_notes_button)
        status_label = QLabel("S&tatus")
        status_label.setBuddy(self.status)  # a label beside a row of widgets needs its buddy
        form.addRow(status_label, status_row)
        form.addRow("&Rationale", self.rationale)
        form.addRow("Behind it", self.context)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.form)

        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.commit)
        self.rationale.textChanged.connect(self._rationale_changed)
        self.rationale.focus_lost.connect(self.commit)
        self.grade.currentIndexChanged.connect(self._grade_changed)
        self.status.currentIndexChanged.connect(lambda _i: self.commit())
        self.history_button.clicked.connect(self.show_history)
        controller.undo_keys.watch(self.rationale)
        controller.judgment_changed.connect(self._changed_elsewhere)
        controller.findings_changed.connect(self._findings_changed)
        controller.indicators.changed.connect(self._findings_changed)
        # What stands behind the judgment is read while the panel is in view, and once
        # more when it comes back into view after changes: an edit made in the Evidence
        # tab never waits for the findings under the question to be read again.
        self._behind: str | None = None  # the findings and figures part, while it holds
        self._context_stale = True
        controller.counts.changed.connect(self._counts_changed)
        self.set_question(None)

    @property
    def judgment_code(self) -> str | None:
        return self.controller.judgment_code(self.question) if self.question else None

    def set_question(self, question: Question | None) -> None:
        """Show the judgment of ``question`` if it is graded; otherwise explain why not."""
        self.commit()
        graded = question if question is not None and question.graded else None
        self.question = graded
        if graded is None:
            self.current = None
            self.heading.setText(
                "Judgments are made for the headline question (overall) and "
                "the core questions. Select one in the question tree."
            )
            self.form.hide()
            return
        self.current = self.controller.judgments.get(self.judgment_code)
        self._behind = None
        label = "Overall judgment" if self.judgment_code is None else f"Judgment for {graded.code}"
        self.heading.setText(f"{label}: {graded.title}")
        self.form.show()
        self._populate()

    def _populate(self) -> None:
        self._loading = True
        try:
            j = self.current
            if j is None:
                return
            self.grade.setCurrentIndex(max(0, self.grade.findData(j.grade)) if j.grade else 0)
            self.status.setCurrentIndex(self.status.findData(j.status))
            if self.rationale.toPlainText() != j.rationale:
                self.rationale.setPlainText(j.rationale)
            self._show_definition()
            self._update_context()
            self._show_reopened()
            # Only a reviewed judgment has a reviewer to show (whatever a copy's row says).
            reviewed = j.status is JudgmentStatus.REVIEWED
            self.sign_off.setText(
                sign_off_line(
                    j.prepared_by,
                    j.prepared_at,
                    j.reviewed_by if reviewed else None,
                    j.reviewed_at if reviewed else None,
                )
            )
        finally:
            self._loading = False

    def _show_reopened(self) -> None:
        """Say so when the judgment is a draft because it was changed after review."""
        j = self.current
        saved = j is not None and bool(j.created_at)
        self.history_button.setEnabled(saved)
        label = "the overall judgment" if self.judgment_code is None else self.judgment_code
        self.review_notes_button.set_subject(
            NoteSubject.JUDGMENT if saved else None,
            j.id if j is not None and saved else None,
            f"the judgment for {label}" if self.judgment_code else label,
        )
        last = (
            self.controller.inspection.history.last_change(j.id, "status")
            if j is not None and saved and j.status is JudgmentStatus.DRAFT
            else None
        )
        self.reopened.setVisible(last is not None and last.reason == REOPENED_REASON)

    def show_history(self):
        """Open this judgment's history (saving what is pending first)."""
        self.commit()
        if self.current is None or not self.current.created_at:
            return None
        label = (
            "the overall judgment"
            if self.judgment_code is None
            else f"the judgment for {self.judgment_code}"
        )
        return show_history(self, self.controller, self.current.id, label)

    def _show_definition(self) -> None:
        name = self.grade.currentData()
        self.definition.setText(
            self.framework.grade(name).definition if name else "No grade chosen yet."
        )
        self.grade.setToolTip(self.definition.text())

    def _counts_changed(self, codes) -> None:
        if self.question is not None and self.question.code in codes:
            self._update_context()

    def _findings_changed(self, *_args) -> None:
        self._behind = None
        self._update_context()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._context_stale:
            self._update_context()

    def _update_context(self, *_args) -> None:
        if self.question is None:
            return
        if not self.isVisible():
            self._context_stale = True
            return
        self._context_stale = False
        counts = self.controller.counts.by_assessment(self.question.code)
        evidence = (
            "Evidence: still being counted."
            if counts is None
            else f"Evidence: {counts.positive} positive, {counts.negative} negative, "
            f"{counts.neutral} neutral."
        )
        if self._behind is None:
            self._behind = self._findings_text() + self._indicators_text()
        self.context.setText(f"{evidence}  {self._behind}")

    def _findings_text(self) -> str:
        """The findings under the question by kind, and how many lack evidence.

        An item deleted or brought back can change which findings have evidence; the
        controller says findings changed then too, so this holds until it does.
        """
        assert self.question is not None
        kinds, unsupported = self.controller.findings.kinds_under(self.question.code)
        parts = [_named(k.counted(len(refs)), refs) for k, refs in kinds.items() if refs]
        text = f"Findings: {', '.join(parts) or 'none yet'}."
        if unsupported:
            text += (
                f"  {unsupported} finding{'s have' if unsupported != 1 else ' has'} "
                "no supporting evidence."
            )
        return text

    def _indicators_text(self) -> str:
        """The figures bearing on the question, and which are notably worse than the
        comparator, beside the evidence the grade rests on."""
        if self.question is None:
            return ""
        found = self.controller.indicators.under(self.question.code)
        if not found:
            return ""
        worse = [i.name for i in found if i.notably_worse]
        flagged = f", ⚑ {len(worse)} notably worse: {'; '.join(worse)}" if worse else ""
        return f"  Force in numbers: {len(found)} indicator{'s' * (len(found) != 1)}{flagged}."

    def _changed_elsewhere(self, code) -> None:
        if self.question is not None and code == self.judgment_code:
            self._save_timer.stop()
            self.current = self.controller.judgments.get(code)
            self._populate()

    def _grade_changed(self, _index: int) -> None:
        self._show_definition()
        self.commit()

    def _rationale_changed(self) -> None:
        if not self._loading and self.current is not None:
            self._save_timer.start()

    def edited_judgment(self) -> Judgment | None:
        if self.current is None:
            return None
        return replace(
            self.current,
            grade=self.grade.currentData(),
            rationale=self.rationale.toPlainText().strip(),
            status=JudgmentStatus(self.status.currentData()),
        )

    def set_read_only(self, read_only: bool) -> None:
        """Show judgments without letting them be changed (the file is open read-only)."""
        self.read_only = read_only
        freeze([self.grade, self.status, self.rationale], read_only)

    def commit(self) -> None:
        self._save_timer.stop()
        if self._loading or self.current is None or getattr(self, "read_only", False):
            return
        new = self.edited_judgment()
        if new is None:
            return
        try:
            self.current = self.controller.save_judgment(self.current, new)
        except SignOffRefused as e:
            # Nothing was written: the form goes back to the judgment as it is stored.
            self._populate()
            QMessageBox.warning(self, "Not signed off", str(e))
        except (StorageError, ValueError) as e:
            QMessageBox.warning(self, "Judgment not saved", str(e))


#: A kind with more findings than this is counted without naming them all.
_NAMED_REFS = 5


def _named(counted: str, refs: tuple[str, ...]) -> str:
    """ "2 areas for improvement (F11, F28)": the refs a writer quotes, while they are few."""
    return f"{counted} ({', '.join(refs)})" if len(refs) <= _NAMED_REFS else counted
