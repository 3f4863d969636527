"""Help ▸ Quick guide and Help ▸ Keyboard shortcuts.

The shortcuts are read from the window's own menu actions and its tabs' titles,
so the list never disagrees with what the keys do; keys that belong to a field
or a list (Esc, F4) are listed beside them.
"""

from __future__ import annotations

import re

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
<h3>The lead inspector's checks</h3>
<p>The <b>Checks</b> tab lists what to fix or look at again before judgments are
settled: a grade without a rationale, a strength no evidence backs, a finding resting on
one inspector's evidence, evidence that changed after a judgment was reviewed. Opening a
row (Enter or a double-click) goes to the question, finding or item it is about.
<b>Coverage matrix</b> shows how much evidence of each kind backs each question, and
<b>To review</b> what still awaits sign-off.</p>
<h3>Force in numbers and case files</h3>
<p><b>Force in numbers</b> holds the force's figures from its data return beside the
comparison with other forces (Inspection menu: save a template, import the return).
<b>Case files</b> reviews case files against a checklist: answer yes/no items with single
keys (Y, N, P, A) and move on; <b>Ctrl+Enter</b> saves the file and starts the next with
the crime type, reviewer and date carried over. Files logged in Excel (Inspection ▸ Save
checklist template…, then Import case reviews…) come in as one step. <i>Results</i> counts
the answers and turns a result into evidence with one action.</p>
<h3>The draft judgment summary</h3>
<p><b>File ▸ Export draft judgment summary</b> writes the Excel workbook for the report
writers: grades and rationales, each question's findings with the refs of their evidence,
the evidence register, the checks and charts to copy into the report. Sensitive notes are
left out unless you ask for them. It runs in the background; you can go on working.</p>
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

    def __init__(self, menus: list, parent: QWidget | None = None, tab_titles: list[str] = ()):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(menus) + tab_rows(tab_titles) + FIELD_KEYS
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


def tab_rows(titles: list[str]) -> list[tuple[str, str]]:
    """("Alt+C", "the Evidence tab") for every tab title with an underlined letter
    ("Eviden&ce", "Case files (&Y)")."""
    rows = []
    for title in titles:
        underlined = re.search(r"(?<!&)&([^&\s])", title)
        if underlined is None:
            continue
        name = re.sub(r"&(.)", r"\1", title)
        if name.endswith(")") and " (" in name:  # "Case files (Y)": the letter is not in the name
            name = name[: name.rindex(" (")]
        rows.append((f"Alt+{underlined.group(1).upper()}", f"the {name} tab"))
    return rows
