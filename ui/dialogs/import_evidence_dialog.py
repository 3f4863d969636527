"""The dialogs of File ▸ Import evidence: choosing what each column holds, and the problems found.

The column step shows every column of the log's header row with its first
value and the field it will be imported as — recognised from the header, or
chosen here (or not imported). Import stays disabled until every row can get
a summary, a source type, questions and an author.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from models.evidence_logs.fields import (
    LogField,
    column_letter,
    initial_mapping,
    mapping_problems,
    match_headers,
)
from models.records import normalise_initials
from storage.operations import LogPreview, LogSheet

NOT_IMPORTED = "Do not import"
FIELD_COLUMN = 3


class ImportEvidenceDialog(QDialog):
    """Which sheet, what each column holds, and whose initials rows without an author get.

    Import asks for the import (:attr:`import_requested`); the dialog is closed by
    whoever runs it once the import has succeeded, so a refused log can be tried again.
    """

    import_requested = Signal()

    def __init__(self, preview: LogPreview, initials: str = "", parent=None):
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle("Import evidence")
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet to import")
        for s in preview.sheets:
            self.sheet.addItem(s.name or "", s.name)
        self.columns = QTableWidget(0, 4)
        self.columns.setAccessibleName("Columns of the log")
        self.columns.setHorizontalHeaderLabels(["Column", "Header", "First value", "Import as"])
        self.columns.verticalHeader().hide()
        self.columns.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.columns.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.initials = QLineEdit(initials)
        self.initials.setAccessibleName("Initials for rows without an author")
        self.initials.setMaxLength(8)
        self.problems = QLabel()
        self.problems.setAccessibleName("What stops the import")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #a4262c")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.buttons.accepted.connect(self.import_requested)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        if len(preview.sheets) > 1:
            form.addRow("&Sheet:", self.sheet)
        form.addRow("&Initials for rows without an author:", self.initials)
        layout = QVBoxLayout(self)
        where = preview.path.name + (f" (read as {preview.encoding})" if preview.encoding else "")
        intro = QLabel(
            f"Importing evidence from <b>{_escape(where)}</b>. Choose what each "
            "column holds; every row needs a summary, a source type and at least "
            "one question. Nothing is imported until every row is valid."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.columns, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.sheet.currentIndexChanged.connect(lambda _i: self._show_sheet())
        self.initials.textChanged.connect(lambda _t: self._check())
        self.resize(760, 520)
        self._show_sheet()

    # -- the chosen sheet's columns --------------------------------------------------
    @property
    def current_sheet(self) -> LogSheet:
        return self.preview.sheets[max(self.sheet.currentIndex(), 0)]

    def _show_sheet(self) -> None:
        sheet = self.current_sheet
        mapping = initial_mapping(match_headers(sheet.headers))
        self.columns.setRowCount(len(sheet.headers))
        for row, header in enumerate(sheet.headers):
            example = sheet.examples[row] if row < len(sheet.examples) else ""
            for column, text in enumerate(
                (column_letter(row), header or "(no header)", " ".join(example.split())[:120])
            ):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.columns.setItem(row, column, item)
            chooser = QComboBox()
            chooser.setAccessibleName(
                f"Import column {column_letter(row)} ({header or 'no header'}) as"
            )
            chooser.addItem(NOT_IMPORTED, None)
            for f in LogField:
                chooser.addItem(f.label, f)
            chooser.setCurrentIndex(max(chooser.findData(mapping.get(row)), 0))
            chooser.currentIndexChanged.connect(lambda _i: self._check())
            self.columns.setCellWidget(row, FIELD_COLUMN, chooser)
        self.columns.resizeColumnToContents(0)
        self.columns.resizeColumnToContents(FIELD_COLUMN)
        self._check()

    def chooser(self, column: int) -> QComboBox:
        return self.columns.cellWidget(column, FIELD_COLUMN)

    def choose(self, column: int, chosen: LogField | None) -> None:
        """Set what a column is imported as (what picking in its list does)."""
        found = self.chooser(column).findData(chosen) if chosen is not None else 0
        self.chooser(column).setCurrentIndex(found)

    # -- the answers -----------------------------------------------------------------
    def mapping(self) -> dict[int, LogField | None]:
        result = {}
        for column in range(self.columns.rowCount()):
            data = self.chooser(column).currentData()
            result[column] = LogField(data) if data is not None else None
        return result

    def chosen_sheet(self) -> str | None:
        return self.current_sheet.name

    def default_author(self) -> str:
        return normalise_initials(self.initials.text()) if self.initials.text().strip() else ""

    def problem_text(self) -> str:
        sheet = self.current_sheet
        if not sheet.headers:
            return "This sheet is empty; choose the sheet that holds the log."
        try:
            author = self.default_author()
        except ValueError as e:
            return str(e) + "."
        return " ".join(
            mapping_problems(self.mapping(), sheet.headers, has_default_author=bool(author))
        )

    def _check(self) -> None:
        text = self.problem_text()
        self.problems.setText(text)
        self.problems.setVisible(bool(text))
        self.import_button.setEnabled(not text)


class ImportProblemsDialog(QDialog):
    """Every problem found in a log (up to the shown limit), to be corrected in one pass."""

    def __init__(self, source_name: str, lines: list[str], total: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Nothing was imported")
        noun = "problem" if total == 1 else "problems"
        heading = QLabel(
            f"{_escape(source_name)} has {total} {noun}, so nothing was imported. "
            "Correct the log (rows are numbered as in Excel) and import it again."
        )
        heading.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Problems in the log")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)

    @classmethod
    def shown_for(cls, problems, parent=None, title: str = "") -> "ImportProblemsDialog":
        """Open the dialog on an import's row problems (an error with ``source_name``,
        ``lines()`` and ``total``, as every import from outside raises), titled ``title``."""
        dialog = cls(problems.source_name, problems.lines(), problems.total, parent)
        if title:
            dialog.setWindowTitle(title)
        dialog.open()
        return dialog


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
