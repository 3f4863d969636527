"""The Case files tab of an open inspection: choose a checklist, review its files in the
form, see its results and make them evidence.

Wires :class:`~ui.panels.case_reviews.case_review_panel.CaseReviewPanel` to the
case-review use cases and to :class:`~ui.editing.case_review_editing.CaseReviewEditing`
(every change one undoable step). The files list and the results are read again when
a file is written; the form is committed before anything would take it away (another
file, another checklist, an undo, closing), and stays put when its save is refused.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from models.case_reviews.checklist import Checklist
from models.case_reviews.query import CaseFileQuery
from storage.operations import StorageError
from storage.operations import case_reviews as reviews
from ui.editing.case_review_editing import CaseReviewEditing
from ui.item_models.case_file_table_model import CASE_FILE_ID_ROLE
from ui.panels.case_reviews.case_review_panel import CaseReviewPanel
from ui.window.tabs.case_review_results import CaseReviewResults

if TYPE_CHECKING:
    from ui.window.inspection_view import InspectionView

SEARCH_DELAY_MS = 250


class CaseReviewTabs(QObject):
    """The Case files tab of ``view``."""

    def __init__(self, view: InspectionView, page: QWidget):
        """Fill ``page``, the tab's place among ``view``'s tabs (see
        :mod:`ui.window.tabs.case_files_tab`)."""
        super().__init__(view)
        self.view = view
        self.page = page
        self.controller = controller = view.controller
        self.editing = CaseReviewEditing(controller, self)
        self.panel = panel = CaseReviewPanel(self.editing)
        self.form = panel.form
        page.layout().addWidget(panel)
        self.show_messages = True  # tests: no message boxes
        self.checklist: Checklist | None = None
        self._closing = False
        self._moving = False
        self.read_only = False
        self.results = CaseReviewResults(self)
        from ui.window.tabs.checklist_workbooks import ChecklistWorkbooks

        #: Install checklist from workbook… and Save checklist template….
        self.workbooks = ChecklistWorkbooks(self)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self._reload_timer = QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self._reload_after_write)
        panel.search.textChanged.connect(lambda _t: self._search_timer.start())
        panel.search.returnPressed.connect(self.apply_filters)
        panel.crime_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        panel.reviewer_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        for field in (panel.date_from, panel.date_to):
            field.date_changed.connect(lambda _d: self.apply_filters())
            field.note.hide()
        panel.checklist.currentIndexChanged.connect(self._checklist_chosen)
        panel.file_list.selectionModel().currentRowChanged.connect(self._file_chosen)
        panel.file_list.activated.connect(lambda _i: self.form.focus_reference())
        panel.new_file.clicked.connect(self.new_file)
        panel.delete_file.clicked.connect(self.delete_file)
        panel.new_checklist.clicked.connect(lambda: self.edit_checklist(new=True))
        panel.edit_checklist.clicked.connect(lambda: self.edit_checklist(new=False))
        panel.delete_checklist.clicked.connect(self.delete_checklist)
        self.form.saved.connect(lambda _id: self._reload_timer.start())
        self.form.refused.connect(self._status)
        self.editing.file_written.connect(self._file_written)
        self.editing.checklists_changed.connect(self.load_checklists)
        controller.closing.connect(self._close)
        controller.step_failed.connect(lambda _t: self._reload_timer.start())
        self.load_checklists()

    def _close(self) -> None:
        self._closing = True
        self.panel.files.query = None  # the list fetches nothing more from a closing file
        self._search_timer.stop()
        self._reload_timer.stop()
        self.results.stop()

    @property
    def inspection(self):
        return self.controller.inspection

    def show_tab(self) -> None:
        self.view.tabs.setCurrentWidget(self.page)
        self.panel.file_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _status(self, text: str) -> None:
        window = self.view.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 10000)

    # -- checklists --------------------------------------------------------------------
    def load_checklists(self, show: str = "") -> None:
        """Fill the checklist chooser afresh, choosing ``show`` (a checklist an undo or
        redo put back), else keeping the checklist chosen if it is live."""
        if self._closing:
            return
        combo = self.panel.checklist
        previous = self.checklist.id if self.checklist else None
        keep = show or previous
        checklists = reviews.list_checklists(self.inspection)
        combo.blockSignals(True)
        combo.clear()
        for checklist in checklists:
            combo.addItem(checklist.title, checklist.id)
        if not checklists:
            combo.addItem("No checklist yet: make one with New checklist…", None)
        index = combo.findData(keep) if keep else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        self.panel.edit_checklist.setEnabled(bool(checklists))
        self.panel.delete_checklist.setEnabled(bool(checklists))
        chosen = combo.currentData()
        if chosen != previous or chosen is None:
            self._use_checklist(chosen)
        else:  # the same checklist, perhaps with other items
            self._use_checklist(chosen, keep_file=True)

    def _checklist_chosen(self, _index: int) -> None:
        chosen = self.panel.checklist.currentData()
        if self.checklist is not None and chosen == self.checklist.id:
            return
        if not self.form.commit():
            combo = self.panel.checklist
            combo.blockSignals(True)
            combo.setCurrentIndex(
                max(combo.findData(self.checklist.id if self.checklist else None), 0)
            )
            combo.blockSignals(False)
            return
        self._use_checklist(chosen)

    def _use_checklist(self, checklist_id: str | None, keep_file: bool = False) -> None:
        self.checklist = (
            reviews.get_checklist(self.inspection, checklist_id) if checklist_id else None
        )
        shown = self.form.current if keep_file else None
        if keep_file and self.form.dirty:
            self.form.commit()
        self.form.set_checklist(self.checklist)
        if shown is not None:
            try:
                self.form.show_file(reviews.get_case_file(self.inspection, shown.id))
            except KeyError:
                pass
        for widget in (self.panel.new_file, self.panel.delete_file, self.panel.results):
            widget.setEnabled(self.checklist is not None)
        self._fill_filters()
        self.apply_filters()

    def edit_checklist(self, new: bool) -> Checklist | None:
        """Open the checklist editor on a new or the chosen checklist and save it as one
        step; returns the checklist saved."""
        from ui.dialogs.checklist_editor_dialog import edit_checklist

        if not self.form.commit():
            return None
        before = None if new else self.checklist
        edited = edit_checklist(self.controller.framework, before, self.view.window())
        if edited is None:
            return None
        return self.save_checklist(before, edited)

    def save_checklist(self, before: Checklist | None, checklist: Checklist) -> Checklist | None:
        try:
            stored = self.editing.save_checklist(before, checklist)
        except (ValueError, StorageError) as e:
            self._warn("Checklist not saved", str(e))
            return None
        self.choose_checklist(stored.id)
        self._status(f"Saved the checklist {stored.title}.")
        return stored

    def delete_checklist(self) -> bool:
        """Delete the chosen checklist, after asking (its reviewed files go with it), as
        one step an undo takes back; False when nothing was deleted."""
        checklist = self.checklist
        if checklist is None or self.read_only or not self.form.commit():
            return False
        from ui.dialogs.checklist_editor_dialog import confirm_deletion

        files = reviews.count_case_files(self.inspection, CaseFileQuery(checklist.id))
        if self.show_messages and not confirm_deletion(self.view.window(), checklist, files):
            return False
        self.form.dirty = False
        self.editing.delete_checklist(checklist)
        self._status(f"Deleted the checklist {checklist.title}. Ctrl+Z brings it back.")
        return True

    def choose_checklist(self, checklist_id: str) -> None:
        index = self.panel.checklist.findData(checklist_id)
        if index >= 0:
            self.panel.checklist.setCurrentIndex(index)

    def _warn(self, title: str, text: str) -> None:
        self._status(text)
        if self.show_messages:
            QMessageBox.warning(self.view.window(), title, text)

    # -- filters -----------------------------------------------------------------------
    def _fill_filters(self) -> None:
        choices = (
            reviews.case_file_filter_choices(self.inspection, self.checklist.id)
            if self.checklist
            else reviews.FilterChoices((), ())
        )
        self.panel.set_filter_choices(choices.crime_types, choices.reviewers)
        self.form.set_crime_types(choices.crime_types)

    def query(self) -> CaseFileQuery | None:
        """The files the list shows: the checklist narrowed by the search and filters."""
        return None if self.checklist is None else self.panel.query(self.checklist.id)

    def apply_filters(self) -> None:
        if self._closing:
            return
        self._search_timer.stop()
        self._reload_list()
        self.results.refresh()

    # -- the files list ----------------------------------------------------------------
    def _reload_list(self) -> None:
        model = self.panel.files
        # Only the rows in view (and a screenful more) are read again after a save: the
        # list of a large review is not read back whole for each file.
        table = self.panel.file_list
        bottom = table.rowAt(table.viewport().height() - 1)
        keep = max((bottom + 1 if bottom >= 0 else model.rowCount()) + 40, 60)
        self._moving = True
        try:
            model.query = self.query()
            model.reload(keep)
            self._select_shown()
        finally:
            self._moving = False
        query = model.query
        total = model.total
        noun = "file" if total == 1 else "files"
        narrowed = f", {query.description()}" if query is not None and query.filtered else ""
        self.panel.count.setText(f"{total} {noun} reviewed{narrowed}")

    def _select_shown(self) -> None:
        shown = self.form.current
        table = self.panel.file_list
        row = self.panel.files.row_of(shown.id) if shown is not None else -1
        if row >= 0:
            table.selectRow(row)
        else:
            table.selectionModel().clearSelection()
            table.selectionModel().setCurrentIndex(
                QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def _file_chosen(self, current, _previous) -> None:
        if self._moving or not current.isValid():
            return
        file_id = current.data(CASE_FILE_ID_ROLE)
        if self.form.current is not None and self.form.current.id == file_id:
            return
        self.open_file(str(file_id))

    def open_file(self, file_id: str) -> bool:
        """Show a reviewed file in the form (what was typed is saved first); False when
        that save was refused, and the form keeps the typing."""
        if not self.form.commit():
            # The list's own click is still selecting: put its selection back after it.
            QTimer.singleShot(0, self._reselect)
            return False
        try:
            case_file = reviews.get_case_file(self.inspection, file_id)
        except KeyError:
            return False
        self.form.show_file(case_file)
        self._moving = True
        try:
            self._select_shown()
        finally:
            self._moving = False
        return True

    def _reselect(self) -> None:
        self._moving = True
        try:
            self._select_shown()
        finally:
            self._moving = False

    def new_file(self) -> bool:
        if not self.form.commit():
            return False
        # The page first: showing it may hand the focus to the list, which then opens
        # its first file; the new file must come after that.
        self.panel.pages.setCurrentWidget(self.panel.review_page)
        self.form.focus_reference()
        if not self.form.commit():
            return False
        self.form.show_file(None)
        self._reselect()
        self.form.focus_reference()
        return True

    def delete_file(self) -> None:
        shown = self.form.current
        if shown is None or self.checklist is None:
            return
        if self.show_messages:
            answer = QMessageBox.question(
                self.view.window(),
                "Delete reviewed file",
                f"Delete the review of {shown.case_reference}? You can undo this.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.form.dirty = False  # its typing goes with it
        self.editing.delete_files(self.checklist.id, [shown.id])

    def _file_written(self, checklist_id: str, file_id: str) -> None:
        if self.checklist is None or checklist_id != self.checklist.id:
            return
        try:
            self.form.reload_if_shown(reviews.get_case_file(self.inspection, file_id), file_id)
        except KeyError:
            self.form.reload_if_shown(None, file_id)
        self._reload_timer.start()

    def _reload_after_write(self) -> None:
        if self._closing or self.checklist is None:
            return
        self._fill_filters()
        self._reload_list()
        self.results.refresh()

    def set_read_only(self, read_only: bool) -> None:
        """Show the files and results of a file open in another copy, changing nothing."""
        self.read_only = read_only
        self.form.set_read_only(read_only)
        panel = self.panel
        for button in (
            panel.new_file,
            panel.delete_file,
            panel.new_checklist,
            panel.edit_checklist,
            panel.delete_checklist,
            panel.results.make_button,
            panel.results.update_button,
        ):
            button.setVisible(not read_only)

    # -- the view's commit -------------------------------------------------------------
    def release(self) -> bool:
        """Before the file closes: save the form; when its save is refused, ask whether
        to close and lose what was typed (False: the person keeps writing)."""
        if self.form.commit():
            return True
        self.show_tab()
        answer = QMessageBox.question(
            self.view.window(),
            "Review not saved",
            f"{self.form.status.text()}\n\nClose anyway and lose what you typed in this file?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.form.focus_reference()
            return False
        self.form.dirty = False
        return True

    def commit(self) -> bool:
        """Save what is being typed in the form (before an undo, a close…)."""
        return self.form.commit()

    def open_in_form(self, file_id: str) -> None:
        """Open a file from the results in the form, on the review page."""
        self.panel.pages.setCurrentWidget(self.panel.review_page)
        if self.open_file(file_id):
            self.form.focus_reference()

    def query_for_results(self) -> CaseFileQuery | None:
        query = self.query()
        return None if query is None else replace(query, search="")
