"""A disk that fills up while the summary workbook is written: a clear error, no file at the
destination (an older workbook there is kept), no temporary files, the inspection unchanged.

The export streams the workbook into a temporary file beside the destination.
The test sends the bytes of that one file to ``/dev/full``, where every write
fails with ENOSPC from the operating system (on systems without ``/dev/full``
the same error is raised by the file object instead); everything else, our
storage included, runs for real.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import tempfile
from pathlib import Path

import pytest

import main
from storage.file.errors import DiskFullError
from storage.file.inspection_file import InspectionFile
from storage.workbooks.summary_export import export_summary

DEV_FULL = Path("/dev/full")


class _FullDiskFile(io.RawIOBase):
    """A file whose every write fails as on a full disk (used when there is no /dev/full)."""

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset, whence=0) -> int:
        return 0

    def write(self, data) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def full_disk(monkeypatch, tmp_path):
    """Writes to the export's temporary workbook fail: the disk under it is full.

    The system temp folder, where the workbook's sheets are streamed first, is
    a private folder, so the test can see that nothing is left there either.
    """
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    real_open = io.open
    attempts = []

    def open_on_full_disk(file, mode="r", *args, **kwargs):
        if str(file).endswith(".xlsx.part") and any(c in mode for c in "wa+"):
            attempts.append(file)
            if DEV_FULL.exists():
                return real_open(DEV_FULL, mode, *args, **kwargs)
            return io.BufferedWriter(_FullDiskFile())
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", open_on_full_disk)
    return attempts, system_temp


def digest(path: Path) -> dict:
    """Hashes of the file and its log (an empty log holds nothing, like a missing one)."""
    files = [Path(f"{path}{suffix}") for suffix in ("", "-wal")]
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in files
        if f.exists() and f.stat().st_size
    }


@pytest.mark.parametrize("existing", [False, True], ids=["new workbook", "replacing one"])
def test_a_full_disk_during_export_loses_nothing(demo_path, tmp_path, full_disk, existing):
    attempts, system_temp = full_disk
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "summary.xlsx"
    if existing:
        out.write_bytes(b"last week's workbook")
    before = digest(demo_path)
    with InspectionFile.open(demo_path, readonly=True) as inspection:
        with pytest.raises(DiskFullError) as refused:
            export_summary(inspection, out)
    assert attempts, "the export never wrote its temporary workbook"
    assert str(refused.value) == (
        f"The disk is full; the summary was not written to {out}. Free some space and try again."
    )
    assert "Errno" not in str(refused.value)
    assert sorted(p.name for p in out_dir.iterdir()) == (["summary.xlsx"] if existing else [])
    if existing:
        assert out.read_bytes() == b"last week's workbook"
    assert list(system_temp.iterdir()) == []
    assert digest(demo_path) == before


def test_the_command_line_reports_a_full_disk_in_one_line(demo_path, tmp_path, full_disk, capsys):
    out = tmp_path / "summary.xlsx"
    status = main.main(["export", str(demo_path), "--out", str(out)])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err == (
        f"error: The disk is full; the summary was not written to {out}. "
        "Free some space and try again.\n"
    )
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
