"""Journeys: random sequences of what a person does in the real main window, checked after
every step.

:class:`Journey` is a hypothesis state machine driving a real :class:`MainWindow` on a
copy of the demo with keys and clicks: recording, editing, dating and deleting
evidence, findings written, moved, linked by button and unlinked, grades and
rationales, figures corrected, made evidence and deleted on the Force in numbers tab, undo
and redo (from inside text boxes too), questions, searches,
filters and sorting, every dialog opened and closed, and case files reviewed on the
Case files tab (see ``journey_case_files.py``). After every step:

* no unhandled exception (a ``sys.excepthook`` spy) and no error or warning box (a
  message-box spy; questions are answered Yes, dialogs shown with ``exec`` are closed
  by a watcher as soon as they appear);
* the evidence list and the question tree count what the file holds, read through a
  second connection;
* the file passes ``check``;

and at the end, undoing everything brings the file back to its first state.

Used by ``tests/ui/test_journeys.py`` (a few short journeys) and by
``benchmarks/journey_run.py`` (many long ones).
"""

from __future__ import annotations

import shutil

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from models.evidence.query import EvidenceQuery
from models.vocabulary import Assessment, FindingKind, JudgmentStatus, SourceType
from storage.file.inspection_file import InspectionFile
from storage.health.check import check_inspection
from storage.review.checks import review
from tests.ui.journey_case_files import CaseFileSteps
from tests.ui.journey_support import (
    DATES,
    GRADED,
    QUESTIONS,
    SUMMARIES,
    WAIT_MS,
    WORDS,
    ModalCloser,
    PersonAtTheWindow,
    snapshot,
)

CONTEXT = None  # the JourneyContext of the run (set by its caller)


