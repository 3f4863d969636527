"""What merging a fieldwork copy will do, shown before anything changes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from models.merging.outcome import MergeKind, MergePlan
from models.merging.wording import renumbering

_COLUMNS = ("Kind", "Added", "Updated", "Deleted", "Conflicts")


class MergePreviewDialog(QDialog):
    """Counts per kind, renumbered refs and conflicts; Merge or Cancel."""

    def __init__(self, plan: MergePlan, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Merge a fieldwork copy")
        self.resize(640, 480)
        who = f" (the copy for {plan.source_copy_for})" if plan.source_copy_for else ""
        heading = QLabel(f"Merging {plan.source_path.name}{who} into this inspection will:")
        heading.setWordWrap(True)
        self.table = QTableWidget(len(MergeKind), len(_COLUMNS))
        self.table.setAccessibleName("Changes the merge will make")
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, kind in enumerate(MergeKind):
            counts = plan.counts.get(kind)
            values = [kind.label] + (
                [str(counts.added), str(counts.updated), str(counts.deleted), str(counts.conflicts)]
                if counts
                else ["0"] * 4
            )
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        notes = []
        items = [r for r in plan.renumbered if r.entity != "finding"]
        findings = [r for r in plan.renumbered if r.entity == "finding"]
        if items:
            shown = ", ".join(f"{r.old_ref} → {r.new_ref}" for r in items[:10])
            more = f" and {len(items) - 10} more" if len(items) > 10 else ""
            notes.append(f"Refs already used here are renumbered: {shown}{more}.")
        if findings:
            shown = ", ".join(renumbering(r) for r in findings[:10])
            more = f" and {len(findings) - 10} more" if len(findings) > 10 else ""
            notes.append(f"Finding refs already used here are renumbered: {shown}{more}.")
        if plan.conflicts:
            notes.append(
                f"{len(plan.conflicts)} item(s) were changed both here and in the copy: "
                "the later change is kept and the other is listed under "
                "Inspection ▸ Merge conflicts… to review."
            )
        if plan.is_empty:
            notes.append("Nothing to merge: this copy's changes are already here.")
        notes.append("This inspection is backed up before merging.")
        self.notes = QLabel("\n".join(notes))
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName("About this merge")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not plan.is_empty)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table)
        layout.addWidget(self.notes)
        layout.addWidget(buttons)
