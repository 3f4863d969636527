"""What the Findings panel's mixins (saving and drafts, linking) may use of the panel.

Read by the type checker only: the panel is one widget built from the mixins, and
this says which of its fields and steps each of them relies on, so a mixin that
reaches for something the panel does not have is caught before it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer, SignalInstance
    from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QTableView, QWidget

    from models.records import Finding
    from ui.editing.inspection_controller import InspectionController
    from ui.panels.findings.finding_form import FindingTextEdit

    class FindingsPanelParts(QWidget):
        controller: InspectionController
        selected_evidence: Callable[[], list[str]]
        question_code: str | None
        current: Finding | None
        draft: bool
        read_only: bool
        _loading: bool
        _save_timer: QTimer
        message: SignalInstance
        table: QTableView
        heading: QLabel
        question: QComboBox
        kind: QComboBox
        statement: FindingTextEdit
        recommendation: FindingTextEdit
        evidence_list: QListWidget

        def select_finding(self, finding_id: str) -> None: ...
        def _show(self, finding: Finding | None) -> None: ...
        def _heading(self, finding: Finding) -> str: ...
        def _show_evidence(self, finding: Finding) -> None: ...
        def commit(self) -> None: ...
        def _write(self, action: Callable[[], Finding]) -> bool: ...
        def release_draft(self) -> bool: ...

    # Each mixin is seen by the type checker as part of the panel; at run time it is a
    # plain class that the panel puts before QWidget.
    PanelPart = FindingsPanelParts
else:
    PanelPart = object