class Journey(PersonAtTheWindow, CaseFileSteps, RuleBasedStateMachine):
    """One person's session in the app on a fresh copy of the demo."""

    def __init__(self):
        super().__init__()
        from ui.window.main_window import MainWindow

        ctx = CONTEXT
        self.ctx = ctx
        ctx.journeys += 1
        self.path = ctx.folder / f"journey-{ctx.journeys}.inspection"
        shutil.copyfile(ctx.demo, self.path)
        self.copy = ctx.folder / f"journey-{ctx.journeys}-copy.inspection"
        from storage.merge.fieldwork_copy import create_fieldwork_copy

        create_fieldwork_copy(self.path, "KO", self.copy)
        self.log = ctx.folder / f"journey-{ctx.journeys}-log.csv"
        self.log.write_text(
            f"Summary,Type,Questions,Author\nJourney {ctx.journeys} walk-through,RT,2.2,TS\n",
            encoding="utf-8",
        )
        self.first = snapshot(self.path)
        self.errors: list[str] = []
        self._spy()
        self.closer = ModalCloser()
        self.window = MainWindow(settings=ctx.settings)
        ctx.qtbot.addWidget(self.window)
        self.window.show()
        ctx.qtbot.waitExposed(self.window)
        assert self.window.open_file(self.path)
        self.window.activateWindow()

    # -- evidence ------------------------------------------------------------------
    @rule(summary=SUMMARIES, finish=st.sampled_from(["ctrl+enter", "esc", "pause"]))
    def new_item(self, summary, finish):
        self._did("new item")
        self.bot.keyClick(self.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        editor = self.view.editor
        if summary:
            self._keys(editor.summary, summary)
        if finish == "ctrl+enter":
            self.bot.keyClick(
                editor.summary, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
            )
        elif finish == "esc":
            self.bot.keyClick(editor.summary, Qt.Key.Key_Escape)
        else:
            editor.commit()  # what the pause in typing does

    @rule(
        n=st.integers(0, 200),
        which=st.sampled_from(["summary", "location", "notes", "participants"]),
        text=SUMMARIES,
    )
    def edit_text(self, n, which, text):
        if not self._select_row(n):
            return
        self._did("edit text")
        editor = self.view.editor
        widget = getattr(editor, which)
        if which == "notes":
            widget.setFocus()
            widget.selectAll()
            self._keys(widget, text)
        else:
            self._type(widget, text)
        self.bot.keyClick(widget, Qt.Key.Key_Tab)

    @rule(n=st.integers(0, 200), typed=st.sampled_from(DATES))
    def type_date(self, n, typed):
        if not self._select_row(n):
            return
        self._did("type a date")
        line = self.view.editor.collected_on.line
        self._type(line, typed)
        self.bot.keyClick(line, Qt.Key.Key_Tab)

    @rule(
        n=st.integers(0, 200),
        source=st.sampled_from(list(SourceType)),
        assessment=st.sampled_from(list(Assessment)),
        sensitive=st.booleans(),
    )
    def choose(self, n, source, assessment, sensitive):
        if not self._select_row(n):
            return
        self._did("choose source and assessment")
        editor = self.view.editor
        editor.source_type.setCurrentIndex(editor.source_type.findData(source))
        editor.assessment.setCurrentIndex(editor.assessment.findData(assessment))
        editor.sensitive.setChecked(sensitive)

    @rule(
        n=st.integers(0, 200),
        codes=st.lists(st.sampled_from(QUESTIONS + ["9.9"]), min_size=1, max_size=3),
    )
    def link_questions(self, n, codes):
        if not self._select_row(n):
            return
        self._did("type question codes")
        editor = self.view.editor
        self._type(editor.questions, ", ".join(codes))
        self.bot.keyClick(editor.questions, Qt.Key.Key_Tab)

    @rule(n=st.integers(0, 200))
    def delete_item(self, n):
        if not self._select_row(n):
            return
        self._did("delete an item")
        table = self.view.evidence_list.table
        table.setFocus()
        self.bot.keyClick(table, Qt.Key.Key_Delete)

    # -- findings ------------------------------------------------------------------
    @rule(
        statement=SUMMARIES,
        kind=st.sampled_from(list(FindingKind)),
        finish=st.sampled_from(["esc", "pause"]),
    )
    def new_finding(self, statement, kind, finish):
        self._did("new finding")
        panel = self.view.findings
        self.bot.keyClick(
            self.window,
            Qt.Key.Key_F,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        if not panel.draft:
            return
        panel.kind.setCurrentIndex(panel.kind.findData(kind))
        if statement:
            self._keys(panel.statement, statement)
        if finish == "esc":
            self.bot.keyClick(panel.statement, Qt.Key.Key_Escape)
        else:
            panel.commit()

    def _pick_finding(self, n: int) -> bool:
        panel = self.view.findings
        self.view.tabs.setCurrentWidget(panel)
        if not panel.model.rowCount():
            return False
        panel.select_finding(panel.model.finding_at(n % panel.model.rowCount()).id)
        return panel.current is not None and not panel.draft

    @rule(n=st.integers(0, 50), code=st.sampled_from(QUESTIONS), text=SUMMARIES)
    def edit_finding(self, n, code, text):
        if not self._pick_finding(n):
            return
        self._did("edit or move a finding")
        panel = self.view.findings
        if text:
            panel.statement.setFocus()
            panel.statement.selectAll()
            self._keys(panel.statement, text)
            self.bot.keyClick(panel.statement, Qt.Key.Key_Tab)
        else:
            panel.question.setCurrentIndex(panel.question.findData(code))

    @rule(
        n=st.integers(0, 50), rows=st.lists(st.integers(0, 200), max_size=3), unlink=st.booleans()
    )
    def link_evidence(self, n, rows, unlink):
        model = self.view.evidence_list.model
        if not model.total or not self._pick_finding(n):
            return
        panel = self.view.findings
        if unlink and panel.evidence_list.count():
            self._did("unlink evidence")
            panel.evidence_list.item(0).setSelected(True)
            self.bot.mouseClick(panel.unlink_button, Qt.MouseButton.LeftButton)
            return
        ids = list(dict.fromkeys(model.evidence_at(r % model.total).id for r in rows))
        if not ids:
            return
        self._did("link evidence")
        if len(ids) % 2:
            panel.link_dropped(panel.current.id, ids)  # as a drop onto the finding does
        else:
            self.view.evidence_list.select(ids[0])
            panel.link(ids)

    @rule(n=st.integers(0, 50))
    def delete_finding(self, n):
        if not self._pick_finding(n):
            return
        self._did("delete a finding")
        self.bot.mouseClick(self.view.findings.delete_button, Qt.MouseButton.LeftButton)

    # -- judgments -----------------------------------------------------------------
    @rule(
        code=st.sampled_from(GRADED),
        grade=st.integers(0, 4),
        text=SUMMARIES,
        reviewed=st.booleans(),
    )
    def grade(self, code, grade, text, reviewed):
        self._did("grade")
        self.view.select_question(code)
        panel = self.view.judgment
        self.view.tabs.setCurrentWidget(panel)
        panel.grade.setCurrentIndex(grade % panel.grade.count())
        if text:
            panel.rationale.setFocus()
            self._keys(panel.rationale, text)
            panel.commit()  # as leaving the field does: the inspector's own change
        # The lead signs off what the window's inspector prepared (no one reviews their own).
        inspection = self.window.controller.inspection
        inspector, inspection.actor = inspection.actor, "JT" if reviewed else inspection.actor
        try:
            panel.status.setCurrentIndex(
                panel.status.findData(JudgmentStatus.REVIEWED if reviewed else JudgmentStatus.DRAFT)
            )
        finally:
            inspection.actor = inspector

    # -- review notes ----------------------------------------------------------------
    @rule(
        n=st.integers(0, 200),
        text=SUMMARIES,
        action=st.sampled_from(["note", "reply", "resolve", "empty"]),
    )
    def review_note(self, n, text, action):
        """Open an item's review notes, write, answer or resolve, and close them again."""
        if not self._select_row(n):
            return
        self._did(f"review note: {action}")
        button = self.view.editor.review_notes_button
        self.bot.mouseClick(button, Qt.MouseButton.LeftButton)
        dialog = button.dialog
        assert dialog is not None
        if action == "resolve":
            if dialog.resolve_button.isEnabled():
                self.bot.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
        else:
            dialog.writing.setFocus()
            if action != "empty" and text:
                self._keys(dialog.writing, text)
            modifiers = Qt.KeyboardModifier.ControlModifier
            if action == "reply":
                modifiers |= Qt.KeyboardModifier.ShiftModifier
            self.bot.keyClick(dialog.writing, Qt.Key.Key_Return, modifiers)
        dialog.close()

    # -- force in numbers ----------------------------------------------------------
    @rule(
        n=st.integers(0, 60),
        action=st.sampled_from(["correct", "comparator", "evidence", "delete"]),
        figure=st.sampled_from(["6.1", "0", "1,234.5", "lots", "-2", ""]),
    )
    def indicator(self, n, action, figure):
        """On the Force in numbers tab: correct a figure in place (F2, type, Enter), make
        an indicator evidence, or delete it."""
        panel = self.view.indicators.panel
        self.view.tabs.setCurrentWidget(panel)
        self._settle()
        model = panel.model
        if model.rowCount() == 0:
            return
        row = n % model.rowCount()
        self._did(f"indicator: {action}")
        panel.table.scrollTo(model.index(row, 1))
        rect = panel.table.visualRect(model.index(row, 1))
        self.bot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        if action in ("correct", "comparator"):
            panel.table.setCurrentIndex(model.index(row, 2 if action == "correct" else 3))
            panel.table.setFocus()
            self.bot.keyClick(panel.table, Qt.Key.Key_F2)
            editor = QApplication.focusWidget()
            if not isinstance(editor, QLineEdit):  # no figure editor opened
                return
            editor.selectAll()
            if figure:
                self.bot.keyClicks(editor, figure)
            else:
                self.bot.keyClick(editor, Qt.Key.Key_Delete)
            self.bot.keyClick(editor, Qt.Key.Key_Return)
        elif action == "evidence":
            self.bot.mouseClick(panel.evidence_button, Qt.MouseButton.LeftButton)
        else:
            self.bot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)

    # -- undo ----------------------------------------------------------------------
    @rule(times=st.integers(1, 3), inside=st.booleans())
    def undo(self, times, inside):
        self._did("undo")
        for _ in range(times):
            if inside and self.view.editor.current is not None and not self.view.editor.draft:
                self.view.tabs.setCurrentWidget(self.view.editor)
                self.view.editor.summary.setFocus()
                self.bot.keyClick(
                    self.view.editor.summary, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                )
            else:
                self.window.undo_action.trigger()

    @rule(times=st.integers(1, 2))
    def redo(self, times):
        self._did("redo")
        for _ in range(times):
            self.window.redo_action.trigger()

    # -- finding one's way ---------------------------------------------------------
    @rule(code=st.sampled_from(QUESTIONS))
    def switch_question(self, code):
        self._did("switch question")
        self.view.select_question(code)

    @rule(
        word=st.sampled_from(WORDS + [""]),
        unused=st.booleans(),
        source=st.sampled_from([None] + list(SourceType)),
    )
    def search(self, word, unused, source):
        self._did("search and filter")
        lister = self.view.evidence_list
        lister.search.setText(word)
        lister.source_filter.setCurrentIndex(max(0, lister.source_filter.findData(source)))
        lister.unused_filter.setChecked(unused)
        lister._apply_filters()

    @rule(column=st.sampled_from([0, 2, 3, 4, 5, 6, 7]), descending=st.booleans())
    def sort(self, column, descending):
        self._did("sort")
        self.view.evidence_list.table.sortByColumn(
            column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        )

    # -- dialogs -------------------------------------------------------------------
    @rule(
        which=st.sampled_from(
            [
                "item history",
                "judgment history",
                "inspection history",
                "team",
                "preferences",
                "conflicts",
                "restore",
                "new",
                "details",
                "chooser",
                "guide",
                "shortcuts",
                "merge preview",
            ]
        )
    )
    def open_and_close(self, which):
        self._did(f"open and close {which}")
        w = self.window
        if which == "item history":
            if self._select_row(0):
                w.view.editor.show_history().close()
        elif which == "judgment history":
            self.view.select_question("3")
            dialog = self.view.judgment.show_history()
            if dialog is not None:
                dialog.close()
        elif which == "inspection history":
            w.show_history().close()
        elif which == "team":
            w.team_work.show_team()  # modal: the watcher closes it
        elif which == "preferences":
            w.preferences()
        elif which == "conflicts":
            w.team_work.show_conflicts()
        elif which == "restore":
            w.restore_action.trigger()
        elif which == "new":
            w.new_inspection()
        elif which == "details":
            w.show_details().reject()
        elif which == "chooser":
            if self._select_row(1):
                w.view.editor.questions.setFocus()
                self.bot.keyClick(w.view.editor.questions, Qt.Key.Key_F4)
        elif which == "guide":
            w.show_guide().close()
        elif which == "merge preview":
            self._merge_preview()
        else:
            w.show_shortcuts().close()
        self._settle()

    @rule(run=st.booleans())
    def import_log(self, run):
        """File ▸ Import evidence: the columns dialog, then import or cancel."""
        self._did("import (run)" if run else "import (cancelled)")
        self.picked = str(self.log)
        self.closer.stop()
        try:
            runner = self.window.start_evidence_import(self.log)
            self.bot.waitUntil(
                lambda: runner.dialog is not None or not runner.running, timeout=WAIT_MS
            )
            if runner.dialog is None:
                return
            runner.show_messages = False
            if run:
                with self.bot.waitSignal(runner.finished, timeout=WAIT_MS):
                    runner.dialog.import_button.click()
            else:
                runner.dialog.reject()
        finally:
            self.closer = ModalCloser()
        self._settle()

    def _merge_preview(self) -> None:
        """File ▸ Merge a fieldwork copy…: the preview, then Cancel."""
        self.picked = str(self.copy)
        runner = self.window.team_work.start_merge(self.copy)
        with self.bot.waitSignal(runner.finished, timeout=WAIT_MS):
            pass  # the watcher cancels the preview as soon as it shows

    # -- invariants ----------------------------------------------------------------
    @invariant()
    def nothing_went_wrong(self):
        QApplication.processEvents()
        problems = self.errors + self.closer.errors
        assert not problems, problems

    @invariant()
    def counts_match_the_file(self):
        self._settle()
        view = self.view
        model = view.evidence_list.model
        tree = view.tree_model
        self.bot.waitUntil(lambda: tree.counts_known, timeout=WAIT_MS)
        with InspectionFile.open(self.path, readonly=True) as disk:
            assert model.total == disk.evidence.count(model.query)
            for code in ("E", "2", "3.1"):
                shown = tree.data(tree.index_for_code(code, 2))
                assert shown == disk.evidence.count(EvidenceQuery(question_code=code)), code

    @invariant()
    def the_checks_agree_with_a_fresh_review(self):
        """The judgment checks the window keeps change by change are what a fresh run over
        the file finds (times aside: a change and a review in one instant may tie)."""
        self._settle()
        keeper = self.view.review.keeper
        self.bot.waitUntil(lambda: keeper.ready, timeout=WAIT_MS)
        assert keeper.state is not None
        with InspectionFile.open(self.path, readonly=True) as disk:
            fresh = review(disk)
        # The kept state itself: the tab shows its results once the burst of changes ends.
        kept, found = _checks(keeper.state.results()), _checks(fresh)
        assert kept == found, (
            [c for c in kept if c not in found],
            [c for c in found if c not in kept],
        )

    @invariant()
    def the_to_review_list_agrees_with_the_file(self):
        """What the To review tab lists, once its short wait is over, is what the file says."""
        self._settle()
        with InspectionFile.open(self.path, readonly=True) as disk:
            fresh = disk.review_notes.to_review()
        shown = self.view.review.to_review.model
        self.bot.waitUntil(lambda: shown._all == fresh, timeout=WAIT_MS)

    @invariant()
    def the_force_in_numbers_table_shows_the_file(self):
        """The tab lists the file's indicators with their figures, once its reload is done."""
        self._settle()
        panel = self.view.indicators.panel
        panel.only_question.setChecked(False)
        with InspectionFile.open(self.path, readonly=True) as disk:
            fresh = sorted((i.id, i.force_value, i.comparator_value) for i in disk.indicators.all())

        def shown():
            return sorted(
                (i.id, i.force_value, i.comparator_value) for i in panel.model.indicators()
            )

        self.bot.waitUntil(lambda: shown() == fresh, timeout=WAIT_MS)

    @invariant()
    def the_file_passes_check(self):
        report = check_inspection(self.path)
        assert report.healthy, report.problems

    def teardown(self):
        try:
            if self.window.controller is not None:
                self.view.commit_pending()
                if self.view.editor.draft:
                    self.view.editor.discard_draft()
                if self.view.findings.draft:
                    self.view.findings.release_draft()
                # A case file whose save was refused (a reference reviewed already) keeps
                # its typing, and an undo below could make it savable: drop it, as a person
                # undoing everything would.
                form = self.view.case_reviews.form
                form.show_file(form.current)
                stack = self.window.controller.undo_stack
                while stack.canUndo():
                    before = stack.index()
                    self.window.controller.undo()
                    self._settle()
                    assert stack.index() < before, "an undo did not go back"
                assert not self.errors, self.errors
                assert snapshot(self.path) == self.first, (
                    "undoing everything did not bring the file back"
                )
        finally:
            self.closer.stop()
            self._unspy()
            self.window.close_inspection()
            self.window.close()
            self._settle()


def _checks(results):
    """What a set of check results says, in a comparable order; "changed since review" is
    left out, as a change and a review within one millisecond may tie either way."""
    return sorted(
        (r.check, r.place.question_code or "", r.place.finding_id or "", r.message)
        for r in results
        if not r.check.endswith("changed-since-review")
    )
