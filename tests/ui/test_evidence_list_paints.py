"""A new query shows the evidence list in one paint: choosing a question or a search
update must not lay the table out and paint it a second time after the first."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from models.evidence.query import EvidenceQuery


class PaintCounter(QObject):
    def __init__(self, widget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def settle():
    for _ in range(3):  # a frame, and the zero-delay timers it leaves behind
        QApplication.processEvents()


def test_choosing_a_question_paints_the_list_once(qtbot, demo_window, demo_inspection):
    view = demo_window.view
    table = view.evidence_list.table
    settle()
    paints = PaintCounter(table.viewport())
    for code in ("1", "2", "E"):
        paints.count = 0
        view.select_question(code)
        settle()
        expected = demo_inspection.evidence.count(EvidenceQuery(question_code=code))
        if code == "E":
            expected = demo_inspection.evidence.count()
        assert view.evidence_list.model.rowCount() == expected > 0
        assert paints.count == 1, code
    # The rows are laid out as a person sees them: the first rows are on screen.
    assert table.rowAt(0) == 0 and table.columnAt(0) == 0


def test_a_search_update_paints_the_list_once(qtbot, demo_window, demo_inspection):
    """Each update as the words are typed is one paint (the first, which also swaps in
    the painter that marks the words found, is left out of the count). Typing pauses
    decide how many updates there are (a loaded machine may update after " a" as well
    as after " ab", and repaint between keys), so the paints counted are those after
    the last update began."""
    view = demo_window.view
    view.select_question("E")
    # A scroll bar that comes or goes with the number of rows resizes the viewport, which
    # is a paint of its own and not what this test is about: keep it in place.
    view.evidence_list.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    settle()
    model = view.evidence_list.model
    search = view.evidence_list.search
    search.setFocus()
    qtbot.keyClicks(search, "domestic")
    qtbot.waitUntil(lambda: model.query.text == "domestic", timeout=3000)
    settle()
    paints = PaintCounter(view.evidence_list.table.viewport())
    updates = []

    def updated():
        updates.append(model.query.text)
        paints.count = 0

    model.modelAboutToBeReset.connect(updated)
    qtbot.keyClicks(search, " ab")
    expected = demo_inspection.evidence.count(EvidenceQuery(text="domestic ab"))
    assert 0 < expected < demo_inspection.evidence.count(EvidenceQuery(text="domestic"))
    qtbot.waitUntil(lambda: model.total == expected, timeout=3000)
    settle()
    assert model.query.text == "domestic ab"
    assert updates and updates[-1] == "domestic ab"
    assert paints.count == 1, updates
