"""Attaching files in the window: Add…, drops on the editor and on the list, open, save,
remove and undo, the picture preview and the size limit, driven as a person would."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from tests.storage.repository_helpers import attach_file
from ui.editing.attachment_commands import AttachmentActions, actions_for
from ui.item_models.attachment_table_model import AttachmentTableModel
from ui.panels.attachments_panel import THUMBNAIL_SIZE


@pytest.fixture
def editor(demo_window, qtbot):
    """The editor showing the first listed item."""
    view = demo_window.view
    assert view.evidence_list.select(view.evidence_list.model.evidence_at(0).id)
    qtbot.waitUntil(lambda: view.editor.current is not None)
    return view.editor


def on_disk(reader, evidence_id: str) -> list[str]:
    with reader() as disk:
        return [a.name for a in disk.attachments.for_evidence(evidence_id)]


def attach_with_add_button(qtbot, monkeypatch, panel, *paths: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(p) for p in paths], "")
    )
    before = panel.model.rowCount()
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == before + len(paths))


def drop_files(widget, paths: list[Path], pos: QPoint | None = None) -> tuple[bool, bool]:
    """Drag files over ``widget`` and drop them; whether the drag and the drop were accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = pos if pos is not None else widget.rect().center()
    enter = QDragEnterEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(
        QPointF(point),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QEvent.Type.Drop,
    )
    QApplication.sendEvent(widget, drop)
    return enter.isAccepted(), drop.isAccepted()


def test_add_lists_the_file_and_saves_it_in_the_inspection(
    qtbot, monkeypatch, editor, reader, tmp_path, qtmodeltester
):
    panel = editor.attachments
    report = tmp_path / "Custody record.pdf"
    report.write_bytes(b"%PDF-1.4\n" + os.urandom(3 * 1024 * 1024))
    attach_with_add_button(qtbot, monkeypatch, panel, report)
    model = panel.model
    assert [model.index(0, c).data() for c in range(3)] == ["Custody record.pdf", "PDF", "3.0 MB"]
    # Local time, as the history shows the same change.
    from models.history import HistoryFilter, local_text

    added = model.index(0, 3).data()
    assert "UTC" not in added
    with reader() as disk:
        attached = [
            e
            for e in disk.history.page(HistoryFilter(entity_id=editor.current.id, zone=None), 0, 50)
            if e.action == "attached"
        ]
    assert attached and local_text(attached[0].changed_at)[:-3] == added
    qtmodeltester.check(model)
    assert on_disk(reader, editor.current.id) == ["Custody record.pdf"]
    assert editor.controller.undo_stack.undoText() == 'Attach "Custody record.pdf"'


def test_model_passes_the_model_tester_empty_and_full(qtmodeltester, demo_inspection, tmp_path):
    model = AttachmentTableModel()
    qtmodeltester.check(model)
    item = demo_inspection.evidence.page(limit=1)[0]
    for name in ("b.txt", "a.png"):
        (tmp_path / name).write_bytes(name.encode())
        attach_file(demo_inspection, item.id, tmp_path / name)
    model.set_attachments(demo_inspection.attachments.for_evidence(item.id))
    assert model.rowCount() == 2 and model.index(0, 0).data() == "a.png"
    qtmodeltester.check(model)


def test_every_control_of_the_panel_is_named(editor):
    panel = editor.attachments
    buttons = panel.findChildren(QPushButton)
    assert buttons
    for widget in (panel.table, panel.thumbnail, *buttons):
        assert widget.accessibleName(), widget


def test_the_panel_keeps_qts_own_actions_list(editor):
    """The attachment actions have a name of their own, so QWidget.actions() still answers."""
    panel = editor.attachments
    assert panel.actions() == []
    assert isinstance(panel.attachment_actions, AttachmentActions)
    assert panel.attachment_actions is actions_for(editor.controller)


def test_files_dropped_on_the_editor_are_attached(qtbot, editor, reader, tmp_path):
    files = [tmp_path / "interview notes.txt", tmp_path / "rota.xlsx"]
    for f in files:
        f.write_bytes(f.name.encode() * 10)
    entered, dropped = drop_files(editor, files)
    assert entered and dropped
    qtbot.waitUntil(lambda: editor.attachments.model.rowCount() == 2)
    assert on_disk(reader, editor.current.id) == ["interview notes.txt", "rota.xlsx"]
    # One drop is one undoable step.
    assert editor.controller.undo_stack.undoText() == "Attach 2 files"


def test_folders_are_not_taken_by_a_drop(editor, tmp_path):
    assert drop_files(editor, [tmp_path]) == (False, False)


