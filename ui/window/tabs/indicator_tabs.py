"""The Force in numbers tab of an open inspection, kept current with the file.

Adds the tab to the view, follows the question selected in the tree (the table can
be limited to it, and the tab's title counts the indicators under it that are
notably worse than the comparator), and answers the tab's buttons: import a data
return in the background, write the template, make evidence, delete.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from models.indicators.indicator import Indicator
from ui.item_models.indicator_table_model import FLAG
from ui.panels.indicators.force_in_numbers_panel import ForceInNumbersPanel

if TYPE_CHECKING:
    from ui.window.inspection_view import InspectionView

TAB_TITLE = "Force in n&umbers"
RETURN_FILTER = "Data returns (*.xlsx *.xlsm *.csv *.txt);;All files (*)"


class IndicatorTabs(QObject):
    """The Force in numbers tab of ``view``."""

    def __init__(self, view: InspectionView):
        super().__init__(view)
        self.view = view
        self.controller = controller = view.controller
        self.panel = ForceInNumbersPanel(controller.indicators.correct)
        # Alt+U: no menu, tab or field label of the other tabs uses it.
        view.tabs.addTab(self.panel, TAB_TITLE)
        self.runner = None
        self.show_messages = True  # tests: no message boxes
        self._reload_timer = QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self.reload)
        controller.indicators.changed.connect(self._reload_timer.start)
        controller.inspection_changed.connect(self._reload_timer.start)
        view.question_selected.connect(self._question_selected)
        self.panel.model.dataChanged.connect(lambda *_: None)
        self.panel.import_requested.connect(self.import_return)
        self.panel.template_requested.connect(self.write_template)
        self.panel.evidence_requested.connect(self.make_evidence)
        self.panel.delete_requested.connect(self.delete)
        self.panel.table.itemDelegate().closeEditor.connect(lambda *_: self._say_refusal())
        self._code: str | None = None
        self.reload()

    def reload(self) -> None:
        force = self.controller.inspection.inspection.force
        self.panel.show_indicators(self.controller.indicators.all(), force)
        self._title()

    def _question_selected(self, question) -> None:
        self._code = None if question is None else question.code
        self.panel.set_question_scope(self.controller.framework, self._code)
        self._title()

    def _title(self) -> None:
        index = self.view.tabs.indexOf(self.panel)
        flagged = (
            self.panel.flagged_under(self.controller.framework, self._code) if self._code else []
        )
        self.view.tabs.setTabText(
            index, f"{TAB_TITLE} ({FLAG} {len(flagged)})" if flagged else TAB_TITLE
        )
        names = ", ".join(i.name for i in flagged)
        self.view.tabs.setTabToolTip(
            index,
            f"Notably worse than the comparator under {self._code}: {names}" if flagged else "",
        )

    def _say_refusal(self) -> None:
        if self.panel.model.refusal:
            self._status(self.panel.model.refusal)

    def _status(self, text: str) -> None:
        window = self.view.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 10000)

    # -- the buttons --------------------------------------------------------------------
    def import_return(self) -> None:
        window = self.view.window()
        path = (
            window.pick_file("Import data return", RETURN_FILTER)
            if hasattr(window, "pick_file")
            else None
        )
        if path is not None:
            self.start_import(Path(path))

    def start_import(self, path: Path):
        from ui.workflows.indicator_import_runner import IndicatorImportRunner

        self.view.commit_pending()
        self.runner = IndicatorImportRunner(self.view.window(), self.controller)
        self.runner.show_messages = self.show_messages
        self.runner.start(path)
        return self.runner

    def write_template(self, out: Path | None = None) -> Path | None:
        """Write the template filled with this inspection's indicators (asks where)."""
        from storage.operations import StorageError, write_indicator_template_file

        if out is None:
            from ui.window.folders import pick_template_file

            window = self.view.window()
            out = pick_template_file(
                window,
                getattr(window, "settings", None),
                self.controller.inspection.path,
                "Write data return template",
                "data-return.xlsx",
            )
            if out is None:
                return None
        try:
            count = write_indicator_template_file(out, self.controller.inspection.path)
        except StorageError as e:
            if self.show_messages:
                QMessageBox.warning(self.view.window(), "Template not written", str(e))
            return None
        self._status(f"Wrote the data return template to {out.name} with {count} indicator(s).")
        return out

    def make_evidence(self, indicators: list[Indicator]) -> None:
        author = self.controller.inspection.actor or self.controller.inspection.default_author or ""
        if not author:
            if self.show_messages:
                QMessageBox.information(
                    self.view.window(),
                    "Initials needed",
                    "Evidence is recorded under your initials. Set them in Edit ▸ Preferences….",
                )
            return
        made = self.controller.indicators.make_evidence(indicators, author)
        already = len(indicators) - len(made)
        text = f"Made {len(made)} data return evidence item(s)"
        if already:
            text += f"; {already} indicator(s) already had one"
        self._status(text + ".")
        if made:
            self.view.open_evidence(made[0].id)

    def delete(self, indicators: list[Indicator]) -> None:
        self.controller.indicators.delete(indicators)
