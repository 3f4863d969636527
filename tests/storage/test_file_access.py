"""Raw reads of an inspection file never drop the locks this process's connections hold."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from models.records import Evidence
from storage.file import file_access
from storage.file.database import read_header
from storage.file.errors import NotAnInspectionError
from storage.file.inspection_file import InspectionFile

ROOT = Path(__file__).resolve().parents[2]

OPEN_AND_CLOSE = """
import sys
sys.path.insert(0, {root!r})
import sqlite3
conn = sqlite3.connect({path!r}, isolation_level=None)
conn.execute("SELECT count(*) FROM evidence").fetchone()
conn.close()
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX record locks")
def test_reading_the_header_keeps_the_locks_of_an_open_connection(demo_path):
    with InspectionFile.open(demo_path) as inspection:
        inspection.evidence.add(
            Evidence(author="TS", summary="Saved in the log", question_codes=("1",))
        )
        wal = Path(f"{demo_path}-wal")
        log = os.stat(wal).st_ino
        for _ in range(3):
            read_header(demo_path)
        # Another program's connection closing must not take this one for the last.
        subprocess.run(
            [sys.executable, "-c", OPEN_AND_CLOSE.format(root=str(ROOT), path=str(demo_path))],
            check=True,
            timeout=60,
        )
        assert wal.exists() and os.stat(wal).st_ino == log and wal.stat().st_size > 0
        assert file_access.connections_to(demo_path) == 1
    assert file_access.connections_to(demo_path) == 0


def test_descriptors_kept_aside_are_closed_with_the_last_connection(demo_path):
    def open_descriptors() -> int:
        return len(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").is_dir() else 0

    conn = file_access.connect(demo_path, "ro")
    start = open_descriptors()
    for _ in range(5):
        read_header(demo_path)
    if start:
        assert open_descriptors() == start + 5  # kept while the connection lives
    conn.close()
    if start:
        assert open_descriptors() <= start - 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_or_folder_is_refused_without_waiting(tmp_path):
    pipe = tmp_path / "pipe.inspection"
    os.mkfifo(pipe)
    with pytest.raises(NotAnInspectionError, match="not a regular file"):
        read_header(pipe)
    with pytest.raises(NotAnInspectionError, match="folder"):
        read_header(tmp_path)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
