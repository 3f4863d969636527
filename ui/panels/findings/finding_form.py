"""The fields of one finding (the Findings tab's right-hand side) and how they are laid out.

Question, kind, statement, recommendation (causes of concern only) and the
evidence behind the finding, with Link and Unlink. The behaviour is in
``findings_panel``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from models.framework import Framework
from models.records import Finding
from models.sign_off import sign_off_line
from models.vocabulary import FindingKind
from ui.panels.evidence_form import buddy_label

EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole


class FindingTextEdit(QPlainTextEdit):
    """A short plain-text field that saves when focus leaves it; Tab moves on."""

    focus_lost = Signal()

    def __init__(self, placeholder: str, name: str):
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setAccessibleName(name)
        self.setTabChangesFocus(True)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 12)
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 12)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class FindingForm(QWidget):
    """The editor of one finding; disabled while no finding is shown."""

    def __init__(self, framework: Framework, parent=None):
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setAccessibleName("Finding heading")
        # The ref is what a writer quotes: it heads the form in bold, and can be copied.
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.question = QComboBox()
        self.question.setAccessibleName("Question of the finding")
        self.question.setToolTip("The question the finding is under: choose another to move it")
        for q in framework.questions:
            title = q.title if len(q.title) <= 60 else q.title[:59] + "…"
            self.question.addItem(f"{q.code}  {title}", q.code)
            self.question.setItemData(
                self.question.count() - 1, q.title, Qt.ItemDataRole.ToolTipRole
            )
        self.question.setMinimumContentsLength(10)
        self.question.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of finding")
        for k in FindingKind:
            self.kind.addItem(k.label, k)
        self.statement = FindingTextEdit("What the team found, in a sentence or two", "Statement")
        self.statement.setMinimumHeight(self.statement.fontMetrics().lineSpacing() * 4 + 12)
        self.recommendation = FindingTextEdit(
            "What the force should do (causes of concern)", "Recommendation"
        )
        self.evidence_list = QListWidget()
        self.evidence_list.setAccessibleName("Evidence supporting the finding")
        self.evidence_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.evidence_list.setToolTip(
            "Double-click or press Enter to open an item; drop "
            "items from the evidence list here to link them"
        )
        self.support_label = QLabel()
        self.support_label.setAccessibleName("Support summary")
        self.link_button = QPushButton("Link selected evidence")
        self.link_button.setMinimumWidth(
            self.link_button.fontMetrics().horizontalAdvance("Link 99 selected items") + 24
        )  # the text changes with the selection
        self.link_button.setAccessibleName("Link selected evidence")
        self.review_button = QPushButton("Mark reviewed")
        self.review_button.setAccessibleName("Mark the finding reviewed or draft")
        self.sign_off = QLabel()
        self.sign_off.setAccessibleName("Sign-off of the finding")
        self.sign_off.setTextFormat(Qt.TextFormat.PlainText)
        self.sign_off.setWordWrap(True)
        self.unlink_button = QPushButton("Unlink")
        self.unlink_button.setAccessibleName("Unlink evidence")

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        form.addRow(self.heading)
        form.addRow(buddy_label("&Question", self.question), self.question)
        form.addRow(buddy_label("Kin&d", self.kind), self.kind)
        form.addRow(buddy_label("&Statement", self.statement), self.statement)
        form.addRow(buddy_label("&Recommendation", self.recommendation), self.recommendation)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_button)
        review_row.addWidget(self.sign_off, 1)
        form.addRow("Review", review_row)
        link_row = QHBoxLayout()
        link_row.addWidget(self.link_button)
        link_row.addWidget(self.unlink_button)
        link_row.addStretch(1)
        form.addRow("Evidence", link_row)
        form.addRow("", self.support_label)
        form.addRow("", self.evidence_list)
        self.support_label.setWordWrap(True)
        QWidget.setTabOrder(self.question, self.kind)
        QWidget.setTabOrder(self.kind, self.statement)
        QWidget.setTabOrder(self.statement, self.recommendation)
        QWidget.setTabOrder(self.recommendation, self.evidence_list)

    # -- what is shown --------------------------------------------------------------
    def show_sign_off(self, finding: Finding | None, can_sign: bool) -> None:
        """Draft or reviewed in words (never by colour alone), who prepared and reviewed it,
        and the button that changes it."""
        if finding is None:
            self.sign_off.clear()
            self.review_button.setText("Mark reviewed")
            self.review_button.setEnabled(False)
            return
        line = sign_off_line(
            finding.prepared_by, finding.prepared_at, finding.reviewed_by, finding.reviewed_at
        )
        # A reviewed finding's line always says "Reviewed by …"; a draft says so first.
        self.sign_off.setText(line if finding.reviewed else f"Draft. {line}".strip())
        self.review_button.setText("Mark draft" if finding.reviewed else "Mark reviewed")
        self.review_button.setEnabled(can_sign)

    def show_evidence(self, items: list) -> None:
        """The items behind the finding, each to be opened with Enter or a double-click,
        and how many items and source types they are."""
        self.evidence_list.clear()
        for e in items:
            item = QListWidgetItem(f"{e.ref}  {e.source_type.label}  ·  {e.summary}")
            item.setData(EVIDENCE_ID_ROLE, e.id)
            item.setToolTip(f"{e.summary}\n\nDouble-click or press Enter to open {e.ref}")
            self.evidence_list.addItem(item)
        n, sources = len(items), len({e.source_type for e in items})
        self.support_label.setText(
            f"Supported by {n} item{'s' if n != 1 else ''} from {sources} source "
            f"type{'s' if sources != 1 else ''}"
            if n
            else "No supporting evidence yet"
        )

    def show_selection(self, count: int, can_link: bool) -> None:
        """Say on the Link button how many rows of the evidence list it would link."""
        self.link_button.setText(
            f"Link {count} selected item{'s' if count != 1 else ''}"
            if count
            else "Link selected evidence"
        )
        self.link_button.setEnabled(count > 0 and can_link)
        self.link_button.setToolTip("Select items in the evidence list (or drag them here)")
