"""What the journeys (journeys.py) share: the words and dates they type, what a journey
needs from its caller, a snapshot of what a person sees of a file, and a watcher that
closes every dialog a journey opens as soon as it appears.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from models.case_reviews.query import CaseFileQuery
from models.vocabulary import JudgmentStatus
from storage.file.inspection_file import InspectionFile
from storage.operations import case_reviews

QUESTIONS = ["E", "1", "1.1", "1.2.1", "2", "2.2", "2.3.1", "3", "3.1", "3.3", "4", "4.2"]
GRADED = ["E", "1", "2", "3", "4"]
WORDS = [
    "custody",
    "victim",
    "MASH",
    "neighbourhood",
    "domestic abuse",
    "risk",
    "partners",
    "Basingstoke",
    "review",
    "café",
]
DATES = [
    "22/09/2015",
    "22/9/15",
    "22 Sep 2015",
    "2015-09-22",
    "1/10/2015",
    "Sep",
    "31/02/2015",
    "",
    "today",
    "3/3/2099",
]
SUMMARIES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30
).map(lambda t: " ".join(t.split()))
WAIT_MS = 20000


@dataclass
class JourneyContext:
    """What a journey needs from its test (or script): Qt's bot, a folder, the demo."""

    qtbot: object
    folder: Path
    demo: Path
    settings: object
    journeys: int = 0
    steps: int = 0
    seen: dict = field(default_factory=dict)  # what was done, by rule name


def snapshot(path: Path) -> dict:
    """Everything a person sees of the file, compared before and after undoing it all."""
    with InspectionFile.open(path, readonly=True) as f:
        evidence = sorted(
            (
                e.id,
                e.ref,
                e.summary,
                e.notes,
                e.location,
                e.participants,
                e.collected_on,
                e.source_type,
                e.assessment,
                e.sensitive,
                e.author,
                e.question_codes,
            )
            for e in f.evidence.iter_all()
        )
        findings = sorted(
            (
                x.id,
                x.question_code,
                x.kind,
                x.statement,
                x.recommendation,
                tuple(sorted(x.evidence_ids)),
            )
            for x in f.findings.for_question()
        )
        # A judgment written back to "not graded, no rationale" is as good as none.
        judgments = sorted(
            ((code or ""), j.grade or "", j.rationale, j.status)
            for code, j in f.judgments.all().items()
            if j.grade or j.rationale or j.status is not JudgmentStatus.DRAFT
        )
        team = sorted((m.initials, m.name, m.role) for m in f.team.list())
        details = f.inspection
        subjects = [e[0] for e in evidence] + [x[0] for x in findings]
        subjects += [j.id for j in f.judgments.all().values()]
        notes = sorted(
            (n.id, n.subject_id, n.reply_to or "", n.author, n.body, n.resolved_by or "")
            for subject_id in subjects
            for n in f.review_notes.for_subject(subject_id)
        )
        indicators = sorted(
            (
                i.id,
                i.force_value,
                i.comparator_value,
                i.threshold,
                i.evidence_id or "",
                i.deleted_at is None,
            )
            for i in f.indicators.all(include_deleted=True)
        )
        case_files = sorted(
            (c.id, c.case_reference, tuple(sorted(c.answers.items())), c.deleted_at is None)
            for checklist in case_reviews.list_checklists(f)
            for c in (
                case_reviews.get_case_file(f, r.id)
                for r in case_reviews.case_file_page(f, CaseFileQuery(checklist.id), 0, 1000)
            )
        )
        return {
            "case_files": case_files,
            "indicators": indicators,
            "notes": notes,
            "evidence": evidence,
            "findings": findings,
            "judgments": judgments,
            "team": team,
            "details": (
                details.title,
                details.force,
                details.period,
                details.fieldwork_start,
                details.fieldwork_end,
            ),
        }


class ModalCloser:
    """Closes every modal dialog, message box and popup as soon as it appears (a person
    who opened it and changed their mind), and remembers what it saw."""

    def __init__(self):
        self.seen: list[str] = []
        self.errors: list[str] = []
        self.timer = QTimer()
        self.timer.timeout.connect(self._poll)
        self.timer.start(5)

    def _poll(self) -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        widget = QApplication.activeModalWidget()
        if widget is None:
            return
        self.seen.append(type(widget).__name__)
        if isinstance(widget, QMessageBox):
            if widget.icon() in (QMessageBox.Icon.Warning, QMessageBox.Icon.Critical):
                self.errors.append(f"{widget.windowTitle()}: {widget.text()}")
            widget.reject()
        elif isinstance(widget, QDialog):
            widget.reject()

    def stop(self) -> None:
        self.timer.stop()


class PersonAtTheWindow:
    """How a journey acts at the window (typing, choosing a row) and what it listens for
    (unhandled exceptions, error boxes); mixed into the journey's state machine, which
    sets ``ctx``, ``window``, ``errors`` and ``picked``."""

    # -- spies ---------------------------------------------------------------------
    def _spy(self) -> None:
        self._hook = sys.excepthook
        sys.excepthook = lambda kind, error, tb: self.errors.append(
            f"unhandled {kind.__name__}: {error}"
        )
        self._boxes = {
            name: getattr(QMessageBox, name)
            for name in ("warning", "critical", "information", "question")
        }
        self._pickers = {
            name: getattr(QFileDialog, name) for name in ("getOpenFileName", "getSaveFileName")
        }

        def box(kind):
            def shown(parent, title, text, *args, **kwargs):
                if kind in ("warning", "critical"):
                    self.errors.append(f"{kind} box: {title}: {text}")
                return QMessageBox.StandardButton.Yes

            return staticmethod(shown)

        for name in self._boxes:
            setattr(QMessageBox, name, box(name))
        QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (self.picked, ""))
        QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: ("", ""))
        self.picked = ""

    def _unspy(self) -> None:
        sys.excepthook = self._hook
        for name, original in self._boxes.items():
            setattr(QMessageBox, name, original)
        for name, original in self._pickers.items():
            setattr(QFileDialog, name, original)

    # -- helpers -------------------------------------------------------------------
    @property
    def view(self):
        return self.window.view

    @property
    def bot(self):
        return self.ctx.qtbot

    def _did(self, what: str) -> None:
        self.ctx.steps += 1
        self.ctx.seen[what] = self.ctx.seen.get(what, 0) + 1

    def _settle(self) -> None:
        QApplication.processEvents()
        self.bot.waitUntil(
            lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=WAIT_MS
        )
        QApplication.processEvents()

    def _select_row(self, n: int) -> bool:
        self.window.activateWindow()  # back from any dialog, as a click on the window does
        model = self.view.evidence_list.model
        if not model.total:
            return False
        self.view.tabs.setCurrentWidget(self.view.editor)
        self.view.evidence_list.select(model.evidence_at(n % model.total).id)
        return self.view.editor.current is not None

    def _type(self, widget, text: str) -> None:
        widget.setFocus()
        widget.selectAll()
        self._keys(widget, text)

    def _keys(self, widget, text: str) -> None:
        """Type ``text`` key by key; letters QTest has no key for go in as a paste would."""
        for ch in text:
            if ch.isascii() and ch.isprintable():
                self.bot.keyClicks(widget, ch)
            elif hasattr(widget, "insertPlainText"):
                widget.insertPlainText(ch)
            else:
                widget.insert(ch)
