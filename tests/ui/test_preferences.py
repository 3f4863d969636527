"""Edit ▸ Preferences…: initials, the attachment limit and backups, changed as a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.storage.repository_helpers import history_of
from ui.dialogs.preferences_dialog import PreferencesDialog
from ui.window.settings import AppSettings


def test_preferences_show_the_settings_and_store_changes(qtbot, settings):
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.initials.text() == "TS"
    assert dialog.attachment_limit.value() == 100
    assert (dialog.interval.value(), dialog.keep_recent.value(), dialog.keep_days.value()) == (
        30,
        10,
        14,
    )
    dialog.initials.selectAll()
    qtbot.keyClicks(dialog.initials, "ab")
    for spin, value in (
        (dialog.attachment_limit, 250),
        (dialog.interval, 15),
        (dialog.keep_recent, 25),
        (dialog.keep_days, 30),
    ):
        spin.selectAll()
        qtbot.keyClicks(spin, str(value))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == PreferencesDialog.DialogCode.Accepted
    stored = AppSettings()
    assert stored.author_initials == "AB"
    assert (
        stored.attachment_limit_mb,
        stored.backup_interval_minutes,
        stored.backup_keep_recent,
        stored.backup_keep_days,
    ) == (250, 15, 25, 30)


def test_bad_initials_are_explained_and_nothing_is_stored(qtbot, settings):
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.initials.setText("j.s. 42!")
    dialog.attachment_limit.setValue(5)
    dialog.accept()
    assert dialog.result() != PreferencesDialog.DialogCode.Accepted
    assert dialog.problem.isVisibleTo(dialog) and dialog.problem.text()
    assert AppSettings().author_initials == "TS"
    assert AppSettings().attachment_limit_mb == 100


def test_new_preferences_apply_to_the_open_inspection(qtbot, demo_window, reader):
    dialog = PreferencesDialog(demo_window.settings, demo_window)
    dialog.initials.setText("QZ")
    dialog.interval.setValue(5)
    dialog.accept()
    demo_window.apply_preferences()
    # Changes are now recorded under the new initials.
    view = demo_window.view
    view.select_question("2.2")
    qtbot.keyClick(demo_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.editor.summary, "Control room visit")
    view.editor.commit()
    created = view.editor.current
    assert created.ref.startswith("QZ-")
    with reader() as disk:
        rows = history_of(disk, created.id)
    assert rows and {r.actor for r in rows} == {"QZ"}
    # Backups follow the new interval at once (they start once the file's check passed).
    timer = demo_window.file_safety.scheduler.timer
    qtbot.waitUntil(timer.isActive, timeout=20000)
    assert timer.interval() == 5 * 60_000
    assert demo_window.preferences_action.text() == "&Preferences…"
