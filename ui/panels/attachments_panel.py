"""The files attached to the evidence item being edited: list, add, open, save, remove.

Files are added with Add… or by dropping them on the editor; adding, opening
and saving run in the background (see ``ui.workflows.attachment_tasks``). Removing is
one undoable step. The selected file, when it is a picture of reasonable size,
is shown as a thumbnail, decoded off the GUI thread.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from PySide6.QtCore import QSize, QStandardPaths, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.evidence.attachment import Attachment, base_name
from storage.operations import InspectionFile, StorageError
from ui.editing.attachment_commands import actions_for
from ui.editing.inspection_controller import InspectionController
from ui.item_models.attachment_table_model import NAME, AttachmentTableModel
from ui.item_models.read_only import hide_when
from ui.window.file_drops import FileDropFilter
from ui.workflows.attachment_tasks import AttachmentJob, attach_files, open_copy, write_out
from ui.workflows.tasks import run_task

#: Pictures larger than this are not decoded for a thumbnail (it would take too long).
THUMBNAIL_MAX_BYTES = 20 * 1024 * 1024
THUMBNAIL_SIZE = QSize(160, 120)


class AttachmentsPanel(QWidget):
    """Attachments of one evidence item; files dropped on ``drop_target`` are attached too."""

    def __init__(
        self, controller: InspectionController, parent=None, drop_target: QWidget | None = None
    ):
        super().__init__(parent)
        self.controller = controller
        self.attachment_actions = actions_for(controller)
        self.evidence_id: str | None = None
        self.last_job: AttachmentJob | None = None
        self._thumbnail_for: str | None = None
        self._shown_id: str | None = None  # the attachment the preview is for

        self.model = AttachmentTableModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Attached files")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(self.table.fontMetrics().height() * 8)
        self.thumbnail = QLabel()
        self.thumbnail.setAccessibleName("Picture preview")
        self.thumbnail.setFixedSize(THUMBNAIL_SIZE)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading = QLabel("Attachments — drop files here to attach them")
        self.add_button = QPushButton("Add…")
        self.open_button = QPushButton("Open")
        self.save_button = QPushButton("Save as…")
        self.remove_button = QPushButton("Remove")
        for button, name in (
            (self.add_button, "Attach files"),
            (self.open_button, "Open attached file"),
            (self.save_button, "Save attached file as"),
            (self.remove_button, "Remove attached file"),
        ):
            button.setAccessibleName(name)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.save_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        files = QVBoxLayout()
        files.addWidget(self.heading)
        files.addWidget(self.table)
        files.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(files, 1)
        layout.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignTop)

        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.attachment_actions.changed.connect(self._changed)
        FileDropFilter(
            drop_target or self,
            lambda _pos: self.evidence_id,
            lambda _id, paths: self.attach(paths),
        )
        self.set_evidence(None)

    # -- showing ----------------------------------------------------------------------
    def set_evidence(self, evidence_id: str | None) -> None:
        if evidence_id == self.evidence_id and evidence_id is not None:
            return  # the item was saved, not changed: its files are as shown
        self.evidence_id = evidence_id
        self.reload()

    def reload(self) -> None:
        kept = self.selected()
        items = (
            self.controller.inspection.attachments.for_evidence(self.evidence_id)
            if self.evidence_id
            else []
        )
        self.model.set_attachments(items)
        row = self.model.row_of(kept.id) if kept else None
        if row is not None:
            self.table.selectRow(row)
        self.add_button.setEnabled(self.evidence_id is not None)
        self._selection_changed()

    def _changed(self, evidence_id: str) -> None:
        if evidence_id == self.evidence_id:
            self.reload()

    def selected(self) -> Attachment | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.attachment_at(rows[0].row()) if rows else None

    def _selection_changed(self, *_args) -> None:
        chosen = self.selected()
        for button in (self.open_button, self.save_button, self.remove_button):
            button.setEnabled(chosen is not None)
        if (chosen.id if chosen else None) != self._shown_id:
            self._shown_id = chosen.id if chosen else None
            self._show_thumbnail(chosen)

    # -- thumbnail --------------------------------------------------------------------
    def _show_thumbnail(self, attachment: Attachment | None) -> None:
        self.thumbnail.clear()
        wanted = (
            attachment is not None
            and attachment.is_image
            and 0 < attachment.size <= THUMBNAIL_MAX_BYTES
        )
        self._thumbnail_for = attachment.id if attachment is not None and wanted else None
        self.thumbnail.setVisible(wanted)
        if attachment is None or not wanted:
            return
        source, size = self.controller.inspection.path, THUMBNAIL_SIZE

        def decode(_handle) -> tuple[str, QImage]:
            # QImage (unlike QPixmap) may be made on a worker thread.
            buffer = BytesIO()
            with InspectionFile.open(source, readonly=True) as inspection:
                inspection.attachments.write_to(attachment.id, buffer)
            image = QImage.fromData(buffer.getvalue())
            if not image.isNull():
                image = image.scaled(
                    size,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            return attachment.id, image

        run_task(decode, self._thumbnail_decoded, lambda _error: None)

    def _thumbnail_decoded(self, result: tuple[str, QImage]) -> None:
        attachment_id, image = result
        if attachment_id != self._thumbnail_for:
            return  # another file was selected meanwhile
        if image.isNull():
            self.thumbnail.setText("No preview")
        else:
            self.thumbnail.setPixmap(QPixmap.fromImage(image))

    # -- actions ----------------------------------------------------------------------
    def choose_files(self) -> None:
        if self.evidence_id is None:
            return
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        paths, _ = QFileDialog.getOpenFileNames(self, "Attach files", start, "All files (*)")
        if paths:
            self.attach([Path(p) for p in paths])

    def set_read_only(self, read_only: bool) -> None:
        """Files can be opened and saved elsewhere, but not added or removed."""
        hide_when(read_only, [self.add_button, self.remove_button])

    def attach(self, paths: list[Path]) -> AttachmentJob | None:
        """Attach files to the item shown, in the background."""
        if self.evidence_id is None or not paths:
            return None
        self.last_job = attach_files(self.window(), self.controller, self.evidence_id, paths)
        return self.last_job

    def open_selected(self) -> AttachmentJob | None:
        chosen = self.selected()
        if chosen is None:
            return None
        self.last_job = open_copy(self.window(), self.controller, chosen)
        return self.last_job

    def save_selected(self) -> AttachmentJob | None:
        chosen = self.selected()
        if chosen is None:
            return None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        # Only the name is offered: a stored name may carry folders from another system.
        path, _ = QFileDialog.getSaveFileName(
            self, "Save attached file as", str(Path(folder) / base_name(chosen.name))
        )
        if not path:
            return None
        self.last_job = write_out(self.window(), self.controller, chosen, Path(path))
        return self.last_job

    def remove_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        try:
            self.attachment_actions.remove(chosen)
        except (StorageError, KeyError) as e:
            QMessageBox.warning(self, "Attachment not removed", str(e))
