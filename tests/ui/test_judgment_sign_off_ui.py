"""Signing off a judgment in the window: the sign-off line beside the status, a refused
self-review, a change after review back to draft, and undo and redo of each step."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.vocabulary import JudgmentStatus


def _judgment_panel(window):
    view = window.view
    view.select_question("3")
    view.tabs.setCurrentWidget(view.judgment)
    return view.judgment


def _stored(reader):
    with reader() as disk:
        return disk.judgments.get("3")


def test_marking_reviewed_signs_off_as_the_windows_inspector_and_undo_takes_it_back(
    qtbot, demo_window, reader
):
    panel = _judgment_panel(demo_window)
    # The demo's judgment for 3 was prepared by KO and signed off by the lead.
    assert panel.status.currentData() == JudgmentStatus.REVIEWED
    assert panel.sign_off.text().startswith("Prepared by KO, ")
    assert " · Reviewed by JT, " in panel.sign_off.text()
    panel.status.setFocus()
    qtbot.keyClick(panel.status, Qt.Key.Key_Up)
    assert _stored(reader).status is JudgmentStatus.DRAFT
    assert "Reviewed" not in panel.sign_off.text()

    qtbot.keyClick(panel.status, Qt.Key.Key_Down)
    signed = _stored(reader)
    assert (signed.status, signed.reviewed_by) == (JudgmentStatus.REVIEWED, "TS")
    assert signed.reviewed_at
    assert "Reviewed by TS, " in panel.sign_off.text()
    assert panel.sign_off.accessibleName() == "Sign-off of the judgment"

    demo_window.controller.undo()
    undone = _stored(reader)
    assert (undone.status, undone.reviewed_by, undone.reviewed_at) == (
        JudgmentStatus.DRAFT,
        None,
        None,
    )
    assert panel.status.currentData() == JudgmentStatus.DRAFT
    assert "Reviewed" not in panel.sign_off.text()

    demo_window.controller.redo()
    redone = _stored(reader)
    assert (redone.reviewed_by, redone.reviewed_at) == ("TS", signed.reviewed_at)
    assert "Reviewed by TS, " in panel.sign_off.text()


def test_an_inspector_cannot_sign_off_their_own_change_and_a_colleague_can(
    qtbot, demo_window, reader, answers
):
    panel = _judgment_panel(demo_window)
    panel.grade.setFocus()
    qtbot.keyClick(panel.grade, Qt.Key.Key_Up)  # TS changes the grade: TS prepared it
    prepared = _stored(reader)
    assert prepared.prepared_by == "TS"
    assert panel.sign_off.text().startswith("Prepared by TS, ")

    panel.status.setFocus()
    qtbot.keyClick(panel.status, Qt.Key.Key_Down)
    assert answers[-1][:2] == ("warning", "Not signed off")
    assert "TS prepared this, so another member of the team must review it" in answers[-1][2]
    assert panel.status.currentData() == JudgmentStatus.DRAFT  # the form says what is stored
    assert _stored(reader) == prepared

    demo_window.controller.inspection.actor = "JT"  # the lead at the keyboard
    qtbot.keyClick(panel.status, Qt.Key.Key_Down)
    signed = _stored(reader)
    assert (signed.status, signed.prepared_by, signed.reviewed_by) == (
        JudgmentStatus.REVIEWED,
        "TS",
        "JT",
    )
    assert "Prepared by TS" in panel.sign_off.text()
    assert "Reviewed by JT" in panel.sign_off.text()


def test_a_change_after_review_returns_it_to_draft_and_undo_brings_the_sign_off_back(
    qtbot, demo_window, reader
):
    panel = _judgment_panel(demo_window)
    panel.status.setFocus()
    qtbot.keyClick(panel.status, Qt.Key.Key_Up)
    qtbot.keyClick(panel.status, Qt.Key.Key_Down)
    signed = _stored(reader)
    assert signed.reviewed_by == "TS"

    demo_window.controller.inspection.actor = "KO"
    panel.grade.setFocus()
    qtbot.keyClick(panel.grade, Qt.Key.Key_Up)
    changed = _stored(reader)
    assert (changed.status, changed.reviewed_by, changed.prepared_by) == (
        JudgmentStatus.DRAFT,
        None,
        "KO",
    )
    assert panel.status.currentData() == JudgmentStatus.DRAFT
    assert not panel.reopened.isHidden()
    assert "Reviewed" not in panel.sign_off.text()

    demo_window.controller.undo()
    back = _stored(reader)
    assert (back.grade, back.status, back.reviewed_by, back.reviewed_at) == (
        signed.grade,
        JudgmentStatus.REVIEWED,
        "TS",
        signed.reviewed_at,
    )
    assert "Reviewed by TS" in panel.sign_off.text()


def test_without_initials_the_window_asks_for_them_before_signing_off(
    qtbot, demo_window, reader, answers
):
    panel = _judgment_panel(demo_window)
    panel.status.setFocus()
    qtbot.keyClick(panel.status, Qt.Key.Key_Up)
    demo_window.controller.inspection.actor = ""
    before = _stored(reader)
    qtbot.keyClick(panel.status, Qt.Key.Key_Down)
    assert answers[-1][:2] == ("warning", "Not signed off")
    assert "needs your initials" in answers[-1][2] and "Preferences" in answers[-1][2]
    assert panel.status.currentData() == JudgmentStatus.DRAFT
    assert _stored(reader) == before