def test_file_dropped_on_a_row_of_the_list_goes_to_that_item(qtbot, demo_window, reader, tmp_path):
    listing = demo_window.view.evidence_list
    table = listing.table
    target = listing.model.evidence_at(2)
    photo = tmp_path / "station front.jpg"
    photo.write_bytes(b"not really a jpeg")
    centre = table.visualRect(listing.model.index(2, 0)).center()
    entered, dropped = drop_files(table.viewport(), [photo], centre)
    assert entered and dropped
    qtbot.waitUntil(lambda: on_disk(reader, target.id) == ["station front.jpg"])
    # Selecting the item shows the file in the editor.
    listing.select(target.id)
    assert demo_window.view.editor.attachments.model.rowCount() == 1


def test_remove_then_undo_and_redo_from_the_edit_menu(
    qtbot, monkeypatch, editor, reader, demo_window, tmp_path
):
    panel = editor.attachments
    (tmp_path / "a.txt").write_bytes(b"a")
    attach_with_add_button(qtbot, monkeypatch, panel, tmp_path / "a.txt")
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0 and on_disk(reader, editor.current.id) == []
    undo = demo_window.undo_action
    assert "Remove attachment" in undo.text() and "a.txt" in undo.text()
    undo.trigger()
    assert panel.model.rowCount() == 1 and on_disk(reader, editor.current.id) == ["a.txt"]
    editor.controller.undo_stack.redo()
    assert panel.model.rowCount() == 0 and on_disk(reader, editor.current.id) == []
    # Undoing the removal and then the attaching leaves the item as it was.
    undo.trigger()
    undo.trigger()
    assert on_disk(reader, editor.current.id) == []


def test_open_writes_a_private_copy_and_opens_it(qtbot, monkeypatch, editor, tmp_path):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    data = os.urandom(200_000)
    (tmp_path / "statement.docx").write_bytes(data)
    panel = editor.attachments
    attach_with_add_button(qtbot, monkeypatch, panel, tmp_path / "statement.docx")
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened) == 1)
    copy = Path(opened[0].toLocalFile())
    assert copy.name == "statement.docx" and copy.read_bytes() == data
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.parent.stat().st_mode) == 0o700
    assert tmp_path not in copy.parents


def test_save_as_writes_the_file_where_chosen(qtbot, monkeypatch, editor, tmp_path):
    (tmp_path / "plan.pdf").write_bytes(b"plan" * 1000)
    panel = editor.attachments
    attach_with_add_button(qtbot, monkeypatch, panel, tmp_path / "plan.pdf")
    out = tmp_path / "saved" / "plan copy.pdf"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    job = panel.last_job
    qtbot.waitUntil(lambda: not job.running)
    assert out.read_bytes() == b"plan" * 1000


def test_picture_shows_a_thumbnail(qtbot, monkeypatch, editor, tmp_path):
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("darkred"))
    path = tmp_path / "custody suite.png"
    assert image.save(str(path))
    (tmp_path / "notes.txt").write_bytes(b"text")
    panel = editor.attachments
    attach_with_add_button(qtbot, monkeypatch, panel, path, tmp_path / "notes.txt")
    panel.table.selectRow(0)  # custody suite.png sorts first
    qtbot.waitUntil(
        lambda: panel.thumbnail.pixmap() is not None and not panel.thumbnail.pixmap().isNull()
    )
    shown = panel.thumbnail.pixmap()
    assert shown.width() <= THUMBNAIL_SIZE.width() and shown.height() <= THUMBNAIL_SIZE.height()
    assert panel.thumbnail.isVisibleTo(panel)
    panel.table.selectRow(1)  # a text file has no preview
    assert not panel.thumbnail.isVisibleTo(panel)


def test_file_over_the_limit_is_refused_with_a_message(
    qtbot, editor, settings, answers, reader, tmp_path
):
    settings.attachment_limit_mb = 1
    big = tmp_path / "recording.wav"
    big.write_bytes(b"\0" * (2 * 1024 * 1024))
    job = editor.attachments.attach([big])
    with qtbot.waitSignal(job.finished, timeout=10000):
        pass
    assert [(kind, title) for kind, title, _ in answers] == [("warning", "Attach files")]
    message = answers[0][2]
    assert "recording.wav" in message and "2.0 MB" in message and "1.0 MB" in message
    assert editor.attachments.model.rowCount() == 0
    assert on_disk(reader, editor.current.id) == []


def test_cancel_attaches_nothing_and_says_nothing(qtbot, editor, answers, reader, tmp_path):
    big = tmp_path / "footage.mp4"
    big.write_bytes(os.urandom(8 * 1024 * 1024))
    job = editor.attachments.attach([big])
    with qtbot.waitSignal(job.finished, timeout=10000) as finished:
        job.progress.canceled.emit()  # what its Cancel button sends
    assert finished.args == [None]
    assert answers == [] and on_disk(reader, editor.current.id) == []
    assert editor.controller.undo_stack.undoText() != 'Attach "footage.mp4"'
