"""Files attached to evidence items: adding, listing, reading out, removing and checking.

Content is stored once per SHA-256 fingerprint inside the inspection file (so
the file stays the one thing to copy); an attachment row names it for one
item. Adding streams each file in chunks off to the side first (see
``storage.repositories.attachment_blobs``) and then writes every new row in one short
transaction, so a refused, unreadable or cancelled file changes nothing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Sequence

from models.evidence.attachment import (
    DEFAULT_LIMIT_MB,
    Attachment,
    guess_media_type,
    human_size,
    limit_bytes,
)
from models.records import new_id, utc_now
from models.stored_values.safe_text import escaped
from models.stored_values.value_rules import file_name
from storage.file.database import InspectionDatabase
from storage.file.errors import StorageError
from storage.job_progress import Cancelled
from storage.repositories import attachment_blobs as blobs

_COLUMNS = "id, evidence_id, sha256, name, media_type, size, created_at, deleted_at"
Progress = Callable[[int, int], None]  # bytes done, bytes in all
DEFAULT_LIMIT_BYTES = limit_bytes(DEFAULT_LIMIT_MB)


class AttachmentTooLargeError(StorageError):
    """A file is over the size limit for one attachment."""


class AttachmentUnreadableError(StorageError):
    """A file to attach is missing, a folder, or cannot be read."""


def _row_to_attachment(row: Sequence) -> Attachment:
    return Attachment(*row)


class AttachmentRepository:
    """All reads and writes of attachments and their stored content."""

    def __init__(self, db: InspectionDatabase):
        self.db = db

    # -- adding ------------------------------------------------------------
    def add_files(
        self,
        evidence_id: str,
        paths: Iterable[Path],
        progress: Progress | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        limit_bytes: int = DEFAULT_LIMIT_BYTES,
    ) -> list[Attachment]:
        """Attach files to an item, all or none, in one transaction.

        Every file is checked against ``limit_bytes`` before any is read.
        Content already stored (the same file attached before, anywhere in the
        inspection) is not stored again. ``progress(done, total)`` counts bytes.
        """
        paths = [Path(p) for p in paths]
        sizes = [_size_of(p) for p in paths]
        for path, size in zip(paths, sizes):
            if size > limit_bytes:
                raise AttachmentTooLargeError(
                    f'"{path.name}" is {human_size(size)}, over the limit of '
                    f"{human_size(limit_bytes)} for one attached file; nothing was attached. "
                    "Attach a smaller copy (compressed or split), or raise the limit for "
                    "attached files in Preferences."
                )
        total, base = sum(sizes), 0
        staged: list[tuple[int, str]] = []
        conn = self.db.conn
        try:
            for path, size in zip(paths, sizes):
                staged.append(self._stage(path, size, base, total, progress, is_cancelled))
                base += size
            now = utc_now()
            attachments = [
                Attachment(
                    new_id(), evidence_id, sha256, path.name, guess_media_type(path.name), size, now
                )
                for path, size, (_row, sha256) in zip(paths, sizes, staged)
            ]
            with self.db.transaction(reason="Attach files") as conn:
                _require_live_item(conn, evidence_id)
                for (row, sha256), a in zip(staged, attachments):
                    blobs.store_staged(conn, row, sha256, a.size)
                conn.executemany(
                    f"INSERT INTO attachment ({_COLUMNS}, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            a.id,
                            a.evidence_id,
                            a.sha256,
                            a.name,
                            a.media_type,
                            a.size,
                            a.created_at,
                            None,
                            now,
                        )
                        for a in attachments
                    ],
                )
        finally:
            for row, _sha in staged:
                blobs.unstage(conn, row)
        return attachments

    def _stage(
        self, path: Path, size: int, base: int, total: int, progress: Progress | None, is_cancelled
    ) -> tuple[int, str]:
        def moved(done: int) -> None:
            if progress is not None:
                progress(base + done, total)

        try:
            with _open_regular(path) as source:
                return blobs.stage_file(self.db.conn, source, size, moved, is_cancelled)
        except Cancelled:
            raise Cancelled("Attaching was cancelled; nothing was attached.") from None
        except blobs.FileChangedError as e:
            raise AttachmentUnreadableError(
                f'"{path.name}" changed while it was being read ({e}); nothing was attached. '
                "Try again once the file is saved."
            ) from None
        except OSError as e:
            raise _unreadable(path, e) from None

    # -- reading -----------------------------------------------------------
    def get(self, attachment_id: str) -> Attachment:
        row = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM attachment WHERE id = ?", [attachment_id]
        ).fetchone()
        if row is None:
            raise KeyError(f"attachment {attachment_id} does not exist")
        return _row_to_attachment(row)

    def for_evidence(self, evidence_id: str) -> list[Attachment]:
        """The item's live attachments, by name."""
        rows = self.db.conn.execute(
            f"SELECT {_COLUMNS} FROM attachment WHERE evidence_id = ? AND deleted_at IS NULL"
            " ORDER BY name COLLATE NOCASE, created_at, id",
            [evidence_id],
        ).fetchall()
        return [_row_to_attachment(r) for r in rows]

    def names_by_evidence(self, evidence_ids: Sequence[str]) -> dict[str, list[str]]:
        """Names of the live attachments of each of ``evidence_ids`` (items with none left out)."""
        result: dict[str, list[str]] = {}
        ids = list(dict.fromkeys(evidence_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for evidence_id, name in self.db.conn.execute(
                "SELECT evidence_id, name FROM attachment WHERE deleted_at IS NULL AND"
                f" evidence_id IN ({','.join('?' * len(chunk))})"
                " ORDER BY evidence_id, name COLLATE NOCASE, created_at, id",
                chunk,
            ):
                result.setdefault(evidence_id, []).append(name)
        return result

    def write_to(
        self,
        attachment_id: str,
        target: BinaryIO,
        progress: Progress | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Write an attachment's content to an open binary file; returns the bytes written."""
        attachment = self.get(attachment_id)
        moved = None if progress is None else (lambda done: progress(done, attachment.size))
        try:
            return blobs.stream_content(
                self.db.conn, attachment.sha256, target.write, moved, is_cancelled
            )
        except Cancelled:
            raise Cancelled("Cancelled; the file was not written.") from None
        except KeyError:
            raise StorageError(
                f'The content of "{attachment.name}" is missing from the '
                "inspection file; run a check of the file."
            ) from None

    def read_to(
        self,
        attachment_id: str,
        dest_path: Path,
        progress: Progress | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        *,
        mode: int = 0o666,
    ) -> Path:
        """Write an attachment out as the file ``dest_path`` (created with ``mode``, less the
        umask); a failed or cancelled write leaves no partial file behind."""
        dest = Path(dest_path)
        try:
            fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        except OSError as e:
            raise StorageError(
                f"{dest} cannot be written ({e.strerror}); choose another place."
            ) from None
        try:
            with os.fdopen(fd, "wb") as target:
                self.write_to(attachment_id, target, progress, is_cancelled)
        except BaseException as e:
            dest.unlink(missing_ok=True)
            if isinstance(e, OSError):
                raise StorageError(
                    f"{dest} could not be written ({e.strerror}); choose another place."
                ) from None
            raise
        return dest

    # -- removing ----------------------------------------------------------
    def remove(self, attachment_id: str) -> None:
        """Soft-delete: the file disappears from its item but can be restored."""
        self._set_deleted([attachment_id], utc_now())

    def set_deleted(self, attachment_ids: Sequence[str], deleted: bool) -> None:
        """Remove or restore several attachments in one transaction (undoing an add)."""
        self._set_deleted(attachment_ids, utc_now() if deleted else None)

    def _set_deleted(self, attachment_ids: Sequence[str], when: str | None) -> None:
        with self.db.transaction(
            reason="Remove attachment" if when else "Restore attachment"
        ) as conn:
            for attachment_id in attachment_ids:
                cur = conn.execute(
                    "UPDATE attachment SET deleted_at = ?, updated_at = ? WHERE id = ?",
                    [when, utc_now(), attachment_id],
                )
                if cur.rowcount != 1:
                    raise KeyError(f"attachment {attachment_id} does not exist")


def _size_of(path: Path) -> int:
    try:
        info = path.stat()
    except OSError as e:
        raise _unreadable(path, e) from None
    if stat.S_ISDIR(info.st_mode):
        raise AttachmentUnreadableError(
            f'"{path.name}" is a folder; attach the files in it instead.'
        )
    if not stat.S_ISREG(info.st_mode):
        raise _not_a_file(path)
    problem = file_name(path.name)
    if problem:
        raise AttachmentUnreadableError(
            f'The name of "{escaped(path.name)}" {problem}; rename the file, then attach it.'
        )
    return info.st_size


def _not_a_file(path: Path) -> AttachmentUnreadableError:
    return AttachmentUnreadableError(
        f'"{path.name}" is not a regular file (a pipe, a device or a socket), so it cannot '
        "be attached; nothing was attached."
    )


def _open_regular(path: Path):
    """The file opened for reading, refused at once unless it is a regular file (a pipe
    swapped in after the size was read would otherwise wait for ever)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _not_a_file(path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _unreadable(path: Path, error: OSError) -> AttachmentUnreadableError:
    if isinstance(error, FileNotFoundError):
        return AttachmentUnreadableError(f'"{path}" does not exist; nothing was attached.')
    return AttachmentUnreadableError(
        f'"{path.name}" cannot be read ({error.strerror or error}); nothing was attached.'
    )


def _require_live_item(conn, evidence_id: str) -> None:
    row = conn.execute("SELECT deleted_at FROM evidence WHERE id = ?", [evidence_id]).fetchone()
    if row is None:
        raise KeyError(f"evidence {evidence_id} does not exist")
    if row[0] is not None:
        raise StorageError("That evidence item has been deleted; nothing was attached.")
