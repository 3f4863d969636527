"""Working from the keyboard: Tab leaves the list, tab mnemonics clash with nothing, F4 and
Esc do what they say, the focus ring is strong, and every control has an accessible name."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ui.window.focus_style import RING, FocusRingStyle


def mnemonic(text: str) -> str | None:
    m = re.search(r"&([^&])", text)
    return m.group(1).lower() if m else None


def test_tab_leaves_the_evidence_list_for_the_editor(qtbot, demo_window):
    view = demo_window.view
    table = view.evidence_list.table
    view.evidence_list.select(view.evidence_list.model.evidence_at(0).id)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()
    assert view.editor.isAncestorOf(QApplication.focusWidget())


def test_enter_in_the_list_opens_the_item_in_the_editor(qtbot, demo_window):
    view = demo_window.view
    item = view.evidence_list.model.evidence_at(2)
    view.evidence_list.select(item.id)
    view.evidence_list.table.setFocus()
    qtbot.keyClick(view.evidence_list.table, Qt.Key.Key_Return)
    assert view.editor.current.id == item.id and view.editor.summary.hasFocus()


def test_tab_mnemonics_clash_with_no_menu_and_no_label_of_their_tab(qtbot, demo_window):
    view = demo_window.view
    menus = {mnemonic(a.text()) for a in demo_window.menuBar().actions()}
    tabs = [mnemonic(view.tabs.tabText(i)) for i in range(view.tabs.count())]
    assert None not in tabs and not menus & set(tabs) and len(set(tabs)) == len(tabs)
    for i in range(view.tabs.count()):
        labels = [
            mnemonic(label.text())
            for label in view.tabs.widget(i).findChildren(QLabel)
            if label.buddy() is not None
        ]
        letters = [x for x in labels if x]
        assert len(letters) == len(set(letters)), (view.tabs.tabText(i), letters)
        assert not (set(letters) & (menus | set(tabs))), (view.tabs.tabText(i), letters)


def test_alt_letters_switch_tabs_and_reach_the_fields_of_the_tab_shown(qtbot, demo_window):
    view = demo_window.view
    demo_window.activateWindow()
    qtbot.waitUntil(demo_window.isActiveWindow)
    view.evidence_list.select(view.evidence_list.model.evidence_at(0).id)
    qtbot.keyClick(demo_window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentWidget() is view.findings
    qtbot.keyClick(demo_window, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentWidget() is view.judgment
    qtbot.keyClick(demo_window, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentWidget() is view.editor
    qtbot.keyClick(demo_window, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert view.editor.summary.hasFocus()  # not the Statement of the hidden Findings tab


def test_tab_from_questions_skips_choose_and_f4_chooses(qtbot, demo_window, monkeypatch):
    from ui.panels.question_picker import QuestionPickerDialog

    view = demo_window.view
    demo_window.activateWindow()
    qtbot.waitUntil(demo_window.isActiveWindow)
    editor = view.editor
    view.evidence_list.select(view.evidence_list.model.evidence_at(0).id)
    editor.questions.setFocus()
    qtbot.keyClick(editor.questions, Qt.Key.Key_Tab)
    assert not editor.choose_questions.hasFocus()
    assert editor.sensitive.hasFocus()
    opened = []
    monkeypatch.setattr(QuestionPickerDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    editor.questions.setFocus()
    qtbot.keyClick(editor.questions, Qt.Key.Key_F4)
    assert len(opened) == 1


def test_the_focus_ring_is_two_pixels_of_strong_blue(qtbot):
    style = FocusRingStyle("Fusion")
    field = QLineEdit("Southampton Central")
    field.setStyle(style)
    qtbot.addWidget(field)
    field.resize(200, 28)
    field.show()
    qtbot.waitExposed(field)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    image = QImage(field.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    field.render(image)
    ring = [image.pixelColor(x, 14) for x in (0, 1)] + [image.pixelColor(100, y) for y in (0, 1)]
    assert all(_close(c, RING) for c in ring), [c.name() for c in ring]


def _close(colour: QColor, wanted: QColor) -> bool:
    return all(abs(a - b) < 60 for a, b in zip(colour.getRgb()[:3], wanted.getRgb()[:3]))


INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QPlainTextEdit,
    QAbstractSpinBox,
)


def unnamed(root: QWidget) -> list[str]:
    """Interactive widgets under ``root`` that a screen reader could not name."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or widget.accessibleName():
            continue
        parent = widget.parentWidget()
        # Parts of a compound widget are named by it (a combo's list, a spin box's text).
        if any(
            isinstance(p, (QComboBox, QAbstractSpinBox, QAbstractItemView))
            for p in _ancestors(parent)
        ):
            continue
        if type(widget).__name__ in ("QTabBar", "QToolButton") and not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) and widget.text():
            continue  # a button's text is its accessible name
        if (
            isinstance(widget, QAbstractButton)
            and widget.parentWidget()
            and widget.parentWidget().inherits("QTabBar")
        ):
            continue  # the tab bar's own scroll arrows
        missing.append(f"{type(widget).__name__} in {type(parent).__name__}")
    return missing


def _ancestors(widget):
    while widget is not None:
        yield widget
        widget = widget.parentWidget()


def test_every_control_of_the_window_has_an_accessible_name(qtbot, demo_window):
    assert unnamed(demo_window) == []


def test_every_control_of_the_new_dialogs_has_an_accessible_name(qtbot, demo_window):
    from ui.dialogs.details_dialog import DetailsDialog
    from ui.window.menus.help_dialogs import GuideDialog, ShortcutsDialog

    for dialog in (
        DetailsDialog(demo_window.controller, demo_window),
        GuideDialog(demo_window),
        ShortcutsDialog([], demo_window),
    ):
        qtbot.addWidget(dialog)
        assert unnamed(dialog) == [], type(dialog).__name__
