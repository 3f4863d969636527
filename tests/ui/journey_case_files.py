"""The Case files steps of the journeys: a person reviews a file or changes an answer on
the Case files tab, by keys and clicks, and the tab is checked against a fresh read of
the file after every step. Mixed into :class:`tests.ui.journeys.Journey`."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models.case_reviews.query import CaseFileQuery
from storage.file.inspection_file import InspectionFile
from storage.operations import case_reviews as reviews
from tests.case_review_helpers import CHECKLIST, DASH, DAYS, IN_PERSON

REFERENCES = st.sampled_from(["44150000001", "44150000002", "HC/15/0007", "Mrs Jane Doe", ""])
KEYS = st.lists(st.sampled_from("YNPA"), max_size=2)
DAYS_TYPED = st.sampled_from(["3", "2.5", "three", "", "n/a"])
FINISH = st.sampled_from(["ctrl+enter", "another file", "new file", "undo"])


class CaseFileSteps:
    """Reviewing files on the Case files tab (the journey's ``view``, ``bot``, ``path``)."""

    def _case_tabs(self):
        tabs = self.view.case_reviews
        tabs.show_messages = False
        if tabs.panel.checklist.findData(CHECKLIST.id) < 0:
            # The first review of a journey adds the sample checklist beside the demo's
            # own (one undo step), and the journey reviews against it.
            tabs.save_checklist(None, CHECKLIST)
        tabs.choose_checklist(CHECKLIST.id)
        tabs.show_tab()
        tabs.panel.pages.setCurrentWidget(tabs.panel.review_page)
        return tabs

    def _click_file(self, tabs, n: int) -> bool:
        model = tabs.panel.files
        if model.rowCount() == 0:
            return False
        table = tabs.panel.file_list
        index = model.index(n % model.rowCount(), 0)
        table.scrollTo(index)
        self.bot.mouseClick(
            table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
        )
        return True

    @rule(
        pick=st.integers(0, 20),
        reference=REFERENCES,
        keys=KEYS,
        days=DAYS_TYPED,
        finish=FINISH,
    )
    def review_case_file(self, pick, reference, keys, days, finish):
        """Review a new file, or open one and change its answers, then move on."""
        tabs = self._case_tabs()
        self._settle()
        form = tabs.form
        if pick % 3 == 0 or not self._click_file(tabs, pick):
            self._did("case file: new")
            tabs.new_file()
        else:
            self._did("case file: change")
        if form.current is None or pick % 2:
            form.reference.setFocus()
            form.reference.selectAll()
            if reference:
                self.bot.keyClicks(form.reference, reference)
            else:
                self.bot.keyClick(form.reference, Qt.Key.Key_Delete)
        rows = {r.item.id: r.editor for r in form.items.rows}
        for item_id, key in zip((DASH.id, IN_PERSON.id), keys):
            editor = rows[item_id]
            if editor.isEnabled():
                editor.setFocus()
                self.bot.keyClick(editor, getattr(Qt.Key, f"Key_{key}"))
        if rows[DAYS.id].isEnabled():
            rows[DAYS.id].setFocus()
            rows[DAYS.id].selectAll()
            if days:
                self.bot.keyClicks(rows[DAYS.id], days)
            else:
                self.bot.keyClick(rows[DAYS.id], Qt.Key.Key_Delete)
        if finish == "ctrl+enter":
            widget = QApplication.focusWidget() or form.reference
            self.bot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        elif finish == "another file":
            self._click_file(tabs, pick + 1)
        elif finish == "new file":
            self.bot.mouseClick(tabs.panel.new_file, Qt.MouseButton.LeftButton)
        else:
            self.window.undo_action.trigger()

    @rule(pick=st.integers(0, 5), undo=st.booleans())
    def delete_a_checklist(self, pick, undo):
        """Delete one of the demo's checklists with its button, perhaps taking it back."""
        tabs = self.view.case_reviews
        tabs.show_messages = False
        combo = tabs.panel.checklist
        demo = [n for n in range(combo.count()) if combo.itemData(n) not in (None, CHECKLIST.id)]
        if not demo or tabs.read_only:
            return
        tabs.show_tab()
        combo.setCurrentIndex(demo[pick % len(demo)])
        self._did("checklist: delete" + (", then undo" if undo else ""))
        self.bot.mouseClick(tabs.panel.delete_checklist, Qt.MouseButton.LeftButton)
        if undo:
            self.window.undo_action.trigger()

    @invariant()
    def the_checklist_chooser_lists_the_live_checklists(self):
        """The chooser holds every live checklist of the file, and the one chosen is the
        one the tab shows."""
        tabs = self.view.case_reviews
        self._settle()
        with InspectionFile.open(self.path, readonly=True) as disk:
            live = [c.id for c in reviews.list_checklists(disk)]
        combo = tabs.panel.checklist
        listed = [combo.itemData(n) for n in range(combo.count()) if combo.itemData(n)]
        assert sorted(listed) == sorted(live)
        shown = tabs.checklist.id if tabs.checklist is not None else None
        assert shown == combo.currentData()

    @invariant()
    def the_case_files_tab_shows_the_file(self):
        """The files list is what the file holds (rows, references, progress), and the
        file in the form, unless a refused save keeps typing in it, is as stored."""
        tabs = self.view.case_reviews
        if tabs.checklist is None:
            return
        self._settle()
        with InspectionFile.open(self.path, readonly=True) as disk:
            try:
                reviews.get_checklist(disk, tabs.checklist.id)
            except KeyError:
                return
            fresh = [
                (r.id, r.case_reference, r.progress)
                for r in reviews.case_file_page(disk, CaseFileQuery(tabs.checklist.id), 0, 1000)
            ]
            shown_file = tabs.form.current
            stored = (
                reviews.get_case_file(disk, shown_file.id)
                if shown_file is not None and not tabs.form.dirty
                else None
            )
        model = tabs.panel.files

        def listed():
            return [
                (r.id, r.case_reference, r.progress)
                for r in (model.row_at(n) for n in range(model.rowCount()))
            ]

        if tabs.query() == CaseFileQuery(tabs.checklist.id):
            self.bot.waitUntil(lambda: listed() == fresh, timeout=5000)
        if stored is not None and stored.deleted_at is None:
            assert tabs.form.current == stored
            assert tabs.form.reference.text() == stored.case_reference
            answers, problems = tabs.form.items.read()
            assert not problems and answers == dict(stored.answers)
