"""The "open in Evidence Review" lock: a second process is refused with who, where and since
when; the lock goes when its holder closes the file or dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from storage.file.errors import FileOpenElsewhereError
from storage.file.file_lock import (
    InspectionLock,
    current_holder,
    is_locked_elsewhere,
    lock_path,
    read_holder,
)
from storage.file.inspection_file import InspectionFile
from storage.file.open_checks import has_leftover_log

ROOT = Path(__file__).resolve().parents[2]

HOLD = """
import sys
sys.path.insert(0, {root!r})
from storage.file.file_lock import InspectionLock
from storage.file.inspection_file import InspectionFile
lock = InspectionLock({path!r}).acquire()
inspection = InspectionFile.open({path!r})
inspection.team.add("ZZ", "Zoe Zed", "inspector")
print("locked", flush=True)
sys.stdin.readline()
inspection.close()
lock.release()
print("released", flush=True)
"""


@pytest.fixture
def holder(demo_path):
    """Another process that has the demo file open and locked until told to stop."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD.format(root=str(ROOT), path=str(demo_path))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "locked"
    yield child
    if child.poll() is None:
        child.kill()
    child.wait(timeout=30)


def test_a_second_process_is_told_who_has_the_file_open(holder, demo_path):
    assert is_locked_elsewhere(demo_path)
    with pytest.raises(FileOpenElsewhereError) as caught:
        InspectionLock(demo_path).acquire()
    me = current_holder()
    message = str(caught.value)
    assert message.startswith("demo.inspection is open in Evidence Review by ")
    assert f"{me.user} on {me.host} since " in message and "read-only" in message
    assert caught.value.holder.pid == holder.pid
    # Its write-ahead log belongs to the open file, so it is no reason for a full check.
    assert not has_leftover_log(demo_path)
    with InspectionFile.open(demo_path, readonly=True) as reader:
        assert not reader.db.checked_after_unclean_shutdown
        assert reader.team.by_initials("ZZ") is not None

    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "released"
    assert not lock_path(demo_path).exists()
    with InspectionLock(demo_path):
        assert read_holder(demo_path).pid == os.getpid()
        with pytest.raises(FileOpenElsewhereError):
            InspectionLock(demo_path).acquire()
    assert not lock_path(demo_path).exists()


@pytest.mark.skipif(os.name != "posix", reason="kills the holder with SIGKILL")
def test_the_lock_goes_when_its_holder_dies(holder, demo_path):
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    assert lock_path(demo_path).exists()  # left behind, but no longer held
    assert not is_locked_elsewhere(demo_path)
    lock = InspectionLock(demo_path).acquire()
    try:
        assert read_holder(demo_path).pid == os.getpid()
    finally:
        lock.release()


def test_the_same_file_cannot_be_locked_twice_in_one_process(demo_path):
    with InspectionLock(demo_path):
        with pytest.raises(FileOpenElsewhereError, match="already open"):
            InspectionLock(demo_path).acquire()
        assert not is_locked_elsewhere(demo_path)  # our own lock does not count
    InspectionLock(demo_path).acquire().release()
