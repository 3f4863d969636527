"""Help ▸ Quick guide and Help ▸ Keyboard shortcuts.

The shortcuts are read from the window's own menu actions, so the list never
disagrees with what the keys do; keys that belong to a field or a list (Esc,
F4, the tabs' Alt+letters) are listed beside them.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

#: Keys that are not menu shortcuts: (keys, what they do).
FIELD_KEYS = [
    ("Alt+C / Alt+N / Alt+J", "Evidence, Findings and Judgment tabs"),
    ("Alt+K / Alt+M", "Checks and Coverage matrix tabs"),
    ("Tab / Shift+Tab", "next / previous field; from the evidence list to the editor"),
    (
        "Esc",
        "leave a new item or finding that has no summary or statement yet (nothing is "
        "kept), or go back to the list",
    ),
    ("Enter (in the evidence list)", "open the selected item in the editor"),
    ("Delete (in the evidence list)", "delete the selected items (asks first; can be undone)"),
    ("F4 (in Questions)", "choose the linked questions from the framework"),
    ("Up / Down (in a date)", "the day after / before"),
    ("Alt + underlined letter", "the field with that label"),
]

GUIDE = """
<h3>Recording evidence</h3>
<p>Select a question in the tree, press <b>Ctrl+N</b> and type a one-line summary. The
item is recorded once it has its summary, linked to the selected question, dated today and
marked with your initials; press <b>Esc</b> before typing one and nothing is kept.
<b>Tab</b> walks the fields. Dates are typed day first, as you would write them
(22/9/15, 22 Sep 2015); the field says how it read them and warns about a date in the
future or outside the fieldwork dates. Everything saves as you go: there is no Save
button. <b>Ctrl+Enter</b> finishes and returns to the list.</p>
<h3>Finding your way</h3>
<p>The count above the list says which question it is showing and what the search and
filters leave. Search words are marked in each row; a match on the place or the notes is
shown after the summary. Marks beside each ref show a sensitive item (lock), attached files
(clip) and the findings an item supports (flag). <i>Not yet in a finding</i> lists the
evidence still to be used.</p>
<h3>Findings and judgments</h3>
<p>On the Findings tab press <b>New finding</b> (<b>Ctrl+Shift+F</b>) and type the
statement. Link evidence by selecting rows in the list and pressing <i>Link … selected
items</i>, by dragging rows onto a finding, or from a row's context menu. A finding made
under the wrong question can be moved by choosing another question. The Judgment tab takes
the grade (with its definition in view), the rationale and whether it has been reviewed;
the tree shows a reviewed grade with a tick.</p>
<h3>Undo</h3>
<p><b>Ctrl+Z</b> undoes the last change wherever the cursor is, including inside a text
box: typing in one field is one step.</p>
<h3>Sharing the work</h3>
<p>The lead gives each inspector a fieldwork copy (File menu) and merges the copies back.
Every change is in the history (Inspection ▸ History…); backups are made automatically and
can be restored from the File menu, also before any file is open.</p>
"""


def _closing_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    return buttons


class GuideDialog(QDialog):
    """A short guide to the app, in a page that can be scrolled and searched."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Quick guide")
        self.text = QTextBrowser()
        self.text.setAccessibleName("Quick guide")
        self.text.setHtml(GUIDE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(_closing_buttons(self))
        self.resize(620, 520)


class ShortcutsDialog(QDialog):
    """Every menu shortcut of the window, then the keys of fields and lists."""

    def __init__(self, menus: list, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(menus) + FIELD_KEYS
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "What they do"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(_closing_buttons(self))
        self.resize(640, 560)


def shortcut_rows(menus: list) -> list[tuple[str, str]]:
    """(keys, "Menu ▸ Action") for every action with a shortcut in ``menus``."""
    rows = []
    for menu in menus:
        title = menu.title().replace("&", "")
        for action in menu.actions():
            keys = [
                k.toString(QKeySequence.SequenceFormat.NativeText)
                for k in action.shortcuts()
                if not k.isEmpty()
            ]
            if keys and not action.isSeparator():
                named = action.data() if isinstance(action.data(), str) else action.text()
                text = named.replace("&", "").rstrip("…").strip()
                rows.append((" / ".join(keys), f"{title} ▸ {text}"))
    return rows
